"""The three stages of a case: triage and decide, run the routine, send the reply.

Each is a plain function of a ``Runtime`` and a leased case (see ``pipeline.run_stage``)
that returns the job to queue next, if any. Every side effect is claimed by a step row
before it happens and completed after, so that a rerun knows what was done (F1, F10).
"""

from __future__ import annotations

import time

from madoguchi.domain.cases import CaseState, CaseUpdate, Step, StepStatus
from madoguchi.domain.errors import (
    BackOfficeDown,
    DeliveryInDoubt,
    MailRejected,
    MalformedMail,
    SenderUnavailable,
    TransientError,
    UnexpectedPage,
)
from madoguchi.domain.mail import Reply
from madoguchi.domain.outcomes import NeedsHuman, Outcome, Resolved, RoutineRequest
from madoguchi.domain.ports import Job
from madoguchi.domain.understanding import Action, Decision, Triage
from madoguchi.rules import decide
from madoguchi.tasks import check_reply
from madoguchi.tasks.registry import ROUTINES
from madoguchi.triage import understand
from madoguchi.workers import history, replies, tickets
from madoguchi.workers.intents import intent_model
from madoguchi.workers.pipeline import Work, escalate
from madoguchi.workers.runtime import Runtime


def triage_stage(rt: Runtime, work: Work) -> Job | None:
    """Understands the mail and lets the rulebook decide: ignore, escalate or a routine."""
    try:
        triage = _understand(rt, work)
    except MalformedMail as exc:
        context = tickets.context(rt, work.case, None)
        escalate(rt, work, f"the mail cannot be read: {exc}", context, queue="triage")
        return None
    now = rt.clock()
    decision = decide(triage, rt.rulebook(), now=now)
    if rt.shadow is not None:
        rt.shadow.record(rt.store, work.lease, triage, decision, now=now)
    summary = tickets.triage_summary(triage, decision)
    update = _case_update(triage, decision)
    if decision.action is Action.IGNORE:
        bounced = history.follow_bounce(rt, triage)
        data = summary | ({"bounced_reply_of_case": bounced} if bounced else {})
        rt.store.advance(work.lease, CaseState.IGNORED, event="ignored", data=data, update=update)
        return None
    rt.store.advance(work.lease, CaseState.RECEIVED, event="triaged", data=summary, update=update)
    if decision.action is Action.ROUTINE and history.over_reply_cap(rt, triage):
        cap = rt.rulebook().limits.replies_per_sender_hour
        reason = f"the sender already had {cap} automated answers in the last hour"
        context = tickets.context(rt, work.case, triage, decision=decision)
        escalate(rt, work, reason, context, group=history.cap_group(triage))
        return None
    if decision.action is Action.ESCALATE:
        context = tickets.context(rt, work.case, triage, decision=decision)
        escalate(
            rt, work, decision.reason, context, queue=decision.queue, priority=decision.priority
        )
        return None
    rt.store.advance(work.lease, CaseState.ROUTINE, event="routine_queued", data={})
    return Job.ROUTINE


def routine_stage(rt: Runtime, work: Work) -> Job | None:
    """Runs the decided routine in the back office, then prepares the reply or a ticket."""
    triage = _understand(rt, work)
    name = work.case.routine or ""
    outcome = _routine_outcome(rt, work, triage, name)
    if outcome is None:
        return None
    if isinstance(outcome, NeedsHuman):
        draft = replies.draft(rt, triage, name, outcome)
        context = tickets.context(rt, work.case, triage, facts=outcome.facts, draft=draft)
        escalate(rt, work, outcome.reason, context)
        return None
    reply = replies.compose(rt, work.case, triage, name, outcome)
    if reply is None:
        reason = f"no approved template for {name}/{outcome.outcome} in {triage.message.language}"
        escalate(rt, work, reason, tickets.context(rt, work.case, triage, facts=outcome.facts))
        return None
    rt.store.save_reply(work.lease, reply)
    data = {"outcome": outcome.outcome, "reply": reply.message_id}
    rt.store.advance(work.lease, CaseState.REPLYING, event="reply_ready", data=data)
    return Job.SEND


def send_stage(rt: Runtime, work: Work) -> Job | None:
    """Sends the prepared reply once; a reply in doubt is resent at most once, if harmless."""
    reply = rt.store.reply(work.case.id)
    if reply is None:
        escalate(rt, work, "the prepared reply is missing", tickets.context(rt, work.case, None))
        return None
    problems = check_reply(reply.text, rt.rulebook().reply)
    if problems:
        reason = "the reply firewall stopped the reply: " + "; ".join(problems)
        context = tickets.context(rt, work.case, None, draft=reply.text)
        escalate(rt, work, reason, context, priority="high")
        return None
    first = rt.store.begin_step(work.lease, "reply.send")
    if first.status is StepStatus.STARTED and first.attempts > 1:
        if not _resend_in_doubt(rt, work, reply):
            return None
    elif first.status is not StepStatus.DONE:
        _deliver(rt, work, first, reply)
    rt.store.advance(
        work.lease, CaseState.REPLIED, event="replied", data={"reply": reply.message_id}
    )
    return None


