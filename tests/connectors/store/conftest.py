"""Fixtures for the case store's contract tests: every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from madoguchi.connectors.store import SqlCaseStore, open_store, upgrade
from madoguchi.domain.cases import Case, Lease
from tests.connectors.store.samples import Clock, admit_mail
from tests.support.databases import postgres_database, sqlite_database

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.services),
]


@pytest.fixture(params=BACKENDS)
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a database the store has never touched."""
    if request.param == "sqlite":
        with sqlite_database(tmp_path, migrated=False) as url:
            yield url
    else:
        with postgres_database(migrated=False) as url:
            yield url


@pytest.fixture
def database(empty_database: str) -> str:
    """The URL of a freshly migrated database."""
    upgrade(empty_database)
    return empty_database


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(database: str, clock: Clock) -> Iterator[SqlCaseStore]:
    opened = open_store(database, clock=clock)
    yield opened
    opened.close()


@pytest.fixture
def case(store: SqlCaseStore) -> Case:
    """A case just admitted, in state received."""
    return admit_mail(store).case


@pytest.fixture
def lease(store: SqlCaseStore, case: Case) -> Lease:
    """A fresh lease on ``case``."""
    taken = store.claim(case.id, owner="worker-1", ttl=60)
    assert taken is not None
    return taken
