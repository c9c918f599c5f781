"""The MIME tree of a parsed message: its readable text, its attachments, its defects.

The text is the message's own: inline text/plain parts, or text/html converted when an
alternative has no plain part (text hidden by CSS kept apart, from every HTML part).
Attachments are listed (name, type, size), never decoded. Enclosed messages
(``message/rfc822``, delivery reports) are listed as attachments and not entered: a
forwarded mail's contents are not the customer's words, nor its headers the message's.
What a delivery report says (each recipient's ``Action``) and the Message-IDs of the
enclosed messages are noted for the guards, which decide whether the mail is a bounce.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.message import EmailMessage, Message

from madoguchi.domain.mail import Attachment
from madoguchi.triage.charsets import decode
from madoguchi.triage.deadline import Deadline, unlimited
from madoguchi.triage.html_text import convert_html, tidy
from madoguchi.triage.report import DeliveryReport

MAX_DEPTH = 20  # multipart nesting levels entered; real mail rarely has more than 5
MAX_TEXT = 1_000_000  # characters of text kept; the raw mail keeps the rest
MAX_HTML = 1_000_000  # characters of one HTML part converted
_BASE64_NOISE = str.maketrans("", "", " \t\r\n")
_ENCLOSED_HEADERS = frozenset({"message/rfc822", "text/rfc822-headers", "message/global",
                               "message/global-headers"})  # fmt: skip
_MESSAGE_ID = re.compile(r"^message-id:[ \t]*(<[^<>\s]+>)", re.IGNORECASE | re.MULTILINE)


@dataclass
class Walk:
    """What walking a MIME tree found."""

    deadline: Deadline = field(default_factory=unlimited)
    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)
    report_actions: list[str] = field(default_factory=list)
    enclosed_ids: list[str] = field(default_factory=list)

    def report(self) -> DeliveryReport:
        """What the mail's own report parts say, for the guards."""
        return DeliveryReport(tuple(self.report_actions), tuple(dict.fromkeys(self.enclosed_ids)))

    def text(self) -> str:
        """The readable text: plain parts when there are any, else converted HTML."""
        text = tidy("\n\n".join(self.plain or self.html))
        return _capped(text, MAX_TEXT, "text", self)

    def hidden_text(self) -> str:
        """Text the HTML parts hide from their reader (display:none, white on white...)."""
        return "\n\n".join(text for text in self.hidden if text)


def walk(message: EmailMessage, deadline: Deadline | None = None) -> Walk:
    """Walk ``message``'s MIME tree into text, attachments, defects and report facts.

    Raises ``MalformedMail`` when ``deadline`` passes.
    """
    found = Walk(deadline or unlimited())
    _visit(message, found, depth=0)
    return found


def _visit(part: Message, found: Walk, depth: int) -> None:
    found.deadline.check("reading the MIME parts")
    found.defects.extend(type(defect).__name__ for defect in part.defects)
    if depth > MAX_DEPTH:
        found.defects.append(f"MIME nesting deeper than {MAX_DEPTH} levels")
        return
    maintype = part.get_content_maintype()
    payload = part.get_payload()
    if maintype == "multipart" and isinstance(payload, list):
        children = [child for child in payload if isinstance(child, Message)]
        _visit_multipart(part, children, found, depth)
    elif maintype == "message" or isinstance(payload, list):
        _note_report(part, payload, found)
        found.attachments.append(_listing(part, payload))
    else:
        _visit_leaf(part, found)


def _visit_multipart(part: Message, children: list[Message], found: Walk, depth: int) -> None:
    if part.get_content_subtype() != "alternative":
        for child in children:
            _visit(child, found, depth + 1)
        return
    # Alternatives say the same thing; keep the text of the plainest one, but list the
    # attachments of all (inline images live in the HTML alternative) and the hidden
    # text of all (a robot reads the plain part, a person may see the HTML one).
    walks = [_walk_alone(child, depth + 1, found.deadline) for child in children]
    chosen = next((w for w in walks if w.plain), next((w for w in walks if w.html), None))
    for each in walks:
        found.attachments.extend(each.attachments)
        found.defects.extend(each.defects)
        found.hidden.extend(each.hidden)
        found.report_actions.extend(each.report_actions)
        found.enclosed_ids.extend(each.enclosed_ids)
    if chosen is not None:
        found.plain.extend(chosen.plain)
        found.html.extend(chosen.html)


