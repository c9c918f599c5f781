"""The identity of a raw mail, from its headers alone: its Message-ID and a content hash.

Intake calls this before anything else, for every mail, so it is cheap (headers only)
and never raises, whatever the bytes. The content hash ignores trace headers, so the
same mail delivered twice by an MTA, or found in two folders, hashes the same (B7).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from email import policy
from email.parser import BytesHeaderParser

SYNTHETIC_DOMAIN = "synthetic.madoguchi.invalid"

# The headers that say what the mail is. Trace headers (Received, Return-Path,
# Delivered-To, Authentication-Results, X-Original-To) differ between deliveries of the
# same mail, so they are left out.
_HASHED_HEADERS = ("from", "to", "cc", "subject", "date")
_WHITESPACE = re.compile(r"\s+")
_BLANK_LINE = re.compile(rb"\r?\n\r?\n|\r\r")


@dataclass(frozen=True, slots=True)
class Identity:
    """Who a mail is: its Message-ID (synthetic when absent) and its content hash."""

    message_id: str
    content_hash: str


def identify(raw: bytes) -> Identity:
    """The Message-ID and content hash of ``raw``; never raises.

    ``content_hash`` is the hex sha256 of the From, To, Cc, Subject and Date values
    (whitespace unfolded) and the body (everything after the first blank line, line
    endings normalised; the whole input when there is no blank line). A missing or
    empty Message-ID becomes ``<hash-prefix@synthetic.madoguchi.invalid>``.
    """
    headers = _header_values(raw)
    digest = hashlib.sha256()
    for name in _HASHED_HEADERS:
        for value in headers.get(name, []):
            digest.update(name.encode() + b":" + value + b"\n")
    digest.update(b"\n" + _body(raw))
    content_hash = digest.hexdigest()
    message_id = _first_message_id(headers.get("message-id", []))
    return Identity(message_id or synthetic_message_id(content_hash), content_hash)


def synthetic_message_id(content_hash: str) -> str:
    """The stable stand-in Message-ID for a mail that has none."""
    return f"<{content_hash[:32]}@{SYNTHETIC_DOMAIN}>"


def _header_values(raw: bytes) -> dict[str, list[bytes]]:
    """Raw, unfolded values of the headers identity needs, by lower-case name."""
    wanted = {*_HASHED_HEADERS, "message-id"}
    values: dict[str, list[bytes]] = {}
    try:
        parsed = BytesHeaderParser(policy=policy.default).parsebytes(raw)
        items = parsed.raw_items()
        for name, value in items:
            key = name.lower()
            if key in wanted:
                values.setdefault(key, []).append(_unfold(value))
    except Exception:
        # Identity must exist for any bytes: without readable headers, hash the body.
        return {}
    return values


def _unfold(value: str) -> bytes:
    """A header value with folding and runs of whitespace collapsed, as its original bytes."""
    text = _WHITESPACE.sub(" ", value).strip()
    return text.encode("utf-8", "surrogateescape")


def _first_message_id(values: list[bytes]) -> str:
    for value in values:
        text = value.decode("ascii", "replace").strip()
        if text:
            return text
    return ""


def _body(raw: bytes) -> bytes:
    """Everything after the first blank line, with CRLF and CR turned into LF."""
    found = _BLANK_LINE.search(raw)
    body = raw[found.end() :] if found else raw
    return body.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
