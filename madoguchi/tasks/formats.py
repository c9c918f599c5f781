"""How replies write money and time: the filters every reply template may use.

- ``amount``: an exact decimal with thousands separators and no float artefacts or
  trailing zeros: ``"10000"`` is "10,000", ``"0.00050000"`` is "0.0005";
- ``ja_datetime`` / ``en_datetime``: an ISO 8601 time in Japan time, "2026年11月28日
  14:05（日本時間）" and "28 November 2026, 14:05 JST (UTC+9)";
- ``ja_date`` / ``en_date``: its day in Japan time, "2026年11月28日", "28 November 2026".

Each raises ``ValueError`` on a value it cannot read, which fails the reply (a human
answers) rather than printing something wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

JST = timezone(timedelta(hours=9), "JST")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip


def amount(value: object) -> str:
    """``value`` (a decimal string, ``Decimal`` or int) as "12,345.67"."""
    if isinstance(value, bool | float):
        # A float would already have lost the exact amount; refuse rather than print it.
        raise ValueError(f"an exact decimal is required, not {type(value).__name__}")
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {value!r}") from exc
    if not number.is_finite():
        raise ValueError(f"not an amount: {value!r}")
    return format(number.normalize(), ",f") if number else "0"


def ja_datetime(value: object) -> str:
    moment = _in_japan(value)
    return f"{ja_date(moment)} {moment:%H:%M}（日本時間）"


def en_datetime(value: object) -> str:
    moment = _in_japan(value)
    return f"{en_date(moment)}, {moment:%H:%M} JST (UTC+9)"


def ja_date(value: object) -> str:
    moment = _in_japan(value)
    return f"{moment.year}年{moment.month}月{moment.day}日"


def en_date(value: object) -> str:
    moment = _in_japan(value)
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def _in_japan(value: object) -> datetime:
    """An ISO 8601 string or a datetime in JST; a time without a zone is taken as UTC."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        moment = datetime.fromisoformat(value)
    else:
        raise ValueError(f"not a time: {value!r}")
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(JST)


FILTERS: dict[str, Callable[[Any], str]] = {
    "amount": amount,
    "ja_datetime": ja_datetime,
    "en_datetime": en_datetime,
    "ja_date": ja_date,
    "en_date": en_date,
}
