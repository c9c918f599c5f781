"""Our loop header: every reply says, unforgeably, that madoguchi wrote it (RELIABILITY B4).

Each reply carries ``X-Madoguchi-Loop: v1=<hex>``, an HMAC-SHA256 keyed with the loop
secret over the reply's own Message-ID. A mail that comes back with a header that
verifies against its own Message-ID is ours and is never answered. Anyone can copy the
header into a mail, but not make it match another Message-ID without the secret; a
header that does not verify counts for nothing (and is dropped, S6). The version
prefix lets the scheme change while old replies still come back.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from pydantic import SecretStr

from madoguchi.domain.errors import ConfigurationError

LOOP_HEADER = "X-Madoguchi-Loop"
VERSION = "v1"
# Domain separation: the same secret keying anything else never yields a loop header.
_CONTEXT = b"madoguchi-loop-v1\0"
_ITEM = re.compile(r"\b(v\d+)\s*=\s*([0-9a-fA-F]+)")


def loop_header(secret: str | SecretStr, message_id: str) -> tuple[str, str]:
    """The loop header for a reply whose Message-ID is ``message_id``: (name, value).

    Raises ``ConfigurationError`` for an empty secret, which would let anyone forge it.
    """
    return LOOP_HEADER, f"{VERSION}={_digest(_key(secret), message_id)}"


def verify_loop_header(
    values: tuple[str, ...], *, secret: str | SecretStr, message_id: str
) -> bool:
    """Whether one of the loop header ``values`` is ours for a mail with ``message_id``."""
    try:
        key = _key(secret)
    except ConfigurationError:
        return False
    expected = _digest(key, message_id)
    for value in values:
        for version, digest in _ITEM.findall(value):
            if version == VERSION and hmac.compare_digest(digest.lower(), expected):
                return True
    return False


def _key(secret: str | SecretStr) -> bytes:
    text = secret.get_secret_value() if isinstance(secret, SecretStr) else secret
    if not text:
        raise ConfigurationError("the loop secret is empty: loop headers could be forged")
    return text.encode("utf-8")


def _digest(key: bytes, message_id: str) -> str:
    canonical = message_id.strip().strip("<>").strip().encode("utf-8", "surrogateescape")
    return hmac.new(key, _CONTEXT + canonical, hashlib.sha256).hexdigest()
