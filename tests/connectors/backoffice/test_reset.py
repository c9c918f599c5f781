"""send_password_reset: reads "last sent" first, presses once, and never twice (F14)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from madoguchi.connectors.backoffice import PlaywrightBackOffice
from madoguchi.domain.backoffice import Customer, ResetMail
from madoguchi.domain.errors import ConfigurationError
from madoguchi.domain.ports import BackOffice
from tests.connectors.backoffice.conftest import GatewayFactory
from tests.support.sandbox import RunningSandbox

pytestmark = pytest.mark.services

WINDOW = timedelta(minutes=15)


def found(backoffice: BackOffice, truth: dict[str, Any]) -> Customer:
    customer = backoffice.find_customer(truth["email"])
    assert customer is not None
    return customer


def sends(sandbox: RunningSandbox) -> list[dict[str, Any]]:
    return sandbox.actions("send_password_reset")


def assert_sent_now(result: ResetMail) -> None:
    assert result.sent
    assert result.last_sent_at is not None
    assert abs(datetime.now().astimezone() - result.last_sent_at) < timedelta(minutes=2)


@pytest.mark.parametrize("scenario", ["events:quiet", "events:reset-old"])
def test_a_reset_is_sent_when_none_went_out_within_the_window(
    gateway: PlaywrightBackOffice, clean_sandbox: RunningSandbox, scenario: str
) -> None:
    truth = clean_sandbox.customer(scenario=scenario)
    with gateway.session() as backoffice:
        result = backoffice.send_password_reset(found(backoffice, truth), not_within=WINDOW)
    assert_sent_now(result)
    [sent] = sends(clean_sandbox)
    assert sent["customer_id"] == truth["customer_id"]
    after = clean_sandbox.customers(email=truth["email"])[0]
    assert after["events"][0]["kind"] == "password_reset_sent"


def test_a_reset_sent_minutes_ago_is_not_sent_again(
    gateway: PlaywrightBackOffice, clean_sandbox: RunningSandbox
) -> None:
    truth = clean_sandbox.customer(scenario="events:reset-minutes-ago")
    # An hour, not the routine's 15 minutes: the shared sandbox may have started a while ago.
    with gateway.session() as backoffice:
        result = backoffice.send_password_reset(
            found(backoffice, truth), not_within=timedelta(hours=1)
        )
    last = datetime.fromisoformat(truth["last_password_reset_at"])
    assert result == ResetMail(sent=False, last_sent_at=last)
    assert sends(clean_sandbox) == []


def test_a_reset_minutes_ago_is_sent_again_when_the_window_is_shorter(
    gateway: PlaywrightBackOffice, clean_sandbox: RunningSandbox
) -> None:
    truth = clean_sandbox.customer(scenario="events:reset-minutes-ago")
    with gateway.session() as backoffice:
        result = backoffice.send_password_reset(
            found(backoffice, truth), not_within=timedelta(minutes=1)
        )
    assert_sent_now(result)
    assert len(sends(clean_sandbox)) == 1


def test_asking_twice_sends_once(
    gateway: PlaywrightBackOffice, clean_sandbox: RunningSandbox
) -> None:
    truth = clean_sandbox.customer(scenario="events:quiet")
    with gateway.session() as backoffice:
        customer = found(backoffice, truth)
        first = backoffice.send_password_reset(customer, not_within=WINDOW)
    with gateway.session() as backoffice:
        again = backoffice.send_password_reset(customer, not_within=WINDOW)
    assert again == ResetMail(sent=False, last_sent_at=first.last_sent_at)
    assert len(sends(clean_sandbox)) == 1


def test_a_submit_that_times_out_after_it_went_through_is_not_pressed_again(
    make_gateway: GatewayFactory, clean_sandbox: RunningSandbox
) -> None:
    gateway = make_gateway(clean_sandbox, timeout_ms=1000)
    truth = clean_sandbox.customer(scenario="events:quiet")
    with gateway.session() as backoffice:
        customer = found(backoffice, truth)
        clean_sandbox.set_faults(reset_delay_ms=2500)
        result = backoffice.send_password_reset(customer, not_within=WINDOW)
    assert_sent_now(result)
    assert len(sends(clean_sandbox)) == 1


def test_a_busy_back_office_still_sends_exactly_once(
    gateway: PlaywrightBackOffice, clean_sandbox: RunningSandbox
) -> None:
    truth = clean_sandbox.customer(scenario="events:quiet")
    with gateway.session() as backoffice:
        customer = found(backoffice, truth)
        clean_sandbox.set_faults(busy_rate=0.5, busy_seed=3)
        result = backoffice.send_password_reset(customer, not_within=WINDOW)
    assert_sent_now(result)
    assert len(sends(clean_sandbox)) == 1
    assert clean_sandbox.busy_served() > 0


def test_a_session_expired_before_the_reset_logs_in_again_and_sends_once(
    gateway: PlaywrightBackOffice, clean_sandbox: RunningSandbox
) -> None:
    truth = clean_sandbox.customer(scenario="events:quiet")
    with gateway.session() as backoffice:
        customer = found(backoffice, truth)
        clean_sandbox.expire_sessions()
        result = backoffice.send_password_reset(customer, not_within=WINDOW)
    assert_sent_now(result)
    assert len(sends(clean_sandbox)) == 1
    assert len(clean_sandbox.actions("login")) == 2


def test_a_window_shorter_than_the_screen_shows_is_refused(
    gateway: PlaywrightBackOffice, clean_sandbox: RunningSandbox
) -> None:
    truth = clean_sandbox.customer(scenario="events:quiet")
    with gateway.session() as backoffice:
        customer = found(backoffice, truth)
        with pytest.raises(ConfigurationError):
            backoffice.send_password_reset(customer, not_within=timedelta(seconds=30))
    assert sends(clean_sandbox) == []
