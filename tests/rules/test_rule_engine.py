"""decide() with rules: the first matching rule decides, behind checks no rule can undo."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from madoguchi.domain.mail import Language, Message
from madoguchi.domain.understanding import Action, Automated, AutomatedKind, Intent, Triage
from madoguchi.rules import Rulebook, decide, load_rulebook
from madoguchi.rules.schema import RuleSpec

# A weekday evening and a weekday morning, in Japan (business hours 09:00-18:00).
EVENING = datetime.fromisoformat("2026-11-30T21:30:00+09:00")
MORNING = datetime.fromisoformat("2026-11-30T10:00:00+09:00")
HOLIDAY_MORNING = datetime.fromisoformat("2026-11-23T10:00:00+09:00")


@pytest.fixture(scope="module")
def rulebook() -> Rulebook:
    return load_rulebook()


def triage(**changes: Any) -> Triage:
    """An authenticated, confident English withdrawal question naming BTC."""
    message = Message(
        message_id="<q@example.com>", sender="jane@example.com", language=Language.EN,
        authenticated=True, authentication="dmarc=pass", subject="Withdrawal still pending",
    )  # fmt: skip
    fields = {
        "message": message, "intent": Intent.WITHDRAWAL_DELAY, "confidence": 0.9,
        "entities": {"asset": ("BTC",)},
    }  # fmt: skip
    return Triage(**(fields | changes))


def with_rules(rulebook: Rulebook, *rules: dict[str, Any]) -> Rulebook:
    """``rulebook`` with ``rules`` in front of its own."""
    added = tuple(RuleSpec.model_validate(rule) for rule in rules)
    return rulebook.model_copy(update={"rules": added + rulebook.rules})


NIGHT_RULE = {
    "id": "night", "when": {"field": "now.business_hours", "eq": False},
    "escalate": {"reason": "closed at {now.hour}h", "sla_hours": 12},
}  # fmt: skip


def test_the_first_matching_rule_decides(rulebook: Rulebook) -> None:
    first = {"id": "first", "when": {"field": "triage.intent", "eq": "withdrawal_delay"},
             "escalate": {"reason": "first"}}  # fmt: skip
    second = {"id": "second", "escalate": {"reason": "second"}}

    decision = decide(triage(), with_rules(rulebook, first, second))

    assert (decision.rule_id, decision.reason) == ("first", "first")


def test_a_rule_that_does_not_match_lets_the_next_one_decide(rulebook: Rulebook) -> None:
    skipped = {"id": "kyc_only", "when": {"field": "triage.intent", "eq": "kyc_status"},
               "escalate": {"reason": "kyc"}}  # fmt: skip

    decision = decide(triage(), with_rules(rulebook, skipped))

    assert (decision.action, decision.rule_id) == (Action.ROUTINE, "routine_requests")


def test_without_a_matching_rule_the_mail_goes_to_a_human(rulebook: Rulebook) -> None:
    decision = decide(triage(), rulebook.model_copy(update={"rules": ()}))

    assert (decision.action, decision.rule_id) == (Action.ESCALATE, "default.no_rule")
    assert (decision.queue, decision.reason) == ("support", "no rule matched")


def test_an_escalating_rule_sets_queue_priority_and_sla(rulebook: Rulebook) -> None:
    reason = "BTC about {triage.intent} ({triage.entities.asset})"
    rule = {"id": "big_btc", "when": {"field": "triage.entities.asset", "eq": "BTC"},
            "escalate": {"queue": "security", "priority": "urgent", "sla_hours": 1,
                         "reason": reason}}  # fmt: skip

    decision = decide(triage(), with_rules(rulebook, rule))

    assert (decision.action, decision.queue, decision.priority, decision.sla_hours) == (
        Action.ESCALATE, "security", "urgent", 1.0,
    )  # fmt: skip
    assert decision.reason == "BTC about withdrawal_delay (BTC)"


def test_an_escalation_takes_its_queues_priority_and_sla_by_default(rulebook: Rulebook) -> None:
    rule = {"id": "to_security", "escalate": {"queue": "security", "reason": "check"}}

    decision = decide(triage(), with_rules(rulebook, rule))

    assert (decision.priority, decision.sla_hours) == ("high", 4.0)


def test_an_ignoring_rule_finishes_the_mail_without_an_answer(rulebook: Rulebook) -> None:
    rule = {"id": "thanks", "when": {"field": "message.subject", "matches": "(?i)^thank"},
            "ignore": {"reason": "a thank-you needs no answer"}}  # fmt: skip
    thanks = triage(message=triage().message.model_copy(update={"subject": "Thanks!"}))

    decision = decide(thanks, with_rules(rulebook, rule))

    assert (decision.action, decision.rule_id) == (Action.IGNORE, "thanks")


def test_a_rule_may_run_a_named_routine(rulebook: Rulebook) -> None:
    rule = {"id": "withdrawals", "when": {"field": "triage.intent", "eq": "withdrawal_delay"},
            "run": "withdrawal_delay"}  # fmt: skip

    decision = decide(triage(), with_rules(rulebook, rule))

    assert (decision.action, decision.routine, decision.rule_id) == (
        Action.ROUTINE, "withdrawal_delay", "withdrawals",
    )  # fmt: skip


def test_a_routine_for_another_intent_needs_its_own_confidence(rulebook: Rulebook) -> None:
    rule = {"id": "all_to_kyc", "run": "kyc_status"}

    decision = decide(triage(), with_rules(rulebook, rule))

    assert (decision.action, decision.rule_id) == (Action.ESCALATE, "default.confidence")
    assert decision.reason == "confidence 0.00 below 0.75 (intent withdrawal_delay, not kyc_status)"


def test_business_hours_are_a_rule_decision(rulebook: Rulebook) -> None:
    closed_at_night = with_rules(rulebook, NIGHT_RULE)

    evening = decide(triage(), closed_at_night, now=EVENING)
    morning = decide(triage(), closed_at_night, now=MORNING)
    holiday = decide(triage(), closed_at_night, now=HOLIDAY_MORNING)

    assert (evening.action, evening.reason, evening.sla_hours) == (
        Action.ESCALATE, "closed at 21h", 12.0,
    )  # fmt: skip
    assert morning.action is Action.ROUTINE
    assert holiday.action is Action.ESCALATE


def test_automated_mail_is_ignored_whatever_the_rules_say(rulebook: Rulebook) -> None:
    answer_all = with_rules(rulebook, {"id": "answer_all", "run": "by_intent"})
    automated = Automated(kind=AutomatedKind.AUTO_REPLY, reason="Auto-Submitted: auto-replied")

    decision = decide(triage(automated=automated), answer_all)

    assert (decision.action, decision.rule_id) == (Action.IGNORE, "default.automated")


def test_a_signal_escalates_whatever_the_rules_say(rulebook: Rulebook) -> None:
    ignore_all = with_rules(rulebook, {"id": "ignore_all", "ignore": {"reason": "quiet"}})

    decision = decide(triage(signals=("account_compromise",)), ignore_all)

    assert (decision.action, decision.rule_id, decision.queue) == (
        Action.ESCALATE, "default.signal", "security",
    )  # fmt: skip


def test_no_rule_runs_a_routine_for_an_unauthenticated_sender(rulebook: Rulebook) -> None:
    run_it = with_rules(rulebook, {"id": "run_it", "run": "withdrawal_delay"})
    spoofed = triage().message.model_copy(update={"authenticated": False,
                                                   "authentication": "dmarc=fail"})  # fmt: skip

    decision = decide(triage(message=spoofed), run_it)

    assert (decision.action, decision.rule_id) == (Action.ESCALATE, "default.authentication")


def test_a_switched_off_routine_never_runs(rulebook: Rulebook) -> None:
    routines = dict(rulebook.routines)
    routines["withdrawal_delay"] = routines["withdrawal_delay"].model_copy(
        update={"enabled": False}
    )
    switched_off = rulebook.model_copy(update={"routines": routines})

    decision = decide(triage(), switched_off)

    assert (decision.action, decision.rule_id, decision.reason) == (
        Action.ESCALATE, "default.routine", "routine withdrawal_delay is switched off",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"message": Message(message_id="<x>", sender="", language=Language.EN)}, "no_sender"),
        ({"message": Message(message_id="<x>", sender="a@b.example", language=Language.OTHER)},
         "language_not_served"),
        ({"intent": Intent.OTHER, "confidence": 0.0}, "other_requests"),
        ({}, "routine_requests"),
    ],
)  # fmt: skip
def test_the_shipped_rules_decide_in_order(
    rulebook: Rulebook, changes: dict[str, Any], rule: str
) -> None:
    assert decide(triage(**changes), rulebook).rule_id == rule


def test_the_shipped_rulebook_routes_by_rules_and_checks(rulebook: Rulebook) -> None:
    assert [rule.id for rule in rulebook.rules] == [
        "no_sender", "language_not_served", "other_requests", "routine_requests",
    ]  # fmt: skip
    assert rulebook.limits.replies_per_sender_hour == 5
    assert rulebook.queue_sla_hours("security") == 4.0
