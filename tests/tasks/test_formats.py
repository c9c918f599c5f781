"""The reply filters: money exactly as the back office has it, times in Japan time."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from madoguchi.tasks import TemplateError, render
from madoguchi.tasks.formats import amount, en_date, en_datetime, ja_date, ja_datetime


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("10000", "10,000"),
        ("0.00050000", "0.0005"),
        ("1234567.891", "1,234,567.891"),
        ("1E+4", "10,000"),
        ("0", "0"),
        ("0.000", "0"),
        (Decimal("0.1"), "0.1"),
        (5000000, "5,000,000"),
        ("0.00000001", "0.00000001"),
    ],
)
def test_amounts_are_exact_with_thousands_separators(value: object, shown: str) -> None:
    assert amount(value) == shown


@pytest.mark.parametrize("value", [0.1, True, "lots", "NaN", "Infinity", None])
def test_what_is_not_an_exact_amount_is_refused(value: object) -> None:
    with pytest.raises(ValueError, match=r"amount|exact decimal"):
        amount(value)


@pytest.mark.parametrize(
    ("moment", "ja", "en"),
    [
        ("2026-11-28T05:05:00+00:00", "2026年11月28日 14:05（日本時間）",
         "28 November 2026, 14:05 JST (UTC+9)"),
        ("2026-11-28T23:30:00+09:00", "2026年11月28日 23:30（日本時間）",
         "28 November 2026, 23:30 JST (UTC+9)"),
        ("2026-12-31T15:00:00", "2027年1月1日 00:00（日本時間）",
         "1 January 2027, 00:00 JST (UTC+9)"),
    ],
)  # fmt: skip
def test_times_are_shown_in_japan_time_with_the_zone(moment: str, ja: str, en: str) -> None:
    assert (ja_datetime(moment), en_datetime(moment)) == (ja, en)


def test_days_are_the_day_in_japan() -> None:
    moment = datetime(2024, 7, 14, 20, 0, tzinfo=UTC)  # 15 July, 05:00 JST

    assert (ja_date(moment), en_date(moment)) == ("2024年7月15日", "15 July 2024")


def test_a_value_that_is_not_a_time_fails_the_reply() -> None:
    with pytest.raises(TemplateError):
        render("{{ when | en_datetime }}", {"when": "yesterday"})


def test_templates_can_use_the_filters() -> None:
    text = render("{{ fee | amount }} {{ at | ja_date }}", {"fee": "330.0", "at": "2024-07-15"})

    assert text == "330 2024年7月15日"
