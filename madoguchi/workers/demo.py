"""``madoguchi demo``: the whole flow on the embedded default, with nothing configured.

It starts a private Redis, the sandbox back office, a Maildir inbox seeded with demo
mail, a Celery worker and the watcher, shows the cases as they progress, and writes
the replies into var/demo/outbox as .eml files.
"""

from __future__ import annotations

import json
import math
import shutil
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from celery import Celery
from rich.console import Console
from rich.live import Live
from rich.table import Table

from madoguchi.connectors.mailbox import open_mailbox
from madoguchi.connectors.store import upgrade
from madoguchi.domain.cases import Case, CaseState
from madoguchi.workers.celery_app import broker_url, make_app
from madoguchi.workers.processes import Child, wait_for_http
from madoguchi.workers.queue import CeleryJobQueue
from madoguchi.workers.runtime import Runtime, build_runtime
from madoguchi.workers.settings import Settings, load_settings, settings_env
from madoguchi.workers.watcher import Watcher

AUTHSERV_ID = "mx.madoguchi.demo"
SUPPORT_ADDRESS = "support@madoguchi.demo"


def run_demo(*, once: bool, as_json: bool, base: Path, out: TextIO, timeout: float = 600) -> int:
    """Runs the demo; returns the exit code (1 when a case did not finish in time)."""
    base = base.resolve()
    _clear(base)
    settings = demo_settings(base, sandbox_port=_free_port())
    console = Console(file=out if not as_json else sys.stderr)
    children: list[Child] = []
    stop = threading.Event()
    try:
        expected = _prepare(settings, base, children, console)
        app = make_app(settings)
        _wait_for_workers(app, children[-2:])
        rt = build_runtime(settings, CeleryJobQueue(app))
        _start_watcher(rt, settings, stop)
        finished = _follow(rt, expected, console, once=once, timeout=timeout, quiet=as_json)
        cases = rt.store.cases(limit=10_000)
        summary = summarise(cases)
        if as_json:
            out.write(json.dumps(summary) + "\n")
        else:
            _report(console, summary, cases, expected, base)
        rt.close()
        return 0 if finished else 1
    except KeyboardInterrupt:
        return 130
    finally:
        stop.set()
        for child in reversed(children):
            child.stop()


_DEMO_DIRS = ("mail", "outbox", "logs", "redis")
_DEMO_FILES = ("demo-manifest.json", "madoguchi.db", "madoguchi.db-wal", "madoguchi.db-shm")


def _clear(base: Path) -> None:
    """Removes what an earlier demo left in ``base``, and nothing else."""
    for name in _DEMO_DIRS:
        shutil.rmtree(base / name, ignore_errors=True)
    for name in _DEMO_FILES:
        (base / name).unlink(missing_ok=True)


def demo_settings(base: Path, *, sandbox_port: int) -> Settings:
    """The embedded default, spelled out, so that the user's environment cannot change it."""
    settings = load_settings(
        var_dir=base,
        mailbox_url=f"maildir://{base}/mail",
        smtp_url=f"outbox://{base}/outbox",
        database_url=f"sqlite:///{base}/madoguchi.db",
        backoffice_url=f"http://127.0.0.1:{sandbox_port}/",
        backoffice_user="robot",
        backoffice_password="robot-pass",  # noqa: S106 -- the sandbox's demo operator
        reply_from=SUPPORT_ADDRESS,
        authserv_id=AUTHSERV_ID,
        rules_dir=None,
    )
    # Start the private Redis here, once, and hand its socket to every child.
    return settings.model_copy(update={"redis_url": broker_url(settings)})


def summarise(cases: list[Case]) -> dict[str, Any]:
    """The demo's figures: cases per final state and latency from arrival to the end."""
    latencies = sorted(
        (c.finished_at - c.received_at).total_seconds() * 1000 for c in cases if c.finished_at
    )
    count = {state: sum(1 for c in cases if c.state is state) for state in CaseState}
    return {
        "cases": len(cases),
        "replied": count[CaseState.REPLIED],
        "escalated": count[CaseState.ESCALATED],
        "ignored": count[CaseState.IGNORED],
        "quarantined": count[CaseState.QUARANTINED],
        "latency_ms": {"p50": _percentile(latencies, 0.5), "p95": _percentile(latencies, 0.95)},
    }


