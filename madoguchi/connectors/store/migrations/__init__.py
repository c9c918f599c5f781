"""The case store's Alembic migrations (run by ``madoguchi.connectors.store.upgrade``)."""
