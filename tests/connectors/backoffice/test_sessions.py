"""The browser and the operator login: lazy, reused, renewed, bounded, and cleaned up."""

from __future__ import annotations

import os
import signal
import time

import pytest

from madoguchi.connectors.backoffice import PlaywrightBackOffice
from madoguchi.domain.errors import BackOfficeBusy
from tests.connectors.backoffice.conftest import GatewayFactory
from tests.connectors.backoffice.processes import chromium_descendants
from tests.connectors.backoffice.truth import expected_kyc
from tests.support.sandbox import RunningSandbox

pytestmark = pytest.mark.services


def test_no_browser_starts_before_the_first_session(
    make_gateway: GatewayFactory, clean_sandbox: RunningSandbox
) -> None:
    before = set(chromium_descendants())
    make_gateway(clean_sandbox)
    assert set(chromium_descendants()) == before


def test_one_login_serves_several_sessions(
    gateway: PlaywrightBackOffice, clean_sandbox: RunningSandbox
) -> None:
    emails = [c["email"] for c in clean_sandbox.customers(kyc_status="approved")[:3]]
    for email in emails:
        with gateway.session() as backoffice:
            assert backoffice.find_customer(email) is not None
    assert len(clean_sandbox.actions("login")) == 1
    assert len(clean_sandbox.actions("search")) == 3
    assert len({entry["session_id"] for entry in clean_sandbox.actions()}) == 1


def test_an_expired_operator_session_is_renewed_and_the_step_redone(
    gateway: PlaywrightBackOffice, clean_sandbox: RunningSandbox
) -> None:
    truth = clean_sandbox.customer(kyc_status="in_review")
    with gateway.session() as backoffice:
        backoffice.find_customer(truth["email"])
    clean_sandbox.expire_sessions()
    with gateway.session() as backoffice:
        found = backoffice.find_customer(truth["email"])
    assert found is not None
    assert found.customer_id == truth["customer_id"]
    assert len(clean_sandbox.actions("login")) == 2
    assert len(clean_sandbox.actions("search")) == 2


def test_read_kyc_reads_the_customer_screen_find_customer_just_opened(
    gateway: PlaywrightBackOffice, clean_sandbox: RunningSandbox
) -> None:
    truth = clean_sandbox.customer(kyc_status="approved")
    with gateway.session() as backoffice:
        customer = backoffice.find_customer(truth["email"])
        assert customer is not None
        backoffice.read_kyc(customer)
    assert len(clean_sandbox.actions("view_customer")) == 1


def test_read_kyc_after_an_expiry_logs_in_again(
    gateway: PlaywrightBackOffice, clean_sandbox: RunningSandbox
) -> None:
    truth = clean_sandbox.customer(kyc_status="approved")
    with gateway.session() as backoffice:
        customer = backoffice.find_customer(truth["email"])
    assert customer is not None
    clean_sandbox.expire_sessions()
    with gateway.session() as backoffice:
        assert backoffice.read_kyc(customer) == expected_kyc(truth)
    assert len(clean_sandbox.actions("login")) == 2
    assert len(clean_sandbox.actions("view_customer")) == 2


def test_a_gateway_holds_at_most_max_sessions_at_once(
    make_gateway: GatewayFactory, clean_sandbox: RunningSandbox
) -> None:
    gateway = make_gateway(clean_sandbox, max_sessions=1)
    with gateway.session(), pytest.raises(BackOfficeBusy), gateway.session():
        pass


def test_close_leaves_no_chromium_process(
    make_gateway: GatewayFactory, clean_sandbox: RunningSandbox
) -> None:
    before = set(chromium_descendants())
    gateway = make_gateway(clean_sandbox)
    with gateway.session() as backoffice:
        backoffice.find_customer("nobody.at.all@example.jp")
    assert set(chromium_descendants()) - before
    gateway.close()
    assert set(chromium_descendants()) - before == set()


def test_a_killed_browser_fails_the_call_and_is_relaunched_for_the_next_session(
    gateway: PlaywrightBackOffice, clean_sandbox: RunningSandbox
) -> None:
    truth = clean_sandbox.customer(kyc_status="approved")
    with gateway.session() as backoffice:
        backoffice.find_customer(truth["email"])
        for pid in chromium_descendants():
            os.kill(pid, signal.SIGKILL)
        started = time.monotonic()
        with pytest.raises(BackOfficeBusy):
            backoffice.find_customer(truth["email"])
        assert time.monotonic() - started < 5  # failed at once, not after the 10 s timeout
    with gateway.session() as backoffice:
        assert backoffice.find_customer(truth["email"]) is not None
