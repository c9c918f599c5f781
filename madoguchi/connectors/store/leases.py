"""Leases on cases: taking one by a conditional update, proving one by its fencing token.

Each claim raises the case's ``fence``; a write carries the fence its lease was given
and is refused when the case's fence has moved on, so a worker that lost its lease
(it stalled past the expiry and someone else claimed) can no longer change the case.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from madoguchi.connectors.store.schema import cases
from madoguchi.domain.cases import FINAL_STATES, Lease
from madoguchi.domain.errors import CaseNotFound, LeaseLost

_FINAL = sorted(state.value for state in FINAL_STATES)


def claim(
    connection: Connection, case_id: int, *, owner: str, ttl: float, now: datetime
) -> Lease | None:
    """The case's lease for ``owner`` until ``now + ttl``, or None when it is not free."""
    expires_at = now + timedelta(seconds=ttl)
    # One statement decides: two claimers racing cannot both match the WHERE clause.
    statement = (
        update(cases)
        .where(
            cases.c.id == case_id,
            cases.c.state.not_in(_FINAL),
            cases.c.lease_expires_at.is_(None) | (cases.c.lease_expires_at < now),
        )
        .values(
            lease_owner=owner, lease_expires_at=expires_at,
            fence=cases.c.fence + 1, attempts=cases.c.attempts + 1,
        )
        .returning(cases.c.fence, cases.c.attempts)
    )
    row = connection.execute(statement).one_or_none()
    if row is None:
        _require_case(connection, case_id)
        return None
    return Lease(case_id=case_id, owner=owner, fence=row.fence, attempts=row.attempts,
                 expires_at=expires_at)


def release(connection: Connection, lease: Lease) -> None:
    """Free the case if ``lease`` still holds it; otherwise leave the new holder alone."""
    connection.execute(
        update(cases)
        .where(cases.c.id == lease.case_id, cases.c.fence == lease.fence)
        .values(lease_owner=None, lease_expires_at=None)
    )


def hold(connection: Connection, lease: Lease) -> str | None:
    """Prove ``lease`` and lock the case row until the transaction ends.

    Returns the case's rulebook version, which the caller's audit event falls back on.
    Raises ``LeaseLost`` when the case was claimed again since (its fence moved on) or
    the lease was released. An expired lease nobody has taken over still holds: the
    fence, not the clock, decides. (SQLite ignores FOR UPDATE; its write transactions
    already hold the database's write lock.)
    """
    query = (
        select(cases.c.fence, cases.c.lease_expires_at, cases.c.rulebook_version)
        .where(cases.c.id == lease.case_id)
        .with_for_update()
    )
    row = connection.execute(query).one_or_none()
    if row is None:
        raise CaseNotFound(f"no case {lease.case_id}")
    if row.fence != lease.fence or row.lease_expires_at is None:
        raise LeaseLost(f"case {lease.case_id}: lease {lease.fence} no longer holds")
    version: str | None = row.rulebook_version
    return version


def _require_case(connection: Connection, case_id: int) -> None:
    if connection.execute(select(cases.c.id).where(cases.c.id == case_id)).first() is None:
        raise CaseNotFound(f"no case {case_id}")
