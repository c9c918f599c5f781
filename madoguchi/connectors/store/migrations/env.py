"""Alembic's entry point: runs the case store's migrations on the connection it is handed.

``madoguchi.connectors.store.upgrade`` passes its open connection in
``config.attributes["connection"]``, already inside the transaction that serialises
concurrent upgrades. Run by hand (``alembic -x url=...``), a URL is enough.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from madoguchi.connectors.store.engine import make_engine
from madoguchi.connectors.store.schema import metadata


def _migrate(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite alters tables only by copying them: future revisions need batch mode.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def _migrate_url(url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            _migrate(connection)
    finally:
        engine.dispose()


def _url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url")
    url = url or context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("give the database as: alembic -x url=<database url> upgrade head")
    return url


_given = context.config.attributes.get("connection")
if isinstance(_given, Connection):
    _migrate(_given)
else:
    _migrate_url(_url())
