"""In-memory stand-ins for the pipeline's unit tests: queue, sender, back-office gateway.

The real ones are tested against real servers in tests/connectors and tests/e2e; these
let the stages' logic be specified case by case.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from madoguchi.domain.errors import BackOfficeBusy, MadoguchiError
from madoguchi.domain.mail import Reply
from madoguchi.domain.ports import BackOffice, Job
from tests.tasks.fakes import FakeBackOffice


@dataclass
class RecordingQueue:
    jobs: list[tuple[Job, int]] = field(default_factory=list)

    def enqueue(self, job: Job, case_id: int, *, delay: float = 0.0) -> None:
        self.jobs.append((job, case_id))


@dataclass
class ScriptedSender:
    """Records each reply handed to it; ``failures`` are raised first, in order.

    A failure whose ``went_out`` flag is set still records the reply, as a server
    that took the message before the connection dropped.
    """

    sent: list[Reply] = field(default_factory=list)
    failures: list[tuple[MadoguchiError, bool]] = field(default_factory=list)

    def send(self, reply: Reply) -> None:
        if self.failures:
            error, went_out = self.failures.pop(0)
            if went_out:
                self.sent.append(reply)
            raise error
        self.sent.append(reply)

    def close(self) -> None:
        """Nothing to close."""


@dataclass
class FakeGateway:
    """Hands out the fake back office; ``failures`` are raised by the next sessions,
    ``probe_failures`` by the next probes."""

    backoffice: FakeBackOffice = field(default_factory=FakeBackOffice)
    failures: list[MadoguchiError] = field(default_factory=list)
    sessions: int = 0
    probes: int = 0
    probe_failures: int = 0

    def probe(self) -> None:
        self.probes += 1
        if self.probe_failures:
            self.probe_failures -= 1
            raise BackOfficeBusy("the login screen does not answer")

    @contextmanager
    def session(self) -> Iterator[BackOffice]:
        self.sessions += 1
        if self.failures:
            raise self.failures.pop(0)
        yield self.backoffice

    def close(self) -> None:
        """Nothing to close."""
