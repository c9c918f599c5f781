"""Raw mail bytes to a typed ``Message``, or ``MalformedMail`` with the reason why not.

Parsing never lets a foreign exception out: what the standard library cannot read
becomes ``MalformedMail`` (the caller escalates it, raw bytes kept); what it reads
with complaints becomes a defect on the message.
"""

from __future__ import annotations

import re
from email.message import EmailMessage
from email.parser import BytesParser

from madoguchi.domain.errors import MalformedMail
from madoguchi.domain.mail import Message
from madoguchi.triage import headers as h
from madoguchi.triage.auth import SenderCheck, check_sender
from madoguchi.triage.identity import identify
from madoguchi.triage.language import detect_language
from madoguchi.triage.mailpolicy import POLICY
from madoguchi.triage.mime import walk
from madoguchi.triage.quotes import strip_quotes

MAX_BYTES = 25_000_000
# The stdlib parser nests a generator per multipart level and resumes the whole chain for
# every line, so its time grows with depth times size: 500 levels take 0.3 s, 2000 take
# 1.4 s before it gives up. No honest mail comes near this many multiparts.
MAX_BOUNDARIES = 100
_BOUNDARY = re.compile(rb"boundary\s*=", re.IGNORECASE)

# The headers the guards and the agent need, by lower-case name.
GUARD_HEADERS = (
    "auto-submitted", "x-autoreply", "x-autorespond", "precedence",
    "x-auto-response-suppress", "list-id", "list-unsubscribe", "return-path", "x-loop",
    "authentication-results", "content-type", "disposition-notification-to",
    "x-failed-recipients",
)  # fmt: skip


def parse_message(raw: bytes, *, authserv_id: str | None, max_bytes: int = MAX_BYTES) -> Message:
    """``raw`` as a ``Message``; raises ``MalformedMail`` and nothing else.

    ``authserv_id`` is the authserv-id of our own MTA's Authentication-Results header;
    with None, no sender is authenticated.
    """
    if len(raw) > max_bytes:
        raise MalformedMail(f"message is {len(raw)} bytes, above the limit of {max_bytes}")
    if len(_BOUNDARY.findall(raw)) > MAX_BOUNDARIES:
        raise MalformedMail(f"more than {MAX_BOUNDARIES} multipart boundaries: nested too deeply")
    try:
        return _parse(raw, authserv_id)
    except MalformedMail:
        raise
    except RecursionError as exc:
        raise MalformedMail("MIME structure nested too deeply to parse") from exc
    except Exception as exc:
        # The stdlib parser has failure modes on hostile input that no one enumerates;
        # whatever it is, the mail goes to a human with the raw bytes kept.
        raise MalformedMail(f"unparseable message ({type(exc).__name__})") from exc


def _parse(raw: bytes, authserv_id: str | None) -> Message:
    parsed = BytesParser(policy=POLICY).parsebytes(raw)
    if not isinstance(parsed, EmailMessage) or not parsed.keys():
        raise MalformedMail("no header fields found: not a mail message")
    defects: list[str] = []
    values = h.raw_values(parsed)
    sender, check = _sender(parsed, values, authserv_id, defects)
    body = walk(parsed)
    defects.extend(body.defects)
    subject = h.text_value("subject", _first(values, "subject"), defects)
    text = body.text()
    stripped = strip_quotes(text)
    return Message(
        message_id=_message_id(values, raw),
        sender=sender.address,
        sender_name=sender.name,
        reply_to=_addresses_of(parsed, "reply-to", defects),
        to=_addresses_of(parsed, "to", defects),
        subject=subject,
        text=text,
        body=stripped,
        language=detect_language(f"{subject}\n{stripped}"),
        date=h.date_value(_first(values, "date"), defects),
        in_reply_to=next(iter(h.message_ids(_first(values, "in-reply-to"))), None),
        references=h.message_ids(" ".join(values.get("references", ()))),
        content_type=parsed.get_content_type(),
        headers={name: tuple(values[name]) for name in GUARD_HEADERS if name in values},
        attachments=tuple(body.attachments),
        authenticated=check.authenticated,
        authentication=check.reason,
        defects=tuple(dict.fromkeys(defects)),
    )


def _sender(
    parsed: EmailMessage, values: dict[str, list[str]], authserv_id: str | None, defects: list[str]
) -> tuple[h.Address, SenderCheck]:
    """The From mailbox and whether it is authenticated; several or none never is."""
    froms = h.addresses(parsed, "from", defects)
    senders = [mailbox for mailbox in froms if mailbox.address]
    sender = senders[0] if senders else h.Address("", froms[0].name if froms else "")
    if len(senders) != 1 or len(values.get("from", ())) != 1:
        defects.append("no From address" if not senders else "several From addresses")
        return sender, SenderCheck(False, "not exactly one From address")
    domain = sender.address.rpartition("@")[2]
    results = values.get("authentication-results", [])
    return sender, check_sender(results, from_domain=domain, authserv_id=authserv_id)


def _addresses_of(parsed: EmailMessage, name: str, defects: list[str]) -> tuple[str, ...]:
    return tuple(m.address for m in h.addresses(parsed, name, defects) if m.address)


def _message_id(values: dict[str, list[str]], raw: bytes) -> str:
    """The Message-ID exactly as ``identify`` gives it (intake keys cases by it)."""
    found = _first(values, "message-id")
    if found and found.isascii():
        return found
    return identify(raw).message_id


def _first(values: dict[str, list[str]], name: str) -> str | None:
    found = values.get(name)
    return found[0] if found else None
