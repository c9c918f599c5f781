"""``SqlCaseStore``: the ``CaseStore`` port on SQLAlchemy, one short transaction per call.

The class owns transactions and the error boundary; the SQL lives in ``intake``,
``leases``, ``casework``, ``reading`` and ``audit``. No SQLAlchemy exception leaves
it: every call maps them into ``domain.errors`` (see ``errors``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, exc
from sqlalchemy.engine import Connection

from madoguchi.connectors.store import audit, casework, intake, leases, reading
from madoguchi.connectors.store.engine import READ_ONLY, make_engine
from madoguchi.connectors.store.errors import mapped_errors
from madoguchi.domain.cases import (
    Admission,
    AuditEvent,
    AuditReport,
    Case,
    CaseFile,
    CaseState,
    CaseUpdate,
    ExceptionTicket,
    Lease,
    Step,
    StepStatus,
    Ticket,
    TicketStatus,
)
from madoguchi.domain.mail import Checkpoint, Folder, RawMail, Reply

Clock = Callable[[], datetime]
ADMIT_TRIES = 3  # a race lost on a unique key is settled by the next try


def utc_now() -> datetime:
    return datetime.now(UTC)


def open_store(database_url: str, *, clock: Clock = utc_now) -> SqlCaseStore:
    """A store on ``database_url`` (``sqlite:///file.db`` or ``postgresql+psycopg://...``).

    Connects lazily and does not migrate: run ``upgrade(database_url)`` first. A
    PostgreSQL URL may pin a schema with ``?options=-csearch_path%3D<schema>``.
    """
    with mapped_errors():
        return SqlCaseStore(make_engine(database_url), clock=clock)


class SqlCaseStore:
    """The case store on a SQLAlchemy engine. Safe to share between threads.

    Times come from ``clock`` (timezone-aware UTC), read once per call: lease expiry
    compares the clocks of the machines sharing the database, so keep them in sync.
    """

    def __init__(self, engine: Engine, *, clock: Clock = utc_now) -> None:
        self._engine = engine
        self._reader = engine.execution_options(**{READ_ONLY: True})
        self._clock = clock

    @property
    def engine(self) -> Engine:
        """The engine underneath, for health checks and tests; not for case data."""
        return self._engine

    def close(self) -> None:
        """Close the pooled connections; the store must not be used afterwards."""
        with mapped_errors():
            self._engine.dispose()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with mapped_errors(), self._engine.begin() as connection:
            yield connection

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with mapped_errors(), self._reader.begin() as connection:
            yield connection

    # intake

    def checkpoint(self, mailbox: str) -> Checkpoint | None:
        with self._read() as connection:
            return intake.load_checkpoint(connection, mailbox)

    def save_checkpoint(self, checkpoint: Checkpoint) -> None:
        with self._write() as connection:
            intake.save_checkpoint(connection, checkpoint, now=self._clock())

    def lease_mailbox(self, mailbox: str, *, owner: str, ttl: float) -> bool:
        with self._write() as connection:
            return intake.lease_mailbox(connection, mailbox, owner=owner, ttl=ttl,
                                        now=self._clock())

    def release_mailbox(self, mailbox: str, *, owner: str) -> None:
        with self._write() as connection:
            intake.release_mailbox(connection, mailbox, owner=owner)

    def admit(self, mail: RawMail, *, message_id: str, content_hash: str) -> Admission:
        """Record ``mail`` once: NEW, KNOWN (same location), DUPLICATE or RELOCATED.

        RELOCATED only when the same mailbox has a new UIDVALIDITY; the same mail in
        another mailbox, or at another UID, is a DUPLICATE. Races with another admitter
        are settled by the unique keys: the loser retries and finds the winner's case.
        """
        with mapped_errors():
            for _ in range(ADMIT_TRIES - 1):
                try:
                    return self._admit_once(mail, message_id, content_hash)
                except (exc.IntegrityError, intake.AdmissionRaced):
                    continue  # another admitter won the race: look again
            return self._admit_once(mail, message_id, content_hash)

    def _admit_once(self, mail: RawMail, message_id: str, content_hash: str) -> Admission:
        with self._engine.begin() as connection:
            return intake.admit(connection, mail, message_id=message_id,
                                content_hash=content_hash, now=self._clock())

    def unfiled(self, mailbox: str, *, limit: int) -> list[Case]:
        with self._read() as connection:
            return reading.load_unfiled(connection, mailbox=mailbox, limit=limit)

    def mark_filed(self, case_id: int, folder: Folder) -> None:
        """Record where the case's mail was filed; appends the ``mail_filed`` event."""
        with self._write() as connection:
            intake.mark_filed(connection, case_id, folder, now=self._clock())

    # reading

    def case(self, case_id: int) -> Case:
        with self._read() as connection:
            return reading.load_case(connection, case_id)

    def raw(self, case_id: int) -> bytes:
        with self._read() as connection:
            return reading.load_raw(connection, case_id)

    def steps(self, case_id: int) -> list[Step]:
        with self._read() as connection:
            return reading.load_steps(connection, case_id)

    def reply(self, case_id: int) -> Reply | None:
        with self._read() as connection:
            return reading.load_reply(connection, case_id)

    def unfinished(self, *, idle_since: datetime, limit: int) -> list[Case]:
        with self._read() as connection:
            return reading.load_unfinished(
                connection, idle_since=idle_since, now=self._clock(), limit=limit
            )

    def cases(self, *, limit: int = 1000) -> list[Case]:
        """The most recently received cases first."""
        with self._read() as connection:
            return reading.load_cases(connection, limit=limit)

    # working a case

    def claim(self, case_id: int, *, owner: str, ttl: float) -> Lease | None:
        with self._write() as connection:
            return leases.claim(connection, case_id, owner=owner, ttl=ttl, now=self._clock())

    def release(self, lease: Lease) -> None:
        """Free the case if ``lease`` still holds it; a stale lease releases nothing."""
        with self._write() as connection:
            leases.release(connection, lease)

    def advance(
        self, lease: Lease, state: CaseState, *, event: str, data: dict[str, Any],
        update: CaseUpdate | None = None,
    ) -> None:
        with self._write() as connection:
            casework.advance(connection, lease, state, event=event, data=data,
                             update_=update, now=self._clock())

    def note(self, lease: Lease, *, event: str, data: dict[str, Any]) -> None:
        with self._write() as connection:
            casework.note(connection, lease, event=event, data=data, now=self._clock())

    def escalate(self, lease: Lease, ticket: ExceptionTicket, *, state: CaseState) -> int:
        """Open the case's ticket once and finish the case as escalated or quarantined.

        A second call returns the first ticket's id. Raises ``ValueError`` for any
        other state, or a ticket about another case.
        """
        with self._write() as connection:
            return casework.escalate(connection, lease, ticket, state=state, now=self._clock())

    def escalate_replied(self, case_id: int, ticket: ExceptionTicket) -> int | None:
        with self._write() as connection:
            return casework.escalate_replied(connection, case_id, ticket, now=self._clock())

    def case_of_reply(self, message_id: str) -> int | None:
        with self._read() as connection:
            return reading.case_of_reply(connection, message_id)

    def automated_for(self, sender_key: str, *, since: datetime) -> int:
        with self._read() as connection:
            return reading.count_automated_for(connection, sender_key, since=since)

    def begin_step(self, lease: Lease, name: str) -> Step:
        with self._write() as connection:
            return casework.begin_step(connection, lease, name, now=self._clock())

    def complete_step(
        self, lease: Lease, step: Step, *, status: StepStatus, result: dict[str, Any]
    ) -> Step:
        """Record the step as done or failed (``ValueError`` for started)."""
        with self._write() as connection:
            return casework.complete_step(connection, lease, step, status=status,
                                          result=result, now=self._clock())

    def save_reply(self, lease: Lease, reply: Reply) -> None:
        with self._write() as connection:
            casework.save_reply(connection, lease, reply, now=self._clock())

    def attach(self, lease: Lease, *, name: str, content_type: str, data: bytes) -> CaseFile:
        with self._write() as connection:
            return casework.attach(connection, lease, name=name, content_type=content_type,
                                   data=data, now=self._clock())

    def files(self, case_id: int) -> list[CaseFile]:
        with self._read() as connection:
            return reading.load_files(connection, case_id)

    def file_data(self, file_id: int) -> bytes:
        """The bytes of a case file; ``LookupError`` for an unknown id."""
        with self._read() as connection:
            return reading.load_file_data(connection, file_id)

    # the exception queue

    def tickets(self, *, status: TicketStatus | None = None, limit: int = 100) -> list[Ticket]:
        """Tickets oldest first, all or those in ``status``."""
        with self._read() as connection:
            return reading.load_tickets(connection, status=status, limit=limit)

    def ticket(self, ticket_id: int) -> Ticket:
        with self._read() as connection:
            return reading.load_ticket(connection, ticket_id)

    def close_ticket(self, ticket_id: int, *, by: str, note: str) -> bool:
        with self._write() as connection:
            return casework.close_ticket(connection, ticket_id, by=by, note=note,
                                         now=self._clock())

    # audit

    def audit_events(self, *, case_id: int | None = None) -> Sequence[AuditEvent]:
        with self._read() as connection:
            return audit.events(connection, case_id=case_id)

    def audit(self, *, case_id: int | None, event: str, data: dict[str, Any]) -> None:
        """Append an event needing no lease; ``CaseNotFound`` for an unknown case."""
        rest, version = audit.split_version(data)
        with self._write() as connection:
            if case_id is not None:
                version = version or reading.rulebook_version_of(connection, case_id)
            audit.append(connection, at=self._clock(), case_id=case_id, kind=event,
                         data=rest, rulebook_version=version)

    def verify_audit(self) -> AuditReport:
        with self._read() as connection:
            return audit.verify(connection)

