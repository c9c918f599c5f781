"""The back office's circuit breaker, shared by every worker through Redis.

After ``threshold`` transient failures in a row the circuit opens: routine jobs stop
touching the back office and wait (``BackOfficeDown``). Once the cool-down has passed,
one worker probes the back office's login screen; if it answers the circuit closes and
work resumes, if not the circuit stays open with a doubled cool-down (up to a cap).

The state is advisory: if Redis cannot be reached the breaker lets calls through, so it
never becomes the reason work stops.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol, TypeVar

import redis

from madoguchi.domain.errors import BackOfficeDown, TransientError

log = logging.getLogger(__name__)
T = TypeVar("T")


class SharedState(Protocol):
    """Where the breaker keeps its numbers; every worker must see the same ones."""

    def read(self) -> dict[str, float]: ...

    def write(self, values: dict[str, float]) -> None: ...

    def add_failure(self) -> int: ...

    def clear(self) -> None: ...

    def take_probe(self, seconds: float) -> bool:
        """True for exactly one caller until ``seconds`` pass or the probe is returned."""
        ...

    def return_probe(self) -> None: ...


@dataclass(frozen=True)
class BreakerState:
    open: bool
    since: datetime | None = None
    failures: int = 0


@dataclass
class CircuitBreaker:
    state: SharedState
    threshold: int = 5
    cooldown: float = 30.0
    max_cooldown: float = 300.0
    clock: Callable[[], float] = time.time

    def check(self, probe: Callable[[], None]) -> None:
        """Returns when a call may go ahead; raises ``BackOfficeDown`` while open."""
        values = self._read()
        opened = values.get("opened_at")
        if opened is None:
            return
        if self.clock() < values.get("next_probe_at", 0) or not self._take_probe():
            raise _down(opened)
        self._probe(probe, values)

    def succeeded(self) -> None:
        if self._read():
            self._safely(self.state.clear)

    def failed(self) -> None:
        """Counts a transient failure; opens the circuit at the threshold."""
        failures = self._safely(self.state.add_failure) or 0
        if failures >= self.threshold and "opened_at" not in self._read():
            now = self.clock()
            log.warning("back office: %d failures in a row; circuit open", failures)
            opened = {
                "opened_at": now, "cooldown": self.cooldown, "next_probe_at": now + self.cooldown,
            }
            self._safely(lambda: self.state.write(opened))

    def status(self) -> BreakerState:
        values = self._read()
        opened = values.get("opened_at")
        since = datetime.fromtimestamp(opened, UTC) if opened is not None else None
        failures = int(values.get("failures", 0))
        return BreakerState(open=since is not None, since=since, failures=failures)

    def _probe(self, probe: Callable[[], None], values: dict[str, float]) -> None:
        try:
            probe()
        except TransientError:
            cooldown = min(values.get("cooldown", self.cooldown) * 2, self.max_cooldown)
            self._safely(lambda: self.state.write(
                {"cooldown": cooldown, "next_probe_at": self.clock() + cooldown}
            ))
            raise _down(values["opened_at"]) from None
        finally:
            self._safely(self.state.return_probe)
        log.info("back office: the probe answered; circuit closed")
        self._safely(self.state.clear)

    def _take_probe(self) -> bool:
        return bool(self._safely(lambda: self.state.take_probe(60.0)))

    def _read(self) -> dict[str, float]:
        return self._safely(self.state.read) or {}

    def _safely(self, call: Callable[[], T]) -> T | None:
        try:
            return call()
        except redis.RedisError as exc:
            log.warning("circuit breaker state unavailable (%s); letting the call through", exc)
            return None


def _down(opened_at: float) -> BackOfficeDown:
    since = datetime.fromtimestamp(opened_at, UTC)
    return BackOfficeDown(
        f"the back office has been down since {since:%Y-%m-%d %H:%M:%S} UTC (circuit open)",
        since=since,
    )


@dataclass
class RedisState:
    """The breaker's numbers in Redis, under ``madoguchi:breaker:<name>``."""

    client: redis.Redis
    name: str = "backoffice"

    @property
    def _key(self) -> str:
        return f"madoguchi:breaker:{self.name}"

    def read(self) -> dict[str, float]:
        raw = self.client.hgetall(self._key)
        return {_text(k): float(v) for k, v in raw.items()}

    def write(self, values: dict[str, float]) -> None:
        self.client.hset(self._key, mapping=dict(values.items()))
        self.client.expire(self._key, 86_400)  # a forgotten breaker does not live for ever

    def add_failure(self) -> int:
        failures = int(self.client.hincrby(self._key, "failures", 1))
        self.client.expire(self._key, 86_400)
        return failures

    def clear(self) -> None:
        self.client.delete(self._key)

    def take_probe(self, seconds: float) -> bool:
        return bool(self.client.set(f"{self._key}:probe", b"1", nx=True, px=int(seconds * 1000)))

    def return_probe(self) -> None:
        self.client.delete(f"{self._key}:probe")


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


@dataclass
class LocalState:
    """The breaker's numbers in this process only (one worker, or tests)."""

    values: dict[str, float] = field(default_factory=dict)
    probing: bool = False

    def read(self) -> dict[str, float]:
        return dict(self.values)

    def write(self, values: dict[str, float]) -> None:
        self.values.update(values)

    def add_failure(self) -> int:
        self.values["failures"] = self.values.get("failures", 0) + 1
        return int(self.values["failures"])

    def clear(self) -> None:
        self.values.clear()

    def take_probe(self, seconds: float) -> bool:
        taken, self.probing = not self.probing, True
        return taken

    def return_probe(self) -> None:
        self.probing = False


def redis_client(url: str) -> redis.Redis:
    """A client for the broker URL (``redis+socket://`` becomes a unix socket)."""
    if url.startswith("redis+socket://"):
        return redis.Redis(unix_socket_path=url.removeprefix("redis+socket://"), socket_timeout=5)
    return redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
