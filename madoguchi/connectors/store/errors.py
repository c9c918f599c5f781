"""SQLAlchemy's exceptions mapped into the domain's error tree, at the store's edge.

An unreachable or busy database is transient (``StoreUnavailable``); a database that
was never migrated is a configuration error; anything else SQLAlchemy raises means the
store itself is wrong, and retrying cannot help (``PermanentError``). A URL that
names no database SQLAlchemy knows is a configuration error too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import exc

from madoguchi.domain.errors import (
    ConfigurationError,
    MadoguchiError,
    PermanentError,
    StoreUnavailable,
)

_UNDEFINED_TABLE = "42P01"  # PostgreSQL's SQLSTATE for a missing table


@contextmanager
def mapped_errors() -> Iterator[None]:
    """Run the block; any SQLAlchemy error leaves it as its domain counterpart."""
    try:
        yield
    except exc.SQLAlchemyError as error:
        raise domain_error(error) from error


def domain_error(error: exc.SQLAlchemyError) -> MadoguchiError:
    """The domain error that says what ``error`` means to the caller."""
    if isinstance(error, exc.ArgumentError):
        return ConfigurationError(f"invalid case store URL: {error}")
    if _missing_table(error):
        return ConfigurationError(
            f"the case store's tables are missing; run the migrations first ({_first_line(error)})"
        )
    if isinstance(error, exc.OperationalError | exc.InterfaceError | exc.TimeoutError):
        return StoreUnavailable(f"case store unavailable: {_first_line(error)}")
    if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
        return StoreUnavailable(f"case store connection lost: {_first_line(error)}")
    if isinstance(error, exc.DisconnectionError):
        return StoreUnavailable(f"case store connection lost: {_first_line(error)}")
    return PermanentError(f"case store refused the operation: {_first_line(error)}")


def _missing_table(error: exc.SQLAlchemyError) -> bool:
    if not isinstance(error, exc.DBAPIError):
        return False
    if getattr(error.orig, "sqlstate", None) == _UNDEFINED_TABLE:
        return True
    return "no such table" in str(error.orig)


def _first_line(error: exc.SQLAlchemyError) -> str:
    # SQLAlchemy appends the statement and its parameters, which may hold personal data.
    text = str(error.orig) if isinstance(error, exc.DBAPIError) else str(error)
    return text.strip().splitlines()[0] if text.strip() else type(error).__name__
