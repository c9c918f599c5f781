"""Migrations bring any database to the current schema, once, however often they run."""

from __future__ import annotations

import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from madoguchi.connectors.store import current_revision, head_revision, open_store, upgrade
from madoguchi.connectors.store.engine import make_engine
from madoguchi.connectors.store.schema import metadata
from madoguchi.domain.errors import ConfigurationError
from tests.connectors.store.samples import admit_mail


def test_upgrade_brings_an_empty_database_to_the_head_revision(empty_database: str) -> None:
    assert current_revision(empty_database) is None

    upgrade(empty_database)

    assert current_revision(empty_database) == head_revision()


def test_upgrading_again_keeps_the_data(empty_database: str) -> None:
    upgrade(empty_database)
    store = open_store(empty_database)
    admitted = admit_mail(store).case
    store.close()

    upgrade(empty_database)

    store = open_store(empty_database)
    assert store.case(admitted.id) == admitted
    assert store.verify_audit().ok
    store.close()


def test_concurrent_upgrades_all_succeed(empty_database: str) -> None:
    errors: list[BaseException] = []

    def migrate() -> None:
        try:
            upgrade(empty_database)
        except BaseException as error:  # collected: a thread cannot fail the test itself
            errors.append(error)

    threads = [threading.Thread(target=migrate) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert current_revision(empty_database) == head_revision()


def test_the_migrated_tables_match_the_schema_the_queries_use(database: str) -> None:
    engine = make_engine(database)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    engine.dispose()

    assert differences == []


def test_a_database_from_a_newer_release_is_refused(database: str) -> None:
    engine = make_engine(database)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()

    with pytest.raises(ConfigurationError, match="9999"):
        upgrade(database)
