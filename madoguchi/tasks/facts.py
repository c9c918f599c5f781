"""Back-office values as JSON-ready facts: the only things a reply or an agent is told.

A routine's outcome is stored as JSON before its reply is rendered (and rendered again
from the stored copy after a crash), so every fact is a string, number, bool, None,
list or dict: amounts as exact decimal strings ("0.0005", never a float), times as
ISO 8601 with their zone.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from madoguchi.domain.backoffice import Customer


def aware(moment: datetime) -> datetime:
    """``moment`` with a time zone; a naive time is taken as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def iso(moment: datetime | None) -> str | None:
    """``moment`` as ISO 8601 with its zone (a naive time as UTC), or None."""
    return aware(moment).isoformat() if moment else None


def decimal_text(value: Decimal) -> str:
    """``value`` exactly, without exponent or trailing zeros: "0.0005", "10000"."""
    return format(value.normalize(), "f") if value else "0"


def anti_phishing(customer: Customer) -> dict[str, str | None]:
    """The customer's anti-phishing code, which every genuine reply quotes (None: has none)."""
    return {"anti_phishing_code": customer.anti_phishing_code or None}
