"""The fee_explanation routine: one of the sender's charges, checked against the schedule."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from madoguchi.domain.backoffice import (
    AccountState,
    Customer,
    FeeCharge,
    FeeKind,
    FeeSchedule,
    TradingFee,
)
from madoguchi.domain.mail import Language
from madoguchi.domain.outcomes import NeedsHuman, Outcome, Resolved, RoutineRequest
from madoguchi.tasks.fee_explanation import fee_explanation
from tests.tasks.fakes import NOW, SCHEDULE, FakeBackOffice, charge

SENDER = "taro@example.jp"
OPTIONS = {"fee_decimals": {"BTC": 8, "ETH": 8, "XRP": 6, "USDT": 6, "JPY": 0}}
TRADE = FeeKind.TRADE


def request(**changes: Any) -> RoutineRequest:
    fields: dict[str, Any] = {
        "case_id": 1,
        "sender": SENDER,
        "language": Language.EN,
        "now": NOW,
        "options": OPTIONS,
    }
    return RoutineRequest(**(fields | changes))


def charged(*charges: FeeCharge, tier: str | None = "standard", **account: Any) -> FakeBackOffice:
    backoffice = FakeBackOffice()
    customer = backoffice.add(SENDER, anti_phishing_code="SAKURA-7", tier=tier, **account)
    for row in charges:
        backoffice.add_charge(customer, row)
    return backoffice


def explain(*charges: FeeCharge, entities: dict[str, tuple[str, ...]] | None = None,
            tier: str | None = "standard") -> Outcome:  # fmt: skip
    return fee_explanation(request(entities=entities or {}), charged(*charges, tier=tier))


def human(outcome: Outcome) -> NeedsHuman:
    assert isinstance(outcome, NeedsHuman), outcome
    return outcome


def resolved(outcome: Outcome) -> Resolved:
    assert isinstance(outcome, Resolved), outcome
    return outcome


# ---------------------------------------------------------------- transfer fees


def test_a_withdrawal_fee_that_follows_the_schedule_is_explained_with_its_line() -> None:
    outcome = resolved(explain(charge()))

    assert outcome.outcome == "withdrawal_fee"
    assert outcome.facts == {
        "anti_phishing_code": "SAKURA-7",
        "transaction_id": "TX2407140007",
        "kind": "withdrawal",
        "asset": "BTC",
        "network": "BTC",
        "amount": "0.5",
        "fee": "0.0005",
        "fee_asset": "BTC",
        "charged_at": "2024-07-14T12:00:00+09:00",
        "tier": "standard",
        "schedule_fee": "0.0005",
    }
    assert not outcome.account_action


def test_the_network_picks_the_schedule_line() -> None:
    row = charge(asset="USDT", network="TRC20", amount="100", fee="1")

    assert resolved(explain(row)).facts["schedule_fee"] == "1"


def test_a_fee_written_with_more_zeros_is_the_same_fee() -> None:
    assert resolved(explain(charge(fee="0.00050000"))).outcome == "withdrawal_fee"


def test_a_deposit_fee_is_checked_against_the_deposit_schedule() -> None:
    row = charge(FeeKind.DEPOSIT, asset="JPY", network="BANK", amount="100000", fee="0")

    outcome = resolved(explain(row))

    assert (outcome.outcome, outcome.facts["schedule_fee"]) == ("deposit_fee", "0")


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (charge(fee="0.001"), "fee does not match the schedule"),
        (charge(asset="USDT", network="ERC20", amount="100", fee="1"),
         "fee does not match the schedule"),
        (charge(fee="0.0005", fee_asset="JPY"), "fee does not match the schedule"),
        (charge(network=None), "the charge names no network"),
        (charge(asset="SOL", network="SOL"), "the schedule has no withdrawal fee for SOL on SOL"),
        (charge(FeeKind.DEPOSIT, asset="ETH", network="ETH"),
         "the schedule has no deposit fee for ETH on ETH"),
    ],
)  # fmt: skip
def test_a_transfer_fee_that_cannot_be_explained_needs_a_human(row: FeeCharge, reason: str) -> None:
    outcome = human(explain(row))

    assert (outcome.reason, outcome.draft) == (reason, "draft_hold")
    assert outcome.facts["transaction_id"] == row.transaction_id


def test_a_mismatch_keeps_the_charge_and_the_schedule_line_for_the_agent() -> None:
    outcome = human(explain(charge(fee="0.001")))

    assert (outcome.facts["fee"], outcome.facts["schedule_fee"]) == ("0.001", "0.0005")


# ---------------------------------------------------------------- trade fees


def trade(amount: str, fee: str, *, asset: str = "JPY", **details: Any) -> FeeCharge:
    return charge(TRADE, asset=asset, network=None, amount=amount, fee=fee, **details)


@pytest.mark.parametrize(
    ("row", "role", "rate", "expected", "rounded"),
    [
        (trade("100000", "100"), "maker", "0.1", "100", False),
        (trade("100000", "150"), "taker", "0.15", "150", False),
        (trade("123456", "185"), "taker", "0.15", "185.184", True),  # rounded down
        (trade("123456", "186"), "taker", "0.15", "185.184", True),  # rounded up
        (trade("123456", "124"), "maker", "0.1", "123.456", True),
        (trade("0.5", "0.00075", asset="BTC"), "taker", "0.15", "0.00075", False),
    ],
)
def test_a_trade_fee_at_either_rate_is_explained_and_says_which(
    row: FeeCharge, role: str, rate: str, expected: str, rounded: bool
) -> None:
    outcome = resolved(explain(row))

    assert outcome.outcome == "trade_fee"
    assert {k: outcome.facts[k] for k in ("role", "rate_percent", "expected_fee", "rounded")} == {
        "role": role, "rate_percent": rate, "expected_fee": expected, "rounded": rounded,
    }  # fmt: skip
    assert (outcome.facts["maker_percent"], outcome.facts["taker_percent"]) == ("0.1", "0.15")


def test_a_fee_both_rates_round_to_is_maker_or_taker() -> None:
    outcome = resolved(explain(trade("0.00001", "0.00000001", asset="BTC"), tier="gold"))

    assert outcome.facts["role"] == "maker_or_taker"


@pytest.mark.parametrize("fee", ["187", "184", "185.5", "0"])
def test_a_trade_fee_off_by_more_than_rounding_needs_a_human(fee: str) -> None:
    outcome = human(explain(trade("123456", fee)))

    assert outcome.reason == "fee does not match the schedule"
    assert outcome.facts["role"] is None


def test_rounding_follows_the_fee_assets_decimals_from_the_options() -> None:
    options = {"fee_decimals": {**OPTIONS["fee_decimals"], "JPY": 2}}

    outcome = fee_explanation(request(options=options), charged(trade("123456", "185")))

    assert human(outcome).reason == "fee does not match the schedule"


def test_the_charges_own_tier_wins_over_the_customers_current_one() -> None:
    outcome = resolved(explain(trade("100000", "50", tier="gold"), tier="standard"))

    assert (outcome.facts["tier"], outcome.facts["role"]) == ("gold", "maker")


def test_without_a_tier_on_the_charge_the_customers_is_used() -> None:
    assert resolved(explain(trade("100000", "80"), tier="silver")).facts["tier"] == "silver"


@pytest.mark.parametrize(
    ("row", "tier", "reason"),
    [
        (trade("100000", "100"), None, "neither the charge nor the account names a fee tier"),
        (trade("100000", "100"), "platinum", "the schedule has no trading fee for tier platinum"),
        (trade("0.5", "75", asset="BTC", fee_asset="JPY"), "standard",
         "fee charged in JPY, trade counted in BTC"),
        (trade("100", "0.1", asset="SOL"), "standard",
         "the rulebook gives no fee_decimals for SOL"),
    ],
)  # fmt: skip
def test_a_trade_fee_that_cannot_be_checked_needs_a_human(
    row: FeeCharge, tier: str | None, reason: str
) -> None:
    assert human(explain(row, tier=tier)).reason == reason


def test_the_schedule_is_the_back_offices() -> None:
    backoffice = charged(trade("100000", "20"))
    rates = TradingFee(tier="standard", maker_percent=Decimal("0.02"), taker_percent=Decimal("3"))
    backoffice.schedule = FeeSchedule(trading=(rates,), withdrawal=SCHEDULE.withdrawal)

    assert resolved(fee_explanation(request(), backoffice)).facts["rate_percent"] == "0.02"


# ---------------------------------------------------------------- finding the charge


def test_a_transaction_id_in_the_mail_picks_that_charge() -> None:
    rows = (charge(number=7, days_ago=3), charge(number=8, fee="0.001", days_ago=1))
    backoffice = charged(*rows)

    outcome = fee_explanation(request(entities={"transaction_id": ("TX2407140007",)}), backoffice)

    assert resolved(outcome).facts["transaction_id"] == "TX2407140007"


def test_without_any_hint_the_latest_charge_is_explained() -> None:
    rows = (charge(number=7, days_ago=1), charge(number=8, days_ago=3))

    assert resolved(explain(*rows)).facts["transaction_id"] == "TX2407140007"


def test_the_named_asset_picks_its_latest_charge() -> None:
    rows = (
        charge(number=7, asset="ETH", network="ETH", fee="0.005", days_ago=1),
        charge(number=8, days_ago=2),
        charge(number=9, days_ago=5),
    )

    outcome = resolved(explain(*rows, entities={"asset": ("BTC",)}))

    assert outcome.facts["transaction_id"] == "TX2407140008"


def test_a_clear_kind_of_transaction_narrows_the_charges() -> None:
    rows = (trade("100000", "100", number=7, days_ago=1), charge(number=8, days_ago=2))

    outcome = resolved(explain(*rows, entities={"transaction_kind": ("withdrawal",)}))

    assert outcome.outcome == "withdrawal_fee"


def test_several_kinds_named_do_not_narrow() -> None:
    rows = (trade("100000", "100", number=7, days_ago=1), charge(number=8, days_ago=2))
    entities = {"transaction_kind": ("withdrawal", "trade")}

    assert resolved(explain(*rows, entities=entities)).outcome == "trade_fee"


def test_a_day_and_an_amount_narrow_the_charges() -> None:
    rows = (
        charge(number=7, amount="0.2", days_ago=0.1),
        charge(number=8, amount="0.5", days_ago=1),
        charge(number=9, amount="0.5", days_ago=2),
    )
    entities = {"date": ("2024-07-14",), "amount": ("0.5 BTC",)}

    assert resolved(explain(*rows, entities=entities)).facts["transaction_id"] == "TX2407140008"


def test_the_fee_itself_may_be_the_amount_named() -> None:
    rows = (trade("100000", "150", number=7, days_ago=1), trade("100000", "100", days_ago=2))

    outcome = resolved(explain(*rows, entities={"amount": ("100 JPY",)}))

    assert outcome.facts["transaction_id"] == "TX2407140007"


def test_hints_that_fit_no_charge_need_a_human_with_a_draft_asking_for_the_id() -> None:
    outcome = human(explain(charge(), entities={"asset": ("XRP",)}))

    assert outcome.reason == "no fee charge of the sender matches the mail (searched by hints)"
    assert outcome.draft == "draft_not_found"


def test_no_charge_at_all_needs_a_human() -> None:
    assert human(explain()).draft == "draft_not_found"


def test_an_unknown_transaction_id_needs_a_human() -> None:
    outcome = human(explain(charge(), entities={"transaction_id": ("TX9999999999",)}))

    assert outcome.reason.endswith("(searched by transaction_id)")


def test_several_transaction_ids_need_a_human() -> None:
    entities = {"transaction_id": ("TX2407140007", "TX2407140008")}

    outcome = human(explain(charge(), entities=entities))

    assert outcome.reason == "the mail names several transaction ids: TX2407140007, TX2407140008"


def test_another_customers_charge_is_never_explained() -> None:
    backoffice = charged()
    victim = backoffice.add("victim@example.jp")
    backoffice.add_charge(victim, charge(number=99))
    entities = {"transaction_id": ("TX2407140099",), "customer_id": (victim.customer_id,)}

    outcome = fee_explanation(request(entities=entities), backoffice)

    assert backoffice.lookups == [SENDER]
    assert human(outcome).draft == "draft_not_found"


@pytest.mark.parametrize(
    ("sender", "account", "reason"),
    [
        ("stranger@example.jp", {}, "no account is registered to the sender's address"),
        (SENDER, {"state": AccountState.FROZEN}, "the account is frozen"),
    ],
)
def test_an_unknown_or_frozen_account_needs_a_human(
    sender: str, account: dict[str, Any], reason: str
) -> None:
    backoffice = charged(charge(), **account)

    outcome = human(fee_explanation(request(sender=sender), backoffice))

    assert outcome.reason == reason
    assert "fees_charged" not in backoffice.calls


# ---------------------------------------------------------------- options


@pytest.mark.parametrize(
    ("options", "named"),
    [
        ({}, "fee_decimals: missing"),
        ({"fee_decimals": {"JPY": -1}}, "fee_decimals.JPY: Input should be greater than or equal"),
        ({"fee_decimals": {"JPY": 0.5}}, "fee_decimals.JPY: Input should be a valid integer"),
        ({**OPTIONS, "tolerance": 1}, "tolerance: unknown option"),
    ],
)
def test_missing_or_invalid_options_need_a_human_before_any_lookup(
    options: dict[str, Any], named: str
) -> None:
    backoffice = charged(charge())

    outcome = human(fee_explanation(request(options=options), backoffice))

    assert outcome.reason.startswith("invalid rulebook options for fee_explanation: ")
    assert named in outcome.reason
    assert backoffice.calls == []


class OldestFirst(FakeBackOffice):
    """A back office that lists charges oldest first, against the port's promise."""

    def fees_charged(
        self, customer: Customer, *, transaction_id: str | None = None
    ) -> list[FeeCharge]:
        return list(reversed(super().fees_charged(customer, transaction_id=transaction_id)))


def test_the_latest_charge_is_by_its_time_whatever_order_the_back_office_lists() -> None:
    backoffice = OldestFirst()
    customer = backoffice.add(SENDER)
    backoffice.add_charge(customer, charge(number=7, days_ago=5))
    backoffice.add_charge(customer, charge(number=8, days_ago=1))

    outcome = resolved(fee_explanation(request(), backoffice))

    assert outcome.facts["transaction_id"] == "TX2407140008"


def test_an_amount_too_long_to_round_is_compared_exactly_without_crashing() -> None:
    amount = "1" + "0" * 25  # its fee to 8 decimals needs more digits than Decimal keeps
    exact = str(Decimal(amount) * Decimal("0.15") / 100)

    outcome = explain(trade(amount, exact, asset="BTC"))

    assert resolved(outcome).facts["role"] == "taker"
