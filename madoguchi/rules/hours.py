"""Business hours and holidays, and the ``now.*`` fields a rule reads at a given moment.

The rulebook's ``business_hours`` names a time zone (Japan's by default), opening
hours per weekday (``"09:00-18:00"``; a day not listed is closed) and holidays. What
happens outside them is up to the rules (``now.business_hours``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictStr, field_validator

from madoguchi.rules.fields import WEEKDAYS, Value

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
JST = "Asia/Tokyo"
# Japan keeps no daylight saving time: without the tz database (a slim container) its
# zone is still known.
_FIXED = {JST: timezone(timedelta(hours=9), "JST"), "UTC": UTC}


def _ordered(value: str) -> str:
    start, end = value.split("-")
    if start >= end:
        raise ValueError(f"{value}: a range closes after it opens")
    return value


TimeRange = Annotated[
    StrictStr,
    Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)$"),
    AfterValidator(_ordered),
]


class BusinessHours(BaseModel):
    """When the support desk is open: hours per weekday in ``timezone``, and holidays."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    timezone: StrictStr = JST
    weekly: dict[Weekday, tuple[TimeRange, ...]] = Field(default_factory=dict)
    holidays: tuple[date, ...] = ()

    @field_validator("timezone")
    @classmethod
    def _known(cls, value: str) -> str:
        zone_of(value)
        return value

    def is_open(self, local: datetime) -> bool:
        """Whether ``local`` (a time in ``timezone``) is within the hours of its weekday."""
        name = WEEKDAYS[local.weekday()]
        hours = next((spans for day, spans in self.weekly.items() if day == name), ())
        moment = local.time().replace(tzinfo=None)
        return any(_within(moment, span) for span in hours)


def _within(moment: time, span: str) -> bool:
    start, end = span.split("-")
    closes = time.max if end == "24:00" else time.fromisoformat(end)
    return time.fromisoformat(start) <= moment < closes


def zone_of(name: str) -> tzinfo:
    """The time zone named ``name``; ValueError when it is not known."""
    if name in _FIXED:
        return _FIXED[name]
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r} (e.g. {JST})") from None


def clock_facts(now: datetime, hours: BusinessHours) -> dict[str, Value]:
    """The value of every ``now.*`` field at ``now`` (a naive time counts as UTC)."""
    moment = now if now.tzinfo else now.replace(tzinfo=UTC)
    local = moment.astimezone(zone_of(hours.timezone))
    holiday = local.date() in hours.holidays
    return {
        "now.hour": local.hour,
        "now.minute": local.minute,
        "now.weekday": WEEKDAYS[local.weekday()],
        "now.date": local.date().isoformat(),
        "now.holiday": holiday,
        "now.business_hours": not holiday and hours.is_open(local),
    }
