"""Fault knobs the tests turn on the running sandbox (``POST /_sandbox/faults``).

Each knob is a field of ``Faults`` with its neutral default; a new knob is a new field
and, where it acts, a few lines in the app's fault middleware or a handler:

- ``latency_ms``: added before every operator page is answered;
- ``busy_rate`` (0..1): that share of operator pages answer HTTP 200 with the
  "システム混雑中" screen instead of doing anything; which ones is decided by
  ``busy_seed``, the request and how many times it was made, so a run is repeatable
  whatever order concurrent requests (frames) arrive in;
- ``outage``: every operator page answers 502, as a dead back end behind its proxy does;
- ``layout`` (1 or 2): the screens' ids, names and classes (``madoguchi.sandbox.layout``);
- ``reset_delay_ms``: the password-reset POST records the send, then waits this long
  before answering (a submit that times out after it went through, RELIABILITY F14).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from madoguchi.sandbox.layout import LAYOUTS


class FaultError(ValueError):
    """A knob that does not exist or a value of the wrong kind."""


@dataclass(frozen=True)
class Faults:
    """What is currently wrong with the back office; the defaults mean nothing is."""

    latency_ms: int = 0
    busy_rate: float = 0.0
    busy_seed: int = 0
    outage: bool = False
    layout: int = 1
    reset_delay_ms: int = 0

    def updated(self, knobs: dict[str, Any]) -> Faults:
        """A copy with ``knobs`` applied; unknown knobs and bad values raise ``FaultError``."""
        known = {field.name for field in fields(self)}
        for name, value in knobs.items():
            if name not in known:
                raise FaultError(f"unknown fault knob {name!r}; known: {sorted(known)}")
            _check(name, value, getattr(self, name))
        changed = replace(self, **knobs)
        changed = replace(changed, busy_rate=float(changed.busy_rate))
        if not 0.0 <= changed.busy_rate <= 1.0:
            raise FaultError("busy_rate must be between 0 and 1")
        if changed.layout not in LAYOUTS:
            raise FaultError(f"layout must be one of {list(LAYOUTS)}")
        return changed

    def busy(self, request: str, count: int) -> bool:
        """Whether the ``count``-th making of ``request`` (method and URL) gets the busy screen."""
        if self.busy_rate <= 0:
            return False
        digest = hashlib.sha256(f"{self.busy_seed}|{request}|{count}".encode()).digest()
        return int.from_bytes(digest[:8], "big") / 2**64 < self.busy_rate

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _check(name: str, value: Any, default: Any) -> None:
    """A knob takes values of its default's type (so True is not a latency; 1 is a rate)."""
    numeric_rate = isinstance(default, float) and type(value) is int
    if type(value) is not type(default) and not numeric_rate:
        raise FaultError(f"{name} must be of type {type(default).__name__}")
    if isinstance(value, int | float) and value < 0:
        raise FaultError(f"{name} must not be negative")
