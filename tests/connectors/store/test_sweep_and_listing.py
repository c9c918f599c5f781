"""What the sweep and the console read: unfinished cases, recent cases, single cases."""

from __future__ import annotations

from datetime import timedelta

import pytest

from madoguchi.connectors.store import SqlCaseStore
from madoguchi.domain.cases import Case, CaseState
from madoguchi.domain.errors import CaseNotFound
from tests.connectors.store.samples import Clock, admit_mail


def _admit(store: SqlCaseStore, uid: int) -> Case:
    return admit_mail(store, uid=uid, message_id=f"<m{uid}@customer.example>").case


def test_unfinished_lists_idle_cases_nobody_holds(store: SqlCaseStore, clock: Clock) -> None:
    idle = _admit(store, 1)
    clock.advance(600)

    assert store.unfinished(idle_since=clock.now, limit=10) == [idle]


def test_unfinished_skips_cases_changed_since(store: SqlCaseStore, clock: Clock) -> None:
    _admit(store, 1)
    idle_since = clock.now
    clock.advance(1)
    _admit(store, 2)

    assert store.unfinished(idle_since=idle_since, limit=10) == []


def test_unfinished_skips_leased_cases_until_the_lease_expires(
    store: SqlCaseStore, clock: Clock
) -> None:
    case = _admit(store, 1)
    assert store.claim(case.id, owner="w", ttl=60) is not None
    clock.advance(30)
    assert store.unfinished(idle_since=clock.now, limit=10) == []

    clock.advance(31)

    assert [found.id for found in store.unfinished(idle_since=clock.now, limit=10)] == [case.id]


def test_unfinished_skips_final_cases(store: SqlCaseStore, clock: Clock) -> None:
    case = _admit(store, 1)
    lease = store.claim(case.id, owner="w", ttl=60)
    assert lease is not None
    store.advance(lease, CaseState.IGNORED, event="automated", data={})
    store.release(lease)
    clock.advance(600)

    assert store.unfinished(idle_since=clock.now, limit=10) == []


def test_unfinished_gives_the_longest_idle_first_up_to_the_limit(
    store: SqlCaseStore, clock: Clock
) -> None:
    oldest = _admit(store, 1)
    clock.advance(1)
    older = _admit(store, 2)
    clock.advance(1)
    _admit(store, 3)
    clock.advance(600)

    assert store.unfinished(idle_since=clock.now, limit=2) == [oldest, older]


def test_cases_lists_the_newest_first(store: SqlCaseStore, clock: Clock) -> None:
    first = _admit(store, 1)
    clock.advance(1)
    second = _admit(store, 2)
    clock.advance(1)
    third = _admit(store, 3)

    assert store.cases() == [third, second, first]
    assert store.cases(limit=1) == [third]


def test_an_unknown_case_raises_case_not_found(store: SqlCaseStore) -> None:
    with pytest.raises(CaseNotFound):
        store.case(4242)


def test_the_raw_mail_of_an_unknown_case_raises_case_not_found(store: SqlCaseStore) -> None:
    with pytest.raises(CaseNotFound):
        store.raw(4242)


def test_times_come_back_in_utc(store: SqlCaseStore, clock: Clock) -> None:
    case = _admit(store, 1)

    stored = store.case(case.id)

    assert stored.received_at == clock.now
    assert stored.received_at.utcoffset() == timedelta(0)
