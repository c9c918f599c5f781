"""Bringing a database to the store's current schema with its Alembic migrations."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import text
from sqlalchemy.engine import Connection

from madoguchi.connectors.store.engine import make_engine
from madoguchi.connectors.store.errors import mapped_errors
from madoguchi.domain.errors import ConfigurationError

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    """Alembic's configuration for the store's migrations; no alembic.ini involved."""
    config = Config()
    # configparser would read a "%" in the install path as an interpolation.
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    return config


def head_revision() -> str:
    """The revision ``upgrade`` brings a database to."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise ConfigurationError("the store's migrations have no head revision")
    return head


def upgrade(database_url: str) -> None:
    """Apply every migration ``database_url`` lacks. Idempotent.

    Safe when several processes call it at once: on PostgreSQL an advisory lock (per
    schema) and on SQLite the write lock taken by ``BEGIN IMMEDIATE`` make them run
    one after the other, and each later one finds nothing left to do. A database
    migrated by a newer release raises ``ConfigurationError``.
    """
    with mapped_errors():
        engine = make_engine(database_url)
        try:
            with engine.begin() as connection:
                _lock_migrations(connection)
                _upgrade_on(connection)
        finally:
            engine.dispose()


def _upgrade_on(connection: Connection) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    try:
        command.upgrade(config, "head")
    except CommandError as error:
        raise ConfigurationError(f"cannot migrate the case store: {error}") from error


def current_revision(database_url: str) -> str | None:
    """The revision ``database_url`` is at; None when it was never migrated."""
    with mapped_errors():
        engine = make_engine(database_url)
        try:
            with engine.connect() as connection:
                return MigrationContext.configure(connection).get_current_revision()
        finally:
            engine.dispose()


def _lock_migrations(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        # Held until commit; keyed by schema so tests in private schemas do not queue.
        connection.execute(
            text("SELECT pg_advisory_xact_lock(hashtext('madoguchi.store.migrate:' "
                 "|| current_schema()))")
        )

