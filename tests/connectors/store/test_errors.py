"""Failures leave the store as domain errors; no SQLAlchemy exception escapes it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import select

from madoguchi.connectors.store import SqlCaseStore, open_store, upgrade
from madoguchi.connectors.store import engine as engine_module
from madoguchi.connectors.store.engine import make_engine
from madoguchi.connectors.store.schema import audit_head
from madoguchi.domain.cases import Lease
from madoguchi.domain.errors import ConfigurationError, PermanentError, StoreUnavailable
from tests.connectors.store.samples import admit_mail, reply_to
from tests.support.services import free_port


def test_an_unreachable_postgresql_is_unavailable() -> None:
    url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/test"
    store = open_store(url)

    with pytest.raises(StoreUnavailable):
        store.case(1)
    store.close()


def test_migrating_an_unreachable_postgresql_is_unavailable() -> None:
    with pytest.raises(StoreUnavailable):
        upgrade(f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/test")


def test_a_sqlite_file_that_cannot_be_opened_is_unavailable(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path}/no/such/directory/store.db")

    with pytest.raises(StoreUnavailable):
        store.case(1)
    store.close()


@pytest.mark.parametrize("url", ["not a url", "nosuchdb://somewhere/store"])
def test_a_malformed_database_url_is_a_configuration_error(url: str) -> None:
    with pytest.raises(ConfigurationError, match="invalid case store URL"):
        open_store(url)
    with pytest.raises(ConfigurationError, match="invalid case store URL"):
        upgrade(url)


def test_a_database_never_migrated_is_a_configuration_error(empty_database: str) -> None:
    store = open_store(empty_database)

    with pytest.raises(ConfigurationError, match="run the migrations"):
        admit_mail(store)
    store.close()


def test_a_refused_write_is_permanent_and_does_not_show_the_values(
    store: SqlCaseStore, lease: Lease
) -> None:
    other = admit_mail(store, uid=2, message_id="<m2@customer.example>").case
    other_lease = store.claim(other.id, owner="w", ttl=60)
    assert other_lease is not None
    store.save_reply(lease, reply_to(lease.case_id))
    # A reply Message-ID is unique: reusing one for another case is a bug, not bad luck.
    clash = reply_to(lease.case_id).model_copy(update={"to": "carol@customer.example"})

    with pytest.raises(PermanentError) as raised:
        store.save_reply(other_lease, clash)

    assert "carol@customer.example" not in str(raised.value)
    assert "reply-" not in str(raised.value)


@contextmanager
def _audit_head_held(url: str) -> Iterator[None]:
    """Another writer that took the audit head's lock and hangs (SQLite: the file lock)."""
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(select(audit_head).with_for_update())
        yield
    engine.dispose()


def test_a_writer_stuck_holding_the_lock_makes_writes_unavailable_not_hang(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "LOCK_TIMEOUT_S", 0.3)
    store = open_store(database)
    started = time.monotonic()

    with _audit_head_held(database), pytest.raises(StoreUnavailable):
        store.audit(case_id=None, event="sweep", data={})

    assert time.monotonic() - started < 10
    store.close()
