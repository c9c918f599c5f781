"""The mail's entities as typed hints: amounts, the days named and the time they span.

Entities are strings from triage ("0.5 BTC", "2026-11-28"); a malformed one is left
out rather than guessed at. They only ever narrow a search among the sender's own
records.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal, InvalidOperation

# Customers name days as they live them, and the exchange's customers live in Japan.
JST = timezone(timedelta(hours=9), "JST")

Entities = dict[str, tuple[str, ...]]
Amount = tuple[Decimal, str]  # (value, asset)


def amounts(entities: Entities) -> tuple[Amount, ...]:
    """The ``amount`` entities ("0.5 BTC") as (Decimal("0.5"), "BTC")."""
    found = []
    for text in entities.get("amount", ()):
        number, _, asset = text.partition(" ")
        try:
            found.append((Decimal(number), asset))
        except InvalidOperation:
            continue
    return tuple(found)


def days(entities: Entities) -> tuple[date, ...]:
    """The ``date`` entities, in order."""
    found = []
    for text in entities.get("date", ()):
        try:
            found.append(date.fromisoformat(text))
        except ValueError:
            continue
    return tuple(sorted(found))


def span(named: tuple[date, ...]) -> tuple[datetime, datetime] | None:
    """From the start of the first day named to the end of the last, in JST; None: no day."""
    if not named:
        return None
    start = datetime.combine(min(named), time(), JST)
    return start, datetime.combine(max(named) + timedelta(days=1), time(), JST)
