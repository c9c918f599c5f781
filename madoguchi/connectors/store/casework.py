"""The writes a lease holder makes to its case: transitions, steps, the reply, the ticket.

Each function proves the lease first (``leases.hold``) and appends its audit event, all
in the caller's transaction, so a change and its record commit together or not at all.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, insert, select, update
from sqlalchemy.engine import Connection

from madoguchi.connectors.store import audit, leases
from madoguchi.connectors.store.audit import plain_json
from madoguchi.connectors.store.reading import load_reply, to_file, to_step
from madoguchi.connectors.store.schema import (
    case_files,
    cases,
    replies,
    steps,
    ticket_cases,
    tickets,
)
from madoguchi.domain.cases import (
    CaseFile,
    CaseState,
    CaseUpdate,
    ExceptionTicket,
    Lease,
    Step,
    StepStatus,
    TicketStatus,
)
from madoguchi.domain.mail import Reply

ESCALATION_STATES = frozenset({CaseState.ESCALATED, CaseState.QUARANTINED})


def advance(
    connection: Connection, lease: Lease, state: CaseState, *, event: str,
    data: dict[str, Any], update_: CaseUpdate | None, now: datetime,
) -> None:
    """Move the case to ``state``, set the update's non-None fields, reset its attempts."""
    case_version = leases.hold(connection, lease)
    fields = update_.model_dump(exclude_none=True) if update_ else {}
    finished = {"finished_at": now} if state.final else {}
    connection.execute(
        update(cases).where(cases.c.id == lease.case_id)
        .values(state=state.value, attempts=0, updated_at=now, **fields, **finished)
    )
    version = fields.get("rulebook_version", case_version)
    _append(connection, lease, event, {"state": state.value} | data, version, now)


def note(
    connection: Connection, lease: Lease, *, event: str, data: dict[str, Any], now: datetime
) -> None:
    case_version = leases.hold(connection, lease)
    _append(connection, lease, event, data, case_version, now)


def escalate(
    connection: Connection, lease: Lease, ticket: ExceptionTicket, *, state: CaseState,
    now: datetime,
) -> int:
    """Open the case's one ticket (or find it) and finish the case in ``state``; its id."""
    if state not in ESCALATION_STATES:
        raise ValueError(f"a case is escalated or quarantined, not {state.value}")
    if ticket.case_id != lease.case_id:
        raise ValueError(f"ticket for case {ticket.case_id} under the lease of {lease.case_id}")
    case_version = leases.hold(connection, lease)
    ticket_id, how = _ticket_for(connection, ticket, now)
    connection.execute(
        update(cases).where(cases.c.id == lease.case_id)
        .values(state=state.value, attempts=0, updated_at=now, finished_at=now,
                reason=ticket.reason)
    )
    data = {"state": state.value, "ticket_id": ticket_id, "ticket": how,
            "queue": ticket.queue, "priority": ticket.priority, "reason": ticket.reason}
    _append(connection, lease, "case_escalated", data, case_version, now)
    return ticket_id


def escalate_replied(
    connection: Connection, case_id: int, ticket: ExceptionTicket, *, now: datetime
) -> int | None:
    """Turn a replied case into an escalated one (its reply bounced); None if not replied."""
    moved = connection.execute(
        update(cases)
        .where(cases.c.id == case_id, cases.c.state == CaseState.REPLIED.value)
        .values(state=CaseState.ESCALATED.value, updated_at=now, reason=ticket.reason)
        .returning(cases.c.rulebook_version)
    ).one_or_none()
    if moved is None:
        return None
    ticket_id, how = _ticket_for(connection, ticket, now)
    data = {"state": CaseState.ESCALATED.value, "ticket_id": ticket_id, "ticket": how,
            "reason": ticket.reason}
    audit.append(connection, at=now, case_id=case_id, kind="reply_bounced", data=data,
                 rulebook_version=moved.rulebook_version)
    return ticket_id


def _ticket_for(connection: Connection, ticket: ExceptionTicket, now: datetime) -> tuple[int, str]:
    """The case's ticket: the one it has, its group's open one, or a new one."""
    found = _ticket_of(connection, ticket.case_id)
    if found is not None:
        return found, "kept"
    grouped = _open_ticket_of_group(connection, ticket.group) if ticket.group else None
    if grouped is not None:
        connection.execute(insert(ticket_cases).values(case_id=ticket.case_id, ticket_id=grouped))
        return grouped, "gathered"
    return _open_ticket(connection, ticket, now), "opened"


def _ticket_of(connection: Connection, case_id: int) -> int | None:
    query = select(tickets.c.id).where(tickets.c.case_id == case_id)
    found: int | None = connection.execute(query).scalar_one_or_none()
    if found is None:
        query = select(ticket_cases.c.ticket_id).where(ticket_cases.c.case_id == case_id)
        found = connection.execute(query).scalar_one_or_none()
    return found


def _open_ticket_of_group(connection: Connection, group: str) -> int | None:
    query = (
        select(tickets.c.id)
        .where(tickets.c.group_key == group, tickets.c.status == TicketStatus.OPEN.value)
        .order_by(tickets.c.id)
        .limit(1)
        .with_for_update()
    )
    found: int | None = connection.execute(query).scalar_one_or_none()
    return found


