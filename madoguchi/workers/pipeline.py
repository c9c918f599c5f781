"""How a stage runs: claim the case, check its state, spend its attempt budget, hand on.

Every stage of ``stages.py`` runs through ``run_stage``, which holds the case's lease
for the stage's whole duration, so that two copies of one job (a redelivery, a sweep)
never act at once (RELIABILITY F16). The attempt budget is counted in the store on the
mail itself, never on the Celery task: a mail that keeps killing its worker is
quarantined after ``max_attempts`` (F2), one whose stage keeps failing for a transient
reason is escalated when the budget is spent (F11).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from madoguchi.domain.cases import Case, CaseState, ExceptionTicket, Lease
from madoguchi.domain.errors import BackOfficeDown, LeaseLost, PermanentError, TransientError
from madoguchi.domain.ports import Job
from madoguchi.workers.runtime import Runtime

log = logging.getLogger(__name__)

NEXT_JOB = {
    CaseState.RECEIVED: Job.TRIAGE,
    CaseState.ROUTINE: Job.ROUTINE,
    CaseState.REPLYING: Job.SEND,
}


class CaseBusy(Exception):
    """Another worker holds the case; try again once its lease may have expired."""

    def __init__(self, case_id: int, retry_after: float) -> None:
        super().__init__(f"case {case_id} is leased by another worker")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Work:
    """A case under lease: what a stage receives."""

    lease: Lease
    case: Case


Stage = Callable[[Runtime, Work], Job | None]


def run_stage(rt: Runtime, case_id: int, expected: CaseState, stage: Stage) -> None:
    """Runs ``stage`` on the case if it is in ``expected`` state; queues what comes next."""
    if not _should_claim(rt, case_id, expected):
        return
    lease = rt.store.claim(case_id, owner=rt.owner, ttl=rt.settings.lease_seconds)
    if lease is None:
        _busy_or_done(rt, case_id)
        return
    next_job: Job | None = None
    try:
        next_job = _within_budget(rt, lease, stage)
    except LeaseLost:
        log.warning("case %s: lease lost during the stage; the new holder continues", case_id)
    finally:
        _release(rt, lease)
    if next_job is not None:
        enqueue(rt, next_job, case_id)


def dispatch(rt: Runtime, case: Case) -> None:
    """Queues the job that continues ``case`` from its current state (nothing if final)."""
    job = NEXT_JOB.get(case.state)
    if job is not None:
        enqueue(rt, job, case.id)


def enqueue(rt: Runtime, job: Job, case_id: int) -> None:
    """Queues a job; a broker failure is left to the sweep, which finds the case idle."""
    try:
        rt.queue.enqueue(job, case_id)
    except TransientError as exc:
        log.warning("case %s: could not queue %s (%s); the sweep will", case_id, job, exc)


def escalate(
    rt: Runtime,
    work: Work,
    reason: str,
    context: dict[str, object],
    *,
    queue: str = "support",
    priority: str = "normal",
    state: CaseState = CaseState.ESCALATED,
    group: str | None = None,
) -> None:
    """Opens the case's exception ticket (or joins its group's) and finishes the case."""
    ticket = ExceptionTicket(
        case_id=work.case.id, queue=queue, priority=priority, reason=reason, context=context,
        group=group,
    )
    rt.store.escalate(work.lease, ticket, state=state)


def _should_claim(rt: Runtime, case_id: int, expected: CaseState) -> bool:
    case = rt.store.case(case_id)
    if case.state is expected:
        return True
    dispatch(rt, case)  # a stale or misrouted job: send the case where it belongs
    return False


def _busy_or_done(rt: Runtime, case_id: int) -> None:
    case = rt.store.case(case_id)
    if case.state.final:
        return
    raise CaseBusy(case_id, _seconds_until(rt, case.lease_expires_at))


def _within_budget(rt: Runtime, lease: Lease, stage: Stage) -> Job | None:
    work = Work(lease, rt.store.case(lease.case_id))
    if work.case.state not in NEXT_JOB:
        return None  # finished between our read and our claim
    if lease.attempts > rt.settings.max_attempts:
        _quarantine(rt, work)
        return None
    try:
        return stage(rt, work)
    except PermanentError as exc:
        escalate(rt, work, f"{type(exc).__name__}: {exc}", {"error": type(exc).__name__})
        return None
    except BackOfficeDown as exc:
        if _still_patient(rt, work, exc):
            raise
        context: dict[str, object] = {"backoffice_down_since": exc.since.isoformat()}
        escalate(rt, work, str(exc), context, priority="high")
        return None
    except TransientError as exc:
        if lease.attempts >= rt.settings.max_attempts:
            reason = f"gave up after {lease.attempts} attempts: {type(exc).__name__}: {exc}"
            escalate(rt, work, reason, {"error": type(exc).__name__})
            return None
        raise


def _still_patient(rt: Runtime, work: Work, down: BackOfficeDown) -> bool:
    """True while the case has waited on the outage for less than the patience; the
    attempt is then given back, since an outage is not the mail's fault. Past it, the
    case goes to a human (F11). A case that arrived during the outage waits its own
    patience, counted from its arrival.
    """
    waiting_since = max(down.since, work.case.received_at)
    if (rt.clock() - waiting_since).total_seconds() >= rt.settings.backoffice_patience:
        return False
    data = {"down_since": down.since.isoformat()}
    rt.store.advance(work.lease, work.case.state, event="waiting_for_backoffice", data=data)
    return True


def _quarantine(rt: Runtime, work: Work) -> None:
    attempts = work.lease.attempts - 1
    reason = f"quarantined: {attempts} attempts at {work.case.state} never finished"
    context: dict[str, object] = {"attempts": attempts, "stage": str(work.case.state)}
    escalate(rt, work, reason, context, priority="high", state=CaseState.QUARANTINED)


def _release(rt: Runtime, lease: Lease) -> None:
    try:
        rt.store.release(lease)
    except TransientError as exc:
        # The lease expires by itself; the next claim waits for that.
        log.warning("case %s: could not release the lease (%s)", lease.case_id, exc)


def _seconds_until(rt: Runtime, moment: datetime | None) -> float:
    if moment is None:
        return 1.0
    return max(1.0, (moment - rt.clock()).total_seconds() + 0.5)
