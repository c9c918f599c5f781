"""Raw mail bytes written the way real mail programs write them, for the demo corpus.

Japanese mail comes in two traditional shapes: ISO-2022-JP in 7bit with ISO-2022-JP
encoded-words (older Japanese mailers, still common) and UTF-8 in base64 (webmail).
Everything is built by hand so the bytes are exactly that, with CRLF line ends.
"""

from __future__ import annotations

import base64
from email.header import Header
from email.utils import formataddr

CRLF = "\r\n"

# body style -> (Content-Type charset, Content-Transfer-Encoding)
STYLES = {
    "iso-2022-jp": ("ISO-2022-JP", "7bit"),
    "utf-8-base64": ("UTF-8", "base64"),
    "us-ascii": ("us-ascii", "7bit"),
}

Headers = list[tuple[str, str]]


def header_text(text: str, style: str) -> str:
    """``text`` as a header value: plain when ASCII, else encoded-words in the style's charset."""
    if text.isascii():
        return text
    return Header(text, _charset(style)).encode().replace("\n", CRLF)


def address(name: str, addr: str, style: str) -> str:
    """``"Display Name" <addr>`` with the name encoded as the style's mailer would."""
    if name.isascii():
        return formataddr((name, addr))
    return f"{header_text(name, style)} <{addr}>"


def text_body(text: str, style: str) -> tuple[Headers, bytes]:
    """The MIME headers and encoded bytes of a text/plain body in ``style``."""
    charset, encoding = STYLES[style]
    data = CRLF.join(text.splitlines()).encode(_charset(style)) + CRLF.encode()
    if encoding == "base64":
        data = base64.encodebytes(data).replace(b"\n", CRLF.encode())
    headers = [
        ("MIME-Version", "1.0"),
        ("Content-Type", f"text/plain; charset={charset}"),
        ("Content-Transfer-Encoding", encoding),
    ]
    return headers, data


def compose(headers: Headers, body: bytes) -> bytes:
    """A whole message: header lines, a blank line, the body."""
    head = "".join(f"{name}: {value}{CRLF}" for name, value in headers)
    return (head + CRLF).encode("ascii") + body


def _charset(style: str) -> str:
    return {"utf-8-base64": "utf-8"}.get(style, style)
