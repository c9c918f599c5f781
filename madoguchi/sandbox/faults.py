"""Fault knobs the tests turn on the running sandbox (``POST /_sandbox/faults``).

Each knob is a field of ``Faults`` with its neutral default; a new knob is a new field
and, where it acts, a few lines in the app's fault middleware.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any


class FaultError(ValueError):
    """A knob that does not exist or a value of the wrong kind."""


@dataclass(frozen=True)
class Faults:
    """What is currently wrong with the back office; the defaults mean nothing is."""

    latency_ms: int = 0  # added before every operator page is answered

    def updated(self, knobs: dict[str, Any]) -> Faults:
        """A copy with ``knobs`` applied; unknown knobs and bad values raise ``FaultError``."""
        known = {field.name for field in fields(self)}
        for name, value in knobs.items():
            if name not in known:
                raise FaultError(f"unknown fault knob {name!r}; known: {sorted(known)}")
            _check(name, value, getattr(self, name))
        return replace(self, **knobs)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _check(name: str, value: Any, default: Any) -> None:
    """A knob takes values of its default's exact type (so True is not a latency)."""
    if type(value) is not type(default):
        raise FaultError(f"{name} must be of type {type(default).__name__}")
    if isinstance(value, int) and value < 0:
        raise FaultError(f"{name} must not be negative")