def _prepare(
    settings: Settings, base: Path, children: list[Child], console: Console
) -> dict[str, str]:
    env = settings_env(settings)
    python = sys.executable
    port = str(urlsplit(settings.backoffice_url).port)
    # The sandbox and the demo mail draw the same records from the same moment.
    now = datetime.now(UTC).isoformat(timespec="minutes")
    console.print("[bold]madoguchi demo[/]: starting the sandbox back office and the workers…")
    sandbox = Child(
        "sandbox",
        [python, "-m", "madoguchi.sandbox", "--port", port, "--now", now],
        env=env,
        log=base / "logs" / "sandbox.log",
    )
    children.append(sandbox)
    wait_for_http(f"http://127.0.0.1:{port}/login", sandbox)
    expected = _seed_mail(python, base, env, now)
    upgrade(settings.database)
    # As in production: browser work on its own worker, so that triage and replies
    # never wait behind a back-office lookup.
    for name, queues in (("worker", "intake,triage,outbound"), ("browser-worker", "backoffice")):
        children.append(
            Child(
                name,
                [python, "-m", "madoguchi", "worker", "-Q", queues, "-c", "2", "-n", f"{name}@%h"],
                env=env,
                log=base / "logs" / f"{name}.log",
            )
        )
    return expected


def _wait_for_workers(app: Celery, workers: list[Child], timeout: float = 60.0) -> None:
    """Returns once every worker answers a ping, so latencies measure work, not start-up."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and all(w.alive() for w in workers):
        if len(app.control.ping(timeout=0.5)) >= len(workers):
            return
    logs = "\n".join(w.tail() for w in workers)
    raise RuntimeError(f"the workers did not start:\n{logs}")


def _seed_mail(python: str, base: Path, env: dict[str, str], now: str) -> dict[str, str]:
    manifest = base / "demo-manifest.json"
    subprocess.run(  # noqa: S603 -- our own interpreter and module
        [
            python,
            "-m",
            "madoguchi.sandbox",
            "demo-mail",
            "--now",
            now,
            "--maildir",
            str(base / "mail"),
            "--support-address",
            SUPPORT_ADDRESS,
            "--authserv-id",
            AUTHSERV_ID,
            "--manifest",
            str(manifest),
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    expected: dict[str, str] = json.loads(manifest.read_text())
    return expected


def _start_watcher(rt: Runtime, settings: Settings, stop: threading.Event) -> None:
    url = settings.mailbox_urls[0]
    watcher = Watcher(rt, lambda: open_mailbox(url, idle_renew=settings.idle_renew), tick=0.2)
    threading.Thread(target=watcher.run, args=(stop,), daemon=True, name="watcher").start()


def _follow(
    rt: Runtime,
    expected: dict[str, str],
    console: Console,
    *,
    once: bool,
    timeout: float,
    quiet: bool,
) -> bool:
    """Shows the cases until all are final and filed (``once``) or until interrupted."""
    deadline = time.monotonic() + timeout
    with Live(console=console, refresh_per_second=4, transient=quiet) as live:
        while True:
            cases = rt.store.cases(limit=10_000)
            live.update(_table(cases, expected))
            done = len(cases) >= len(expected) and all(
                c.state.final and c.filed_folder for c in cases
            )
            if once and done:
                return True
            if once and time.monotonic() > deadline:
                return False
            time.sleep(0.25)


def _table(cases: list[Case], expected: dict[str, str]) -> Table:
    table = Table(title="cases", expand=False)
    for column in ("case", "lang", "intent", "state", "expected", "ms", "reason"):
        table.add_column(column)
    for case in sorted(cases, key=lambda c: c.id):
        ms = (
            (case.finished_at - case.received_at).total_seconds() * 1000
            if case.finished_at
            else None
        )
        table.add_row(
            str(case.id),
            case.language or "",
            case.intent or "",
            _state(case),
            expected.get(case.message_id, "?"),
            f"{ms:.0f}" if ms is not None else "",
            (case.reason or "")[:60],
        )
    return table


def _state(case: Case) -> str:
    colour = {"replied": "green", "escalated": "yellow", "ignored": "dim", "quarantined": "red"}
    name = case.state.value
    return f"[{colour[name]}]{name}[/]" if name in colour else name


def _report(
    console: Console,
    summary: dict[str, Any],
    cases: list[Case],
    expected: dict[str, str],
    base: Path,
) -> None:
    wrong = [c for c in cases if expected.get(c.message_id) not in (None, c.state.value)]
    console.print(json.dumps(summary))
    console.print(f"replies: {base / 'outbox'}")
    console.print(f"tickets: MADOGUCHI_VAR_DIR={base} madoguchi tickets")
    if wrong:
        console.print(f"[red]{len(wrong)} case(s) did not end as the demo expected[/]")
    else:
        console.print(f"[green]all {len(cases)} cases ended as expected[/]")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _percentile(sorted_values: list[float], share: float) -> float | None:
    if not sorted_values:
        return None
    rank = max(1, math.ceil(share * len(sorted_values)))
    return round(sorted_values[rank - 1], 1)
