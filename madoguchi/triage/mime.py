"""The MIME tree of a parsed message: its readable text, its attachments, its defects.

The text is the message's own: inline text/plain parts, or text/html converted when an
alternative has no plain part. Attachments are listed (name, type, size), never
decoded. Enclosed messages (``message/rfc822``, delivery reports) are listed as
attachments and not entered: a forwarded mail's contents are not the customer's words,
nor its headers the message's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email.message import EmailMessage, Message

from madoguchi.domain.mail import Attachment
from madoguchi.triage.charsets import decode
from madoguchi.triage.html_text import html_to_text, tidy

MAX_DEPTH = 20  # multipart nesting levels entered; real mail rarely has more than 5
_BASE64_NOISE = str.maketrans("", "", " \t\r\n")


@dataclass
class Walk:
    """What walking a MIME tree found."""

    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)

    def text(self) -> str:
        """The readable text: plain parts when there are any, else converted HTML."""
        if self.plain:
            return tidy("\n\n".join(self.plain))
        return tidy("\n\n".join(html_to_text(part) for part in self.html))


def walk(message: EmailMessage) -> Walk:
    """Walk ``message``'s MIME tree into text, attachments and defects."""
    found = Walk()
    _visit(message, found, depth=0)
    return found


def _visit(part: Message, found: Walk, depth: int) -> None:
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
        found.attachments.append(_listing(part, payload))
    else:
        _visit_leaf(part, found)


def _visit_multipart(part: Message, children: list[Message], found: Walk, depth: int) -> None:
    if part.get_content_subtype() != "alternative":
        for child in children:
            _visit(child, found, depth + 1)
        return
    # Alternatives say the same thing; keep the text of the plainest one, but list the
    # attachments of all (inline images live in the HTML alternative).
    walks = [_walk_alone(child, depth + 1) for child in children]
    chosen = next((w for w in walks if w.plain), next((w for w in walks if w.html), None))
    for each in walks:
        found.attachments.extend(each.attachments)
        found.defects.extend(each.defects)
    if chosen is not None:
        found.plain.extend(chosen.plain)
        found.html.extend(chosen.html)


def _walk_alone(child: Message, depth: int) -> Walk:
    """One alternative walked on its own, to choose between alternatives afterwards."""
    found = Walk()
    _visit(child, found, depth)
    return found


def _visit_leaf(part: Message, found: Walk) -> None:
    ctype = part.get_content_type()
    is_body = ctype in ("text/plain", "text/html") or part.get_content_maintype() == "multipart"
    if not is_body or _is_attachment(part):
        found.attachments.append(_listing(part, part.get_payload()))
        return
    text = _decoded_text(part, found)
    (found.html if ctype == "text/html" else found.plain).append(text)


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
