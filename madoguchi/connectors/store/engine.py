"""Engines for the case store: SQLite shared by several processes, or PostgreSQL.

SQLite: WAL so readers never wait for the writer, a 30 s busy timeout, foreign keys on,
and every write transaction opened with ``BEGIN IMMEDIATE`` so that writers queue for
the file lock at their first statement instead of failing when a read lock would have
to be upgraded mid-transaction. PostgreSQL: connections checked before use, a 30 s
lock timeout, and sessions idle inside a transaction for a minute are ended by the
server, so one stuck process cannot hold the audit head (and every writer) forever.

Both: statement parameters are kept out of error messages (they hold mail and
addresses), and a pooled connection never crosses a fork (Celery's prefork pool), because two
processes talking over one socket or file handle corrupt each other's transactions.
"""

from __future__ import annotations

import os
import sqlite3
import time
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection

READ_ONLY = "madoguchi_read_only"  # execution option: a transaction that never writes
LOCK_TIMEOUT_S = 30.0  # longest wait for another writer before StoreUnavailable
IDLE_IN_TRANSACTION_TIMEOUT_S = 60.0  # a session stuck mid-transaction loses its locks
POSTGRES_CONNECT_TIMEOUT_S = 10


def make_engine(database_url: str) -> Engine:
    """An engine for ``database_url``; connects lazily, on first use."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        engine = _sqlite_engine(database_url)
    else:
        engine = create_engine(
            url,
            pool_pre_ping=True,
            hide_parameters=True,
            connect_args={"connect_timeout": POSTGRES_CONNECT_TIMEOUT_S},
        )
        event.listen(engine, "connect", _configure_postgres)
    _forget_connections_across_fork(engine)
    return engine


def _sqlite_engine(database_url: str) -> Engine:
    engine = create_engine(
        database_url, hide_parameters=True, connect_args={"timeout": LOCK_TIMEOUT_S}
    )
    event.listen(engine, "connect", _configure_sqlite)
    event.listen(engine, "begin", _begin_sqlite)
    return engine


def _configure_sqlite(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # Take transaction control away from the sqlite3 module: _begin_sqlite emits BEGIN.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {int(LOCK_TIMEOUT_S * 1000)}")
        _use_wal(cursor)
        # FULL syncs the WAL on every commit: an admitted mail survives a power cut.
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _use_wal(cursor: sqlite3.Cursor) -> None:
    # Switching a new file to WAL needs a moment alone with it, and SQLite reports a
    # concurrent switch as "locked" at once instead of waiting out the busy timeout.
    deadline = time.monotonic() + LOCK_TIMEOUT_S
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _configure_postgres(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # Every append locks the audit head: a writer that hangs must not stop all others.
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"SET lock_timeout = {int(LOCK_TIMEOUT_S * 1000)}")
        timeout = int(IDLE_IN_TRANSACTION_TIMEOUT_S * 1000)
        cursor.execute(f"SET idle_in_transaction_session_timeout = {timeout}")
    finally:
        cursor.close()
    dbapi_connection.commit()


def _begin_sqlite(connection: Connection) -> None:
    read_only = connection.get_execution_options().get(READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def _forget_connections_across_fork(engine: Engine) -> None:
    """SQLAlchemy's recipe: a connection made in another process is discarded, not used."""

    def remember_pid(_dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        record.info["pid"] = os.getpid()

    def check_pid(
        _dbapi_connection: Any, record: ConnectionPoolEntry, proxy: PoolProxiedConnection
    ) -> None:
        if record.info.get("pid") != os.getpid():
            # Detach without closing: closing would end the parent's session too.
            # The recipe's assignments work on the runtime classes; the typed
            # interfaces declare these attributes read-only.
            record.dbapi_connection = None  # type: ignore[misc]
            proxy.dbapi_connection = None  # type: ignore[misc]
            raise exc.DisconnectionError("connection was made before a fork; reconnecting")

    event.listen(engine, "connect", remember_pid)
    event.listen(engine, "checkout", check_pid)
