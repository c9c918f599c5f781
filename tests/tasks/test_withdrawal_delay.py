"""The withdrawal_delay routine: the sender's own withdrawal, found and told, or a human."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from madoguchi.domain.backoffice import (
    AccountState,
    HoldType,
    NetworkNotice,
    NoticeKind,
    Withdrawal,
    WithdrawalQuery,
    WithdrawalStatus,
)
from madoguchi.domain.mail import Language
from madoguchi.domain.outcomes import NeedsHuman, Outcome, Resolved, RoutineRequest
from madoguchi.tasks.withdrawal_delay import withdrawal_delay
from madoguchi.tasks.withdrawal_search import OPEN
from tests.tasks.fakes import BTC_HASH, JST, NOW, FakeBackOffice, withdrawal

SENDER = "taro@example.jp"
OPTIONS: dict[str, Any] = {
    "max_amount": {"BTC": 1, "ETH": 30, "XRP": 50000, "USDT": 50000, "JPY": 5000000},
    "sla_hours": {"pending_review": 24, "processing": 6, "broadcast": 3},
}
S = WithdrawalStatus
ONE = {"withdrawal_id": ("WD2407150042",)}


def request(**changes: Any) -> RoutineRequest:
    fields: dict[str, Any] = {
        "case_id": 1,
        "sender": SENDER,
        "language": Language.JA,
        "now": NOW,
        "options": OPTIONS,
    }
    return RoutineRequest(**(fields | changes))


def history(*rows: Withdrawal, code: str | None = "SAKURA-7", **account: Any) -> FakeBackOffice:
    backoffice = FakeBackOffice()
    customer = backoffice.add(SENDER, anti_phishing_code=code, **account)
    for row in rows:
        backoffice.add_withdrawal(customer, row)
    return backoffice


def answer(*rows: Withdrawal, entities: dict[str, tuple[str, ...]] | None = None) -> Outcome:
    return withdrawal_delay(request(entities=entities or ONE), history(*rows))


def human(outcome: Outcome) -> NeedsHuman:
    assert isinstance(outcome, NeedsHuman), outcome
    return outcome


def resolved(outcome: Outcome) -> Resolved:
    assert isinstance(outcome, Resolved), outcome
    return outcome


# ---------------------------------------------------------------- answered stages


@pytest.mark.parametrize(
    ("status", "details"),
    [
        (S.PENDING_REVIEW, {}),
        (S.PROCESSING, {}),
        (S.BROADCAST, {"tx_hash": BTC_HASH, "confirmations": 1, "required_confirmations": 3}),
        (S.COMPLETED, {"tx_hash": BTC_HASH, "confirmations": 3, "required_confirmations": 3}),
        (S.HELD, {"hold_type": HoldType.NEW_ADDRESS, "hold_until": NOW + timedelta(hours=2)}),
        (S.HELD, {"hold_type": HoldType.SECURITY, "hold_until": NOW + timedelta(hours=2)}),
        (S.HELD, {"hold_type": HoldType.TRAVEL_RULE}),
    ],
)
def test_each_answerable_stage_resolves_with_its_own_outcome(
    status: WithdrawalStatus, details: dict[str, Any]
) -> None:
    outcome = resolved(answer(withdrawal(status, **details)))

    assert outcome.outcome == status.value
    assert outcome.facts["status"] == status.value
    assert not outcome.account_action


def test_facts_are_the_back_offices_live_values_as_json_ready_strings() -> None:
    row = withdrawal(S.BROADCAST, tx_hash=BTC_HASH, confirmations=1, required_confirmations=3)

    outcome = resolved(answer(row))

    assert outcome.facts == {
        "anti_phishing_code": "SAKURA-7",
        "searched_by": "withdrawal_id",
        "withdrawal_id": "WD2407150042",
        "asset": "BTC",
        "network": "BTC",
        "amount": "0.5",
        "fee": "0.0005",
        "address": "bc1q…7h3k",
        "status": "broadcast",
        "requested_at": "2024-07-15T10:00:00+09:00",
        "updated_at": "2024-07-15T11:00:00+09:00",
        "tx_hash": BTC_HASH,
        "confirmations": 1,
        "required_confirmations": 3,
        "hold_type": None,
        "hold_until": None,
        "notices": [],
    }


def test_amounts_keep_their_exact_decimal_value() -> None:
    row = withdrawal(S.PROCESSING, asset="ETH", amount="0.30000000", fee="0.0050")

    outcome = resolved(answer(row))

    assert (outcome.facts["amount"], outcome.facts["fee"]) == ("0.3", "0.005")


def test_a_customer_without_an_anti_phishing_code_has_none_in_the_facts() -> None:
    backoffice = history(withdrawal(S.PROCESSING), code=None)

    outcome = resolved(withdrawal_delay(request(entities=ONE), backoffice))

    assert outcome.facts["anti_phishing_code"] is None


def test_an_explainable_hold_carries_its_type_and_end() -> None:
    until = NOW + timedelta(hours=20)
    row = withdrawal(S.HELD, hold_type=HoldType.NEW_ADDRESS, hold_until=until)

    outcome = resolved(answer(row))

    assert outcome.facts["hold_type"] == "new_address"
    assert outcome.facts["hold_until"] == "2024-07-16T08:00:00+09:00"


# ---------------------------------------------------------------- network notices


def notice(kind: NoticeKind, start: float, end: float | None, **where: str) -> NetworkNotice:
    return NetworkNotice(
        asset=where.get("asset", "BTC"),
        network=where.get("network", "BTC"),
        kind=kind,
        starts_at=NOW + timedelta(hours=start),
        ends_at=None if end is None else NOW + timedelta(hours=end),
        message="お知らせ",
    )


def test_current_and_upcoming_notices_for_the_withdrawals_network_are_told() -> None:
    backoffice = history(withdrawal(S.PROCESSING, asset="USDT", network="TRC20", amount="100"))
    backoffice.notices = [
        notice(NoticeKind.MAINTENANCE, 24, 26, asset="USDT", network="TRC20"),
        notice(NoticeKind.CONGESTION, -3, None, asset="USDT", network="TRC20"),
        notice(NoticeKind.MAINTENANCE, -10, -8, asset="USDT", network="TRC20"),  # over
        notice(NoticeKind.MAINTENANCE, -1, 1, asset="USDT", network="ERC20"),  # another network
    ]

    outcome = resolved(withdrawal_delay(request(entities=ONE), backoffice))

    assert outcome.facts["notices"] == [
        {"kind": "congestion", "starts_at": "2024-07-15T09:00:00+09:00", "ends_at": None,
         "current": True},
        {"kind": "maintenance", "starts_at": "2024-07-16T12:00:00+09:00",
         "ends_at": "2024-07-16T14:00:00+09:00", "current": False},
    ]  # fmt: skip


def test_a_completed_withdrawal_needs_no_notices() -> None:
    backoffice = history(withdrawal(S.COMPLETED, tx_hash=BTC_HASH))
    backoffice.notices = [notice(NoticeKind.CONGESTION, -1, None)]

    outcome = resolved(withdrawal_delay(request(entities=ONE), backoffice))

    assert outcome.facts["notices"] == []
    assert "network_notices" not in backoffice.calls


# ---------------------------------------------------------------- finding the withdrawal


def test_a_withdrawal_id_in_the_mail_is_looked_up_by_id() -> None:
    backoffice = history(withdrawal(S.PROCESSING, number=42), withdrawal(S.PROCESSING, number=43))

    outcome = resolved(withdrawal_delay(request(entities={"withdrawal_id": ("WD2407150043",)}),
                                        backoffice))  # fmt: skip

    assert outcome.facts["withdrawal_id"] == "WD2407150043"
    assert backoffice.queries == [WithdrawalQuery(withdrawal_id="WD2407150043")]


def test_a_tx_hash_is_looked_up_when_no_id_is_named_whatever_its_case() -> None:
    backoffice = history(
        withdrawal(S.BROADCAST, number=42, tx_hash=BTC_HASH),
        withdrawal(S.BROADCAST, number=43, tx_hash="f" * 64),
    )

    outcome = withdrawal_delay(request(entities={"tx_hash": (BTC_HASH.upper(),)}), backoffice)

    assert resolved(outcome).facts["withdrawal_id"] == "WD2407150042"
    assert backoffice.queries == [WithdrawalQuery(tx_hash=BTC_HASH.upper())]


def test_an_asset_and_a_day_search_that_day_in_japan_time() -> None:
    backoffice = history(
        withdrawal(S.COMPLETED, number=1, hours_ago=36),  # 14 July, 00:00 JST
        withdrawal(S.COMPLETED, number=2, hours_ago=12.5),  # 14 July, 23:30 JST
        withdrawal(S.PROCESSING, number=3, hours_ago=11.5),  # 15 July, 00:30 JST
    )
    entities = {"asset": ("BTC",), "date": ("2024-07-14",), "amount": ("0.5 BTC",)}

    outcome = human(withdrawal_delay(request(entities=entities), backoffice))

    assert outcome.facts["candidates"] == ["WD2407150002", "WD2407150001"]
    assert backoffice.queries == [
        WithdrawalQuery(
            asset="BTC",
            requested_from=datetime(2024, 7, 14, tzinfo=JST),
            requested_until=datetime(2024, 7, 15, tzinfo=JST),
        )
    ]


def test_several_days_named_span_from_the_first_to_the_last() -> None:
    backoffice = history(withdrawal(S.COMPLETED, hours_ago=30))
    entities = {"date": ("2024-07-15", "2024-07-13")}

    resolved(withdrawal_delay(request(entities=entities), backoffice))

    query = backoffice.queries[0]
    assert (query.requested_from, query.requested_until) == (
        datetime(2024, 7, 13, tzinfo=JST),
        datetime(2024, 7, 16, tzinfo=JST),
    )


def test_an_asset_without_a_day_searches_that_assets_open_withdrawals() -> None:
    backoffice = history(
        withdrawal(S.COMPLETED, number=1),
        withdrawal(S.PROCESSING, number=2),
        withdrawal(S.PROCESSING, number=3, asset="ETH"),
    )

    outcome = withdrawal_delay(request(entities={"asset": ("BTC",)}), backoffice)

    assert resolved(outcome).facts["withdrawal_id"] == "WD2407150002"
    assert backoffice.queries == [WithdrawalQuery(asset="BTC", statuses=OPEN)]


def test_a_mail_naming_nothing_asks_about_the_customers_open_withdrawal() -> None:
    backoffice = history(withdrawal(S.COMPLETED, number=1), withdrawal(S.PENDING_REVIEW, number=2))

    outcome = resolved(withdrawal_delay(request(entities={}), backoffice))

    assert outcome.facts["withdrawal_id"] == "WD2407150002"
    assert outcome.facts["searched_by"] == "open"
    assert backoffice.queries == [WithdrawalQuery(statuses=OPEN)]


@pytest.mark.parametrize("named", ["0.5 BTC", "0.4995 BTC", "0.5005 BTC"])
def test_an_amount_narrows_the_candidates_gross_or_net_of_the_fee(named: str) -> None:
    backoffice = history(
        withdrawal(S.PROCESSING, number=1, amount="0.5", fee="0.0005"),
        withdrawal(S.PROCESSING, number=2, amount="0.2", fee="0.0005"),
    )

    outcome = withdrawal_delay(request(entities={"amount": (named,)}), backoffice)

    assert resolved(outcome).facts["withdrawal_id"] == "WD2407150001"


def test_an_amount_in_another_asset_matches_nothing() -> None:
    backoffice = history(withdrawal(S.PROCESSING, amount="0.5"))

    outcome = human(withdrawal_delay(request(entities={"amount": ("0.5 ETH",)}), backoffice))

    assert outcome.draft == "draft_not_found"


def test_an_amount_that_contradicts_the_named_id_needs_a_human() -> None:
    entities = {**ONE, "amount": ("2 BTC",)}

    outcome = human(answer(withdrawal(S.PROCESSING), entities=entities))

    assert outcome.draft == "draft_not_found"


def test_several_assets_named_keep_only_those_assets() -> None:
    backoffice = history(
        withdrawal(S.PROCESSING, number=1, asset="XRP", amount="100"),
        withdrawal(S.PROCESSING, number=2, asset="ETH", amount="1"),
    )

    outcome = withdrawal_delay(request(entities={"asset": ("BTC", "ETH")}), backoffice)

    assert resolved(outcome).facts["withdrawal_id"] == "WD2407150002"


def test_no_matching_withdrawal_needs_a_human_with_a_draft_asking_for_the_id() -> None:
    outcome = human(withdrawal_delay(request(entities={}), history()))

    assert outcome.reason == "no withdrawal of the sender matches the mail (searched by open)"
    assert outcome.draft == "draft_not_found"
    assert outcome.facts["anti_phishing_code"] == "SAKURA-7"


def test_several_candidates_need_a_human_with_their_ids() -> None:
    backoffice = history(withdrawal(S.PROCESSING, number=1), withdrawal(S.HELD, number=2,
                                                                         hold_type=HoldType.AML))

    outcome = human(withdrawal_delay(request(entities={}), backoffice))

    assert outcome.reason == "several candidates: WD2407150001, WD2407150002"
    assert outcome.facts["candidates"] == ["WD2407150001", "WD2407150002"]
    assert outcome.draft == "draft_which_withdrawal"
    assert "hold_type" not in str(outcome.facts["candidate_details"])


def test_many_candidates_are_counted_in_the_reason() -> None:
    rows = [withdrawal(S.PROCESSING, number=n, hours_ago=n) for n in range(1, 13)]

    outcome = human(withdrawal_delay(request(entities={}), history(*rows)))

    assert outcome.reason.endswith(" and 2 more")
    assert len(outcome.facts["candidates"]) == 12
    assert len(outcome.facts["candidate_details"]) == 10


@pytest.mark.parametrize("kind", ["withdrawal_id", "tx_hash"])
def test_a_mail_naming_several_ids_or_hashes_needs_a_human(kind: str) -> None:
    values = {"withdrawal_id": ("WD2407150001", "WD2407150002"), "tx_hash": ("a" * 64, "b" * 64)}
    backoffice = history(withdrawal(S.PROCESSING))

    outcome = human(withdrawal_delay(request(entities={kind: values[kind]}), backoffice))

    assert kind in outcome.reason
    assert backoffice.queries == []


def test_rows_a_broken_connector_returns_unfiltered_are_filtered_again() -> None:
    backoffice = history(withdrawal(S.PROCESSING, number=42), withdrawal(S.COMPLETED, number=43))
    backoffice.ignore_filters = True

    outcome = withdrawal_delay(request(entities={"withdrawal_id": ("WD2407150043",)}), backoffice)

    assert resolved(outcome).facts["withdrawal_id"] == "WD2407150043"


def test_the_account_is_found_by_the_sender_only_never_by_mail_entities() -> None:
    backoffice = history(withdrawal(S.PROCESSING))
    victim = backoffice.add("victim@example.jp")
    backoffice.add_withdrawal(victim, withdrawal(S.PROCESSING, number=99))

    entities = {"withdrawal_id": ("WD2407150099",), "customer_id": (victim.customer_id,)}

    outcome = withdrawal_delay(request(entities=entities), backoffice)

    assert backoffice.lookups == [SENDER]
    assert human(outcome).draft == "draft_not_found"


# ---------------------------------------------------------------- what a human must answer


@pytest.mark.parametrize("hold", [HoldType.AML, HoldType.COMPLIANCE, None])
def test_an_aml_compliance_or_untyped_hold_is_never_explained(hold: HoldType | None) -> None:
    row = withdrawal(S.HELD, hold_type=hold, hold_until=NOW + timedelta(days=1))

    outcome = human(answer(row))

    assert outcome.reason == f"held ({hold.value if hold else 'unknown'} hold): a human must answer"
    assert outcome.draft == "draft_hold"


def test_a_failed_withdrawal_needs_a_human() -> None:
    assert human(answer(withdrawal(S.FAILED))).reason == "the withdrawal failed"


def test_an_amount_over_the_limit_needs_a_human() -> None:
    outcome = human(answer(withdrawal(S.PROCESSING, amount="1.0001")))

    assert outcome.reason == "amount 1.0001 BTC is over 1"


def test_an_amount_at_the_limit_is_answered() -> None:
    resolved(answer(withdrawal(S.PROCESSING, amount="1")))


def test_an_asset_without_a_limit_needs_a_human() -> None:
    outcome = human(answer(withdrawal(S.PROCESSING, asset="SOL", network="SOL")))

    assert outcome.reason == "the rulebook gives no max_amount for SOL"


@pytest.mark.parametrize(
    ("status", "hours_ago", "updated_hours_ago", "reason"),
    [
        (S.PENDING_REVIEW, 24.5, 0.1, "pending_review for 24.5 hours, past its SLA of 24 hours"),
        (S.PROCESSING, 30, 6.5, "processing for 6.5 hours, past its SLA of 6 hours"),
        (S.PROCESSING, 6.5, None, "processing for 6.5 hours, past its SLA of 6 hours"),
        (S.BROADCAST, 10, 3.5, "broadcast for 3.5 hours, past its SLA of 3 hours"),
    ],
)
def test_a_stage_past_its_sla_needs_a_human(
    status: WithdrawalStatus, hours_ago: float, updated_hours_ago: float | None, reason: str
) -> None:
    row = withdrawal(status, hours_ago=hours_ago, updated_hours_ago=updated_hours_ago)

    outcome = human(answer(row))

    assert (outcome.reason, outcome.draft) == (reason, "draft_hold")


@pytest.mark.parametrize(
    ("status", "hours_ago", "updated_hours_ago"),
    [(S.PENDING_REVIEW, 23.9, None), (S.PROCESSING, 30, 5.9), (S.BROADCAST, 30, 2.9),
     (S.COMPLETED, 500, 400)],
)  # fmt: skip
def test_a_stage_within_its_sla_is_answered(
    status: WithdrawalStatus, hours_ago: float, updated_hours_ago: float | None
) -> None:
    resolved(answer(withdrawal(status, hours_ago=hours_ago, updated_hours_ago=updated_hours_ago)))


def test_the_sla_comes_from_the_rulebook_options() -> None:
    options = {**OPTIONS, "sla_hours": {"pending_review": 24, "processing": 1.5, "broadcast": 3}}

    outcome = withdrawal_delay(request(entities=ONE, options=options),
                               history(withdrawal(S.PROCESSING, updated_hours_ago=2)))  # fmt: skip

    assert human(outcome).reason == "processing for 2.0 hours, past its SLA of 1.5 hours"


def test_a_hold_past_its_end_needs_a_human() -> None:
    row = withdrawal(S.HELD, hold_type=HoldType.NEW_ADDRESS, hold_until=NOW - timedelta(minutes=1))

    assert human(answer(row)).reason == "held past its end (2024-07-15T11:59:00+09:00)"


def test_a_timed_hold_without_an_end_needs_a_human() -> None:
    row = withdrawal(S.HELD, hold_type=HoldType.SECURITY, hold_until=None)

    assert human(answer(row)).reason == "held with no end time"


def test_the_facts_for_the_agent_keep_the_hold_type_the_customer_is_not_told() -> None:
    outcome = human(answer(withdrawal(S.HELD, hold_type=HoldType.AML)))

    assert outcome.facts["hold_type"] == "aml"


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
    backoffice = history(withdrawal(S.PROCESSING), **account)

    outcome = human(withdrawal_delay(request(sender=sender, entities=ONE), backoffice))

    assert outcome.reason == reason
    assert "withdrawals" not in backoffice.calls


# ---------------------------------------------------------------- options


@pytest.mark.parametrize(
    ("options", "named"),
    [
        ({"sla_hours": OPTIONS["sla_hours"]}, "max_amount: missing"),
        ({"max_amount": OPTIONS["max_amount"]}, "sla_hours: missing"),
        ({**OPTIONS, "max_amount": {"BTC": 0}}, "max_amount.BTC: Input should be greater than 0"),
        ({**OPTIONS, "max_amount": {"BTC": True}}, "max_amount.BTC: Value error"),
        ({**OPTIONS, "max_amount": {"BTC": "lots"}}, "max_amount.BTC: Value error"),
        ({**OPTIONS, "max_amount": {"btc": 1}}, "max_amount.btc.[key]: String should match"),
        ({**OPTIONS, "sla_hours": {"pending_review": 24, "processing": 6}},
         "sla_hours.broadcast: missing"),
        ({**OPTIONS, "sla_hours": {**OPTIONS["sla_hours"], "completed": 1}},
         "sla_hours.completed: unknown option"),
        ({**OPTIONS, "sla_hours": {**OPTIONS["sla_hours"], "broadcast": -1}},
         "sla_hours.broadcast: Input should be greater than 0"),
    ],
)  # fmt: skip
def test_missing_or_invalid_options_need_a_human_before_any_lookup(
    options: dict[str, Any], named: str
) -> None:
    backoffice = history(withdrawal(S.PROCESSING))

    outcome = human(withdrawal_delay(request(entities=ONE, options=options), backoffice))

    assert outcome.reason.startswith("invalid rulebook options for withdrawal_delay: ")
    assert named in outcome.reason
    assert backoffice.calls == []


def test_a_fractional_limit_is_taken_exactly_not_as_a_float() -> None:
    # The float 0.3 is 0.29999999999999998889...; a withdrawal of exactly 0.3 is not over it.
    options = {**OPTIONS, "max_amount": {**OPTIONS["max_amount"], "BTC": 0.3}}
    row = withdrawal(S.PROCESSING, amount="0.3")

    resolved(withdrawal_delay(request(entities=ONE, options=options), history(row)))
