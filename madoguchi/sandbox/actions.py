"""The back office's own action log: what each operator request did, for tests to count."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from madoguchi.sandbox.data import JST


@dataclass(frozen=True)
class Action:
    """One operator request that did something (``login``, ``search``, ...)."""

    at: str
    operator: str | None
    session_id: str | None
    action: str
    customer_id: str | None = None
    detail: str | None = None


class ActionLog:
    """An append-only list of actions, cleared only by the test endpoint."""

    def __init__(self) -> None:
        self._actions: list[Action] = []

    def record(
        self,
        action: str,
        *,
        operator: str | None,
        session_id: str | None,
        customer_id: str | None = None,
        detail: str | None = None,
    ) -> None:
        at = datetime.now(JST).isoformat(timespec="milliseconds")
        self._actions.append(Action(at, operator, session_id, action, customer_id, detail))

    def as_json(self) -> list[dict[str, str | None]]:
        return [asdict(action) for action in self._actions]

    def clear(self) -> None:
        self._actions.clear()
