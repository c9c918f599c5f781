"""The case store: cases, raw mail, steps, replies, tickets and the audit trail in SQL.

``open_store(url)`` gives the ``CaseStore`` port on SQLite (the embedded default) or
PostgreSQL; ``upgrade(url)`` migrates the database first.
"""

from madoguchi.connectors.store.migrate import current_revision, head_revision, upgrade
from madoguchi.connectors.store.store import SqlCaseStore, open_store

__all__ = ["SqlCaseStore", "current_revision", "head_revision", "open_store", "upgrade"]
