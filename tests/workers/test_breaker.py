"""The circuit breaker's state is shared by every worker through a real Redis."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from madoguchi.domain.errors import BackOfficeBusy, BackOfficeDown
from madoguchi.workers.breaker import CircuitBreaker, RedisState, redis_client
from tests.support.redis import RedisServer

pytestmark = pytest.mark.services


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def redis_server() -> Iterator[RedisServer]:
    with RedisServer() as server:
        yield server


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def two_workers(redis_server: RedisServer, clock: Clock) -> tuple[CircuitBreaker, CircuitBreaker]:
    redis_server.client().flushall()
    def breaker() -> CircuitBreaker:
        state = RedisState(redis_client(redis_server.url))
        return CircuitBreaker(state, threshold=3, cooldown=30, clock=clock)

    return breaker(), breaker()


def never_called() -> None:
    raise AssertionError("no probe before the cool-down")


def test_failures_seen_by_one_worker_open_the_circuit_for_all(
    two_workers: tuple[CircuitBreaker, CircuitBreaker],
) -> None:
    first, second = two_workers
    first.failed()
    second.failed()
    first.failed()

    with pytest.raises(BackOfficeDown) as caught:
        second.check(never_called)
    assert second.status().open
    assert caught.value.since == second.status().since


def test_a_success_in_between_starts_the_count_again(
    two_workers: tuple[CircuitBreaker, CircuitBreaker],
) -> None:
    first, second = two_workers
    first.failed()
    first.failed()
    second.succeeded()
    first.failed()

    second.check(never_called)
    assert not second.status().open


def test_after_the_cool_down_one_worker_probes_and_closes_the_circuit(
    two_workers: tuple[CircuitBreaker, CircuitBreaker], clock: Clock
) -> None:
    first, second = two_workers
    for _ in range(3):
        first.failed()
    clock.now += 31
    probes: list[str] = []

    def probe() -> None:
        probes.append("probe")
        # While this worker probes, the other one waits rather than probing too.
        with pytest.raises(BackOfficeDown):
            second.check(never_called)

    first.check(probe)

    assert probes == ["probe"]
    assert not first.status().open
    second.check(never_called)


def test_a_failed_probe_keeps_it_open_for_twice_as_long(
    two_workers: tuple[CircuitBreaker, CircuitBreaker], clock: Clock
) -> None:
    first, _ = two_workers
    for _ in range(3):
        first.failed()
    clock.now += 31

    def failing_probe() -> None:
        raise BackOfficeBusy("502")

    with pytest.raises(BackOfficeDown):
        first.check(failing_probe)
    clock.now += 59  # the cool-down is now 60 s
    with pytest.raises(BackOfficeDown):
        first.check(never_called)
    clock.now += 2
    first.check(lambda: None)
    assert not first.status().open


def test_without_redis_the_breaker_lets_calls_through(clock: Clock) -> None:
    unreachable = RedisState(redis_client("redis://127.0.0.1:1/0"))
    breaker = CircuitBreaker(unreachable, threshold=1, clock=clock)

    breaker.failed()
    breaker.check(never_called)
    assert not breaker.status().open
