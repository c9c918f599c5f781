"""Child processes the demo and the benchmark start: started in their own group, stopped whole."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path


class Child:
    """A child process whose whole process group is stopped with it."""

    def __init__(
        self, name: str, args: Sequence[str], *, env: Mapping[str, str], log: Path
    ) -> None:
        self.name = name
        self.log = log
        log.parent.mkdir(parents=True, exist_ok=True)
        self._log_file = log.open("ab")
        self.process = subprocess.Popen(  # noqa: S603 -- our own interpreter and arguments
            list(args),
            env=dict(env),
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout: float = 20.0) -> None:
        """SIGTERM to the group (a warm shutdown for Celery), SIGKILL if it lingers."""
        if self.alive():
            self._signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self._signal(signal.SIGKILL)
                self.process.wait(5)
        self._signal(signal.SIGKILL)  # stray grandchildren (Chromium) of a dead parent
        self._log_file.close()

    def tail(self, lines: int = 20) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def _signal(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):  # the group is already gone
            os.killpg(self.process.pid, signum)


def wait_for_http(url: str, child: Child, timeout: float = 30.0) -> None:
    """Returns when ``url`` answers; raises RuntimeError with the child's log otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not child.alive():
            break
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 -- a local http URL
                return
        except urllib.error.HTTPError:
            return  # it answered, even if not with 200
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{child.name} did not start:\n{child.tail()}")
