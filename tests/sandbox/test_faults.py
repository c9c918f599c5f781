"""Fault knobs: known knobs of the right type and range only; busy pages drawn repeatably."""

from __future__ import annotations

import pytest

from madoguchi.sandbox.faults import FaultError, Faults


def test_knobs_default_to_no_fault() -> None:
    assert Faults().as_json() == {
        "latency_ms": 0, "busy_rate": 0.0, "busy_seed": 0, "outage": False, "layout": 1,
        "reset_delay_ms": 0,
    }


def test_a_knob_is_changed_and_the_rest_kept() -> None:
    faults = Faults().updated({"latency_ms": 250}).updated({"outage": True})
    assert (faults.latency_ms, faults.outage, faults.layout) == (250, True, 1)


def test_a_whole_number_is_a_rate() -> None:
    assert Faults().updated({"busy_rate": 1}).as_json()["busy_rate"] == 1.0


@pytest.mark.parametrize(
    "knobs",
    [
        {"latency": 5}, {"latency_ms": -1}, {"latency_ms": "5"}, {"latency_ms": True},
        {"busy_rate": 1.5}, {"busy_rate": -0.1}, {"busy_rate": True}, {"layout": 3},
        {"outage": 1}, {"reset_delay_ms": 0.5},
    ],
    ids=[
        "unknown knob", "negative", "text", "boolean latency", "rate above one",
        "negative rate", "boolean rate", "unknown layout", "number as outage", "float delay",
    ],
)
def test_bad_knobs_are_refused(knobs: dict[str, object]) -> None:
    with pytest.raises(FaultError):
        Faults().updated(knobs)


def test_busy_pages_are_the_same_for_the_same_seed_and_requests() -> None:
    faults = Faults(busy_rate=0.3, busy_seed=4)
    draws = [faults.busy("GET /menu?", count) for count in range(1, 200)]
    assert draws == [faults.busy("GET /menu?", count) for count in range(1, 200)]
    other = Faults(busy_rate=0.3, busy_seed=5)
    assert draws != [other.busy("GET /menu?", count) for count in range(1, 200)]


def test_about_the_busy_rate_of_pages_are_busy() -> None:
    faults = Faults(busy_rate=0.3)
    share = sum(faults.busy(f"GET /customers/C{n:06d}?", 1) for n in range(2000)) / 2000
    assert 0.25 < share < 0.35


def test_rates_zero_and_one_are_never_and_always() -> None:
    assert not any(Faults(busy_rate=0.0).busy("GET /?", n) for n in range(100))
    assert all(Faults(busy_rate=1.0).busy("GET /?", n) for n in range(100))
