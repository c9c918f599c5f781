"""Trouble in the back office: busy pages, outages, expiry mid-case, a new layout, probing."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest

from madoguchi.connectors.backoffice import SELECTORS_V2, PlaywrightBackOffice
from madoguchi.domain.backoffice import Customer, WithdrawalQuery
from madoguchi.domain.errors import BackOfficeBusy, UnexpectedPage
from madoguchi.domain.ports import BackOffice
from tests.connectors.backoffice.conftest import GatewayFactory
from tests.connectors.backoffice.truth import (
    expected_charges,
    expected_customer,
    expected_events,
    expected_kyc,
    expected_schedule,
    expected_withdrawals,
)
from tests.support.sandbox import RunningSandbox, running_sandbox

pytestmark = pytest.mark.services


def many(sandbox: RunningSandbox) -> dict[str, Any]:
    return next(
        c for c in sandbox.customers(scenario="withdrawals:many") if len(c["withdrawals"]) > 20
    )


def read_everything(backoffice: BackOffice, truth: dict[str, Any]) -> Customer:
    """Every reading verb on ``truth``'s customer, each checked against the truth."""
    customer = backoffice.find_customer(truth["email"])
    assert customer == expected_customer(truth)
    assert backoffice.read_kyc(customer) == expected_kyc(truth)
    assert backoffice.security_events(customer) == expected_events(truth)
    assert backoffice.withdrawals(customer, WithdrawalQuery()) == expected_withdrawals(truth)
    assert backoffice.fees_charged(customer) == expected_charges(truth)
    assert backoffice.network_notices("ETH")
    return customer


def test_every_call_completes_with_thirty_percent_of_pages_busy(
    gateway: PlaywrightBackOffice, clean_sandbox: RunningSandbox
) -> None:
    truth = many(clean_sandbox)
    schedule = clean_sandbox.fee_schedule()
    clean_sandbox.set_faults(busy_rate=0.3, busy_seed=7)
    for _ in range(3):
        with gateway.session() as backoffice:
            read_everything(backoffice, truth)
            assert backoffice.fee_schedule() == expected_schedule(schedule)
    assert 0.15 < clean_sandbox.busy_served() / clean_sandbox.pages_served() < 0.45


def test_an_outage_is_busy_quickly_and_work_resumes_when_it_ends(
    gateway: PlaywrightBackOffice, clean_sandbox: RunningSandbox
) -> None:
    truth = many(clean_sandbox)
    with gateway.session() as backoffice:
        backoffice.find_customer(truth["email"])
    clean_sandbox.set_faults(outage=True)
    started = time.monotonic()
    with gateway.session() as backoffice, pytest.raises(BackOfficeBusy, match="502"):
        backoffice.find_customer(truth["email"])
    assert time.monotonic() - started < 3
    clean_sandbox.set_faults(outage=False)
    with gateway.session() as backoffice:
        assert backoffice.find_customer(truth["email"]) == expected_customer(truth)


def test_a_session_that_expires_between_two_verbs_of_a_case_goes_on(
    gateway: PlaywrightBackOffice, clean_sandbox: RunningSandbox
) -> None:
    truth = many(clean_sandbox)
    with gateway.session() as backoffice:
        customer = backoffice.find_customer(truth["email"])
        assert customer is not None
        clean_sandbox.expire_sessions()
        listed = backoffice.withdrawals(customer, WithdrawalQuery())
        clean_sandbox.expire_sessions()
        events = backoffice.security_events(customer)
    assert listed == expected_withdrawals(truth)
    assert events == expected_events(truth)
    assert len(clean_sandbox.actions("login")) == 3


def test_layout_two_breaks_the_layout_one_selectors_with_an_unexpected_page(
    gateway: PlaywrightBackOffice, clean_sandbox: RunningSandbox
) -> None:
    truth = many(clean_sandbox)
    clean_sandbox.set_faults(layout=2)
    with gateway.session() as backoffice, pytest.raises(UnexpectedPage) as failed:
        backoffice.find_customer(truth["email"])
    assert failed.value.screenshot


def test_layout_two_works_with_the_v2_selectors_file_alone(
    make_gateway: GatewayFactory, clean_sandbox: RunningSandbox
) -> None:
    truth = many(clean_sandbox)
    schedule = clean_sandbox.fee_schedule()
    clean_sandbox.set_faults(layout=2)
    gateway = make_gateway(clean_sandbox, selectors=SELECTORS_V2)
    with gateway.session() as backoffice:
        read_everything(backoffice, truth)
        assert backoffice.fee_schedule() == expected_schedule(schedule)
        quiet = clean_sandbox.customer(scenario="events:quiet")
        result = backoffice.send_password_reset(
            backoffice.find_customer(quiet["email"]) or pytest.fail("not found"),
            not_within=timedelta(minutes=15),
        )
    assert result.sent
    assert len(clean_sandbox.actions("send_password_reset")) == 1


def test_probe_passes_on_a_healthy_back_office_without_logging_in(
    gateway: PlaywrightBackOffice, clean_sandbox: RunningSandbox
) -> None:
    gateway.probe()
    assert clean_sandbox.actions() == []
    assert clean_sandbox.live_sessions() >= 0


@pytest.mark.parametrize(
    "faults", [{"outage": True}, {"busy_rate": 1.0}], ids=["outage", "busy"]
)
def test_probe_is_busy_when_the_back_office_does_not_answer_properly(
    gateway: PlaywrightBackOffice, clean_sandbox: RunningSandbox, faults: dict[str, Any]
) -> None:
    clean_sandbox.set_faults(**faults)
    with pytest.raises(BackOfficeBusy):
        gateway.probe()


def test_probe_is_busy_when_the_back_office_is_gone(make_gateway: GatewayFactory) -> None:
    with running_sandbox(customers=10) as stopped:
        gateway = make_gateway(stopped)
    with pytest.raises(BackOfficeBusy):
        gateway.probe()


def test_probe_is_busy_when_the_back_office_is_too_slow(
    make_gateway: GatewayFactory, clean_sandbox: RunningSandbox
) -> None:
    gateway = make_gateway(clean_sandbox, timeout_ms=300)
    clean_sandbox.set_faults(latency_ms=1000)
    with pytest.raises(BackOfficeBusy, match="timed out"):
        gateway.probe()


def test_timings_are_kept_per_verb(
    gateway: PlaywrightBackOffice, clean_sandbox: RunningSandbox
) -> None:
    truth = many(clean_sandbox)
    with gateway.session() as backoffice:
        read_everything(backoffice, truth)
    timings = gateway.timings.snapshot()
    assert set(timings) >= {"login", "find_customer", "read_kyc", "withdrawals"}
    assert all(t["count"] >= 1 and t["max_ms"] >= t["mean_ms"] > 0 for t in timings.values())

