"""Mail written by a machine, which must never be answered (RFC 3834 and its cousins).

Auto-replies, bounces, read receipts, mailing lists and loops are recognised from
headers and the message's own MIME structure (never from an enclosed message: a
customer forwarding an old bounce as ``message/rfc822`` is a customer).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from madoguchi.domain.mail import Message
from madoguchi.domain.understanding import Automated, AutomatedKind

Guard = Callable[[Message], Automated | None]

_DAEMONS = frozenset(
    {"mailer-daemon", "mailer_daemon", "mailerdaemon", "postmaster", "post_master"}
)
_DAEMON_NAMES = frozenset({*_DAEMONS, "mail delivery subsystem", "mail delivery system"})
# Subject prefixes of vacation responders that send no Auto-Submitted (Apple's, older
# Outlook and Japanese mailers); only at the start, where a responder puts them.
_AUTO_SUBJECT = re.compile(
    r"^\s*(?:auto(?:matic)?[ -]?reply|auto[ -]?respon(?:se|s)?|out of (?:the )?office"
    r"|自動応答|自動返信|不在通知|不在のお知らせ)\s*[:：]",
    re.IGNORECASE,
)
# Addresses that say nobody reads what is sent to them: notifications, never requests.
_NO_REPLY = re.compile(r"^(?:no-?reply|do-?not-?reply|no_reply|noreply-[\w.-]*)$")
_PRECEDENCE = {
    "bulk": AutomatedKind.MAILING_LIST,
    "list": AutomatedKind.MAILING_LIST,
    "junk": AutomatedKind.AUTO_REPLY,
    "auto_reply": AutomatedKind.AUTO_REPLY,
}
_SUPPRESS = frozenset({"all", "oof", "autoreply"})
_REPORT_TYPE = re.compile(r"""report-type\s*=\s*"?([A-Za-z0-9_.-]+)""", re.IGNORECASE)
_EMPTY_PATH = re.compile(r"^\s*<\s*>\s*$")


def detect_automated(message: Message) -> Automated | None:
    """Why ``message`` was written by a machine, or None when a person may have written it."""
    for guard in GUARDS:
        found = guard(message)
        if found is not None:
            return found
    return None


def _first(message: Message, name: str) -> str | None:
    values = message.headers.get(name)
    return values[0] if values else None


def bounce(message: Message) -> Automated | None:
    """Delivery reports: a DSN, a daemon sender, failed recipients."""
    report = _report_type(message)
    if report is not None and report != "disposition-notification":
        return Automated(kind=AutomatedKind.BOUNCE, reason=f"multipart/report ({report})")
    if any(a.content_type == "message/delivery-status" for a in message.attachments):
        return Automated(kind=AutomatedKind.BOUNCE, reason="a message/delivery-status part")
    local = message.sender.partition("@")[0]
    if local in _DAEMONS or message.sender_name.strip().lower() in _DAEMON_NAMES:
        sender = local or message.sender_name
        return Automated(kind=AutomatedKind.BOUNCE, reason=f"sent by {sender}")
    if "x-failed-recipients" in message.headers:
        return Automated(kind=AutomatedKind.BOUNCE, reason="X-Failed-Recipients")
    return None


def read_receipt(message: Message) -> Automated | None:
    """Message disposition notifications (read receipts), not requests for one."""
    mdn = any(a.content_type == "message/disposition-notification" for a in message.attachments)
    if _report_type(message) == "disposition-notification" or mdn:
        return Automated(kind=AutomatedKind.READ_RECEIPT, reason="disposition-notification")
    return None


def auto_reply(message: Message) -> Automated | None:
    """RFC 3834 Auto-Submitted and the vendor headers vacation responders use."""
    submitted = _first(message, "auto-submitted")
    if submitted is not None and submitted.split(";")[0].strip().lower() != "no":
        return Automated(kind=AutomatedKind.AUTO_REPLY, reason=f"Auto-Submitted: {submitted}")
    for name in ("x-autoreply", "x-autorespond"):
        if name in message.headers:
            return Automated(kind=AutomatedKind.AUTO_REPLY, reason=f"{name} header")
    if _AUTO_SUBJECT.match(message.subject):
        return Automated(kind=AutomatedKind.AUTO_REPLY, reason="an auto-reply subject")
    suppressed = _suppressed(message) & _SUPPRESS
    if suppressed:
        reason = "X-Auto-Response-Suppress: " + ", ".join(sorted(suppressed))
        return Automated(kind=AutomatedKind.AUTO_REPLY, reason=reason)
    return None


def _suppressed(message: Message) -> set[str]:
    values = message.headers.get("x-auto-response-suppress", ())
    return {item.strip().lower() for value in values for item in value.split(",")}


def no_reply_sender(message: Message) -> Automated | None:
    """Notifications from an address that takes no replies (``no-reply@...``)."""
    local = message.sender.partition("@")[0]
    if _NO_REPLY.match(local):
        return Automated(kind=AutomatedKind.AUTO_REPLY, reason=f"sent from {local}@")
    return None


def null_sender(message: Message) -> Automated | None:
    """``Return-Path: <>``: sent with no return path, as bounces (and auto-replies) are."""
    if any(_EMPTY_PATH.match(value) for value in message.headers.get("return-path", ())):
        return Automated(kind=AutomatedKind.BOUNCE, reason="Return-Path: <> (null sender)")
    return None


def precedence(message: Message) -> Automated | None:
    """``Precedence: bulk | list | junk | auto_reply``."""
    value = (_first(message, "precedence") or "").strip().lower()
    kind = _PRECEDENCE.get(value)
    return Automated(kind=kind, reason=f"Precedence: {value}") if kind else None


def loop(message: Message) -> Automated | None:
    """``X-Loop``: some robot already handled this mail."""
    if "x-loop" not in message.headers:
        return None
    return Automated(kind=AutomatedKind.LOOP, reason=f"X-Loop: {_first(message, 'x-loop')}")


def mailing_list(message: Message) -> Automated | None:
    """List-Id or List-Unsubscribe: list and marketing mail."""
    for name in ("list-id", "list-unsubscribe"):
        if name in message.headers:
            return Automated(kind=AutomatedKind.MAILING_LIST, reason=f"{name} header")
    return None


def _report_type(message: Message) -> str | None:
    """The report-type of a top-level multipart/report, lower case."""
    if message.content_type != "multipart/report":
        return None
    found = _REPORT_TYPE.search(_first(message, "content-type") or "")
    return found.group(1).lower() if found else "unknown"


# Order matters only for the kind reported: a bounce often also says Auto-Submitted and
# is better known as a bounce (its case is the undeliverable reply's); auto-replies are
# sent with a null return path too (RFC 3834), so that sign alone comes after theirs.
GUARDS: tuple[Guard, ...] = (
    bounce, read_receipt, auto_reply, no_reply_sender, null_sender, precedence, loop,
    mailing_list,
)  # fmt: skip
