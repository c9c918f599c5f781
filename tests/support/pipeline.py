"""The whole product on real services, for end-to-end tests and the benchmark.

Dovecot, a private Redis, the sandbox back office (driven by Chromium), an SMTP server
(aiosmtpd) and a case store (PostgreSQL or SQLite); madoguchi's Celery workers run as
real subprocesses (so a test can kill them), the watcher runs in a thread here.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from celery import Celery

from madoguchi.connectors.mailbox import open_mailbox
from madoguchi.connectors.store import SqlCaseStore, open_store
from madoguchi.domain.cases import Case
from madoguchi.workers.celery_app import make_app
from madoguchi.workers.processes import Child
from madoguchi.workers.queue import CeleryJobQueue
from madoguchi.workers.runtime import Runtime, build_runtime
from madoguchi.workers.settings import Settings, load_settings, settings_env
from madoguchi.workers.watcher import Watcher
from tests.support.dovecot import Dovecot
from tests.support.redis import RedisServer
from tests.support.sandbox import OPERATOR, RunningSandbox, running_sandbox
from tests.support.smtp import SmtpServerFixture

AUTHSERV_ID = "mx.exchange.test"
SUPPORT = "support"
REPLY_FROM = "support@exchange.test"


@dataclass
class Pipeline:
    """Every running part, and the verbs a test needs to drive and observe them."""

    settings: Settings
    dovecot: Dovecot
    redis: RedisServer
    sandbox: RunningSandbox
    smtp: SmtpServerFixture
    store: SqlCaseStore
    app: Celery
    runtime: Runtime
    logs: Path
    workers: list[Child] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def deliver(self, raw: bytes) -> int:
        """APPENDs a mail to the support inbox, as the MTA would; returns its UID."""
        return self.dovecot.append(SUPPORT, raw)

    def start_worker(
        self, queues: str = "intake,triage,backoffice,outbound", concurrency: int = 2,
        *, beat: bool = False,
    ) -> Child:
        name = f"worker{len(self.workers)}"
        child = Child(
            name,
            [sys.executable, "-m", "madoguchi", "worker", "-Q", queues, "-c", str(concurrency),
             "-n", f"{name}@%h", *(["--beat"] if beat else [])],
            env=settings_env(self.settings),
            log=self.logs / f"{name}.log",
        )
        self.workers.append(child)
        self._wait_for_ping(child)
        return child

    def case_of(self, message_id: str) -> Case | None:
        return next((c for c in self.store.cases() if c.message_id == message_id), None)

    def wait_until(self, check: Callable[[], bool], timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if check():
                return
            time.sleep(0.1)
        raise AssertionError(f"timed out; worker logs:\n{self.worker_logs()}")

    def wait_final(self, message_id: str, timeout: float = 90.0) -> Case:
        """The case of ``message_id`` once it is final and its mail filed."""

        def finished() -> bool:
            case = self.case_of(message_id)
            return case is not None and case.state.final and case.filed_folder is not None

        self.wait_until(finished, timeout)
        case = self.case_of(message_id)
        assert case is not None
        return case

    def worker_logs(self) -> str:
        return "\n".join(f"--- {w.name}\n{w.tail(40)}" for w in self.workers)

    def _wait_for_ping(self, child: Child) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and child.alive():
            replies = self.app.control.ping(timeout=0.5)
            if any(child.name in name for reply in replies for name in reply):
                return
        raise RuntimeError(f"{child.name} did not start:\n{child.tail()}")


@contextmanager
def running_pipeline(
    database_url: str, tmp: Path, *, workers: int = 1, **overrides: Any
) -> Iterator[Pipeline]:
    """Everything started, torn down in reverse order at the end of the block."""
    with ExitStack() as stack:
        dovecot = stack.enter_context(Dovecot({SUPPORT: "secret"}))
        redis = stack.enter_context(RedisServer())
        sandbox = stack.enter_context(running_sandbox(max_sessions=50))
        smtp = stack.enter_context(SmtpServerFixture())
        settings = load_settings(**{
            "var_dir": tmp / "var",
            "mailbox_url": dovecot.url(SUPPORT),
            "smtp_url": smtp.url,
            "redis_url": redis.url,
            "database_url": database_url,
            "backoffice_url": sandbox.base_url + "/",
            "backoffice_user": OPERATOR[0],
            "backoffice_password": OPERATOR[1],
            "authserv_id": AUTHSERV_ID,
            "reply_from": REPLY_FROM,
            "visibility_timeout": 30,
            "lease_seconds": 20,
            "job_time_limit": 15,
            "sweep_interval": 10,
            **overrides,
        })
        store = open_store(database_url)
        stack.callback(store.close)
        app = make_app(settings)
        runtime = build_runtime(settings, CeleryJobQueue(app))
        stack.callback(runtime.close)
        pipeline = Pipeline(
            settings, dovecot, redis, sandbox, smtp, store, app, runtime, tmp / "logs"
        )
        stack.callback(_stop_workers, pipeline)
        for _ in range(workers):
            pipeline.start_worker()
        _start_watcher(pipeline, stack)
        yield pipeline


def _start_watcher(pipeline: Pipeline, stack: ExitStack) -> None:
    url = pipeline.settings.mailbox_urls[0]
    watcher = Watcher(pipeline.runtime, lambda: open_mailbox(url, timeout=10), tick=0.2)
    thread = threading.Thread(target=watcher.run, args=(pipeline.stop,), daemon=True)
    thread.start()

    def stop() -> None:
        pipeline.stop.set()
        thread.join(timeout=15)

    stack.callback(stop)


def _stop_workers(pipeline: Pipeline) -> None:
    for child in pipeline.workers:
        child.stop()
