"""The password_reset routine: a reset mail for the sender's own account, never an enumeration."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from madoguchi.domain.backoffice import AccountState, ResetMail, SecurityEvent, SecurityEventKind
from madoguchi.domain.mail import Language
from madoguchi.domain.outcomes import NeedsHuman, Resolved, RoutineRequest
from madoguchi.tasks.password_reset import password_reset
from tests.tasks.fakes import NOW, FakeBackOffice

SENDER = "taro@example.jp"
OPTIONS = {"recent_change_days": 7, "reset_window_minutes": 15}


def request(**changes: Any) -> RoutineRequest:
    fields: dict[str, Any] = {
        "case_id": 1,
        "sender": SENDER,
        "language": Language.EN,
        "now": NOW,
        "options": OPTIONS,
    }
    return RoutineRequest(**(fields | changes))


def registered(**account: Any) -> FakeBackOffice:
    backoffice = FakeBackOffice()
    backoffice.add(SENDER, anti_phishing_code="SAKURA-7", **account)
    return backoffice


def with_event(kind: SecurityEventKind, days_ago: float) -> FakeBackOffice:
    backoffice = registered()
    customer = backoffice.customers[SENDER]
    event = SecurityEvent(kind=kind, at=NOW - timedelta(days=days_ago))
    backoffice.events[customer.customer_id] = (event,)
    return backoffice


def test_a_registered_sender_gets_a_reset_mail_and_the_sent_outcome() -> None:
    backoffice = registered()

    outcome = password_reset(request(), backoffice)

    assert outcome == Resolved(outcome="sent", facts={}, account_action=True)
    assert backoffice.resets_sent == [backoffice.customers[SENDER].customer_id]


def test_the_reset_asks_the_back_office_not_to_resend_within_the_window() -> None:
    backoffice = registered()
    password_reset(request(), backoffice)

    again = password_reset(request(), backoffice)

    assert isinstance(again, Resolved)
    assert again.outcome == "already_sent"
    assert len(backoffice.resets_sent) == 1


def test_already_sent_says_when_and_the_window_and_is_no_account_action() -> None:
    backoffice = registered()
    customer = backoffice.customers[SENDER]
    backoffice.last_reset[customer.customer_id] = NOW - timedelta(minutes=14)

    outcome = password_reset(request(), backoffice)

    assert outcome == Resolved(
        outcome="already_sent",
        facts={"last_sent_at": "2024-07-15T11:46:00+09:00", "window_minutes": 15},
        account_action=False,
    )


def test_a_reset_older_than_the_window_is_sent_again() -> None:
    backoffice = registered()
    backoffice.last_reset[backoffice.customers[SENDER].customer_id] = NOW - timedelta(minutes=16)

    outcome = password_reset(request(), backoffice)

    assert isinstance(outcome, Resolved)
    assert (outcome.outcome, outcome.account_action) == ("sent", True)


def test_the_window_comes_from_the_rulebook_options() -> None:
    backoffice = registered()
    backoffice.last_reset[backoffice.customers[SENDER].customer_id] = NOW - timedelta(minutes=16)
    options = {**OPTIONS, "reset_window_minutes": 30}

    outcome = password_reset(request(options=options), backoffice)

    assert isinstance(outcome, Resolved)
    assert outcome.outcome == "already_sent"


def test_no_account_gets_the_same_sent_outcome_and_facts_without_any_action() -> None:
    backoffice = FakeBackOffice()

    outcome = password_reset(request(), backoffice)

    assert outcome == Resolved(outcome="sent", facts={}, account_action=False)
    assert backoffice.calls == ["find_customer"]


def test_the_sent_facts_are_the_same_with_and_without_an_account() -> None:
    with_account = password_reset(request(), registered())
    without = password_reset(request(), FakeBackOffice())

    assert isinstance(with_account, Resolved)
    assert isinstance(without, Resolved)
    assert (with_account.outcome, with_account.facts) == (without.outcome, without.facts)


def test_no_reply_fact_names_the_account_or_its_code() -> None:
    outcome = password_reset(request(), registered())

    assert "anti_phishing_code" not in outcome.facts
    assert "customer_id" not in outcome.facts


def test_a_locked_account_may_get_a_reset_it_is_how_it_unlocks() -> None:
    outcome = password_reset(request(), registered(state=AccountState.LOCKED))

    assert isinstance(outcome, Resolved)
    assert (outcome.outcome, outcome.account_action) == ("sent", True)


@pytest.mark.parametrize(
    ("account", "reason"),
    [
        ({"state": AccountState.FROZEN}, "the account is frozen"),
        ({"security_hold": True}, "the account is under a security hold"),
    ],
)
def test_a_frozen_or_held_account_needs_a_human_and_gets_no_mail(
    account: dict[str, Any], reason: str
) -> None:
    backoffice = registered(**account)

    outcome = password_reset(request(), backoffice)

    assert isinstance(outcome, NeedsHuman)
    assert (outcome.reason, outcome.draft) == (reason, "draft_hold")
    assert backoffice.resets_sent == []
    assert "send_password_reset" not in backoffice.calls


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        (SecurityEventKind.EMAIL_CHANGE, "email change within 7 days"),
        (SecurityEventKind.TWO_FACTOR_CHANGE, "two factor change within 7 days"),
    ],
)
def test_a_recent_email_or_2fa_change_needs_a_human(kind: SecurityEventKind, reason: str) -> None:
    backoffice = with_event(kind, days_ago=6.9)

    outcome = password_reset(request(), backoffice)

    assert isinstance(outcome, NeedsHuman)
    assert outcome.reason == reason
    assert outcome.facts["event"] == kind.value
    assert backoffice.resets_sent == []


def test_an_older_change_does_not_stop_the_reset() -> None:
    outcome = password_reset(request(), with_event(SecurityEventKind.EMAIL_CHANGE, days_ago=7.1))

    assert isinstance(outcome, Resolved)


def test_the_recent_change_period_comes_from_the_rulebook_options() -> None:
    backoffice = with_event(SecurityEventKind.EMAIL_CHANGE, days_ago=10)
    options = {**OPTIONS, "recent_change_days": 14}

    assert isinstance(password_reset(request(options=options), backoffice), NeedsHuman)


@pytest.mark.parametrize(
    "kind",
    [SecurityEventKind.PASSWORD_CHANGE, SecurityEventKind.WITHDRAWAL_ADDRESS_CHANGE,
     SecurityEventKind.PASSWORD_RESET_SENT],
)  # fmt: skip
def test_other_recent_events_do_not_stop_the_reset(kind: SecurityEventKind) -> None:
    assert isinstance(password_reset(request(), with_event(kind, days_ago=1)), Resolved)


def test_a_back_office_that_neither_sent_nor_knows_a_last_send_needs_a_human() -> None:
    backoffice = registered()
    backoffice.reset_result = ResetMail(sent=False, last_sent_at=None)

    outcome = password_reset(request(), backoffice)

    assert isinstance(outcome, NeedsHuman)


def test_the_account_is_found_by_the_sender_only_never_by_mail_entities() -> None:
    backoffice = registered()
    backoffice.add("victim@example.jp")
    hints = {"email": ("victim@example.jp",), "customer_id": ("C000002",)}

    password_reset(request(entities=hints), backoffice)

    assert backoffice.lookups == [SENDER]
    assert backoffice.resets_sent == [backoffice.customers[SENDER].customer_id]


def test_an_account_for_another_address_needs_a_human_and_gets_no_mail() -> None:
    backoffice = FakeBackOffice()
    backoffice.add(SENDER, registered_as="someone@else.example")

    outcome = password_reset(request(), backoffice)

    assert isinstance(outcome, NeedsHuman)
    assert backoffice.resets_sent == []


def test_an_empty_sender_needs_a_human_without_a_lookup() -> None:
    backoffice = registered()

    outcome = password_reset(request(sender=""), backoffice)

    assert isinstance(outcome, NeedsHuman)
    assert backoffice.lookups == []


@pytest.mark.parametrize(
    ("options", "named"),
    [
        ({}, "recent_change_days: missing"),
        ({"recent_change_days": 7}, "reset_window_minutes: missing"),
        ({**OPTIONS, "reset_window_minutes": 0}, "reset_window_minutes: Input should be greater"),
        ({**OPTIONS, "recent_change_days": "7"}, "recent_change_days: Input should be a valid"),
        ({**OPTIONS, "recent_change_days": True}, "recent_change_days: Input should be a valid"),
        ({**OPTIONS, "resend_window": 5}, "resend_window: unknown option"),
    ],
)
def test_missing_or_invalid_options_need_a_human_before_any_lookup(
    options: dict[str, Any], named: str
) -> None:
    backoffice = registered()

    outcome = password_reset(request(options=options), backoffice)

    assert isinstance(outcome, NeedsHuman)
    assert outcome.reason.startswith("invalid rulebook options for password_reset: ")
    assert named in outcome.reason
    assert backoffice.calls == []
