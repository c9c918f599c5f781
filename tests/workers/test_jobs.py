"""The job shells refuse anything but a plain case id (RELIABILITY S9)."""

from __future__ import annotations

import logging

import pytest

from madoguchi.workers import jobs


@pytest.mark.parametrize("argument", ["12", 12.0, {"case_id": 12}, [12], None, True, 0, -3])
def test_a_job_whose_argument_is_not_a_case_id_is_refused(
    argument: object, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_runtime() -> None:
        raise AssertionError("a refused job must not reach the store")

    monkeypatch.setattr(jobs, "runtime", no_runtime)
    with caplog.at_level(logging.ERROR):
        jobs.triage.run(argument)
    assert "not a case id" in caplog.text
