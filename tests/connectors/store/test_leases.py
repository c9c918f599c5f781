"""Leases: one worker at a time per case, every claim counted, stale holders fenced off."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest

from madoguchi.connectors.store import SqlCaseStore
from madoguchi.domain.cases import Case, CaseState, Lease, StepStatus
from madoguchi.domain.errors import CaseNotFound, LeaseLost
from tests.connectors.store.samples import START, Clock, reply_to, ticket_for


def test_a_claim_takes_the_lease_with_the_first_fence_and_attempt(
    store: SqlCaseStore, case: Case, clock: Clock
) -> None:
    lease = store.claim(case.id, owner="worker-1", ttl=30)

    assert lease is not None
    assert (lease.case_id, lease.owner, lease.fence, lease.attempts) == (case.id, "worker-1", 1, 1)
    assert lease.expires_at == clock.now + timedelta(seconds=30)
    assert store.case(case.id).lease_expires_at == lease.expires_at


def test_a_held_case_cannot_be_claimed_by_another_worker(
    store: SqlCaseStore, lease: Lease
) -> None:
    assert store.claim(lease.case_id, owner="worker-2", ttl=60) is None


def test_an_expired_lease_can_be_claimed_again_with_a_higher_fence(
    store: SqlCaseStore, lease: Lease, clock: Clock
) -> None:
    clock.advance(61)

    taken = store.claim(lease.case_id, owner="worker-2", ttl=60)

    assert taken is not None
    assert taken.fence == lease.fence + 1


def test_each_claim_counts_one_attempt(store: SqlCaseStore, lease: Lease) -> None:
    store.release(lease)

    again = store.claim(lease.case_id, owner="worker-1", ttl=60)

    assert again is not None
    assert again.attempts == 2
    assert store.case(lease.case_id).attempts == 2


def test_advancing_resets_the_attempt_count(store: SqlCaseStore, lease: Lease) -> None:
    store.release(lease)
    second = store.claim(lease.case_id, owner="worker-1", ttl=60)
    assert second is not None

    store.advance(second, CaseState.ROUTINE, event="triaged", data={})

    assert store.case(lease.case_id).attempts == 0


def test_a_final_case_cannot_be_claimed(store: SqlCaseStore, lease: Lease) -> None:
    store.advance(lease, CaseState.IGNORED, event="automated mail", data={})
    store.release(lease)

    assert store.claim(lease.case_id, owner="worker-2", ttl=60) is None


def test_claiming_an_unknown_case_raises_case_not_found(store: SqlCaseStore) -> None:
    with pytest.raises(CaseNotFound):
        store.claim(4242, owner="worker-1", ttl=60)


def test_release_lets_another_worker_claim(store: SqlCaseStore, lease: Lease) -> None:
    store.release(lease)

    assert store.case(lease.case_id).lease_expires_at is None
    assert store.claim(lease.case_id, owner="worker-2", ttl=60) is not None


def test_a_stale_release_leaves_the_new_holder_alone(
    store: SqlCaseStore, lease: Lease, clock: Clock
) -> None:
    clock.advance(61)
    newer = store.claim(lease.case_id, owner="worker-2", ttl=60)
    assert newer is not None

    store.release(lease)

    assert store.case(lease.case_id).lease_expires_at == newer.expires_at
    assert store.claim(lease.case_id, owner="worker-3", ttl=60) is None


def test_concurrent_claims_let_exactly_one_worker_win(store: SqlCaseStore, case: Case) -> None:
    count = 8
    barrier = threading.Barrier(count)
    leases: list[Lease | None] = []
    errors: list[BaseException] = []

    def claim(owner: str) -> None:
        barrier.wait()
        try:
            leases.append(store.claim(case.id, owner=owner, ttl=60))
        except BaseException as error:  # collected: a thread cannot fail the test itself
            errors.append(error)

    threads = [threading.Thread(target=claim, args=(f"w{n}",)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    winners = [lease for lease in leases if lease is not None]
    assert len(leases) == count
    assert len(winners) == 1
    assert winners[0].fence == 1


Write = Callable[[SqlCaseStore, Lease], object]
WRITES: dict[str, Write] = {
    "advance": lambda store, lease: store.advance(lease, CaseState.ROUTINE, event="e", data={}),
    "note": lambda store, lease: store.note(lease, event="e", data={}),
    "escalate": lambda store, lease: store.escalate(
        lease, ticket_for(lease.case_id), state=CaseState.ESCALATED
    ),
    "begin_step": lambda store, lease: store.begin_step(lease, "reset_password"),
    "save_reply": lambda store, lease: store.save_reply(lease, reply_to(lease.case_id)),
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_a_stale_lease_is_refused_by_every_write(
    store: SqlCaseStore, lease: Lease, clock: Clock, write: Write
) -> None:
    clock.advance(61)
    assert store.claim(lease.case_id, owner="worker-2", ttl=60) is not None
    before = (store.case(lease.case_id), store.audit_events(), store.steps(lease.case_id))

    with pytest.raises(LeaseLost):
        write(store, lease)

    after = (store.case(lease.case_id), store.audit_events(), store.steps(lease.case_id))
    assert after == before
    assert store.tickets() == []
    assert store.reply(lease.case_id) is None


def test_a_stale_lease_cannot_complete_its_step(
    store: SqlCaseStore, lease: Lease, clock: Clock
) -> None:
    step = store.begin_step(lease, "reset_password")
    clock.advance(61)
    assert store.claim(lease.case_id, owner="worker-2", ttl=60) is not None

    with pytest.raises(LeaseLost):
        store.complete_step(lease, step, status=StepStatus.DONE, result={})

    assert store.steps(lease.case_id) == [step]


def test_a_released_lease_can_no_longer_write(store: SqlCaseStore, lease: Lease) -> None:
    store.release(lease)

    with pytest.raises(LeaseLost):
        store.note(lease, event="late", data={})


def test_an_expired_lease_nobody_took_over_still_writes(
    store: SqlCaseStore, lease: Lease, clock: Clock
) -> None:
    # The fence, not the clock, decides: nobody else can have acted on the case.
    clock.advance(3600)

    store.advance(lease, CaseState.ROUTINE, event="slow but alone", data={})

    assert store.case(lease.case_id).state is CaseState.ROUTINE


def test_a_lease_on_a_vanished_case_raises_case_not_found(store: SqlCaseStore) -> None:
    ghost = Lease(case_id=4242, owner="w", fence=1, attempts=1, expires_at=START)

    with pytest.raises(CaseNotFound):
        store.note(ghost, event="e", data={})
