"""A real sandbox back office for tests: ``python -m madoguchi.sandbox`` as a subprocess.

``start_sandbox()`` launches it on a port the kernel picks (``--port 0``, so no race for a
free port), reads its "listening" line, waits until it answers, and returns a
``RunningSandbox`` with helpers for the test-only ``/_sandbox/`` endpoints: the action
log, the seeded truth (customers with their records, notices, the fee schedule, the
clock), fault knobs and session expiry. ``sandbox`` is a session-scoped
pytest fixture giving one shared sandbox; import it into a conftest to use it.
"""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import httpx
import pytest

OPERATOR = ("robot", "robot-pass")
# Every fault knob at its "nothing wrong" value.
NO_FAULTS: dict[str, Any] = {
    "latency_ms": 0, "busy_rate": 0.0, "busy_seed": 0, "outage": False, "layout": 1,
    "reset_delay_ms": 0,
}
_LISTENING = re.compile(r"sandbox listening on (http://\S+)")
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
_ROOT = Path(__file__).resolve().parents[2]


class SandboxFailed(RuntimeError):
    """The sandbox process did not come up."""


@dataclass
class RunningSandbox:
    """A sandbox subprocess at ``base_url``; ``stop()`` ends it."""

    base_url: str
    process: subprocess.Popen[bytes]
    stderr: IO[bytes]
    operator: tuple[str, str] = OPERATOR

    def client(self, **options: Any) -> httpx.Client:
        """An HTTP client for the sandbox that does not follow redirects (tests check them)."""
        return httpx.Client(base_url=self.base_url, timeout=10, **options)

    def actions(self, action: str | None = None) -> list[dict[str, Any]]:
        """The action log, oldest first; only entries of ``action`` when given."""
        entries: list[dict[str, Any]] = self._get("/_sandbox/actions")
        return [entry for entry in entries if action is None or entry["action"] == action]

    def reset(self) -> None:
        """Back to the seeded state (no actions, no reset mails sent); every fault knob off."""
        self._post("/_sandbox/reset")
        self.set_faults(**NO_FAULTS)

    def customers(self, **criteria: str) -> list[dict[str, Any]]:
        """The truth for ``email=``, ``kyc_status=``, ``rejection=``, ``account_state=``,
        ``scenario=`` (e.g. ``"withdrawals:many"``), with records as they stand now."""
        found: list[dict[str, Any]] = self._get("/_sandbox/customers", params=criteria)
        return found

    def notices(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self._get("/_sandbox/notices")
        return found

    def fee_schedule(self) -> dict[str, list[dict[str, str]]]:
        schedule: dict[str, list[dict[str, str]]] = self._get("/_sandbox/fees")
        return schedule

    def now(self) -> datetime:
        """The moment the seeded records count back from."""
        return datetime.fromisoformat(self._get("/_sandbox/now")["now"])

    def busy_served(self) -> int:
        served: int = self._get("/_sandbox/stats")["busy_served"]
        return served

    def pages_served(self) -> int:
        """Operator pages asked for since the last reset (busy ones included)."""
        pages: int = self._get("/_sandbox/stats")["pages"]
        return pages

    def customer(self, **criteria: str) -> dict[str, Any]:
        """The first seeded customer matching ``criteria`` (ids ascending); fails if none."""
        found = self.customers(**criteria)
        assert found, f"no seeded customer matches {criteria}"
        return found[0]

    def set_faults(self, **knobs: Any) -> dict[str, Any]:
        faults: dict[str, Any] = self._post("/_sandbox/faults", json=knobs)
        return faults

    def expire_sessions(self) -> int:
        expired: int = self._post("/_sandbox/expire-sessions")["expired"]
        return expired

    def live_sessions(self) -> int:
        live: int = self._get("/_sandbox/sessions")["live"]
        return live

    def stop(self) -> None:
        """Stop the process (SIGTERM, then SIGKILL after 5 s) and wait for it."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        for stream in (self.process.stdout, self.stderr):
            if stream is not None:
                stream.close()

    def _get(self, path: str, **options: Any) -> Any:
        with self.client() as client:
            response = client.get(path, **options)
        response.raise_for_status()
        return response.json()

    def _post(self, path: str, **options: Any) -> Any:
        with self.client() as client:
            response = client.post(path, **options)
        response.raise_for_status()
        return response.json()


def start_sandbox(
    *,
    seed: int = 7,
    customers: int = 1000,
    session_idle: float = 900.0,
    max_sessions: int = 4,
    operator: tuple[str, str] = OPERATOR,
    today: str | None = None,
    now: str | None = None,
    timeout: float = 20.0,
) -> RunningSandbox:
    """Start a sandbox subprocess and return once it answers HTTP."""
    command = [
        sys.executable, "-m", "madoguchi.sandbox", "--host", "127.0.0.1", "--port", "0",
        "--seed", str(seed), "--customers", str(customers),
        "--operator", f"{operator[0]}:{operator[1]}",
        "--session-idle", str(session_idle), "--max-sessions", str(max_sessions),
    ]
    if today is not None:
        command += ["--today", today]
    if now is not None:
        command += ["--now", now]
    # Kept open by RunningSandbox (closed in stop()) so a failed start can show why.
    stderr = tempfile.TemporaryFile()  # noqa: SIM115 -- outlives this function
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, cwd=_ROOT, env=env)
    try:
        base_url = _listening_url(process, stderr, time.monotonic() + timeout)
        running = RunningSandbox(base_url, process, stderr, operator)
        _wait_until_answering(running, time.monotonic() + timeout)
    except BaseException:
        process.kill()
        process.wait(timeout=5)
        raise
    return running


@contextmanager
def running_sandbox(**options: Any) -> Iterator[RunningSandbox]:
    """A sandbox for the duration of the block (options as for ``start_sandbox``)."""
    sandbox = start_sandbox(**options)
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture(scope="session")
def sandbox() -> Iterator[RunningSandbox]:
    """One sandbox for the session, licensed generously so that many tests can log in."""
    with running_sandbox(max_sessions=200) as running:
        yield running


def page_text(response: httpx.Response) -> str:
    """A sandbox page decoded as the Shift_JIS it declares."""
    return response.content.decode("cp932")


def csrf_token(response: httpx.Response) -> str:
    """The CSRF token of the form on a sandbox page."""
    match = _TOKEN.search(page_text(response))
    assert match, "the page has no CSRF token"
    return match.group(1)


def log_in(client: httpx.Client, operator: tuple[str, str]) -> httpx.Response:
    """Log ``client`` in through the form, as a browser would; returns the POST's response."""
    token = csrf_token(client.get("/login"))
    return client.post(
        "/login",
        data={"csrf_token": token, "operator_id": operator[0], "password": operator[1]},
    )


def search(client: httpx.Client, email: str) -> httpx.Response:
    """Search a logged-in ``client``'s back office for ``email``."""
    token = csrf_token(client.get("/customers/search"))
    return client.post("/customers/search", data={"csrf_token": token, "email": email})


def _listening_url(process: subprocess.Popen[bytes], stderr: IO[bytes], deadline: float) -> str:
    assert process.stdout is not None
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.1)
        if ready:
            line = process.stdout.readline().decode(errors="replace")
            match = _LISTENING.search(line)
            if match:
                return match.group(1)
            if not line:
                break
    stderr.seek(0)
    raise SandboxFailed(f"sandbox did not start: {stderr.read().decode(errors='replace')}")


def _wait_until_answering(sandbox: RunningSandbox, deadline: float) -> None:
    while True:
        try:
            sandbox.live_sessions()
            return
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)
