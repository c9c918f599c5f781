"""Intake's writes: admitting mail as cases, mailbox checkpoints, and filing finished mail."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Insert, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from madoguchi.connectors.store import audit
from madoguchi.connectors.store.reading import case_query, load_case, to_case
from madoguchi.connectors.store.schema import (
    cases,
    mailbox_checkpoints,
    mailbox_leases,
    raw_messages,
)
from madoguchi.domain.cases import Admission, AdmissionStatus, Case, CaseState
from madoguchi.domain.errors import CaseNotFound, StoreUnavailable
from madoguchi.domain.mail import Checkpoint, Folder, MailKey, RawMail


def load_checkpoint(connection: Connection, mailbox: str) -> Checkpoint | None:
    query = select(mailbox_checkpoints).where(mailbox_checkpoints.c.mailbox == mailbox)
    row = connection.execute(query).one_or_none()
    if row is None:
        return None
    return Checkpoint(mailbox=row.mailbox, uidvalidity=row.uidvalidity, last_uid=row.last_uid)


def save_checkpoint(connection: Connection, checkpoint: Checkpoint, *, now: datetime) -> None:
    """Set the mailbox's checkpoint to exactly ``checkpoint`` (an upsert)."""
    values = {"uidvalidity": checkpoint.uidvalidity, "last_uid": checkpoint.last_uid,
              "updated_at": now}
    statement = _upsert(connection).values(mailbox=checkpoint.mailbox, **values)
    connection.execute(
        statement.on_conflict_do_update(index_elements=["mailbox"], set_=values)
    )


def _upsert(connection: Connection) -> Any:
    # Both dialects spell "insert or update" ON CONFLICT, but through their own insert().
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(mailbox_checkpoints)


def lease_mailbox(
    connection: Connection, mailbox: str, *, owner: str, ttl: float, now: datetime
) -> bool:
    """Take or renew ``owner``'s lease on ``mailbox``; False while another holds it."""
    expires_at = now + timedelta(seconds=ttl)
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    connection.execute(
        dialect.insert(mailbox_leases)
        .values(mailbox=mailbox, owner=owner, expires_at=expires_at)
        .on_conflict_do_nothing(index_elements=["mailbox"])
    )
    renewed = connection.execute(
        update(mailbox_leases)
        .where(
            mailbox_leases.c.mailbox == mailbox,
            (mailbox_leases.c.owner == owner) | (mailbox_leases.c.expires_at < now),
        )
        .values(owner=owner, expires_at=expires_at)
        .returning(mailbox_leases.c.mailbox)
    ).one_or_none()
    return renewed is not None


def release_mailbox(connection: Connection, mailbox: str, *, owner: str) -> None:
    connection.execute(
        delete(mailbox_leases).where(
            mailbox_leases.c.mailbox == mailbox, mailbox_leases.c.owner == owner
        )
    )


class AdmissionRaced(StoreUnavailable):
    """Another admitter changed the case between our read and our write: try again."""


def admit(
    connection: Connection, mail: RawMail, *, message_id: str, content_hash: str, now: datetime
) -> Admission:
    """Decide what ``mail`` is to the store and record it, in the caller's transaction.

    A concurrent admission of the same mail makes the insert fail on a unique key (or
    the relocation find the case already moved, ``AdmissionRaced``); the caller runs
    this again in a new transaction, which then finds the other's case.
    """
    known, same = _matches(connection, mail.key, message_id, content_hash)
    if known is not None:
        return Admission(status=AdmissionStatus.KNOWN, case=known)
    if same is None:
        return _admit_new(connection, mail, message_id, content_hash, now)
    if same.key.mailbox == mail.key.mailbox and same.key.uidvalidity != mail.key.uidvalidity:
        return _relocate(connection, same, mail.key, now)
    _audit(connection, "mail_duplicate", same, now, _where(mail.key))
    return Admission(status=AdmissionStatus.DUPLICATE, case=same)


def _matches(
    connection: Connection, key: MailKey, message_id: str, content_hash: str
) -> tuple[Case | None, Case | None]:
    """The case at ``key``, and a case of the same message: read in one statement.

    One statement sees one snapshot: two lookups could miss a concurrent admission of
    this very location in the first and find it in the second, and call it a duplicate.
    """
    at_key = (
        (cases.c.mailbox == key.mailbox) & (cases.c.uidvalidity == key.uidvalidity)
        & (cases.c.uid == key.uid)
    )
    same_message = (cases.c.message_id == message_id) & (cases.c.content_hash == content_hash)
    found = [to_case(row) for row in connection.execute(case_query().where(at_key | same_message))]
    known = next((case for case in found if case.key == key), None)
    same = next((case for case in found if case.message_id == message_id
                 and case.content_hash == content_hash), None)
    return known, same


def _admit_new(
    connection: Connection, mail: RawMail, message_id: str, content_hash: str, now: datetime
) -> Admission:
    statement: Insert = insert(cases).values(
        mailbox=mail.key.mailbox, uidvalidity=mail.key.uidvalidity, uid=mail.key.uid,
        message_id=message_id, content_hash=content_hash, state=CaseState.RECEIVED.value,
        attempts=0, fence=0, received_at=now, updated_at=now,
    )
    case_id: int = connection.execute(statement.returning(cases.c.id)).scalar_one()
    connection.execute(insert(raw_messages).values(case_id=case_id, raw=mail.raw))
    case = load_case(connection, case_id)
    _audit(connection, "mail_admitted", case, now, _where(mail.key) | {"size": len(mail.raw)})
    return Admission(status=AdmissionStatus.NEW, case=case)


def _relocate(connection: Connection, case: Case, key: MailKey, now: datetime) -> Admission:
    # The folder's UIDVALIDITY changed (F9): every old UID is void, the case moves.
    moved = connection.execute(
        update(cases)
        .where(cases.c.id == case.id, cases.c.uidvalidity == case.key.uidvalidity,
               cases.c.uid == case.key.uid)
        .values(uidvalidity=key.uidvalidity, uid=key.uid, updated_at=now)
    )
    if moved.rowcount != 1:
        raise AdmissionRaced(f"case {case.id} was moved by another admitter")
    relocated = load_case(connection, case.id)
    data = {"from": _where(case.key), "to": _where(key)}
    _audit(connection, "mail_relocated", relocated, now, data)
    return Admission(status=AdmissionStatus.RELOCATED, case=relocated)


def _where(key: MailKey) -> dict[str, Any]:
    return {"mailbox": key.mailbox, "uidvalidity": key.uidvalidity, "uid": key.uid}


def _audit(
    connection: Connection, kind: str, case: Case, now: datetime, data: dict[str, Any]
) -> None:
    audit.append(connection, at=now, case_id=case.id, kind=kind, data=data,
                 rulebook_version=case.rulebook_version)


def mark_filed(connection: Connection, case_id: int, folder: Folder, *, now: datetime) -> None:
    """Record that the case's mail now sits in ``folder``, with its audit event."""
    statement = (
        update(cases).where(cases.c.id == case_id)
        .values(filed_folder=folder.value, updated_at=now)
        .returning(cases.c.rulebook_version)
    )
    row = connection.execute(statement).one_or_none()
    if row is None:
        raise CaseNotFound(f"no case {case_id}")
    audit.append(connection, at=now, case_id=case_id, kind="mail_filed",
                 data={"folder": folder.value}, rulebook_version=row.rulebook_version)
