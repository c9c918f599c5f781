"""The Celery job shells: take a case id, run one stage on it, declare the retries.

The logic lives in ``stages`` and ``pipeline`` and is tested without Celery. A job
whose argument is not a plain case id is refused (S9): everything else is re-derived
from the store.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Task, current_app, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_process_shutdown

from madoguchi.domain.cases import CaseState
from madoguchi.domain.errors import CaseNotFound, TransientError
from madoguchi.workers import stages
from madoguchi.workers.pipeline import CaseBusy, Stage, run_stage
from madoguchi.workers.queue import CeleryJobQueue
from madoguchi.workers.runtime import Runtime, build_runtime
from madoguchi.workers.settings import load_settings
from madoguchi.workers.sweep import sweep

log = logging.getLogger(__name__)

MAX_COUNTDOWN = 60.0
_runtime: Runtime | None = None


def runtime() -> Runtime:
    """This process's runtime, built on first use (after Celery forked the process)."""
    global _runtime
    if _runtime is None:
        _runtime = build_runtime(load_settings(), CeleryJobQueue(current_app))
    return _runtime


@worker_process_shutdown.connect
def _close_runtime(**_: Any) -> None:
    if _runtime is not None:
        _runtime.close()


@shared_task(name="madoguchi.triage", bind=True)
def triage(self: Task, case_id: object) -> None:
    _run(self, case_id, CaseState.RECEIVED, stages.triage_stage)


@shared_task(name="madoguchi.routine", bind=True)
def routine(self: Task, case_id: object) -> None:
    _run(self, case_id, CaseState.ROUTINE, stages.routine_stage)


@shared_task(name="madoguchi.send", bind=True)
def send(self: Task, case_id: object) -> None:
    _run(self, case_id, CaseState.REPLYING, stages.send_stage)


@shared_task(name="madoguchi.sweep")
def sweep_job() -> None:
    sweep(runtime())


def _run(task: Task, case_id: object, expected: CaseState, stage: Stage) -> None:
    if type(case_id) is not int or case_id <= 0:
        log.error("refused a %s job whose argument is not a case id", task.name)
        return
    rt = runtime()
    # A waiting retry is held unacknowledged by the broker; it must come due well
    # before the visibility timeout, or Redis hands it to a second worker.
    longest = min(MAX_COUNTDOWN, rt.settings.visibility_timeout / 3)
    try:
        run_stage(rt, case_id, expected, stage)
    except CaseNotFound:
        log.warning("job %s for unknown case %s dropped", task.name, case_id)
    except CaseBusy as busy:
        raise task.retry(countdown=min(busy.retry_after, longest), max_retries=None) from None
    except SoftTimeLimitExceeded:
        # A hung page (F13): the browser may be wedged; the next case gets a fresh one.
        rt.reset_backoffice()
        _retry(task, case_id, "the job hit its time limit", longest)
    except TransientError as exc:
        _retry(task, case_id, type(exc).__name__, longest)


def _retry(task: Task, case_id: int, why: str, longest: float) -> None:
    """Raises Celery's Retry with an exponential countdown no longer than ``longest``."""
    delay = min(2.0 ** (task.request.retries + 1), longest)
    log.info("case %s: %s; retrying in %.0fs", case_id, why, delay)
    raise task.retry(countdown=delay, max_retries=None)
