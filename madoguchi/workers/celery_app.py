"""The Celery app, configured from the settings as RELIABILITY.md requires.

Jobs carry only a case id and are acknowledged late: a worker that dies mid-job gives
its job back to the broker. State lives in the case store, so results are ignored and
Redis holds nothing that cannot be rebuilt by the sweep.
"""

from __future__ import annotations

from typing import Any

from celery import Celery
from kombu.entity import Queue

from madoguchi.domain.ports import Job
from madoguchi.workers.embedded import embedded_redis_url
from madoguchi.workers.settings import Settings

QUEUES = ("intake", "triage", "backoffice", "outbound")

TASK_NAMES = {
    Job.TRIAGE: "madoguchi.triage",
    Job.ROUTINE: "madoguchi.routine",
    Job.SEND: "madoguchi.send",
}
JOB_QUEUES = {Job.TRIAGE: "triage", Job.ROUTINE: "backoffice", Job.SEND: "outbound"}
SWEEP_TASK = "madoguchi.sweep"


def broker_url(settings: Settings) -> str:
    return settings.redis_url or embedded_redis_url(settings.var_dir)


def celery_config(settings: Settings) -> dict[str, Any]:
    """Every Celery setting madoguchi relies on, named as in Celery 5.4+."""
    limit = settings.job_time_limit
    return {
        "broker_url": broker_url(settings),
        "broker_transport_options": _transport_options(settings),
        "broker_connection_retry": True,
        "broker_connection_retry_on_startup": True,
        "broker_connection_max_retries": None,  # retry forever; the mail waits in the store
        "result_backend": None,
        "task_ignore_result": True,
        "task_serializer": "json",
        "accept_content": ["json"],
        "result_accept_content": ["json"],
        "event_serializer": "json",
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "task_acks_on_failure_or_timeout": True,
        "worker_prefetch_multiplier": 1,
        "worker_cancel_long_running_tasks_on_connection_loss": True,
        "worker_max_tasks_per_child": 200,  # recycles Chromium before it grows
        "task_time_limit": limit + 15,
        "task_soft_time_limit": limit,
        "task_queues": [Queue(name) for name in QUEUES],
        "task_default_queue": "intake",
        "task_routes": {TASK_NAMES[job]: {"queue": JOB_QUEUES[job]} for job in Job}
        | {SWEEP_TASK: {"queue": "intake"}},
        "beat_schedule": {
            "sweep": {
                "task": SWEEP_TASK,
                "schedule": settings.sweep_interval,
                "options": {"queue": "intake", "expires": settings.sweep_interval},
            }
        },
        "worker_hijack_root_logger": False,
        "worker_send_task_events": False,
        "timezone": "UTC",
        "enable_utc": True,
    }


def make_app(settings: Settings) -> Celery:
    """A Celery app for ``settings``; the job shells register themselves on it."""
    app = Celery("madoguchi", include=["madoguchi.workers.jobs"], set_as_current=True)
    app.conf.update(celery_config(settings))
    return app


def _transport_options(settings: Settings) -> dict[str, Any]:
    visibility = settings.visibility_timeout
    # kombu scans for unacknowledged jobs of dead workers every interval x throttle
    # seconds; a job comes back only once it is older than the visibility timeout.
    restore = max(1, min(10, int(visibility // 10)))
    return {
        "visibility_timeout": visibility,
        "unacked_restore_interval": restore,
        "unacked_restore_throttle": 1,
        "health_check_interval": 10,
        "socket_timeout": 30,
        "socket_connect_timeout": 5,
        "socket_keepalive": True,
    }
