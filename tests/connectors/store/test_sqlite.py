"""What only SQLite needs: one file shared by processes, readers never blocked by a writer."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from madoguchi.connectors.store import SqlCaseStore, open_store
from tests.connectors.store.samples import admit_mail
from tests.support.databases import sqlite_database


@pytest.fixture
def sqlite_path(tmp_path: Path) -> Iterator[Path]:
    with sqlite_database(tmp_path) as url:
        yield Path(url.removeprefix("sqlite:///"))


@pytest.fixture
def sqlite_store(sqlite_path: Path) -> Iterator[SqlCaseStore]:
    store = open_store(f"sqlite:///{sqlite_path}")
    yield store
    store.close()


def test_the_database_runs_in_wal_mode(sqlite_store: SqlCaseStore) -> None:
    with sqlite_store.engine.connect() as connection:
        mode = connection.execute(text("PRAGMA journal_mode")).scalar_one()

    assert mode == "wal"


def test_readers_are_not_blocked_by_another_processs_write(
    sqlite_store: SqlCaseStore, sqlite_path: Path
) -> None:
    case = admit_mail(sqlite_store).case
    writer = sqlite3.connect(sqlite_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        assert sqlite_store.case(case.id) == case
        assert time.monotonic() - started < 1
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_write_waits_for_another_processs_write_to_finish(
    sqlite_store: SqlCaseStore, sqlite_path: Path
) -> None:
    writer = sqlite3.connect(sqlite_path, isolation_level=None, check_same_thread=False)
    writer.execute("BEGIN IMMEDIATE")

    def commit_later() -> None:
        time.sleep(0.5)
        writer.execute("COMMIT")

    committer = threading.Thread(target=commit_later)
    committer.start()
    try:
        started = time.monotonic()
        admit_mail(sqlite_store)
        waited = time.monotonic() - started
    finally:
        committer.join()
        writer.close()

    assert waited >= 0.4
    assert len(sqlite_store.cases()) == 1
