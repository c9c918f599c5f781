"""The audit trail: append-only events, each chained to the one before by a SHA-256 hash.

``hash = sha256(prev_hash + canonical JSON of {seq, at, case_id, kind, data,
rulebook_version})``. The single ``audit_head`` row carries the last seq and hash, and
is locked by every append, so the chain stays linear under concurrent writers and a
tail cut off the table is still noticed. Data is redacted before it is stored: the
trail holds no personal data.

The chain proves the trail was not changed *after* the fact by someone without the
head; anyone able to rewrite every row and the head can forge it. Copying the head
hash elsewhere from time to time (a log, a ticket) closes that gap.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from pydantic_core import to_jsonable_python
from sqlalchemy import Row, insert, select, update
from sqlalchemy.engine import Connection

from madoguchi.connectors.store.schema import GENESIS_HASH, audit_events, audit_head
from madoguchi.domain.cases import AuditEvent, AuditReport
from madoguchi.domain.redact import redact


def canonical_json(value: Any) -> str:
    """One byte-exact JSON text per value: sorted keys, no spaces, no NaN."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)


def plain_json(value: Any) -> Any:
    """``value`` as the JSON the database will hand back (tuples become lists, ...)."""
    return json.loads(canonical_json(to_jsonable_python(value)))


def split_version(data: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """``data`` without its ``rulebook_version`` entry, and that entry (None when absent).

    An event may name the rulebook version that decided it; when it does not, the
    caller falls back on the case's.
    """
    rest = dict(data)
    version = rest.pop("rulebook_version", None)
    return rest, None if version is None else str(version)


def chain_hash(
    prev_hash: str, *, seq: int, at: datetime, case_id: int | None, kind: str,
    data: dict[str, Any], rulebook_version: str | None,
) -> str:
    """The hash of one event, given the hash of the event before it."""
    content = {
        "seq": seq, "at": at.astimezone(UTC).isoformat(timespec="microseconds"), "case_id": case_id,
        "kind": kind, "data": data, "rulebook_version": rulebook_version,
    }
    return hashlib.sha256((prev_hash + canonical_json(content)).encode()).hexdigest()


def append(
    connection: Connection, *, at: datetime, case_id: int | None, kind: str,
    data: dict[str, Any], rulebook_version: str | None,
) -> int:
    """Add one event at the end of the chain, in the caller's transaction; its seq."""
    head = connection.execute(
        select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1).with_for_update()
    ).one()
    seq: int = head.seq + 1
    # To JSON first: a model or a tuple inside ``data`` must be redacted too.
    stored = plain_json(redact(plain_json(data)))
    digest = chain_hash(head.hash, seq=seq, at=at, case_id=case_id, kind=kind, data=stored,
                        rulebook_version=rulebook_version)
    connection.execute(insert(audit_events).values(
        seq=seq, at=at, case_id=case_id, kind=kind, data=stored,
        rulebook_version=rulebook_version, prev_hash=head.hash, hash=digest,
    ))
    connection.execute(update(audit_head).where(audit_head.c.id == 1).values(seq=seq, hash=digest))
    return seq


def events(connection: Connection, *, case_id: int | None) -> list[AuditEvent]:
    """The stored events in chain order, all of them or those of one case."""
    query = select(audit_events).order_by(audit_events.c.seq)
    if case_id is not None:
        query = query.where(audit_events.c.case_id == case_id)
    return [_event(row) for row in connection.execute(query)]


def _event(row: Row[Any]) -> AuditEvent:
    return AuditEvent(
        seq=row.seq, at=row.at, case_id=row.case_id, kind=row.kind, data=row.data,
        rulebook_version=row.rulebook_version, prev_hash=row.prev_hash, hash=row.hash,
    )


def verify(connection: Connection) -> AuditReport:
    """Walk the whole chain and name every record that is edited, missing or out of order."""
    row = connection.execute(select(audit_head.c.seq, audit_head.c.hash)).one_or_none()
    head = None if row is None else (int(row.seq), str(row.hash))
    rows = connection.execute(select(audit_events).order_by(audit_events.c.seq))
    stored = [_event(row) for row in rows]
    problems = list(_chain_problems(stored))
    problems.extend(_head_problems(stored, head))
    return AuditReport(ok=not problems, events=len(stored), problems=tuple(problems))


def _chain_problems(stored: list[AuditEvent]) -> Iterator[str]:
    by_hash = {event.hash: event.seq for event in stored}
    expected_seq, prev = 1, None
    for event in stored:
        if event.seq > expected_seq:
            # The gap explains the broken link that follows it: one problem, not two.
            yield f"seq {_span(expected_seq, event.seq - 1)} missing: deleted from the trail"
        elif event.prev_hash != (prev.hash if prev else GENESIS_HASH):
            yield _link_problem(event, prev, by_hash)
        if _recomputed(event) != event.hash:
            yield f"seq {event.seq}: content does not match its hash: edited"
        expected_seq, prev = event.seq + 1, event


def _link_problem(event: AuditEvent, prev: AuditEvent | None, by_hash: dict[str, int]) -> str:
    follows = by_hash.get(event.prev_hash)
    if follows is not None:
        return f"seq {event.seq}: out of order: it was written after seq {follows}"
    if event.prev_hash == GENESIS_HASH:
        return f"seq {event.seq}: out of order: it was written as the first event"
    before = f"seq {prev.seq}" if prev else "the start of the trail"
    return f"seq {event.seq}: does not link to {before}: that record was rewritten"


def _head_problems(stored: list[AuditEvent], head: tuple[int, str] | None) -> Iterable[str]:
    if head is None:
        return ["the audit head row is missing"]
    head_seq, head_hash = head
    last_seq = stored[-1].seq if stored else 0
    last_hash = stored[-1].hash if stored else GENESIS_HASH
    if head_seq > last_seq:
        return [f"seq {_span(last_seq + 1, head_seq)} missing: the trail was cut after "
                f"seq {last_seq}"]
    if head_seq < last_seq:
        return [f"seq {_span(head_seq + 1, last_seq)} written after the head: head rewound"]
    if head_hash != last_hash:
        return [f"seq {last_seq}: does not match the head's hash"]
    return []


def _recomputed(event: AuditEvent) -> str:
    return chain_hash(
        event.prev_hash, seq=event.seq, at=event.at, case_id=event.case_id, kind=event.kind,
        data=event.data, rulebook_version=event.rulebook_version,
    )


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}..{last}"
