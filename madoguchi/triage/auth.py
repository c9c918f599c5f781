"""Whether the From address is authenticated, read from our MTA's Authentication-Results.

RFC 8601 (S2): only the topmost ``Authentication-Results`` header whose authserv-id is
ours counts. Our receiving MTA prepends its header on arrival, above everything the
sender wrote, so a header carrying our id lower down (a forgery below ours), or one
with another or a lookalike authserv-id (written instead of ours, or prepended later
by another relay above ours), never counts. The deployment's MTA must also remove
inbound headers carrying our authserv-id (RFC 8601 section 5), or a forged one stands
in for a missing real one; with no header of ours, nobody is authenticated.

Identity (S3) is the exact From address, normalised by ``headers.normalise_address``,
plus an aligned DMARC pass: the header says ``dmarc=pass`` for a ``header.from`` equal
to the From address's domain, and no other DMARC result in it disagrees. Alignment is
exact: relaxed alignment (a subdomain of the same organisational domain) would need
the public-suffix list to know where an organisational domain starts, and a wrong
guess there lets one customer's domain vouch for another's, so it is not attempted.
Display names, Reply-To, Sender and the body never enter into it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_METHOD = re.compile(r"\s*([A-Za-z0-9_-]+)\s*(?:/\s*\d+\s*)?=\s*([A-Za-z0-9_-]+)")
# A quoted string (skipped as a whole, so that nothing inside it is read as a property)
# or a ptype.property=value.
_PROPERTY = re.compile(
    r'"(?:[^"\\]|\\.)*"'
    r'|([A-Za-z0-9_-]+)\s*\.\s*([A-Za-z0-9_-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s;"]+)'
)


# The authserv-id: a quoted string (compared as quoted, spaces and all) or a token.
_AUTHSERV_ID = re.compile(r'\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;"]+))')


@dataclass(frozen=True, slots=True)
class SenderCheck:
    """The verdict on the sender, with a short reason a human understands."""

    authenticated: bool
    reason: str


@dataclass(frozen=True, slots=True)
class _Result:
    method: str
    result: str
    properties: dict[str, str]


def check_sender(
    results_headers: Sequence[str], *, from_domain: str, authserv_id: str | None
) -> SenderCheck:
    """Judge the sender from the Authentication-Results values, topmost first.

    ``authserv_id`` None (or blank) means no MTA of ours is trusted: nobody is
    authenticated.
    """
    if authserv_id is None or not authserv_id.strip():
        return SenderCheck(False, "sender authentication is not configured")
    ours = _topmost_of(results_headers, authserv_id.strip().lower())
    if ours is None:
        return SenderCheck(False, f"no Authentication-Results from {authserv_id}")
    dmarc = [result for result in ours if result.method == "dmarc"]
    if not dmarc:
        return SenderCheck(False, f"no dmarc result from {authserv_id}")
    return _judge_dmarc(dmarc, from_domain.lower())


def _judge_dmarc(dmarc: list[_Result], from_domain: str) -> SenderCheck:
    failed = next((result for result in dmarc if result.result != "pass"), None)
    if failed is not None:
        return SenderCheck(False, f"dmarc={failed.result}")
    domains = {result.properties.get("header.from", "").lower() for result in dmarc}
    if domains != {from_domain} or not from_domain:
        shown = ", ".join(sorted(domain or "(none)" for domain in domains))
        reason = f"dmarc=pass for header.from {shown}, not the From domain {from_domain}"
        return SenderCheck(False, reason)
    return SenderCheck(True, "dmarc=pass")


def _topmost_of(headers: Sequence[str], authserv_id: str) -> list[_Result] | None:
    """The results of the first header whose authserv-id is ``authserv_id``, if any."""
    for header in headers:
        segments = _split(_without_comments(header))
        found = _AUTHSERV_ID.match(segments[0])
        if found and (found.group(1) or found.group(2) or "").lower() == authserv_id:
            return [result for result in map(_parse_result, segments[1:]) if result]
    return None


def _parse_result(segment: str) -> _Result | None:
    found = _METHOD.match(segment)
    if found is None:
        return None
    properties: dict[str, str] = {}
    for prop in _PROPERTY.finditer(segment, found.end()):
        if prop.group(1):
            name = f"{prop.group(1)}.{prop.group(2)}".lower()
            properties.setdefault(name, prop.group(3).strip('"'))
    return _Result(found.group(1).lower(), found.group(2).lower(), properties)


def _without_comments(value: str) -> str:
    """``value`` with (nested) comments removed; quoted strings are kept as they are."""
    out: list[str] = []
    depth = 0
    quoted = escaped = False
    for char in value:
        if escaped:
            escaped = False
        elif char == "\\" and (quoted or depth):
            escaped = True
        elif char == '"' and not depth:
            quoted = not quoted
        elif char == "(" and not quoted:
            depth += 1
            continue
        elif char == ")" and depth and not quoted:
            depth -= 1
            continue
        if not depth:
            out.append(char)
    return "".join(out)


def _split(value: str) -> list[str]:
    """``value`` split at semicolons outside quoted strings."""
    parts: list[str] = []
    start = 0
    quoted = False
    for index, char in enumerate(value):
        if char == '"':
            quoted = not quoted
        elif char == ";" and not quoted:
            parts.append(value[start:index])
            start = index + 1
    parts.append(value[start:])
    return parts