def _walk_alone(child: Message, depth: int, deadline: Deadline) -> Walk:
    """One alternative walked on its own, to choose between alternatives afterwards."""
    found = Walk(deadline)
    _visit(child, found, depth)
    return found


def _visit_leaf(part: Message, found: Walk) -> None:
    ctype = part.get_content_type()
    if ctype in _ENCLOSED_HEADERS:
        _note_report(part, part.get_payload(), found)
    is_body = ctype in ("text/plain", "text/html") or part.get_content_maintype() == "multipart"
    if not is_body or _is_attachment(part):
        found.attachments.append(_listing(part, part.get_payload()))
        return
    text = _decoded_text(part, found)
    if ctype != "text/html":
        found.plain.append(_capped(text, MAX_TEXT, "text part", found))
        return
    converted = convert_html(_capped(text, MAX_HTML, "HTML part", found), found.deadline)
    found.html.append(converted.visible)
    found.hidden.append(converted.hidden)


def _capped(text: str, limit: int, what: str, found: Walk) -> str:
    if len(text) <= limit:
        return text
    found.defects.append(f"{what} longer than {limit} characters: the rest is left out")
    return text[:limit]


def _note_report(part: Message, payload: object, found: Walk) -> None:
    """The Actions of a delivery-status part; the Message-ID of an enclosed message."""
    ctype = part.get_content_type()
    try:
        if ctype in ("message/delivery-status", "message/global-delivery-status"):
            found.report_actions.extend(_fields(payload, "action"))
        elif ctype == "message/disposition-notification":
            ids = _fields(payload, "original-message-id", lower=False)
            found.enclosed_ids.extend(i for i in ids if i.startswith("<") and i.endswith(">"))
        elif ctype in _ENCLOSED_HEADERS:
            enclosed = _enclosed_id(payload)
            if enclosed:
                found.enclosed_ids.append(enclosed)
    except Exception:
        # A report is a hint for the guards; a part too broken to read must not lose the mail.
        found.defects.append(f"unreadable {ctype} part")


def _fields(payload: object, name: str, *, lower: bool = True) -> list[str]:
    """The values of field ``name`` in a report's blocks of fields."""
    blocks = payload if isinstance(payload, list) else []
    values = (str(block.get(name, "")) for block in blocks if isinstance(block, Message))
    found = [value.split(";")[0].strip() for value in values if value.strip()]
    return [value.lower() for value in found] if lower else found


def _enclosed_id(payload: object) -> str | None:
    if isinstance(payload, list) and payload and isinstance(payload[0], Message):
        found = str(payload[0].get("message-id", "")).strip()
        return found if found.startswith("<") and found.endswith(">") else None
    if isinstance(payload, str):
        match = _MESSAGE_ID.search(payload[:100_000])
        return match.group(1) if match else None
    return None


def _is_attachment(part: Message) -> bool:
    return part.get_content_disposition() == "attachment" or bool(_filename(part))


def _decoded_text(part: Message, found: Walk) -> str:
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        return ""
    decoded = decode(data, part.get_content_charset())
    if decoded.defect:
        found.defects.append(decoded.defect)
    return decoded.text.replace("\r\n", "\n").replace("\r", "\n")


def _listing(part: Message, payload: object) -> Attachment:
    """An attachment's name, type and (estimated, never decoded) size."""
    try:
        size = _size(part, payload, depth=0)
    except Exception:
        # A size is a hint for the agent; a header too broken to read must not lose the mail.
        size = 0
    return Attachment(filename=_filename(part), content_type=part.get_content_type(), size=size)


def _filename(part: Message) -> str:
    try:
        return str(part.get_filename() or "")
    except Exception:
        # A hostile RFC 2231 or encoded-word name: the attachment stays listed, unnamed.
        return ""


def _size(part: Message, payload: object, depth: int) -> int:
    if isinstance(payload, list):
        if depth > MAX_DEPTH:
            return 0
        return sum(_size(child, child.get_payload(), depth + 1) for child in payload)
    if not isinstance(payload, str):
        return 0
    if part.get("content-transfer-encoding", "").strip().lower() == "base64":
        return len(payload.translate(_BASE64_NOISE)) * 3 // 4
    return len(payload)
