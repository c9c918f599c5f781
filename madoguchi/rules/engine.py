"""The decision for one triaged message: run a routine, escalate to a human, or ignore it.

Pure and fail-closed, in three steps:

1. the safety checks, which no rule can switch off: automated mail is ignored
   (``default.automated``), and a mail with a signal goes to a human, to the most
   urgent queue its signals are routed to (``default.signal``);
2. the rulebook's ``rules``, in order: the first whose condition holds decides, and
   the decision names it in ``rule_id``; a rule that runs a routine passes the routine
   checks first (a sender to answer, a served language, the routine listed and switched
   on, the sender authenticated if the routine requires it, the classifier's
   confidence at least the routine's ``min_confidence``), and a failed check escalates
   as ``default.<check>``;
3. no rule matched: escalated to the default queue (``default.no_rule``).

Each escalation says why in words an agent understands.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from madoguchi.domain.understanding import Action, Decision, Intent, Triage
from madoguchi.rules.conditions import Facts
from madoguchi.rules.fields import FIELDS, Value, shown, triage_facts
from madoguchi.rules.hours import clock_facts
from madoguchi.rules.rule_check import PLACEHOLDER
from madoguchi.rules.schema import BY_INTENT, PRIORITY_ORDER, RoutineSpec, Rulebook, RuleSpec

RULE_PREFIX = "default"


def decide(triage: Triage, rulebook: Rulebook, *, now: datetime | None = None) -> Decision:
    """What to do with ``triage`` under ``rulebook`` at ``now`` (default: this moment).

    Escalation whenever in doubt.
    """
    if triage.automated is not None:
        automated = triage.automated
        reason = f"automated mail ({automated.kind.value}): {automated.reason}"
        return _decision(rulebook, Action.IGNORE, _builtin("automated"), reason)
    if triage.signals:
        return _signal_escalation(triage, rulebook)
    facts = facts_for(triage, rulebook, now or datetime.now(UTC))
    for rule in rulebook.rules:
        if rule.when is None or rule.when.holds(facts):
            return _apply(rule, triage, rulebook, facts)
    reason = "no rule matched"
    return _decision(rulebook, Action.ESCALATE, _builtin("no_rule"), reason)


def facts_for(triage: Triage, rulebook: Rulebook, now: datetime) -> dict[str, Value]:
    """Every field a condition may read, for ``triage`` at ``now``."""
    languages = tuple(rulebook.languages)
    return {**triage_facts(triage, languages), **clock_facts(now, rulebook.business_hours)}


def _apply(rule: RuleSpec, triage: Triage, rulebook: Rulebook, facts: Facts) -> Decision:
    if rule.escalate is not None:
        action = rule.escalate
        return _decision(
            rulebook, Action.ESCALATE, rule.id, _reason(action.reason, facts),
            queue=action.queue, priority=action.priority, sla_hours=action.sla_hours,
        )  # fmt: skip
    if rule.ignore is not None:
        return _decision(rulebook, Action.IGNORE, rule.id, _reason(rule.ignore.reason, facts))
    return _run(rule, triage, rulebook)


def _run(rule: RuleSpec, triage: Triage, rulebook: Rulebook) -> Decision:
    """Runs the rule's routine if every routine check passes; else escalates why."""
    routine = triage.intent.value if rule.run == BY_INTENT else (rule.run or "")
    refusal = _refusal(triage, rulebook, routine)
    if refusal is not None:
        check, reason = refusal
        return _decision(rulebook, Action.ESCALATE, _builtin(check), reason)
    message = triage.message
    reason = f"intent {triage.intent.value} ({triage.confidence:.2f}); sender: "
    reason += message.authentication
    return _decision(rulebook, Action.ROUTINE, rule.id, reason, routine=routine)


def _refusal(triage: Triage, rulebook: Rulebook, routine: str) -> tuple[str, str] | None:
    """The first routine check ``triage`` fails, as (check, reason), or None."""
    message = triage.message
    if not message.sender:
        return "sender", "no sender address to answer"
    if message.language.value not in rulebook.languages:
        return "language", f"language {message.language.value} is not served"
    if routine == Intent.OTHER.value:
        return "intent", "intent other"
    spec = rulebook.routine(routine)
    if spec is None:
        return "routine", f"no routine is configured for intent {routine}"
    return _routine_refusal(triage, routine, spec)


def _routine_refusal(triage: Triage, routine: str, spec: RoutineSpec) -> tuple[str, str] | None:
    if not spec.enabled:
        return "routine", f"routine {routine} is switched off"
    if spec.require_authenticated and not triage.message.authenticated:
        return "authentication", f"sender not authenticated: {triage.message.authentication}"
    # The classifier's confidence is in the intent: for another routine it is none.
    confidence = triage.confidence if triage.intent.value == routine else 0.0
    if confidence < spec.min_confidence:
        reason = f"confidence {confidence:.2f} below {spec.min_confidence:g}"
        if triage.intent.value != routine:
            reason += f" (intent {triage.intent.value}, not {routine})"
        return "confidence", reason
    return None


def _signal_escalation(triage: Triage, rulebook: Rulebook) -> Decision:
    """Escalation to the most urgent queue any of the signals is routed to."""
    queues = [
        rulebook.escalation.signal_queues.get(signal, rulebook.escalation.default_queue)
        for signal in triage.signals
    ]
    queue = max(queues, key=lambda name: PRIORITY_ORDER.index(rulebook.queue_priority(name)))
    reason = "signal: " + ", ".join(triage.signals)
    return _decision(rulebook, Action.ESCALATE, _builtin("signal"), reason, queue=queue)


def _reason(template: str, facts: Facts) -> str:
    """A rule's reason with each ``{field}`` replaced by its value (impersonal fields only)."""

    def value(found: re.Match[str]) -> str:
        path = found.group(1)
        field = FIELDS.get(path)
        return shown(facts.get(path)) if field and not field.personal else "?"

    return PLACEHOLDER.sub(value, template)


def _builtin(check: str) -> str:
    return f"{RULE_PREFIX}.{check}"


def _decision(
    rulebook: Rulebook,
    action: Action,
    rule_id: str,
    reason: str,
    *,
    routine: str | None = None,
    queue: str | None = None,
    priority: str | None = None,
    sla_hours: float | None = None,
) -> Decision:
    queue = queue or rulebook.escalation.default_queue
    return Decision(
        action=action,
        reason=reason,
        rulebook_version=rulebook.version,
        routine=routine,
        rule_id=rule_id,
        queue=queue,
        priority=priority or rulebook.queue_priority(queue),
        sla_hours=sla_hours if sla_hours is not None else rulebook.queue_sla_hours(queue),
    )
