"""Every verb of the BackOffice port, through real Chromium, matches the sandbox's truth."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest

from madoguchi.connectors.backoffice import PlaywrightBackOffice
from madoguchi.domain.backoffice import Customer, WithdrawalQuery, WithdrawalStatus
from madoguchi.domain.ports import BackOffice
from tests.connectors.backoffice.truth import (
    expected_charges,
    expected_customer,
    expected_events,
    expected_notices,
    expected_schedule,
    expected_withdrawals,
)
from tests.support.sandbox import RunningSandbox

pytestmark = pytest.mark.services


@pytest.fixture
def backoffice(shared_gateway: PlaywrightBackOffice) -> Iterator[BackOffice]:
    with shared_gateway.session() as session:
        yield session


def found(backoffice: BackOffice, truth: dict[str, Any]) -> Customer:
    customer = backoffice.find_customer(truth["email"])
    assert customer is not None
    return customer


def test_find_customer_reads_the_security_hold_and_the_anti_phishing_code(
    backoffice: BackOffice, sandbox: RunningSandbox
) -> None:
    truth = next(c for c in sandbox.customers(account_state="locked")
                 if c["security_hold"] and c["anti_phishing_code"])
    assert found(backoffice, truth) == expected_customer(truth)


def test_find_customer_reads_a_missing_anti_phishing_code_as_none(
    backoffice: BackOffice, sandbox: RunningSandbox
) -> None:
    truth = next(c for c in sandbox.customers(kyc_status="in_review")
                 if c["anti_phishing_code"] is None and c["tier"] != "standard")
    customer = found(backoffice, truth)
    assert customer == expected_customer(truth)
    assert customer.anti_phishing_code is None


@pytest.mark.parametrize(
    "scenario",
    ["events:quiet", "events:email_change-recent", "events:two_factor_change-old",
     "events:password_change-recent", "events:withdrawal_address_change-old",
     "events:reset-minutes-ago"],
)
def test_security_events_match_the_truth(
    backoffice: BackOffice, sandbox: RunningSandbox, scenario: str
) -> None:
    truth = sandbox.customer(scenario=scenario)
    assert backoffice.security_events(found(backoffice, truth)) == expected_events(truth)


@pytest.mark.parametrize(
    "scenario",
    [
        "withdrawals:none", "withdrawals:pending_review-BTC", "withdrawals:processing-ETH",
        "withdrawals:broadcast-ERC20", "withdrawals:broadcast-TRC20",
        "withdrawals:completed-BANK", "withdrawals:completed-ETH", "withdrawals:failed-BTC",
        "withdrawals:held-aml-BTC", "withdrawals:held-compliance-ETH",
        "withdrawals:held-new_address-BTC", "withdrawals:held-security-ETH",
        "withdrawals:held-travel_rule-expired-BTC", "withdrawals:large-JPY",
        "withdrawals:several-open",
    ],
)
def test_withdrawals_match_the_truth_in_every_status_and_hold(
    backoffice: BackOffice, sandbox: RunningSandbox, scenario: str
) -> None:
    truth = sandbox.customer(scenario=scenario)
    listed = backoffice.withdrawals(found(backoffice, truth), WithdrawalQuery())
    assert listed == expected_withdrawals(truth)


def test_withdrawals_are_read_over_every_page(
    shared_gateway: PlaywrightBackOffice, clean_sandbox: RunningSandbox, many: dict[str, Any]
) -> None:
    with shared_gateway.session() as backoffice:
        listed = backoffice.withdrawals(found(backoffice, many), WithdrawalQuery())
    assert listed == expected_withdrawals(many)
    pages = -(-len(many["withdrawals"]) // 10)
    assert len(clean_sandbox.actions("view_withdrawals")) == pages >= 3


@pytest.mark.parametrize(
    ("query", "keep"),
    [
        (lambda w: WithdrawalQuery(asset="xrp"), lambda w, q: w["asset"] == "XRP"),
        (lambda w: WithdrawalQuery(statuses=(WithdrawalStatus.FAILED,)),
         lambda w, q: w["status"] == "failed"),
        (lambda w: WithdrawalQuery(statuses=(WithdrawalStatus.FAILED,
                                             WithdrawalStatus.PROCESSING)),
         lambda w, q: w["status"] in {"failed", "processing"}),
        (lambda w: WithdrawalQuery(withdrawal_id=w["withdrawal_id"]),
         lambda w, q: w["withdrawal_id"] == q.withdrawal_id),
        (lambda w: WithdrawalQuery(tx_hash=w["tx_hash"].upper()),
         lambda w, q: (w["tx_hash"] or "").upper() == q.tx_hash),
        (lambda w: WithdrawalQuery(
            requested_from=datetime.fromisoformat(w["requested_at"]) - timedelta(hours=30),
            requested_until=datetime.fromisoformat(w["requested_at"])),
         lambda w, q: q.requested_from <= datetime.fromisoformat(w["requested_at"])
         <= q.requested_until),
        (lambda w: WithdrawalQuery(asset="USDT", statuses=(WithdrawalStatus.COMPLETED,)),
         lambda w, q: w["asset"] == "USDT" and w["status"] == "completed"),
    ],
    ids=["asset", "status", "statuses", "withdrawal-id", "tx-hash", "period",
         "asset-and-status"],
)
def test_withdrawals_apply_every_filter_of_the_query(
    backoffice: BackOffice, many: dict[str, Any], query: Any, keep: Any
) -> None:
    sample = next(w for w in many["withdrawals"][5:] if w["tx_hash"])
    wanted = query(sample)
    listed = backoffice.withdrawals(found(backoffice, many), wanted)
    truth = {**many, "withdrawals": [w for w in many["withdrawals"] if keep(w, wanted)]}
    assert listed == expected_withdrawals(truth)
    assert listed


def test_a_filter_that_matches_nothing_gives_an_empty_list(
    backoffice: BackOffice, many: dict[str, Any]
) -> None:
    query = WithdrawalQuery(withdrawal_id="WD0001010001")
    assert backoffice.withdrawals(found(backoffice, many), query) == []


@pytest.mark.parametrize(
    ("asset", "networks"),
    [("ETH", ["ETH"]), ("usdt", ["TRC20"]), ("XRP", ["XRP"]), ("BTC", []), ("JPY", [])],
)
def test_network_notices_are_the_current_and_announced_ones_of_the_asset(
    backoffice: BackOffice, sandbox: RunningSandbox, asset: str, networks: list[str]
) -> None:
    now = datetime.now().astimezone()
    truth = [n for n in sandbox.notices() if n["asset"] == asset.upper()
             and (n["ends_at"] is None or datetime.fromisoformat(n["ends_at"]) > now)]
    notices = backoffice.network_notices(asset)
    assert notices == expected_notices(truth)
    assert [n.network for n in notices] == networks


def test_the_fee_schedule_matches_the_published_one(
    backoffice: BackOffice, sandbox: RunningSandbox
) -> None:
    assert backoffice.fee_schedule() == expected_schedule(sandbox.fee_schedule())


@pytest.mark.parametrize(
    "scenario",
    ["charges:none", "charges:trade-match", "charges:withdrawal-mismatch",
     "charges:deposit-match", "charges:deposit-mismatch"],
)
def test_fees_charged_match_the_truth(
    backoffice: BackOffice, sandbox: RunningSandbox, scenario: str
) -> None:
    truth = sandbox.customer(scenario=scenario)
    assert backoffice.fees_charged(found(backoffice, truth)) == expected_charges(truth)


def test_fees_charged_for_one_transaction_is_that_charge_alone(
    backoffice: BackOffice, sandbox: RunningSandbox
) -> None:
    truth = sandbox.customer(scenario="charges:trade-mismatch")
    last = truth["charges"][-1]
    charges = backoffice.fees_charged(
        found(backoffice, truth), transaction_id=last["transaction_id"].lower()
    )
    assert charges == expected_charges({"charges": [last]})
    assert backoffice.fees_charged(found(backoffice, truth), transaction_id="TX0001010001") == []


def test_the_screen_find_customer_opened_is_read_without_loading_it_again(
    shared_gateway: PlaywrightBackOffice, clean_sandbox: RunningSandbox
) -> None:
    truth = clean_sandbox.customer(scenario="events:email_change-recent")
    with shared_gateway.session() as backoffice:
        customer = found(backoffice, truth)
        backoffice.read_kyc(customer)
        backoffice.security_events(customer)
    assert len(clean_sandbox.actions("view_customer")) == 1


@pytest.fixture(scope="module")
def many(sandbox: RunningSandbox) -> dict[str, Any]:
    """A customer with at least three pages of withdrawals."""
    return next(
        c for c in sandbox.customers(scenario="withdrawals:many") if len(c["withdrawals"]) > 20
    )
