"""Delivery failure reports (RELIABILITY B2): whether a mail is one, and which mail it bounces.

A report is recognised by its own structure and headers: a ``multipart/report`` of a
delivery type or a ``message/delivery-status`` part (failed or delayed: a delayed report
is not final, and is still never answered), a mailer-daemon or postmaster sender,
``X-Failed-Recipients``, and Exchange's non-delivery reports, which often say nothing in
Auto-Submitted: ``X-MS-Exchange-Message-Is-Ndr``, an "Undeliverable:" or "配信不能"
subject, or a report's opening words at the start of the body. The bounced mail is the
enclosed original's Message-ID, else the report's In-Reply-To or last Reference, else a
Message-ID line of the original's headers copied into the report's text.
"""

from __future__ import annotations

import re

from madoguchi.domain.mail import Message
from madoguchi.triage.report import DeliveryReport

_DAEMONS = frozenset(
    {"mailer-daemon", "mailer_daemon", "mailerdaemon", "postmaster", "post_master"}
)
_DAEMON_NAMES = frozenset({*_DAEMONS, "mail delivery subsystem", "mail delivery system"})
# Subjects of delivery failure reports, including Exchange's without Auto-Submitted.
_SUBJECT = re.compile(
    r"^\s*(?:undeliverable|undelivered mail|unzustellbar|non remis|non recapitabile"
    r"|delivery status notification \((?:failure|delay)\)|delivery (?:status )?notification:"
    r" ?(?:delivery has failed|failed)|returned mail|mail delivery failed|failure notice"
    r"|delivery failure|mail system error|配信不能|配信エラー|配送エラー|送信エラー)",
    re.IGNORECASE,
)
# The opening words of delivery failure reports written as plain text (Exchange, Postfix,
# Sendmail, qmail, Gmail), looked for only at the start of the body.
_OPENING = re.compile(
    r"delivery has failed to these recipients|your message (?:to .{1,200} )?couldn't be"
    r" delivered|this is the mail system at host|i'm sorry to have to inform you that your"
    r" message could not|this is an automatically generated delivery status notification"
    r"|the following message to .{1,200} was undeliverable|delivery to the following"
    r" recipients? failed|次の受信者またはグループへの配信に失敗しました"
    r"|メッセージを配信できませんでした",
    re.IGNORECASE,
)
OPENING_LENGTH = 400  # characters at the start of the body where a report's opening stands
_REPORT_TYPE = re.compile(r"""report-type\s*=\s*"?([A-Za-z0-9_.-]+)""", re.IGNORECASE)
_COPIED_MESSAGE_ID = re.compile(r"^\s*message-id:\s*(<[^<>\s]+>)", re.IGNORECASE | re.MULTILINE)
COPIED_HEADERS_SAMPLE = 100_000  # characters of a report's text searched for the original's id


def bounce_reason(message: Message, report: DeliveryReport) -> str | None:
    """Why ``message`` is a delivery failure report, or None when it is not one."""
    kind = report_type(message)
    if kind is not None and kind != "disposition-notification":
        return f"multipart/report ({kind}{_outcome(report)})"
    if any(a.content_type == "message/delivery-status" for a in message.attachments):
        return f"a message/delivery-status part{_outcome(report)}"
    local = message.sender.partition("@")[0]
    if local in _DAEMONS or message.sender_name.strip().lower() in _DAEMON_NAMES:
        return f"sent by {local or message.sender_name}"
    return _ndr_reason(message)


def refers_to(message: Message, report: DeliveryReport) -> str | None:
    """The Message-ID of the mail a report (or receipt) is about, when it can be read."""
    if report.referenced_ids:
        return report.referenced_ids[0]
    if message.in_reply_to:
        return message.in_reply_to
    if message.references:
        return message.references[-1]
    copied = _COPIED_MESSAGE_ID.search(message.text[:COPIED_HEADERS_SAMPLE])
    return copied.group(1) if copied else None


def report_type(message: Message) -> str | None:
    """The report-type of a top-level multipart/report, lower case."""
    if message.content_type != "multipart/report":
        return None
    values = message.headers.get("content-type", ())
    found = _REPORT_TYPE.search(values[0] if values else "")
    return found.group(1).lower() if found else "unknown"


def _ndr_reason(message: Message) -> str | None:
    """Signs of a non-delivery report that says nothing in Auto-Submitted (Exchange)."""
    if "x-failed-recipients" in message.headers:
        return "X-Failed-Recipients"
    if "x-ms-exchange-message-is-ndr" in message.headers:
        return "X-MS-Exchange-Message-Is-Ndr"
    if _SUBJECT.match(message.subject):
        return "a delivery failure subject"
    # The customer's own words only: a bounce forwarded inline is quoted history.
    if _OPENING.search(message.body[:OPENING_LENGTH]):
        return "a delivery failure notice in the text"
    return None


def _outcome(report: DeliveryReport) -> str:
    """How final the report is: ", failed", ", delayed" (not final, never answered either)."""
    actions = set(report.actions)
    if "failed" in actions:
        return ", failed"
    if "delayed" in actions:
        return ", delayed"
    return f", {sorted(actions)[0]}" if actions else ""
