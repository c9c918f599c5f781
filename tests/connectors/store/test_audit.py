"""The audit trail: gapless, hash-chained, free of personal data, and tamper-evident (S8)."""

from __future__ import annotations

import hashlib
import itertools
import json
import threading

import pytest
from sqlalchemy import text, update

from madoguchi.connectors.store import SqlCaseStore, open_store
from madoguchi.connectors.store.schema import GENESIS_HASH, audit_events
from madoguchi.domain.cases import AuditEvent, CaseState, CaseUpdate, Lease
from madoguchi.domain.errors import CaseNotFound
from madoguchi.domain.mail import MailKey
from tests.connectors.store.samples import START


@pytest.fixture
def trail(store: SqlCaseStore, lease: Lease) -> list[AuditEvent]:
    """Six events about one case: admitted, three notes, advanced, and one without a case."""
    for screen in ("customer", "kyc", "withdrawals"):
        store.note(lease, event="backoffice_read", data={"screen": screen})
    store.advance(lease, CaseState.REPLIED, event="replied", data={})
    store.audit(case_id=None, event="sweep", data={"requeued": 0})
    return list(store.audit_events())


def _sql(store: SqlCaseStore, *statements: str) -> None:
    with store.engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


def _expected_hash(event: AuditEvent) -> str:
    content = {
        "seq": event.seq, "at": event.at.isoformat(timespec="microseconds"),
        "case_id": event.case_id, "kind": event.kind, "data": event.data,
        "rulebook_version": event.rulebook_version,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((event.prev_hash + canonical).encode()).hexdigest()


def test_an_empty_trail_verifies(database: str) -> None:
    store = open_store(database)

    assert store.verify_audit().model_dump() == {"ok": True, "events": 0, "problems": ()}
    store.close()


def test_events_are_numbered_without_gaps(trail: list[AuditEvent]) -> None:
    assert [event.seq for event in trail] == list(range(1, len(trail) + 1))


def test_each_event_is_chained_to_the_one_before(trail: list[AuditEvent]) -> None:
    assert trail[0].prev_hash == GENESIS_HASH
    for before, event in itertools.pairwise(trail):
        assert event.prev_hash == before.hash
    for event in trail:
        assert event.hash == _expected_hash(event)


def test_an_untouched_trail_verifies(store: SqlCaseStore, trail: list[AuditEvent]) -> None:
    report = store.verify_audit()

    assert (report.ok, report.events, report.problems) == (True, len(trail), ())


def test_an_edited_record_is_reported_by_its_seq(
    store: SqlCaseStore, trail: list[AuditEvent]
) -> None:
    _sql(store, "UPDATE audit_events SET kind = 'nothing_happened' WHERE seq = 3")

    report = store.verify_audit()

    assert not report.ok
    assert report.problems == ("seq 3: content does not match its hash: edited",)


def test_edited_data_is_reported_by_its_seq(store: SqlCaseStore, trail: list[AuditEvent]) -> None:
    with store.engine.begin() as connection:
        connection.execute(
            update(audit_events).where(audit_events.c.seq == 2).values(data={"screen": "none"})
        )

    assert store.verify_audit().problems == ("seq 2: content does not match its hash: edited",)


def test_an_edit_with_a_recomputed_hash_breaks_the_next_link(
    store: SqlCaseStore, trail: list[AuditEvent]
) -> None:
    forged = trail[2].model_copy(update={"kind": "nothing_happened"})
    forged_hash = _expected_hash(forged)
    with store.engine.begin() as connection:
        connection.execute(
            update(audit_events).where(audit_events.c.seq == 3)
            .values(kind="nothing_happened", hash=forged_hash)
        )

    report = store.verify_audit()

    assert not report.ok
    assert report.problems == ("seq 4: does not link to seq 3: that record was rewritten",)


def test_a_deleted_record_is_reported_as_missing(
    store: SqlCaseStore, trail: list[AuditEvent]
) -> None:
    _sql(store, "DELETE FROM audit_events WHERE seq = 3")

    report = store.verify_audit()

    assert not report.ok
    assert report.events == len(trail) - 1
    assert report.problems == ("seq 3 missing: deleted from the trail",)


def test_reordered_records_are_reported(store: SqlCaseStore, trail: list[AuditEvent]) -> None:
    _sql(
        store,
        "UPDATE audit_events SET seq = -1 WHERE seq = 3",
        "UPDATE audit_events SET seq = 3 WHERE seq = 4",
        "UPDATE audit_events SET seq = 4 WHERE seq = -1",
    )

    report = store.verify_audit()

    assert not report.ok
    assert "seq 3: out of order: it was written after seq 4" in report.problems
    assert "seq 4: out of order: it was written after seq 2" in report.problems


def test_a_cut_tail_is_reported(store: SqlCaseStore, trail: list[AuditEvent]) -> None:
    _sql(store, "DELETE FROM audit_events WHERE seq > 4")

    report = store.verify_audit()

    assert not report.ok
    assert report.problems == (f"seq 5..{len(trail)} missing: the trail was cut after seq 4",)


def test_e_mail_addresses_never_reach_the_trail(store: SqlCaseStore, lease: Lease) -> None:
    store.note(lease, event="customer_found",
               data={"sender": "Alice.Smith@customer.example", "notes": ["cc bob@corp.example"]})

    event = store.audit_events(case_id=lease.case_id)[-1]
    assert event.data["sender"].startswith("<email:")
    assert event.data["notes"][0].startswith("cc <email:")
    with store.engine.connect() as connection:
        stored = connection.execute(text("SELECT data FROM audit_events")).scalars().all()
    assert "customer.example" not in repr(stored)
    assert "corp.example" not in repr(stored)


def test_personal_data_inside_models_and_tuples_is_redacted_too(
    store: SqlCaseStore, lease: Lease
) -> None:
    store.note(lease, event="customer_found",
               data={"key": MailKey(mailbox="alice@customer.example", uidvalidity=1, uid=2),
                     "senders": ("bob@corp.example",)})

    data = store.audit_events(case_id=lease.case_id)[-1].data
    assert data["key"]["mailbox"].startswith("<email:")
    assert data["senders"][0].startswith("<email:")


def test_japanese_text_and_dates_keep_the_chain_intact(store: SqlCaseStore, lease: Lease) -> None:
    store.note(lease, event="triaged",
               data={"subject": "パスワードを再設定したい", "date": START, "score": 0.1 + 0.2})

    event = store.audit_events(case_id=lease.case_id)[-1]
    assert event.data == {"subject": "パスワードを再設定したい",
                          "date": "2025-04-01T09:00:00.123456Z", "score": 0.1 + 0.2}
    assert store.verify_audit().ok


def test_an_event_without_a_case_needs_no_lease(store: SqlCaseStore) -> None:
    store.audit(case_id=None, event="sweep", data={"requeued": 3})

    [event] = store.audit_events()
    assert (event.case_id, event.kind, event.data) == (None, "sweep", {"requeued": 3})


def test_an_event_about_a_case_takes_the_cases_rulebook_version(
    store: SqlCaseStore, lease: Lease
) -> None:
    store.advance(lease, CaseState.ROUTINE, event="decided", data={},
                  update=CaseUpdate(rulebook_version="r9"))

    store.audit(case_id=lease.case_id, event="requeued", data={})
    store.audit(case_id=lease.case_id, event="override", data={"rulebook_version": "r10"})

    assert [e.rulebook_version for e in store.audit_events(case_id=lease.case_id)][-2:] == [
        "r9", "r10",
    ]


def test_an_event_about_an_unknown_case_raises_case_not_found(store: SqlCaseStore) -> None:
    with pytest.raises(CaseNotFound):
        store.audit(case_id=4242, event="requeued", data={})

    assert list(store.audit_events()) == []


def test_events_can_be_read_for_one_case(store: SqlCaseStore, lease: Lease) -> None:
    store.audit(case_id=None, event="sweep", data={})
    store.note(lease, event="looked", data={})

    assert [e.kind for e in store.audit_events(case_id=lease.case_id)] == [
        "mail_admitted", "looked",
    ]


def test_concurrent_writers_keep_one_linear_chain(store: SqlCaseStore, lease: Lease) -> None:
    count, each = 6, 10
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        barrier.wait()
        try:
            for n in range(each):
                store.audit(case_id=lease.case_id, event="tick", data={"worker": worker, "n": n})
        except BaseException as error:  # collected: a thread cannot fail the test itself
            errors.append(error)

    threads = [threading.Thread(target=write, args=(worker,)) for worker in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    report = store.verify_audit()
    assert report.ok, report.problems
    assert report.events == 1 + count * each
