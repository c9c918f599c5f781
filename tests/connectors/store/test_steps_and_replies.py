"""Steps and the reply outbox: a row before each side effect, its outcome after."""

from __future__ import annotations

import pytest

from madoguchi.connectors.store import SqlCaseStore
from madoguchi.domain.cases import Lease, StepStatus
from tests.connectors.store.samples import Clock, reply_to


def test_begin_step_creates_a_started_step_with_one_attempt(
    store: SqlCaseStore, lease: Lease, clock: Clock
) -> None:
    step = store.begin_step(lease, "send_reset_link")

    assert (step.case_id, step.name, step.status, step.attempts) == (
        lease.case_id, "send_reset_link", StepStatus.STARTED, 1,
    )
    assert step.started_at == clock.now
    assert step.finished_at is None
    assert store.steps(lease.case_id) == [step]


def test_a_started_step_begun_again_is_returned_in_doubt_with_another_attempt(
    store: SqlCaseStore, lease: Lease, clock: Clock
) -> None:
    first = store.begin_step(lease, "send_reset_link")
    clock.advance(30)

    again = store.begin_step(lease, "send_reset_link")

    assert again.id == first.id
    assert again.status is StepStatus.STARTED
    assert again.attempts == 2
    assert again.started_at == first.started_at


def test_complete_step_records_its_outcome(
    store: SqlCaseStore, lease: Lease, clock: Clock
) -> None:
    step = store.begin_step(lease, "send_reset_link")
    finished = clock.advance(2)

    done = store.complete_step(lease, step, status=StepStatus.DONE,
                               result={"sent_at": "2025-04-01T09:00:02Z", "ok": True})

    assert done.status is StepStatus.DONE
    assert done.result == {"sent_at": "2025-04-01T09:00:02Z", "ok": True}
    assert done.finished_at == finished
    assert store.steps(lease.case_id) == [done]


def test_a_done_step_begun_again_is_returned_done(store: SqlCaseStore, lease: Lease) -> None:
    step = store.begin_step(lease, "send_reset_link")
    store.complete_step(lease, step, status=StepStatus.DONE, result={"ok": True})

    again = store.begin_step(lease, "send_reset_link")

    assert again.status is StepStatus.DONE
    assert again.result == {"ok": True}


def test_a_failed_step_is_recorded_as_failed(store: SqlCaseStore, lease: Lease) -> None:
    step = store.begin_step(lease, "read_kyc")

    failed = store.complete_step(lease, step, status=StepStatus.FAILED,
                                 result={"error": "busy"})

    assert store.steps(lease.case_id) == [failed]
    assert failed.status is StepStatus.FAILED


def test_a_failed_step_begun_again_is_returned_failed_and_stored_as_started(
    store: SqlCaseStore, lease: Lease, clock: Clock
) -> None:
    step = store.begin_step(lease, "send_reply")
    store.complete_step(lease, step, status=StepStatus.FAILED, result={"error": "refused"})
    retried_at = clock.advance(10)

    again = store.begin_step(lease, "send_reply")

    assert (again.status, again.attempts) == (StepStatus.FAILED, 2)
    [stored] = store.steps(lease.case_id)
    assert (stored.status, stored.attempts) == (StepStatus.STARTED, 2)
    assert stored.started_at == retried_at
    assert stored.finished_at is None


def test_steps_are_listed_in_the_order_they_were_begun(store: SqlCaseStore, lease: Lease) -> None:
    for name in ("find_customer", "read_kyc", "send_reset_link"):
        store.begin_step(lease, name)

    assert [step.name for step in store.steps(lease.case_id)] == [
        "find_customer", "read_kyc", "send_reset_link",
    ]


def test_a_step_cannot_be_completed_as_started(store: SqlCaseStore, lease: Lease) -> None:
    step = store.begin_step(lease, "read_kyc")

    with pytest.raises(ValueError, match="done or failed"):
        store.complete_step(lease, step, status=StepStatus.STARTED, result={})


def test_step_events_are_audited(store: SqlCaseStore, lease: Lease) -> None:
    step = store.begin_step(lease, "read_kyc")
    store.complete_step(lease, step, status=StepStatus.DONE, result={})

    kinds = [event.kind for event in store.audit_events(case_id=lease.case_id)]
    assert kinds[-2:] == ["step_begun", "step_completed"]


def test_a_saved_reply_is_read_back(store: SqlCaseStore, lease: Lease) -> None:
    reply = reply_to(lease.case_id)

    store.save_reply(lease, reply)

    assert store.reply(lease.case_id) == reply


def test_a_second_reply_does_not_replace_the_first(store: SqlCaseStore, lease: Lease) -> None:
    first = reply_to(lease.case_id, text="first rendering")
    store.save_reply(lease, first)

    store.save_reply(lease, reply_to(lease.case_id, text="second rendering"))

    assert store.reply(lease.case_id) == first


def test_a_case_without_a_reply_has_none(store: SqlCaseStore, lease: Lease) -> None:
    assert store.reply(lease.case_id) is None
