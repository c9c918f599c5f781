"""decide(): ignore machines, escalate doubt, run a routine only when every check passes."""

from __future__ import annotations

from typing import Any

import pytest

from madoguchi.domain.mail import Language, Message
from madoguchi.domain.understanding import Action, Automated, AutomatedKind, Intent, Triage
from madoguchi.rules import RoutineSpec, Rulebook, decide, load_rulebook


@pytest.fixture(scope="module")
def rulebook() -> Rulebook:
    return load_rulebook()


MESSAGE_FIELDS = {"sender", "language", "authenticated", "authentication"}


def triage(**changes: Any) -> Triage:
    """An authenticated, confident Japanese KYC question, with ``changes`` applied to the
    message (sender, language, authenticated, authentication) or the triage."""
    message = Message(
        message_id="<q@example.jp>",
        sender="taro@example.jp",
        language=Language.JA,
        authenticated=True,
        authentication="dmarc=pass",
    )
    message = message.model_copy(update={k: v for k, v in changes.items() if k in MESSAGE_FIELDS})
    fields = {"intent": Intent.KYC_STATUS, "confidence": 0.92}
    fields |= {k: v for k, v in changes.items() if k not in MESSAGE_FIELDS}
    return Triage(message=message, **fields)


def with_routine(rulebook: Rulebook, name: str, **settings: Any) -> Rulebook:
    routines = {**rulebook.routines, name: RoutineSpec(**settings)}
    return rulebook.model_copy(update={"routines": routines})


def test_a_clear_authenticated_kyc_question_runs_the_routine(rulebook: Rulebook) -> None:
    decision = decide(triage(), rulebook)

    assert decision.action is Action.ROUTINE
    assert decision.routine == "kyc_status"
    assert decision.reason == "intent kyc_status (0.92); sender: dmarc=pass"
    assert decision.rule_id == "routine_requests"


def test_every_decision_carries_the_rulebook_version(rulebook: Rulebook) -> None:
    decisions = [decide(triage(), rulebook), decide(triage(intent=Intent.OTHER), rulebook)]

    assert {d.rulebook_version for d in decisions} == {rulebook.version}


def test_automated_mail_is_ignored(rulebook: Rulebook) -> None:
    automated = Automated(kind=AutomatedKind.BOUNCE, reason="Return-Path: <> (null sender)")

    decision = decide(triage(automated=automated), rulebook)

    assert decision.action is Action.IGNORE
    assert decision.reason == "automated mail (bounce): Return-Path: <> (null sender)"
    assert decision.routine is None


def test_automated_mail_is_ignored_even_with_signals(rulebook: Rulebook) -> None:
    automated = Automated(kind=AutomatedKind.AUTO_REPLY, reason="Auto-Submitted: auto-replied")

    decision = decide(triage(automated=automated, signals=("legal_threat",)), rulebook)

    assert decision.action is Action.IGNORE


def test_a_signal_escalates_to_its_queue(rulebook: Rulebook) -> None:
    decision = decide(triage(signals=("account_compromise",)), rulebook)

    assert decision.action is Action.ESCALATE
    assert decision.reason == "signal: account_compromise"
    assert (decision.queue, decision.priority) == ("security", "high")


def test_several_signals_escalate_to_the_most_urgent_queue(rulebook: Rulebook) -> None:
    decision = decide(triage(signals=("refund_demand", "credential_change")), rulebook)

    assert decision.reason == "signal: refund_demand, credential_change"
    assert (decision.queue, decision.priority) == ("security", "high")


def test_an_unrouted_signal_escalates_to_the_default_queue(rulebook: Rulebook) -> None:
    decision = decide(triage(signals=("something_new",)), rulebook)

    assert decision.action is Action.ESCALATE
    assert (decision.queue, decision.priority) == ("support", "normal")


def test_mail_without_a_sender_is_escalated(rulebook: Rulebook) -> None:
    decision = decide(triage(sender=""), rulebook)

    assert (decision.action, decision.reason) == (Action.ESCALATE, "no sender address to answer")


def test_an_unknown_language_is_escalated(rulebook: Rulebook) -> None:
    decision = decide(triage(language=Language.OTHER), rulebook)

    assert (decision.action, decision.reason) == (
        Action.ESCALATE,
        "language other is not served",
    )


