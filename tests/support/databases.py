"""Fresh case-store databases for tests: a SQLite file, or a private PostgreSQL schema.

PostgreSQL is shared with other suites running at the same time, so every test gets
its own schema, named in the URL (``?options=-csearch_path%3D<schema>``) so that a
worker in another process reaches it from the URL string alone. The server is taken
from ``MADOGUCHI_TEST_POSTGRES_URL``; without it the test is skipped locally and
fails in CI (``tests.support.services.unavailable``).

    with postgres_database() as url:        # migrated, dropped afterwards
        store = open_store(url)
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, exc, make_url, text

from madoguchi.connectors.store import upgrade
from tests.support.services import unavailable

POSTGRES_URL_ENV = "MADOGUCHI_TEST_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def postgres_server_url() -> str:
    """The PostgreSQL database the tests may create schemas in."""
    return os.environ.get(POSTGRES_URL_ENV, DEFAULT_POSTGRES_URL)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def schema_url(server_url: str, schema: str) -> str:
    """``server_url`` with every connection's search_path pinned to ``schema``."""
    url = make_url(server_url).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def schema_in(url: str) -> str:
    """The schema a URL made by ``schema_url`` pins."""
    return str(make_url(url).query["options"]).removeprefix("-csearch_path=")


def new_schema_name() -> str:
    return f"madoguchi_test_{uuid.uuid4().hex[:12]}"


def create_schema(server_url: str, schema: str) -> None:
    """Create ``schema``; skips locally (fails in CI) when PostgreSQL is unreachable."""
    _admin(server_url, f'CREATE SCHEMA "{schema}"')


def drop_schema(server_url: str, schema: str) -> None:
    _admin(server_url, f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def _admin(server_url: str, statement: str) -> None:
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT",
                           connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    except exc.OperationalError as error:
        unavailable(f"PostgreSQL at {make_url(server_url).render_as_string()}: {error.orig}")
    finally:
        engine.dispose()


@contextmanager
def postgres_database(*, migrated: bool = True) -> Iterator[str]:
    """The URL of a private, empty (or migrated) schema, dropped when the block ends."""
    server_url, schema = postgres_server_url(), new_schema_name()
    create_schema(server_url, schema)
    try:
        url = schema_url(server_url, schema)
        if migrated:
            upgrade(url)
        yield url
    finally:
        drop_schema(server_url, schema)


@contextmanager
def sqlite_database(directory: Path, *, migrated: bool = True) -> Iterator[str]:
    """The URL of a new SQLite file in ``directory`` (empty or migrated)."""
    url = sqlite_url(directory / f"store-{uuid.uuid4().hex[:8]}.db")
    if migrated:
        upgrade(url)
    yield url