def _open_ticket(connection: Connection, ticket: ExceptionTicket, now: datetime) -> int:
    statement = insert(tickets).values(
        case_id=ticket.case_id, queue=ticket.queue, priority=ticket.priority,
        reason=ticket.reason, status=TicketStatus.OPEN.value, created_at=now,
        context=plain_json(ticket.context), group_key=ticket.group,
    )
    ticket_id: int = connection.execute(statement.returning(tickets.c.id)).scalar_one()
    return ticket_id


def begin_step(connection: Connection, lease: Lease, name: str, *, now: datetime) -> Step:
    """The step as it stood before this attempt, with its attempts raised.

    A new step is created as started. A failed step is marked started again: its
    failure was certain, so this attempt owns the effect now. A started step stays
    started (its effect is in doubt) and a done step stays done.
    """
    case_version = leases.hold(connection, lease)
    where = (steps.c.case_id == lease.case_id) & (steps.c.name == name)
    existing = connection.execute(select(steps).where(where).with_for_update()).one_or_none()
    if existing is None:
        step = to_step(_insert_step(connection, lease, name, now))
    else:
        values: dict[str, Any] = {"attempts": steps.c.attempts + 1}
        if existing.status == StepStatus.FAILED.value:
            values |= {"status": StepStatus.STARTED.value, "started_at": now, "finished_at": None}
        connection.execute(update(steps).where(where).values(**values))
        step = to_step(existing).model_copy(update={"attempts": existing.attempts + 1})
    data = {"step": name, "status": step.status.value, "attempts": step.attempts}
    _append(connection, lease, "step_begun", data, case_version, now)
    return step


def _insert_step(connection: Connection, lease: Lease, name: str, now: datetime) -> Row[Any]:
    statement = insert(steps).values(
        case_id=lease.case_id, name=name, status=StepStatus.STARTED.value, attempts=1,
        started_at=now, result={},
    )
    return connection.execute(statement.returning(*steps.c)).one()


def complete_step(
    connection: Connection, lease: Lease, step: Step, *, status: StepStatus,
    result: dict[str, Any], now: datetime,
) -> Step:
    """Record how the step ended; the step as now stored."""
    if status is StepStatus.STARTED:
        raise ValueError("a step is completed as done or failed")
    case_version = leases.hold(connection, lease)
    stored = connection.execute(
        update(steps)
        .where(steps.c.id == step.id, steps.c.case_id == lease.case_id)
        .values(status=status.value, result=plain_json(result), finished_at=now)
        .returning(*steps.c)
    ).one_or_none()
    if stored is None:
        raise ValueError(f"step {step.id} is not a step of case {lease.case_id}")
    data = {"step": step.name, "status": status.value, "result": stored.result}
    _append(connection, lease, "step_completed", data, case_version, now)
    return to_step(stored)


def save_reply(connection: Connection, lease: Lease, reply: Reply, *, now: datetime) -> None:
    """Keep ``reply`` unless the case already has one: the first may have been sent."""
    case_version = leases.hold(connection, lease)
    kept = load_reply(connection, lease.case_id)
    if kept is None:
        connection.execute(insert(replies).values(
            case_id=lease.case_id, message_id=reply.message_id,
            reply=reply.model_dump(mode="json"), created_at=now,
        ))
    data = {"message_id": (kept or reply).message_id, "kept_earlier": kept is not None}
    _append(connection, lease, "reply_saved", data, case_version, now)


def _append(
    connection: Connection, lease: Lease, kind: str, data: dict[str, Any],
    case_version: str | None, now: datetime,
) -> None:
    rest, version = audit.split_version(data)
    audit.append(connection, at=now, case_id=lease.case_id, kind=kind, data=rest,
                 rulebook_version=version or case_version)


def attach(
    connection: Connection, lease: Lease, *, name: str, content_type: str, data: bytes,
    now: datetime,
) -> CaseFile:
    """Keep ``data`` with the case; the audit trail records its name and size only."""
    case_version = leases.hold(connection, lease)
    row = connection.execute(
        insert(case_files)
        .values(case_id=lease.case_id, name=name, content_type=content_type, size=len(data),
                data=data, created_at=now)
        .returning(case_files.c.id, case_files.c.case_id, case_files.c.name,
                   case_files.c.content_type, case_files.c.size, case_files.c.created_at)
    ).one()
    stored = to_file(row)
    data_ = {"file": stored.id, "name": name, "content_type": content_type, "size": len(data)}
    _append(connection, lease, "file_attached", data_, case_version, now)
    return stored


def close_ticket(
    connection: Connection, ticket_id: int, *, by: str, note: str, now: datetime
) -> bool:
    """Close an open ticket; the audit trail says who closed it and why."""
    closed = connection.execute(
        update(tickets)
        .where(tickets.c.id == ticket_id, tickets.c.status == TicketStatus.OPEN.value)
        .values(status=TicketStatus.CLOSED.value, closed_at=now)
        .returning(tickets.c.case_id)
    ).one_or_none()
    if closed is None:
        return False
    data = {"ticket_id": ticket_id, "by": by, "note": note}
    audit.append(connection, at=now, case_id=closed.case_id, kind="ticket_closed", data=data,
                 rulebook_version=None)
    return True