def _understand(rt: Runtime, work: Work) -> Triage:
    raw = rt.store.raw(work.case.id)
    model = intent_model(rt.rulebook())
    return understand(raw, authserv_id=rt.settings.authserv_id, ours=rt.ours, model=model)


def _case_update(triage: Triage, decision: Decision) -> CaseUpdate:
    return CaseUpdate(
        language=triage.message.language.value,
        intent=triage.intent.value,
        confidence=round(triage.confidence, 3),
        routine=decision.routine,
        reason=decision.reason,
        rulebook_version=decision.rulebook_version,
        sender_key=history.sender_key(triage),
    )


def _routine_outcome(rt: Runtime, work: Work, triage: Triage, name: str) -> Outcome | None:
    """The routine's outcome, from a finished step if an earlier attempt got that far."""
    step = rt.store.begin_step(work.lease, f"routine.{name}")
    if step.status is StepStatus.DONE:
        return _stored_outcome(step.result)
    if name not in ROUTINES:
        escalate(rt, work, f"unknown routine {name!r}", tickets.context(rt, work.case, triage))
        return None
    request = RoutineRequest(
        case_id=work.case.id,
        sender=triage.message.sender,
        language=triage.message.language,
        now=rt.clock(),
        entities=triage.entities,
        options=rt.rulebook().routine_options(name),
    )
    try:
        outcome = _in_backoffice(rt, name, request)
    except UnexpectedPage as exc:
        rt.store.complete_step(work.lease, step, status=StepStatus.FAILED, result=_error(exc))
        if exc.screenshot:
            rt.store.attach(
                work.lease, name=f"{step.name}.png", content_type="image/png", data=exc.screenshot
            )
        context = tickets.context(rt, work.case, triage)
        escalate(rt, work, f"the back office showed an unexpected page: {exc}", context)
        return None
    except TransientError as exc:
        rt.store.complete_step(work.lease, step, status=StepStatus.FAILED, result=_error(exc))
        raise
    result = {"kind": type(outcome).__name__, "outcome": outcome.model_dump(mode="json")}
    rt.store.complete_step(work.lease, step, status=StepStatus.DONE, result=result)
    return outcome


def _in_backoffice(rt: Runtime, name: str, request: RoutineRequest) -> Outcome:
    """Runs the routine in a fresh back-office session, through the circuit breaker."""
    gateway = rt.backoffice()
    rt.breaker.check(gateway.probe)
    started = time.monotonic()
    try:
        with gateway.session() as backoffice:
            outcome = ROUTINES[name](request, backoffice)
    except BackOfficeDown:
        raise
    except TransientError:
        rt.breaker.failed()
        raise
    rt.breaker.succeeded()
    _keep_timing_class(rt, name, started)
    return outcome


def _keep_timing_class(rt: Runtime, name: str, started: float) -> None:
    """A reset for an unknown sender must not answer sooner than a real one (S5): both
    take at least ``MADOGUCHI_RESET_FLOOR_SECONDS``, so the reply's timing tells nothing."""
    if name == "password_reset":
        time.sleep(max(0.0, rt.settings.reset_floor_seconds - (time.monotonic() - started)))


def _stored_outcome(result: dict[str, object]) -> Outcome:
    if result.get("kind") == "NeedsHuman":
        return NeedsHuman.model_validate(result["outcome"])
    return Resolved.model_validate(result["outcome"])


def _resend_in_doubt(rt: Runtime, work: Work, reply: Reply) -> bool:
    """An earlier attempt may have sent the reply. True when it is now sent (again)."""
    context = tickets.context(rt, work.case, None, draft=reply.text)
    if not reply.informational:
        reason = "the reply about an account action may or may not have gone out: not resent"
        escalate(rt, work, reason, context, priority="high")
        return False
    again = rt.store.begin_step(work.lease, "reply.resend")
    if again.status is StepStatus.DONE:
        return True
    if again.status is StepStatus.STARTED and again.attempts > 1:
        escalate(rt, work, "the reply stayed in doubt after one resend", context, priority="high")
        return False
    _deliver(rt, work, again, reply)
    return True


def _deliver(rt: Runtime, work: Work, step: Step, reply: Reply) -> None:
    """Sends on behalf of a begun ``step``; only a certain failure marks it failed."""
    try:
        rt.sender().send(reply)
    except DeliveryInDoubt:
        raise  # the step stays started: the next attempt knows it is in doubt
    except (SenderUnavailable, MailRejected) as exc:
        rt.store.complete_step(work.lease, step, status=StepStatus.FAILED, result=_error(exc))
        raise
    rt.store.complete_step(work.lease, step, status=StepStatus.DONE, result={})


def _error(exc: Exception) -> dict[str, object]:
    return {"error": type(exc).__name__}
