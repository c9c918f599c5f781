"""Personal data out of logs and the audit trail: e-mail addresses, wallet addresses, ids.

A redacted value keeps a short keyed digest so that two log lines about the same
address can still be matched by someone holding the key, without showing it.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Bitcoin (base58 / bech32), Ethereum-style 0x addresses, and tx hashes.
_WALLET = re.compile(
    r"\b(?:0x[0-9a-fA-F]{40,64}|bc1[0-9a-z]{25,60}|[13][1-9A-HJ-NP-Za-km-z]{25,34}"
    r"|T[1-9A-HJ-NP-Za-km-z]{33}|r[1-9A-HJ-NP-Za-km-z]{24,34}|[0-9a-fA-F]{64})\b"
)
_LONG_NUMBER = re.compile(r"\b\d{8,}\b")


def digest(value: str) -> str:
    """A short, stable digest of a personal value (case-insensitive)."""
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()[:10]


def redact_text(text: str) -> str:
    """``text`` with e-mail and wallet addresses and long numbers replaced by digests."""
    text = _EMAIL.sub(lambda m: f"<email:{digest(m.group())}>", text)
    text = _WALLET.sub(lambda m: f"<wallet:{digest(m.group())}>", text)
    return _LONG_NUMBER.sub(lambda m: f"<number:{digest(m.group())}>", text)


def redact(value: Any) -> Any:
    """A deep copy of ``value`` with every string redacted (dict keys are kept)."""
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {key: redact(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [redact(item) for item in value]
    return value
