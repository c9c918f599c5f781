"""Shadow decisions: the candidate's decision is recorded on the case and never acted on."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from madoguchi.domain.cases import CaseState, Lease
from madoguchi.domain.ports import Job
from madoguchi.domain.understanding import Triage
from madoguchi.rules import DEFAULT_PATH, decide
from madoguchi.tasks import CONTRACTS
from madoguchi.triage import understand
from madoguchi.workers.pipeline import run_stage
from madoguchi.workers.shadow import EVENT, Shadow, open_shadow
from madoguchi.workers.stages import triage_stage
from tests.workers.conftest import AUTHSERV_ID, OURS, Bench, kyc_question


@pytest.fixture
def candidate(tmp_path: Path) -> Path:
    """A candidate rulebook that switches kyc_status off."""
    folder = Path(shutil.copytree(DEFAULT_PATH, tmp_path / "candidate"))
    file = folder / "rulebook.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("  kyc_status:\n    enabled: true",
                                 "  kyc_status:\n    enabled: false", 1), "utf-8")  # fmt: skip
    return folder


def claimed(bench: Bench) -> tuple[Lease, Triage]:
    case_id = bench.admit(kyc_question())
    lease = bench.store.claim(case_id, owner="test", ttl=60)
    assert lease is not None
    return lease, understand(kyc_question(), authserv_id=AUTHSERV_ID, ours=OURS)


def shadow_events(bench: Bench, case_id: int) -> list[dict[str, object]]:
    return [e.data for e in bench.store.audit_events(case_id=case_id) if e.kind == EVENT]


def test_the_candidates_decision_is_recorded_on_the_case(bench: Bench, candidate: Path) -> None:
    shadow = open_shadow(candidate, contracts=CONTRACTS)
    assert shadow is not None
    lease, triage = claimed(bench)
    live = decide(triage, bench.rt.rulebook())

    recorded = shadow.record(bench.store, lease, triage, live, now=bench.clock())

    [data] = shadow_events(bench, lease.case_id)
    assert data == recorded
    assert data["changed"] is True
    assert data["live"] == {
        "action": "routine", "routine": "kyc_status", "queue": "support", "priority": "normal",
        "rule": "routine_requests", "version": live.rulebook_version,
    }  # fmt: skip
    assert data["candidate"]["action"] == "escalate"  # type: ignore[index]
    assert data["candidate"]["rule"] == "default.routine"  # type: ignore[index]
    assert data["candidate"]["version"] != live.rulebook_version  # type: ignore[index]


def test_a_candidate_that_agrees_is_recorded_as_unchanged(bench: Bench) -> None:
    shadow = open_shadow(DEFAULT_PATH, contracts=CONTRACTS)
    assert shadow is not None
    lease, triage = claimed(bench)

    data = shadow.record(bench.store, lease, triage, decide(triage, bench.rt.rulebook()),
                         now=bench.clock())  # fmt: skip

    assert data is not None
    assert data["changed"] is False


def test_the_shadow_decision_is_never_acted_on(bench: Bench, candidate: Path) -> None:
    shadow = open_shadow(candidate, contracts=CONTRACTS)
    assert shadow is not None
    lease, triage = claimed(bench)
    shadow.record(bench.store, lease, triage, decide(triage, bench.rt.rulebook()),
                  now=bench.clock())  # fmt: skip

    assert bench.store.case(lease.case_id).state is CaseState.RECEIVED
    assert bench.store.tickets() == []
    assert bench.queue.jobs == []
    bench.store.release(lease)
    run_stage(bench.rt, lease.case_id, CaseState.RECEIVED, triage_stage)
    assert bench.store.case(lease.case_id).state is CaseState.ROUTINE  # the live decision
    assert bench.store.tickets() == []
    assert bench.queue.jobs == [(Job.ROUTINE, lease.case_id)]


def test_a_candidate_that_cannot_decide_is_logged_and_skipped(
    bench: Bench, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> object:
        raise RuntimeError("the candidate fell over")

    lease, triage = claimed(bench)
    shadow = Shadow(broken)  # type: ignore[arg-type]

    with caplog.at_level(logging.ERROR, logger="madoguchi.rules.shadow"):
        data = shadow.record(bench.store, lease, triage, decide(triage, bench.rt.rulebook()),
                             now=bench.clock())  # fmt: skip

    assert data is None
    assert shadow_events(bench, lease.case_id) == []
    assert "the candidate fell over" in caplog.text


def test_no_shadow_without_a_candidate_folder() -> None:
    assert open_shadow(None) is None


def test_an_invalid_candidate_never_keeps_the_worker_from_starting(
    candidate: Path, caplog: pytest.LogCaptureFixture
) -> None:
    file = candidate / "rulebook.yaml"
    file.write_text(file.read_text().replace("run: by_intent", "run: refunds"), "utf-8")

    with caplog.at_level(logging.ERROR, logger="madoguchi.rules.shadow"):
        assert open_shadow(candidate, contracts=CONTRACTS) is None
    assert "unknown routine 'refunds'" in caplog.text