def test_a_language_the_rulebook_does_not_serve_is_escalated(rulebook: Rulebook) -> None:
    japanese_only = rulebook.model_copy(update={"languages": ("ja",)})

    decision = decide(triage(language=Language.EN), japanese_only)

    assert (decision.action, decision.reason) == (Action.ESCALATE, "language en is not served")


def test_intent_other_is_escalated(rulebook: Rulebook) -> None:
    decision = decide(triage(intent=Intent.OTHER, confidence=0.0), rulebook)

    assert (decision.action, decision.reason) == (Action.ESCALATE, "intent other")
    assert decision.rule_id == "other_requests"


def test_a_switched_off_routine_is_escalated(rulebook: Rulebook) -> None:
    switched_off = with_routine(rulebook, "password_reset", enabled=False, min_confidence=0.75)

    decision = decide(triage(intent=Intent.PASSWORD_RESET), switched_off)

    assert (decision.action, decision.reason) == (
        Action.ESCALATE,
        "routine password_reset is switched off",
    )


def test_an_unlisted_routine_is_escalated(rulebook: Rulebook) -> None:
    routines = {k: v for k, v in rulebook.routines.items() if k != "fee_explanation"}
    without_fees = rulebook.model_copy(update={"routines": routines})

    decision = decide(triage(intent=Intent.FEE_EXPLANATION), without_fees)

    assert decision.reason == "no routine is configured for intent fee_explanation"


def test_an_unauthenticated_sender_is_escalated(rulebook: Rulebook) -> None:
    decision = decide(triage(authenticated=False, authentication="dmarc=fail"), rulebook)

    assert (decision.action, decision.reason) == (
        Action.ESCALATE,
        "sender not authenticated: dmarc=fail",
    )


def test_a_routine_may_waive_authentication(rulebook: Rulebook) -> None:
    lenient = with_routine(
        rulebook, "kyc_status", enabled=True, min_confidence=0.6, require_authenticated=False
    )

    decision = decide(triage(authenticated=False, authentication="dmarc=fail"), lenient)

    assert decision.action is Action.ROUTINE


def test_low_confidence_is_escalated(rulebook: Rulebook) -> None:
    threshold = rulebook.routine("kyc_status").min_confidence
    decision = decide(triage(confidence=0.41), rulebook)

    assert (decision.action, decision.reason) == (
        Action.ESCALATE, f"confidence 0.41 below {threshold}",
    )


def test_confidence_exactly_at_the_threshold_runs_the_routine(rulebook: Rulebook) -> None:
    threshold = rulebook.routine("kyc_status").min_confidence
    assert decide(triage(confidence=threshold), rulebook).action is Action.ROUTINE


def test_a_routine_listed_with_defaults_fails_closed(rulebook: Rulebook) -> None:
    bare = with_routine(rulebook, "kyc_status")

    decision = decide(triage(), bare)

    assert decision.reason == "routine kyc_status is switched off"


@pytest.mark.parametrize(
    ("intent", "threshold"),
    [
        (Intent.KYC_STATUS, 0.75),
        (Intent.PASSWORD_RESET, 0.8),
        (Intent.WITHDRAWAL_DELAY, 0.7),
        (Intent.FEE_EXPLANATION, 0.7),
    ],
)
def test_the_default_runs_each_routine_from_its_confidence_threshold(
    rulebook: Rulebook, intent: Intent, threshold: float
) -> None:
    at = decide(triage(intent=intent, confidence=threshold), rulebook)
    below = decide(triage(intent=intent, confidence=threshold - 0.01), rulebook)

    assert (at.action, at.routine) == (Action.ROUTINE, intent.value)
    assert below.action is Action.ESCALATE


@pytest.mark.parametrize(
    "intent",
    [Intent.PASSWORD_RESET, Intent.WITHDRAWAL_DELAY, Intent.FEE_EXPLANATION, Intent.KYC_STATUS],
)
def test_the_default_never_runs_a_routine_for_an_unauthenticated_sender(
    rulebook: Rulebook, intent: Intent
) -> None:
    decision = decide(triage(intent=intent, authenticated=False, authentication="none"), rulebook)

    assert decision.action is Action.ESCALATE
