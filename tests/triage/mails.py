"""Raw mails for triage tests, written byte by byte so each test controls what it tests."""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence

DEFAULT_HEADERS: dict[str, str] = {
    "From": "Alice Example <alice@example.com>",
    "To": "support@exchange.example",
    "Subject": "A question",
    "Date": "Mon, 01 Jul 2024 10:00:00 +0900",
    "Message-ID": "<m1.alice@example.com>",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Transfer-Encoding": "8bit",
}


def build(
    body: str | bytes = "Hello,\r\nI have a question.\r\n",
    *,
    headers: Mapping[str, str | None] | None = None,
    top: Sequence[tuple[str, str]] = (),
    extra: Sequence[tuple[str, str]] = (),
) -> bytes:
    """A mail: ``top`` headers first (as an MTA prepends), the defaults as overridden by
    ``headers`` (None drops one), ``extra`` after them, then the body."""
    merged = {**DEFAULT_HEADERS, **(headers or {})}
    fields = [*top, *((k, v) for k, v in merged.items() if v is not None), *extra]
    head = "".join(f"{name}: {value}\r\n" for name, value in fields).encode("utf-8")
    return head + b"\r\n" + (body.encode("utf-8") if isinstance(body, str) else body)


def encoded_text(text: str, charset: str) -> tuple[dict[str, str | None], bytes]:
    """Headers and body for ``text`` in ``charset``, 7bit for ISO-2022-JP, else base64."""
    data = text.encode(_codec(charset))
    if charset.lower() == "iso-2022-jp":
        return _text_headers(charset, "7bit"), data
    return _text_headers(charset, "base64"), base64.encodebytes(data)


def encoded_word(text: str, charset: str) -> str:
    """``text`` as one RFC 2047 B-encoded word in ``charset``."""
    data = base64.b64encode(text.encode(_codec(charset))).decode("ascii")
    return f"=?{charset}?B?{data}?="


def multipart(
    subtype: str, parts: Sequence[bytes], *, boundary: str = "b0undary", params: str = ""
) -> tuple[dict[str, str | None], bytes]:
    """Headers and body of a multipart/``subtype`` made of ``parts`` (each headers+body);
    ``params`` are added to its Content-Type."""
    body = b"".join(b"--" + boundary.encode() + b"\r\n" + part + b"\r\n" for part in parts)
    body += b"--" + boundary.encode() + b"--\r\n"
    content_type = f'multipart/{subtype}; boundary="{boundary}"{params}'
    return {"Content-Type": content_type, "Content-Transfer-Encoding": None}, body


def part(content_type: str, body: str, *, headers: Sequence[tuple[str, str]] = ()) -> bytes:
    """One MIME part: its headers, a blank line, its body."""
    fields = [("Content-Type", content_type), *headers]
    head = "".join(f"{name}: {value}\r\n" for name, value in fields)
    return (head + "\r\n" + body).encode("utf-8")


def _text_headers(charset: str, encoding: str) -> dict[str, str | None]:
    return {
        "Content-Type": f"text/plain; charset={charset}",
        "Content-Transfer-Encoding": encoding,
    }


def _codec(charset: str) -> str:
    return {"shift_jis": "cp932"}.get(charset.lower(), charset)
