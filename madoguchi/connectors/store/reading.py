"""Queries that read the store and turn its rows into domain values."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, func, select
from sqlalchemy.engine import Connection

from madoguchi.connectors.store.schema import (
    case_files,
    cases,
    raw_messages,
    replies,
    steps,
    ticket_cases,
    tickets,
)
from madoguchi.domain.cases import (
    FINAL_STATES,
    Case,
    CaseFile,
    CaseState,
    Step,
    Ticket,
    TicketStatus,
)
from madoguchi.domain.errors import CaseNotFound
from madoguchi.domain.mail import Folder, MailKey, Reply

_FINAL = sorted(FINAL_STATES)
_CASE_COLUMNS = [column for column in cases.c if column.name not in {"fence", "lease_owner"}]


def case_query() -> Select[Any]:
    """Every column a ``Case`` is made of; the raw bytes stay in their own table."""
    return select(*_CASE_COLUMNS)


def load_case(connection: Connection, case_id: int) -> Case:
    row = connection.execute(case_query().where(cases.c.id == case_id)).one_or_none()
    if row is None:
        raise CaseNotFound(f"no case {case_id}")
    return to_case(row)


def rulebook_version_of(connection: Connection, case_id: int) -> str | None:
    """The rulebook version that last decided about the case."""
    query = select(cases.c.id, cases.c.rulebook_version).where(cases.c.id == case_id)
    row = connection.execute(query).one_or_none()
    if row is None:
        raise CaseNotFound(f"no case {case_id}")
    version: str | None = row.rulebook_version
    return version


def to_case(row: Row[Any]) -> Case:
    return Case(
        id=row.id,
        key=MailKey(mailbox=row.mailbox, uidvalidity=row.uidvalidity, uid=row.uid),
        message_id=row.message_id, content_hash=row.content_hash,
        state=CaseState(row.state), attempts=row.attempts,
        received_at=row.received_at, updated_at=row.updated_at, finished_at=row.finished_at,
        lease_expires_at=row.lease_expires_at,
        filed_folder=Folder(row.filed_folder) if row.filed_folder else None,
        language=row.language, intent=row.intent, confidence=row.confidence,
        routine=row.routine, reason=row.reason, rulebook_version=row.rulebook_version,
    )


def load_raw(connection: Connection, case_id: int) -> bytes:
    query = select(raw_messages.c.raw).where(raw_messages.c.case_id == case_id)
    raw: bytes | None = connection.execute(query).scalar_one_or_none()
    if raw is None:
        raise CaseNotFound(f"no raw mail for case {case_id}")
    return bytes(raw)


def load_steps(connection: Connection, case_id: int) -> list[Step]:
    query = select(steps).where(steps.c.case_id == case_id).order_by(steps.c.id)
    return [to_step(row) for row in connection.execute(query)]


def to_step(row: Row[Any]) -> Step:
    return Step(
        id=row.id, case_id=row.case_id, name=row.name, status=row.status,
        attempts=row.attempts, started_at=row.started_at, finished_at=row.finished_at,
        result=row.result,
    )


_FILE_COLUMNS = (
    case_files.c.id, case_files.c.case_id, case_files.c.name, case_files.c.content_type,
    case_files.c.size, case_files.c.created_at,
)


def load_files(connection: Connection, case_id: int) -> list[CaseFile]:
    query = (
        select(*_FILE_COLUMNS).where(case_files.c.case_id == case_id).order_by(case_files.c.id)
    )
    return [to_file(row) for row in connection.execute(query)]


def to_file(row: Row[Any, Any, Any, Any, Any, Any]) -> CaseFile:
    return CaseFile(
        id=row.id, case_id=row.case_id, name=row.name, content_type=row.content_type,
        size=row.size, created_at=row.created_at,
    )


def load_file_data(connection: Connection, file_id: int) -> bytes:
    query = select(case_files.c.data).where(case_files.c.id == file_id)
    data: bytes | None = connection.execute(query).scalar_one_or_none()
    if data is None:
        raise LookupError(f"no case file {file_id}")
    return bytes(data)


def load_reply(connection: Connection, case_id: int) -> Reply | None:
    query = select(replies.c.reply).where(replies.c.case_id == case_id)
    stored = connection.execute(query).scalar_one_or_none()
    return None if stored is None else Reply.model_validate(stored)


def load_unfinished(
    connection: Connection, *, idle_since: datetime, now: datetime, limit: int
) -> list[Case]:
    """Non-final cases untouched since ``idle_since`` whose lease is free or expired."""
    lease_free = cases.c.lease_expires_at.is_(None) | (cases.c.lease_expires_at < now)
    query = (
        case_query()
        .where(cases.c.state.not_in(_FINAL), cases.c.updated_at < idle_since, lease_free)
        .order_by(cases.c.updated_at, cases.c.id)
        .limit(limit)
    )
    return [to_case(row) for row in connection.execute(query)]


def load_unfiled(connection: Connection, *, mailbox: str, limit: int) -> list[Case]:
    query = (
        case_query()
        .where(cases.c.mailbox == mailbox, cases.c.filed_folder.is_(None),
               cases.c.state.in_(_FINAL))
        .order_by(cases.c.id)
        .limit(limit)
    )
    return [to_case(row) for row in connection.execute(query)]


def load_cases(connection: Connection, *, limit: int) -> list[Case]:
    query = case_query().order_by(cases.c.received_at.desc(), cases.c.id.desc()).limit(limit)
    return [to_case(row) for row in connection.execute(query)]


def load_tickets(
    connection: Connection, *, status: TicketStatus | None, limit: int
) -> list[Ticket]:
    """Tickets oldest first: the order a queue is worked in."""
    query = select(tickets).order_by(tickets.c.id).limit(limit)
    if status is not None:
        query = query.where(tickets.c.status == status.value)
    rows = list(connection.execute(query))
    gathered = _gathered(connection, [row.id for row in rows])
    return [to_ticket(row, gathered.get(row.id, ())) for row in rows]


def _gathered(connection: Connection, ticket_ids: list[int]) -> dict[int, tuple[int, ...]]:
    if not ticket_ids:
        return {}
    query = (
        select(ticket_cases.c.ticket_id, ticket_cases.c.case_id)
        .where(ticket_cases.c.ticket_id.in_(ticket_ids))
        .order_by(ticket_cases.c.case_id)
    )
    found: dict[int, tuple[int, ...]] = {}
    for ticket_id, case_id in connection.execute(query):
        found[ticket_id] = (*found.get(ticket_id, ()), case_id)
    return found


def to_ticket(row: Row[Any], gathered: tuple[int, ...] = ()) -> Ticket:
    return Ticket(
        id=row.id, case_id=row.case_id, queue=row.queue, priority=row.priority,
        reason=row.reason, status=TicketStatus(row.status), created_at=row.created_at,
        context=row.context, gathered=gathered, group=row.group_key,
    )


def load_ticket(connection: Connection, ticket_id: int) -> Ticket:
    row = connection.execute(select(tickets).where(tickets.c.id == ticket_id)).one_or_none()
    if row is None:
        raise LookupError(f"no ticket {ticket_id}")
    return to_ticket(row, _gathered(connection, [ticket_id]).get(ticket_id, ()))


def case_of_reply(connection: Connection, message_id: str) -> int | None:
    query = select(replies.c.case_id).where(replies.c.message_id == message_id)
    found: int | None = connection.execute(query).scalar_one_or_none()
    return found


_AUTOMATED = [CaseState.ROUTINE.value, CaseState.REPLYING.value, CaseState.REPLIED.value]


def count_automated_for(connection: Connection, sender_key: str, *, since: datetime) -> int:
    """Cases of this sender received since ``since`` that a routine answers or answered."""
    query = select(func.count()).select_from(cases).where(
        cases.c.sender_key == sender_key,
        cases.c.received_at >= since,
        cases.c.state.in_(_AUTOMATED),
    )
    return int(connection.execute(query).scalar_one())
