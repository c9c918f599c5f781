"""The job queue port on Celery: a job name, its queue, and the case id, nothing else."""

from __future__ import annotations

from celery import Celery
from kombu.exceptions import KombuError, OperationalError

from madoguchi.domain.errors import TransientError
from madoguchi.domain.ports import Job
from madoguchi.workers.celery_app import JOB_QUEUES, TASK_NAMES


class CeleryJobQueue:
    """Publishes jobs through ``app``; a broker failure is a ``TransientError``."""

    def __init__(self, app: Celery) -> None:
        self.app = app

    def enqueue(self, job: Job, case_id: int, *, delay: float = 0.0) -> None:
        try:
            self.app.send_task(
                TASK_NAMES[job],
                args=[case_id],
                queue=JOB_QUEUES[job],
                countdown=delay or None,
            )
        except (OperationalError, KombuError, OSError) as exc:
            raise TransientError(f"the broker refused the job: {type(exc).__name__}") from exc
