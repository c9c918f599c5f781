"""Business hours and holidays, read in the rulebook's time zone."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from madoguchi.rules.hours import BusinessHours, clock_facts

HOURS = BusinessHours(
    weekly={"mon": ("09:00-12:00", "13:00-18:00"), "sat": ("10:00-24:00",)},
    holidays=(date(2026, 11, 23),),
)


def at(moment: str) -> dict[str, object]:
    return clock_facts(datetime.fromisoformat(moment), HOURS)


@pytest.mark.parametrize(
    ("moment", "open_"),
    [
        ("2026-11-30T09:00:00+09:00", True),
        ("2026-11-30T12:30:00+09:00", False),  # the lunch break between two ranges
        ("2026-11-30T17:59:00+09:00", True),
        ("2026-11-30T18:00:00+09:00", False),  # a range closes at its end
        ("2026-12-01T10:00:00+09:00", False),  # Tuesday is not listed: closed
        ("2026-12-05T23:59:00+09:00", True),  # 24:00 closes at midnight
    ],
)
def test_business_hours_follow_the_weekly_ranges(moment: str, open_: bool) -> None:
    assert at(moment)["now.business_hours"] is open_


def test_a_holiday_is_closed_all_day() -> None:
    facts = at("2026-11-23T10:00:00+09:00")

    assert (facts["now.holiday"], facts["now.business_hours"]) == (True, False)


def test_times_are_read_in_japan_by_default() -> None:
    facts = at("2026-11-30T01:30:00+00:00")

    assert (facts["now.hour"], facts["now.minute"], facts["now.weekday"]) == (10, 30, "mon")
    assert (facts["now.date"], facts["now.business_hours"]) == ("2026-11-30", True)


def test_a_naive_time_counts_as_utc() -> None:
    assert clock_facts(datetime(2026, 11, 30, 1, 0), HOURS)["now.hour"] == 10


def test_another_time_zone_may_be_named() -> None:
    london = BusinessHours(timezone="Europe/London")

    assert clock_facts(datetime.fromisoformat("2026-11-30T10:00:00+09:00"), london)[
        "now.hour"
    ] == 1
