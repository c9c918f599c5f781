"""``madoguchi rules replay``: stored cases decided again with a candidate rulebook."""

from __future__ import annotations

import io
import re
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from madoguchi.domain.cases import CaseState
from madoguchi.rules import DEFAULT_PATH, Rulebook, load_rulebook
from madoguchi.tasks import CONTRACTS
from madoguchi.workers.pipeline import run_stage
from madoguchi.workers.rules_cli import parse_since, recorded_decision, replay, rules
from madoguchi.workers.stages import triage_stage
from tests.triage import mails
from tests.workers.conftest import AUTHSERV_ID, OURS, Bench, kyc_question

AUTO_REPLY = mails.build(
    "I am out of the office until Monday.\r\n",
    headers={"Subject": "Out of office", "Auto-Submitted": "auto-replied",
             "Message-ID": "<ooo@example.com>"},
)  # fmt: skip


def candidate(tmp_path: Path, old: str, new: str) -> Rulebook:
    folder = Path(shutil.copytree(DEFAULT_PATH, tmp_path / "candidate"))
    file = folder / "rulebook.yaml"
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return load_rulebook(folder, contracts=CONTRACTS)


NO_KYC = ("  kyc_status:\n    enabled: true", "  kyc_status:\n    enabled: false")


def triaged(bench: Bench, raw: bytes, uid: int) -> int:
    case_id = bench.admit(raw, uid=uid)
    run_stage(bench.rt, case_id, CaseState.RECEIVED, triage_stage)
    return case_id


@pytest.fixture
def stored(bench: Bench) -> dict[str, int]:
    """Three triaged cases: a KYC question (routine), a spoofed one (escalated), an
    auto-reply (ignored)."""
    spoofed = kyc_question("jiro@example.jp", dmarc="fail", message_id="<kyc-2@example.jp>")
    return {
        "kyc": triaged(bench, kyc_question(), 1),
        "spoofed": triaged(bench, spoofed, 2),
        "auto": triaged(bench, AUTO_REPLY, 3),
    }


def run_replay(bench: Bench, rulebook: Rulebook, since: timedelta = timedelta(days=7)) -> str:
    out = io.StringIO()
    replay(bench.store, rulebook, since=bench.clock() - since, out=out,
           authserv_id=AUTHSERV_ID, ours=OURS)  # fmt: skip
    return out.getvalue()


def test_the_recorded_decision_is_read_from_the_audit_trail(
    bench: Bench, stored: dict[str, int]
) -> None:
    found = {name: recorded_decision(bench.store, bench.store.case(case_id))
             for name, case_id in stored.items()}  # fmt: skip

    assert {name: r.label() if r else None for name, r in found.items()} == {
        "kyc": "routine kyc_status", "spoofed": "escalate support", "auto": "ignore",
    }  # fmt: skip


def test_replaying_with_the_live_rulebook_changes_nothing(
    bench: Bench, stored: dict[str, int]
) -> None:
    output = run_replay(bench, load_rulebook(contracts=CONTRACTS))

    assert output.splitlines()[-1].endswith(": 0 would change, 3 unchanged, 0 not decided yet")


def test_replay_shows_which_decisions_would_change_and_how(
    bench: Bench, stored: dict[str, int], tmp_path: Path
) -> None:
    rulebook = candidate(tmp_path, *NO_KYC)

    lines = run_replay(bench, rulebook).splitlines()

    changed = [line for line in lines if re.match(r"^ *\d+  \d{4}-\d\d-\d\d ", line)]
    assert len(changed) == 1
    assert changed[0].split()[0] == str(stored["kyc"])
    assert "routine kyc_status" in changed[0]
    assert changed[0].endswith(
        "escalate support (default.routine: routine kyc_status is switched off)"
    )
    assert lines[-2] == (
        f"3 cases replayed with rulebook {rulebook.version}: 1 would change, 2 unchanged, "
        "0 not decided yet"
    )
    assert lines[-1] == "      1  routine kyc_status -> escalate support"


def test_a_change_of_queue_counts_as_a_change(
    bench: Bench, stored: dict[str, int], tmp_path: Path
) -> None:
    rulebook = candidate(tmp_path, "  default_queue: support", "  default_queue: legal")

    lines = run_replay(bench, rulebook).splitlines()

    assert "      1  escalate support -> escalate legal" in lines


def test_only_cases_received_since_are_replayed(bench: Bench, tmp_path: Path) -> None:
    triaged(bench, kyc_question(), 1)
    bench.clock.advance(3 * 86400)
    triaged(bench, kyc_question(message_id="<kyc-3@example.jp>"), 2)

    output = run_replay(bench, candidate(tmp_path, *NO_KYC), since=timedelta(days=1))

    assert "1 cases replayed" in output.splitlines()[-2]


def test_a_case_not_yet_triaged_is_counted_apart(bench: Bench) -> None:
    bench.admit(kyc_question(), uid=1)

    output = run_replay(bench, load_rulebook(contracts=CONTRACTS))

    assert output.splitlines()[-1].endswith(": 0 would change, 0 unchanged, 1 not decided yet")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("7d", timedelta(days=7)), ("12h", timedelta(hours=12)), ("30m", timedelta(minutes=30)),
     ("2w", timedelta(weeks=2))],
)  # fmt: skip
def test_since_takes_a_duration(text: str, expected: timedelta) -> None:
    assert parse_since(text) == expected


def test_a_duration_without_a_unit_is_refused() -> None:
    with pytest.raises(ValueError, match="expected a duration such as 30m, 12h, 7d or 2w"):
        parse_since("7")


def test_the_command_replays_the_configured_store(
    bench: Bench, stored: dict[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = Path(shutil.copytree(DEFAULT_PATH, tmp_path / "cli-candidate"))
    monkeypatch.setenv("MADOGUCHI_DATABASE_URL", bench.rt.settings.database)
    monkeypatch.setenv("MADOGUCHI_AUTHSERV_ID", AUTHSERV_ID)
    monkeypatch.setenv("MADOGUCHI_VAR_DIR", str(tmp_path / "var"))

    result = CliRunner().invoke(rules, ["replay", "--rules", str(folder), "--since", "7d"])

    assert result.exit_code == 0, result.output
    assert "3 cases replayed" in result.output


def test_the_command_refuses_an_invalid_candidate(tmp_path: Path) -> None:
    folder = Path(shutil.copytree(DEFAULT_PATH, tmp_path / "bad"))
    file = folder / "rulebook.yaml"
    file.write_text(file.read_text().replace("run: by_intent", "run: refunds"), "utf-8")

    result = CliRunner().invoke(rules, ["replay", "--rules", str(folder)])

    assert result.exit_code == 1
    assert "unknown routine 'refunds'" in result.output
