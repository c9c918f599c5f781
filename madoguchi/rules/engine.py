"""The decision for one triaged message: run a routine, escalate to a human, or ignore it.

Pure and fail-closed: the checks run from the most to the least certain reason to stop,
and only a message that passes every one of them goes to a routine. Each escalation
says why in words an agent understands, and names the check in ``rule_id``
(``default.<check>``) so that decisions can be counted by reason.
"""

from __future__ import annotations

from madoguchi.domain.understanding import Action, Decision, Intent, Triage
from madoguchi.rules.schema import PRIORITY_ORDER, RoutineSpec, Rulebook

RULE_PREFIX = "default"


def decide(triage: Triage, rulebook: Rulebook) -> Decision:
    """What to do with ``triage`` under ``rulebook``; escalation whenever in doubt."""
    if triage.automated is not None:
        automated = triage.automated
        reason = f"automated mail ({automated.kind.value}): {automated.reason}"
        return _decision(rulebook, Action.IGNORE, "automated", reason)
    if triage.signals:
        return _signal_escalation(triage, rulebook)
    refusal = _refusal(triage, rulebook)
    if refusal is not None:
        check, reason = refusal
        return _decision(rulebook, Action.ESCALATE, check, reason)
    routine = triage.intent.value
    reason = f"intent {routine} ({triage.confidence:.2f}); sender: {triage.message.authentication}"
    return _decision(rulebook, Action.ROUTINE, "routine", reason, routine=routine)


def _refusal(triage: Triage, rulebook: Rulebook) -> tuple[str, str] | None:
    """The first check ``triage`` fails, as (check, reason), or None when all pass."""
    message = triage.message
    if not message.sender:
        return "sender", "no sender address to answer"
    if message.language.value not in rulebook.languages:
        return "language", f"language {message.language.value} is not served"
    if triage.intent is Intent.OTHER:
        return "intent", "intent other"
    spec = rulebook.routine(triage.intent.value)
    if spec is None:
        return "routine", f"no routine is configured for intent {triage.intent.value}"
    return _routine_refusal(triage, triage.intent.value, spec)


def _routine_refusal(triage: Triage, routine: str, spec: RoutineSpec) -> tuple[str, str] | None:
    if not spec.enabled:
        return "routine", f"routine {routine} is switched off"
    if spec.require_authenticated and not triage.message.authenticated:
        return "authentication", f"sender not authenticated: {triage.message.authentication}"
    if triage.confidence < spec.min_confidence:
        reason = f"confidence {triage.confidence:.2f} below {spec.min_confidence:g}"
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
    return _decision(rulebook, Action.ESCALATE, "signal", reason, queue=queue)


def _decision(
    rulebook: Rulebook,
    action: Action,
    check: str,
    reason: str,
    *,
    routine: str | None = None,
    queue: str | None = None,
) -> Decision:
    queue = queue or rulebook.escalation.default_queue
    return Decision(
        action=action,
        reason=reason,
        rulebook_version=rulebook.version,
        routine=routine,
        rule_id=f"{RULE_PREFIX}.{check}",
        queue=queue,
        priority=rulebook.queue_priority(queue),
    )
