"""Files kept with a case: a screenshot of a failed screen stays with the case it explains."""

from __future__ import annotations

import pytest

from madoguchi.connectors.store import SqlCaseStore
from madoguchi.domain.cases import Lease
from madoguchi.domain.errors import LeaseLost
from tests.connectors.store.samples import Clock

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40


def test_an_attached_file_is_listed_with_the_case_and_read_back(
    store: SqlCaseStore, lease: Lease, clock: Clock
) -> None:
    stored = store.attach(lease, name="customer-page.png", content_type="image/png", data=PNG)

    assert store.files(lease.case_id) == [stored]
    assert (stored.name, stored.content_type, stored.size) == (
        "customer-page.png", "image/png", len(PNG),
    )
    assert stored.created_at == clock.now
    assert store.file_data(stored.id) == PNG


def test_only_the_name_and_size_reach_the_audit_trail(store: SqlCaseStore, lease: Lease) -> None:
    store.attach(lease, name="search.png", content_type="image/png", data=PNG)

    [event] = [e for e in store.audit_events(case_id=lease.case_id) if e.kind == "file_attached"]
    assert event.data == {
        "file": store.files(lease.case_id)[0].id, "name": "search.png",
        "content_type": "image/png", "size": len(PNG),
    }
    assert store.verify_audit().ok


def test_a_stale_lease_cannot_attach(store: SqlCaseStore, lease: Lease) -> None:
    store.release(lease)

    with pytest.raises(LeaseLost):
        store.attach(lease, name="late.png", content_type="image/png", data=PNG)
    assert store.files(lease.case_id) == []


def test_an_unknown_file_is_a_lookup_error(store: SqlCaseStore) -> None:
    with pytest.raises(LookupError):
        store.file_data(424242)
