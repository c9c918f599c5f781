"""Fixtures shared by every suite; each service's own fixtures live beside its tests."""
