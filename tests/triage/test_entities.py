"""extract_entities(): what a mail names, in both languages, normalised for the routines."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from madoguchi.triage import extract_entities

JST = timezone(timedelta(hours=9))
SENT = datetime(2026, 11, 29, 10, 0, tzinfo=JST)  # Sunday 29 November 2026, in Japan
ETH_HASH = "0x" + "ab12" * 16
BTC_HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
XRP_HASH = BTC_HASH.upper()


def found(body: str, kind: str, *, sent: datetime | None = SENT) -> tuple[str, ...]:
    return extract_entities("", body, sent=sent).get(kind, ())


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("出金ID WD2611280042 の件です", ("WD2611280042",)),
        ("wd2611280042", ("WD2611280042",)),
        ("ＷＤ２６１１２８００４２", ("WD2611280042",)),
        ("WD2611280042とWD2611280043", ("WD2611280042", "WD2611280043")),
        ("WD2611280042 and again WD2611280042", ("WD2611280042",)),
        ("WD26112800421", ()),  # eleven digits
        ("XWD2611280042", ()),
        ("WD261128004", ()),
    ],
)
def test_withdrawal_ids(text: str, ids: tuple[str, ...]) -> None:
    assert found(text, "withdrawal_id") == ids


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("TX2611280007 の手数料", "transaction_id", "TX2611280007"),
        ("transaction tx2611280007", "transaction_id", "TX2611280007"),
        ("my customer number is C000123", "customer_id", "C000123"),
        ("会員番号：Ｃ０００１２３", "customer_id", "C000123"),
    ],
)
def test_transaction_and_customer_ids(text: str, kind: str, value: str) -> None:
    assert found(text, kind) == (value,)


def test_a_customer_id_needs_exactly_six_digits() -> None:
    assert found("C00012 C0001234 ABC000123", "customer_id") == ()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (f"txid: {BTC_HASH}", BTC_HASH),
        (f"TxHash={XRP_HASH}.", XRP_HASH),
        (f"hash {ETH_HASH.upper().replace('0X', '0x')}", ETH_HASH),
        (f"トランザクションID:{ETH_HASH}です", ETH_HASH),
    ],
)
def test_tx_hashes_bitcoin_style_as_written_and_0x_in_lower_case(text: str, value: str) -> None:
    assert found(text, "tx_hash") == (value,)


@pytest.mark.parametrize("text", [BTC_HASH[:63], BTC_HASH + "0", "0x" + BTC_HASH[:40], "g" * 64])
def test_what_is_not_a_tx_hash(text: str) -> None:
    assert found(text, "tx_hash") == ()


@pytest.mark.parametrize(
    ("text", "assets"),
    [
        ("BTCを出金しました", ("BTC",)),
        ("ビットコインとイーサリアム", ("BTC", "ETH")),
        ("イーサを送りました", ("ETH",)),
        ("my bitcoin and some ether", ("BTC", "ETH")),
        ("XRP (ripple) / リップル", ("XRP",)),
        ("tether on Tron", ("USDT",)),
        ("テザーを出金", ("USDT",)),
        ("日本円の出金", ("JPY",)),
        ("円の出金が届きません", ("JPY",)),
        ("10,000円を出金", ("JPY",)),
        ("withdrew yen", ("JPY",)),
    ],
)
def test_assets_from_codes_and_names_in_both_languages(text: str, assets: tuple[str, ...]) -> None:
    assert found(text, "asset") == assets


@pytest.mark.parametrize(
    "text",
    ["Ethernet cable", "イーサネット", "whether together", "円滑に進めたい", "I bet he did",
     "ethical"],
)  # fmt: skip
def test_words_that_only_contain_an_asset_name_are_not_assets(text: str) -> None:
    assert found(text, "asset") == ()


@pytest.mark.parametrize(
    ("text", "networks"),
    [
        ("USDT (ERC20)", ("ERC20",)),
        ("erc-20 and TRC-20", ("ERC20", "TRC20")),
        ("トロンで送金", ("TRC20",)),
        ("銀行振込で出金", ("BANK",)),
        ("via bank transfer", ("BANK",)),
    ],
)
def test_networks_when_named(text: str, networks: tuple[str, ...]) -> None:
    assert found(text, "network") == networks


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("0.5 BTC", "0.5 BTC"),
        ("0.5BTC", "0.5 BTC"),
        ("０．５ＢＴＣ", "0.5 BTC"),
        ("0.50000000 btc", "0.5 BTC"),
        ("10,000円", "10000 JPY"),
        ("1万円", "10000 JPY"),
        ("1.5万円", "15000 JPY"),
        ("1万5千円", "15000 JPY"),
        ("2億円", "200000000 JPY"),
        ("¥10,000", "10000 JPY"),
        ("￥１０，０００", "10000 JPY"),
        ("JPY 10000", "10000 JPY"),
        ("10000 JPY", "10000 JPY"),
        ("3,000 yen", "3000 JPY"),
        ("100 USDT", "100 USDT"),
        ("1万USDT", "10000 USDT"),
        ("2 ETH", "2 ETH"),
        ("0.25 ether", "0.25 ETH"),
        ("1.5 イーサ", "1.5 ETH"),
        ("0.01ビットコイン", "0.01 BTC"),
        ("50 XRP", "50 XRP"),
        ("100テザー", "100 USDT"),
    ],
)
def test_amounts_with_their_unit_normalised(text: str, amount: str) -> None:
    assert found(f"出金額は{text}です", "amount") == (amount,)


def test_an_amount_names_its_asset() -> None:
    assert found("I sent 0.5 BTC", "asset") == ("BTC",)


@pytest.mark.parametrize(
    "text",
    ["2026年11月28日", "0.5", "WD2611280042", "BTC 0.5", "3 times", "1,2,3", "v2.0 release"],
)
def test_numbers_without_a_unit_are_not_amounts(text: str) -> None:
    assert found(text, "amount") == ()


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026年11月28日に出金", "2026-11-28"),
        ("２０２６年１１月２８日", "2026-11-28"),
        ("11月28日に出金", "2026-11-28"),
        ("2026/11/28", "2026-11-28"),
        ("2026-11-28", "2026-11-28"),
        ("Nov 28", "2026-11-28"),
        ("on Nov. 28th", "2026-11-28"),
        ("November 28, 2026", "2026-11-28"),
        ("28 November 2026", "2026-11-28"),
        ("28th of November", "2026-11-28"),
        ("28 Nov", "2026-11-28"),
        ("yesterday", "2026-11-28"),
        ("昨日出金しました", "2026-11-28"),
        ("today", "2026-11-29"),
        ("今日", "2026-11-29"),
        ("本日", "2026-11-29"),
        ("一昨日", "2026-11-27"),
        ("the day before yesterday", "2026-11-27"),
    ],
)
def test_dates_in_japanese_and_english_forms_as_iso_days(text: str, day: str) -> None:
    assert found(text, "date") == (day,)


def test_relative_dates_count_in_the_senders_own_time_zone() -> None:
    late_evening_in_new_york = datetime(2026, 11, 29, 23, 0, tzinfo=timezone(timedelta(hours=-5)))

    assert found("yesterday", "date", sent=late_evening_in_new_york) == ("2026-11-28",)


def test_a_day_without_a_year_far_ahead_of_the_mail_is_last_years() -> None:
    january = datetime(2027, 1, 5, 9, 0, tzinfo=JST)

    assert found("12月28日に出金", "date", sent=january) == ("2026-12-28",)


def test_without_a_date_header_only_full_dates_are_resolved() -> None:
    assert found("昨日、11月28日、2026年11月27日", "date", sent=None) == ("2026-11-27",)


@pytest.mark.parametrize("text", ["2月30日", "13月1日", "Feb 30", "1850年1月1日", "I may be",
                                  "maybe 3", "12:30", "3/4"])  # fmt: skip
def test_what_is_not_a_valid_date(text: str) -> None:
    assert found(text, "date") == ()


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("出金手数料", ("withdrawal",)),
        ("the fee on my last trade", ("trade",)),
        ("BTCを購入した時の手数料", ("trade",)),
        ("入金手数料", ("deposit",)),
        ("I withdrew after a deposit", ("withdrawal", "deposit")),
        ("手数料について", ()),
    ],
)
def test_the_kind_of_transaction_the_mail_talks_about(text: str, kinds: tuple[str, ...]) -> None:
    assert found(text, "transaction_kind") == kinds


def test_the_subject_counts_too() -> None:
    entities = extract_entities("WD2611280042 について", "まだ届きません", sent=SENT)

    assert entities["withdrawal_id"] == ("WD2611280042",)


def test_a_mail_naming_nothing_has_no_entities() -> None:
    body = "お世話になっております。よろしくお願いします。"

    assert extract_entities("ご相談", body, sent=SENT) == {}


def test_a_whole_mail_yields_every_kind_in_order_of_appearance() -> None:
    body = (
        "お世話になっております。\n昨日（11月28日）、ビットコイン 0.5BTC を出金しました"
        f"（出金ID：WD2611280042、TxID：{BTC_HASH}）。\nまだ届いておりません。会員番号 C000123"
    )

    assert extract_entities("出金が届きません", body, sent=SENT) == {
        "withdrawal_id": ("WD2611280042",),
        "customer_id": ("C000123",),
        "tx_hash": (BTC_HASH,),
        "asset": ("BTC",),
        "amount": ("0.5 BTC",),
        "date": ("2026-11-28",),
        "transaction_kind": ("withdrawal",),
    }
