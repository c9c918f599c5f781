"""What only PostgreSQL does: private schemas named in the URL, lost and forked connections."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import column, create_engine, select, table, text

from madoguchi.connectors.store import SqlCaseStore, open_store
from tests.connectors.store.samples import admit_mail
from tests.support.databases import postgres_database, postgres_server_url, schema_in

pytestmark = pytest.mark.services

TABLES = {
    "alembic_version", "audit_events", "audit_head", "case_files", "cases",
    "mailbox_checkpoints", "mailbox_leases", "raw_messages", "replies", "steps",
    "ticket_cases", "tickets",
}


@pytest.fixture
def postgres_url() -> Iterator[str]:
    with postgres_database() as url:
        yield url


@pytest.fixture
def pg_store(postgres_url: str) -> Iterator[SqlCaseStore]:
    store = open_store(postgres_url)
    yield store
    store.close()


def _admin(statement: str, **params: Any) -> list[Any]:
    engine = create_engine(postgres_server_url(), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            return list(connection.execute(text(statement), params))
    finally:
        engine.dispose()


def _backend_pid(store: SqlCaseStore) -> int:
    with store.engine.connect() as connection:
        pid: int = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
        return pid


def test_the_schema_named_in_the_url_holds_every_table(postgres_url: str) -> None:
    rows = _admin(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = :schema",
        schema=schema_in(postgres_url),
    )

    assert {row.table_name for row in rows} == TABLES


def test_the_store_writes_into_the_schema_named_in_the_url(
    postgres_url: str, pg_store: SqlCaseStore
) -> None:
    case = admit_mail(pg_store).case

    cases = table("cases", column("id"), schema=schema_in(postgres_url))
    engine = create_engine(postgres_server_url())
    with engine.connect() as connection:
        rows = list(connection.execute(select(cases.c.id)))
    engine.dispose()

    assert [row.id for row in rows] == [case.id]


def test_the_store_reconnects_after_its_connection_is_killed(pg_store: SqlCaseStore) -> None:
    case = admit_mail(pg_store).case
    killed = _backend_pid(pg_store)

    _admin("SELECT pg_terminate_backend(:pid)", pid=killed)

    assert pg_store.case(case.id) == case
    assert _backend_pid(pg_store) != killed


def _report_backend_pid(store: SqlCaseStore, pids: Any) -> None:
    pids.put(_backend_pid(store))


def test_a_forked_process_opens_its_own_connection(pg_store: SqlCaseStore) -> None:
    parent = _backend_pid(pg_store)  # the pool now holds this session
    fork = multiprocessing.get_context("fork")
    pids = fork.Queue()

    child = fork.Process(target=_report_backend_pid, args=(pg_store, pids))
    child.start()
    child.join(timeout=60)

    assert child.exitcode == 0
    assert pids.get(timeout=5) != parent
    assert _backend_pid(pg_store) == parent  # and the parent's session survived
