"""Alembic revisions of the case store, one file per schema change."""
