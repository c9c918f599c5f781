"""extract_entities(): the forms the evaluation set found missing, now read."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from madoguchi.triage import extract_entities

JST = timezone(timedelta(hours=9))
SENT = datetime(2026, 12, 1, 10, 0, tzinfo=JST)  # Tuesday 1 December 2026, in Japan


def found(body: str, kind: str) -> tuple[str, ...]:
    return extract_entities("", body, sent=SENT).get(kind, ())


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("I withdrew it this morning", "2026-12-01"),
        ("sent this afternoon", "2026-12-01"),
        ("is there maintenance tonight?", "2026-12-01"),
        ("I requested it last night", "2026-11-30"),
        ("今朝出金しました", "2026-12-01"),
        ("今夜メンテナンスはありますか", "2026-12-01"),
        ("昨夜申請した出金", "2026-11-30"),
        ("昨晩送金しました", "2026-11-30"),
    ],
)
def test_parts_of_a_day_are_dated_by_the_mail(text: str, day: str) -> None:
    assert found(text, "date") == (day,)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("11/29に出金した日本円", ("2026-11-29",)),
        ("11/29(日)の出金", ("2026-11-29",)),
        ("2026/11/29に申請", ("2026-11-29",)),
        ("1/2 BTC", ()),  # a half, not the 2nd of January
        ("on 11/29 I withdrew", ()),  # month/day order is not certain outside Japanese
    ],
)
def test_a_japanese_month_and_day_without_year(text: str, days: tuple[str, ...]) -> None:
    assert found(text, "date") == days


def test_weekdays_are_not_resolved() -> None:
    assert found("I withdrew on Monday", "date") == ()


@pytest.mark.parametrize(
    ("text", "networks"),
    [
        ("withdrew 30,000 yen to my bank on friday", ("BANK",)),
        ("my bank says nothing came in", ("BANK",)),
        ("I sent a bank statement as proof of address", ()),
    ],
)
def test_a_bank_named_alone_is_the_bank_network(text: str, networks: tuple[str, ...]) -> None:
    assert found(text, "network") == networks


def test_a_yen_amount_before_a_full_stop_is_read() -> None:
    assert found("The fee was ¥2,500. That is a lot.", "amount") == ("2500 JPY",)


def test_etherscan_in_japanese_is_not_ether() -> None:
    assert found("イーサスキャンで見つかりません。USDTです", "asset") == ("USDT",)
