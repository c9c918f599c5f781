"""Fault knobs: known knobs of the right type only."""

from __future__ import annotations

import pytest

from madoguchi.sandbox.faults import FaultError, Faults


def test_knobs_default_to_no_fault() -> None:
    assert Faults().as_json() == {"latency_ms": 0}


def test_a_knob_is_changed_and_the_rest_kept() -> None:
    assert Faults().updated({"latency_ms": 250}).latency_ms == 250


@pytest.mark.parametrize(
    "knobs",
    [{"latency": 5}, {"latency_ms": -1}, {"latency_ms": "5"}, {"latency_ms": True}],
    ids=["unknown knob", "negative", "text", "boolean"],
)
def test_bad_knobs_are_refused(knobs: dict[str, object]) -> None:
    with pytest.raises(FaultError):
        Faults().updated(knobs)
