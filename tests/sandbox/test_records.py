"""The seeded records cover every situation the routines meet, priced from the schedule."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from madoguchi.sandbox.data import JST, SeededCustomer, generate_customers, speaks_japanese
from madoguchi.sandbox.notices import network_notices
from madoguchi.sandbox.records import (
    EVENT_KINDS,
    HOLD_TYPES,
    WITHDRAWAL_STATUSES,
    FeeCharge,
    Withdrawal,
)

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=JST)
# The published schedule, written out here independently of the sandbox's tables.
WITHDRAWAL_FEES = {
    ("BTC", "BTC"): "0.0005", ("ETH", "ETH"): "0.005", ("XRP", "XRP"): "0.15",
    ("USDT", "ERC20"): "10", ("USDT", "TRC20"): "1", ("JPY", "BANK"): "330",
}
DEPOSIT_FEES = {("JPY", "BANK"): "110"}
TAKER_PERCENT = {"standard": "0.15", "silver": "0.12", "gold": "0.10", "vip": "0.05"}
SLA_HOURS = {"pending_review": 24, "processing": 6, "broadcast": 3}


@pytest.fixture(scope="module")
def customers() -> tuple[SeededCustomer, ...]:
    return generate_customers(7, now=NOW)


def withdrawals(customers: tuple[SeededCustomer, ...]) -> list[Withdrawal]:
    return [w for c in customers for w in c.withdrawals]


def charges(customers: tuple[SeededCustomer, ...]) -> list[FeeCharge]:
    return [ch for c in customers for ch in c.charges]


def test_the_same_seed_and_clock_give_the_same_records(
    customers: tuple[SeededCustomer, ...],
) -> None:
    assert generate_customers(7, now=NOW) == customers


def test_the_clock_moves_the_records_but_not_the_situations(
    customers: tuple[SeededCustomer, ...],
) -> None:
    later = generate_customers(7, now=NOW + timedelta(days=3))
    assert [c.scenarios for c in later] == [c.scenarios for c in customers]
    shifts = {
        later_w.requested_at - w.requested_at
        for a, b in zip(customers, later, strict=True)
        for w, later_w in zip(a.withdrawals, b.withdrawals, strict=True)
    }
    assert shifts == {timedelta(days=3)}


def test_every_account_state_has_customers_with_and_without_a_security_hold(
    customers: tuple[SeededCustomer, ...],
) -> None:
    pairs = Counter((c.account_state, c.security_hold) for c in customers)
    assert set(pairs) == {(s, h) for s in ("active", "locked", "frozen") for h in (True, False)}
    assert 10 < sum(c.security_hold for c in customers) < 100


def test_some_customers_have_an_anti_phishing_code_and_some_none(
    customers: tuple[SeededCustomer, ...],
) -> None:
    codes = [c.anti_phishing_code for c in customers]
    assert 500 < sum(code is not None for code in codes) < 900
    assert all(re.fullmatch(r"[A-Z2-9]{6,8}", code) for code in codes if code)


def test_every_tier_is_held(customers: tuple[SeededCustomer, ...]) -> None:
    assert set(Counter(c.tier for c in customers)) == {"standard", "silver", "gold", "vip"}


def test_every_security_event_kind_happened_recently_and_long_ago(
    customers: tuple[SeededCustomer, ...],
) -> None:
    ages = {
        (event.kind, "recent" if NOW - event.at < timedelta(days=7) else "old")
        for c in customers for event in c.events
    }
    assert ages == {(kind, age) for kind in EVENT_KINDS for age in ("recent", "old")}


def test_some_customers_were_sent_a_reset_mail_minutes_ago(
    customers: tuple[SeededCustomer, ...],
) -> None:
    minutes_ago = [
        c for c in customers for e in c.events
        if e.kind == "password_reset_sent" and NOW - e.at <= timedelta(minutes=10)
    ]
    assert len(minutes_ago) >= 6
    assert {speaks_japanese(c) for c in minutes_ago} == {True, False}


def test_events_are_listed_newest_first(customers: tuple[SeededCustomer, ...]) -> None:
    for customer in customers:
        times = [event.at for event in customer.events]
        assert times == sorted(times, reverse=True)
        assert all(at <= NOW for at in times)


def test_customers_have_no_one_and_more_than_a_page_of_withdrawals(
    customers: tuple[SeededCustomer, ...],
) -> None:
    counts = Counter(len(c.withdrawals) for c in customers)
    assert counts[0] > 100
    assert counts[1] > 100
    assert sum(n for size, n in counts.items() if size > 20) >= 3


def test_every_withdrawal_status_and_hold_type_is_held(
    customers: tuple[SeededCustomer, ...],
) -> None:
    found = withdrawals(customers)
    assert {w.status for w in found} == set(WITHDRAWAL_STATUSES)
    held = {(w.hold_type, w.hold_until is not None and w.hold_until > NOW)
            for w in found if w.status == "held"}
    assert held == {(hold, future) for hold in HOLD_TYPES for future in (True, False)}
    assert all(w.hold_type is None for w in found if w.status != "held")


def test_open_withdrawals_are_found_both_within_and_past_their_sla(
    customers: tuple[SeededCustomer, ...],
) -> None:
    seen = {
        (w.status, NOW - w.requested_at < timedelta(hours=SLA_HOURS[w.status]))
        for w in withdrawals(customers) if w.status in SLA_HOURS
    }
    assert seen == {(status, within) for status in SLA_HOURS for within in (True, False)}


def test_withdrawal_ids_are_unique_and_follow_the_convention(
    customers: tuple[SeededCustomer, ...],
) -> None:
    ids = [w.withdrawal_id for w in withdrawals(customers)]
    assert len(set(ids)) == len(ids)
    for w in withdrawals(customers):
        assert re.fullmatch(r"WD\d{10}", w.withdrawal_id)
        assert w.withdrawal_id[2:8] == f"{w.requested_at:%y%m%d}"


@pytest.mark.parametrize(
    ("network", "pattern"),
    [
        ("BTC", r"[0-9a-f]{64}"), ("ETH", r"0x[0-9a-f]{64}"), ("ERC20", r"0x[0-9a-f]{64}"),
        ("XRP", r"[0-9A-F]{64}"), ("TRC20", r"[0-9a-f]{64}"),
    ],
)
def test_tx_hashes_are_spelled_as_their_network_spells_them(
    customers: tuple[SeededCustomer, ...], network: str, pattern: str
) -> None:
    hashes = [w.tx_hash for w in withdrawals(customers) if w.network == network and w.tx_hash]
    assert hashes
    assert all(re.fullmatch(pattern, tx) for tx in hashes)


def test_hashes_and_confirmations_appear_once_broadcast(
    customers: tuple[SeededCustomer, ...],
) -> None:
    for w in withdrawals(customers):
        on_chain = w.status in {"broadcast", "completed"} and w.network != "BANK"
        assert (w.tx_hash is not None) is on_chain
        if w.status == "broadcast":
            assert w.confirmations is not None
            assert w.required_confirmations is not None
            assert w.confirmations < w.required_confirmations
        if on_chain and w.status == "completed":
            assert w.confirmations == w.required_confirmations


def test_withdrawal_fees_are_the_published_ones(customers: tuple[SeededCustomer, ...]) -> None:
    for w in withdrawals(customers):
        assert w.fee == Decimal(WITHDRAWAL_FEES[(w.asset, w.network)])


def test_some_withdrawals_are_above_the_automatic_answer_thresholds(
    customers: tuple[SeededCustomer, ...],
) -> None:
    thresholds = {"BTC": 1, "ETH": 30, "XRP": 50_000, "USDT": 50_000, "JPY": 5_000_000}
    above = {w.asset for w in withdrawals(customers) if w.amount > thresholds[w.asset]}
    assert above == set(thresholds)


def test_charges_match_the_schedule_except_the_few_marked_otherwise(
    customers: tuple[SeededCustomer, ...],
) -> None:
    for charge in charges(customers):
        assert charge.matches_schedule is (charge.fee == _scheduled(charge))
    mismatched = {c.kind for c in charges(customers) if not c.matches_schedule}
    assert mismatched == {"trade", "withdrawal", "deposit"}
    assert sum(not c.matches_schedule for c in charges(customers)) < 60


def test_charge_ids_are_unique_and_follow_the_convention(
    customers: tuple[SeededCustomer, ...],
) -> None:
    ids = [c.transaction_id for c in charges(customers)]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"TX\d{10}", tx) for tx in ids)


def test_every_scenario_is_held_in_both_languages(
    customers: tuple[SeededCustomer, ...],
) -> None:
    held = {(s, speaks_japanese(c)) for c in customers for s in c.scenarios}
    names = {s for s, _ in held}
    assert {(s, lang) for s in names for lang in (True, False)} <= held
    assert len(names) > 60


def test_scenario_customers_are_active_without_a_hold(
    customers: tuple[SeededCustomer, ...],
) -> None:
    for customer in customers:
        if customer.scenarios:
            assert (customer.account_state, customer.security_hold) == ("active", False)


def test_notices_cover_maintenance_now_and_announced_congestion_and_a_past_one() -> None:
    notices = network_notices(NOW)
    current = {(n.asset, n.network, n.kind) for n in notices
               if n.starts_at <= NOW and (n.ends_at is None or n.ends_at > NOW)}
    assert current == {("ETH", "ETH", "maintenance"), ("USDT", "TRC20", "congestion")}
    assert [n.asset for n in notices if n.starts_at > NOW] == ["XRP"]
    assert [n.asset for n in notices if n.ends_at and n.ends_at <= NOW] == ["BTC"]


def _scheduled(charge: FeeCharge) -> Decimal:
    if charge.kind == "trade":
        assert charge.tier is not None
        return charge.amount * Decimal(TAKER_PERCENT[charge.tier]) / 100
    table = WITHDRAWAL_FEES if charge.kind == "withdrawal" else DEPOSIT_FEES
    return Decimal(table.get((charge.asset, charge.network or ""), "0"))
