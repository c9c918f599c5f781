"""Failures are mapped into the domain's errors: busy (retry) or unexpected page (escalate)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from madoguchi.connectors.backoffice.errors import LoginRefused
from madoguchi.domain.errors import BackOfficeBusy, UnexpectedPage
from tests.connectors.backoffice.conftest import GatewayFactory
from tests.support.sandbox import RunningSandbox, log_in, running_sandbox

pytestmark = pytest.mark.services

PNG = b"\x89PNG\r\n\x1a\n"


def test_a_missing_element_is_an_unexpected_page_with_a_screenshot(
    make_gateway: GatewayFactory,
    clean_sandbox: RunningSandbox,
    broken_selectors: Callable[[str, str], Path],
) -> None:
    selectors = broken_selectors('kyc_status: "#kycStatus"', 'kyc_status: "#kycState"')
    gateway = make_gateway(clean_sandbox, selectors=selectors)
    truth = clean_sandbox.customer(kyc_status="approved")
    with gateway.session() as backoffice:
        customer = backoffice.find_customer(truth["email"])
        assert customer is not None
        with pytest.raises(UnexpectedPage) as failed:
            backoffice.read_kyc(customer)
    assert failed.value.screenshot is not None
    assert failed.value.screenshot.startswith(PNG)
    assert len(failed.value.screenshot) > 1000
    assert "KYC status" in str(failed.value)


def test_a_label_the_screens_file_does_not_know_is_an_unexpected_page(
    make_gateway: GatewayFactory,
    clean_sandbox: RunningSandbox,
    broken_selectors: Callable[[str, str], Path],
) -> None:
    gateway = make_gateway(
        clean_sandbox, selectors=broken_selectors("承認済み: approved", "承認: approved")
    )
    truth = clean_sandbox.customer(kyc_status="approved")
    with gateway.session() as backoffice:
        customer = backoffice.find_customer(truth["email"])
        assert customer is not None
        with pytest.raises(UnexpectedPage, match="label"):
            backoffice.read_kyc(customer)


def test_error_messages_carry_no_personal_data(
    make_gateway: GatewayFactory,
    clean_sandbox: RunningSandbox,
    broken_selectors: Callable[[str, str], Path],
) -> None:
    selectors = broken_selectors('name: "#custName"', 'name: "#customerName"')
    gateway = make_gateway(clean_sandbox, selectors=selectors)
    truth = clean_sandbox.customer(kyc_status="approved")
    with gateway.session() as backoffice, pytest.raises(UnexpectedPage) as failed:
        backoffice.find_customer(truth["email"])
    text = str(failed.value)
    for personal in (truth["email"], truth["name"], truth["customer_id"]):
        assert personal not in text


def test_a_stopped_back_office_is_busy(make_gateway: GatewayFactory) -> None:
    with running_sandbox(customers=10) as stopped:
        gateway = make_gateway(stopped)
    with gateway.session() as backoffice, pytest.raises(BackOfficeBusy):
        backoffice.find_customer("nobody.at.all@example.jp")


def test_a_page_slower_than_the_timeout_is_busy(
    make_gateway: GatewayFactory, clean_sandbox: RunningSandbox
) -> None:
    gateway = make_gateway(clean_sandbox, timeout_ms=500)
    clean_sandbox.set_faults(latency_ms=1500)
    started = time.monotonic()
    with gateway.session() as backoffice, pytest.raises(BackOfficeBusy):
        backoffice.find_customer("nobody.at.all@example.jp")
    # Retried within a budget of two timeouts, not once per attempt.
    assert time.monotonic() - started < 3


def test_a_little_latency_is_waited_for(
    make_gateway: GatewayFactory, clean_sandbox: RunningSandbox
) -> None:
    gateway = make_gateway(clean_sandbox)
    clean_sandbox.set_faults(latency_ms=200)
    with gateway.session() as backoffice:
        assert backoffice.find_customer("nobody.at.all@example.jp") is None


def test_refused_credentials_are_an_unexpected_page(
    make_gateway: GatewayFactory, clean_sandbox: RunningSandbox
) -> None:
    gateway = make_gateway(clean_sandbox, operator=("robot", "not-the-password"))
    with gateway.session() as backoffice, pytest.raises(LoginRefused) as refused:
        backoffice.find_customer("nobody.at.all@example.jp")
    assert isinstance(refused.value, UnexpectedPage)
    assert "not-the-password" not in str(refused.value)


def test_the_licence_cap_is_busy(make_gateway: GatewayFactory) -> None:
    with running_sandbox(customers=10, max_sessions=1) as full, httpx.Client(
        base_url=full.base_url
    ) as human:
        assert log_in(human, full.operator).status_code == 302
        gateway = make_gateway(full)
        with gateway.session() as backoffice, pytest.raises(BackOfficeBusy, match="licensed"):
            backoffice.find_customer("nobody.at.all@example.jp")
