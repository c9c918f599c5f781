"""Header values of a parsed message, read defensively: raw, decoded text, addresses, dates.

The standard library's structured header parsing is slow and, on hostile input, can
raise; it is used only where it pays (addresses, encoded words) and every call falls
back to the raw value. Raw 8-bit header bytes, common in Japanese mail, are decoded
with the body's charset rules instead of being shown as replacement characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.errors import InvalidHeaderDefect
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime

from madoguchi.triage.charsets import decode
from madoguchi.triage.mailpolicy import POLICY

_WHITESPACE = re.compile(r"\s+")
_MSG_ID = re.compile(r"<[^<>\s]+>")
# An addr-spec as mail really uses it: one "@", no spaces, brackets, commas or quotes,
# and a domain of dot-separated labels.
_ATOM = r"[^@\s<>(),;:\\\"\[\].]+"
_LOCAL = r"[^@\s<>(),;:\\\"\[\]]+"
_MAILBOX = re.compile(rf"^{_LOCAL}@(?:{_ATOM}\.)+{_ATOM}$")
MAX_DECODED = 4_000  # characters of an unstructured header decoded


@dataclass(frozen=True, slots=True)
class Address:
    """A mailbox from an address header: normalised address and display name."""

    address: str
    name: str


def unfold(value: str) -> str:
    """A header value on one line, runs of whitespace collapsed."""
    return _WHITESPACE.sub(" ", value).strip()


def raw_values(message: EmailMessage) -> dict[str, list[str]]:
    """Every header's raw values (unfolded) by lower-case name, in message order."""
    values: dict[str, list[str]] = {}
    for name, value in message.raw_items():
        values.setdefault(name.lower(), []).append(unfold(_from_8bit(value)))
    return values


def text_value(name: str, raw: str | None, defects: list[str]) -> str:
    """The human text of unstructured header ``name`` (a Subject), encoded words decoded.

    ``raw`` is the header's first raw value, already unfolded and 8-bit decoded.
    """
    if raw is None:
        return ""
    if "=?" not in raw or not raw.isascii():
        return raw
    if len(raw) > MAX_DECODED:
        # Decoding encoded words is quadratic in the stdlib; no honest subject is this long.
        defects.append(f"{name} header truncated")
        raw = raw[:MAX_DECODED].rpartition(" ")[0] or raw[:MAX_DECODED]
    try:
        return unfold(str(POLICY.header_factory(name, raw)))
    except Exception:
        # The stdlib header parser can fail on hostile encoded words: show the raw value.
        defects.append(f"undecodable {name} header")
        return raw


def addresses(message: EmailMessage, name: str, defects: list[str]) -> list[Address]:
    """The mailboxes of address header ``name`` (From, To, Reply-To), normalised.

    A mailbox with a display name but no usable address (``MAILER-DAEMON <>``) is
    kept with an empty address: guards read its name. A header the parser could read
    only by guessing (an unclosed ``<``, a stray ``>``) adds a defect to ``defects``.
    """
    raws = [value for key, value in message.raw_items() if key.lower() == name]
    if not raws:
        return []
    if not all(value.isascii() for value in raws):
        return [item for item in _lenient(raws) if item.address or item.name]
    try:
        header = message[name]
        found = [
            Address(_normalise(item.addr_spec), unfold(item.display_name))
            for item in getattr(header, "addresses", ())
        ]
        invalid = [d for d in getattr(header, "defects", ()) if isinstance(d, InvalidHeaderDefect)]
        if invalid:
            # Read leniently, as the parser did; but what it had to guess is no identity.
            defects.append(f"invalid {name} header ({invalid[0]})")
    except Exception:
        # The structured parser failed on this header: the lenient parser still finds
        # the address, but not the decoded display name.
        defects.append(f"unparseable {name} header")
        found = _lenient(raws)
    return [item for item in found if item.address or item.name]


def date_value(raw: str | None, defects: list[str]) -> datetime | None:
    """The Date header as an aware datetime (UTC when the zone is unknown), or None."""
    if not raw:
        return None
    try:
        parsed = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError, OverflowError):
        defects.append("invalid Date header")
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def message_ids(raw: str | None) -> tuple[str, ...]:
    """The ``<id>`` tokens of a References or In-Reply-To value, in order."""
    return tuple(_MSG_ID.findall(raw or ""))


def _lenient(raws: list[str]) -> list[Address]:
    """Addresses found by the lenient parser, 8-bit display names decoded."""
    texts = [unfold(_from_8bit(value)) for value in raws]
    return [Address(_normalise(addr), unfold(display)) for display, addr in getaddresses(texts)]


def is_mailbox(address: str) -> bool:
    """Whether ``address`` (normalised) is a usable addr-spec: ``local@domain.tld``."""
    return bool(_MAILBOX.match(address))


def normalise_address(address: str) -> str:
    """The identity form of an address: local part case-folded, domain lower-cased.

    Nothing else is folded: ``taro+x@example.jp`` is not ``taro@example.jp``, and dots
    in the local part count.
    """
    local, at, domain = address.strip().strip("<>").strip().rpartition("@")
    if not at:
        return domain.casefold()
    return f"{local.casefold()}@{domain.lower()}"


def _normalise(address: str) -> str:
    return normalise_address(address)


def _from_8bit(value: str) -> str:
    """A raw value whose 8-bit bytes (carried as surrogates) are decoded as text."""
    if value.isascii():
        return value
    try:
        data = value.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:
        return value
    return decode(data, None).text
