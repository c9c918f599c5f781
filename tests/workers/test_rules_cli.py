"""``madoguchi rules check`` and ``rules test`` on the shipped rulebook and on broken ones."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from madoguchi.rules import DEFAULT_PATH
from madoguchi.workers.rules_cli import check, rules, run_tests

PROBLEM = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$")
APPROVED_EN = "templates/kyc_status/approved.en.j2"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the shipped rulebook to break."""
    return Path(shutil.copytree(DEFAULT_PATH, tmp_path / "rulebook"))


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def run_check(folder: Path) -> tuple[int, list[str]]:
    out = io.StringIO()
    status = check(folder, out)
    return status, out.getvalue().splitlines()


def place(file: Path, text: str) -> tuple[int, int]:
    """The line and column (from 1) where ``text`` is first written in ``file``."""
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
        if text in line:
            return number, line.index(text) + 1
    raise AssertionError(f"{text!r} not in {file}")


def test_check_passes_the_shipped_rulebook_with_a_one_line_summary() -> None:
    status, lines = run_check(DEFAULT_PATH)

    assert status == 0
    assert len(lines) == 1
    assert re.fullmatch(
        rf"{re.escape(str(DEFAULT_PATH))}: valid, version [0-9a-f]{{12}}: 4 rules, 4 of 4 "
        r"routines on, 3 queues, \d+ templates, \d+ examples", lines[0],
    )  # fmt: skip


def rule_edit(old: str, new: str) -> Callable[[Path], None]:
    return lambda folder: edit(folder / "rulebook.yaml", old, new)


def template_edit(old: str, new: str, name: str = APPROVED_EN) -> Callable[[Path], None]:
    return lambda folder: edit(folder / name, old, new)


def remove(name: str) -> Callable[[Path], None]:
    return lambda folder: (folder / name).unlink()


# Each kind of problem: how to make it, the file and text it is reported at, and its message.
BROKEN = {
    "unknown key": (
        rule_edit("    run: by_intent", "    run: by_intent\n    priority: high"),
        "rulebook.yaml", "priority: high", "rules.3.priority: unknown key 'priority'",
    ),
    "wrong type": (
        rule_edit("replies_per_sender_hour: 5", "replies_per_sender_hour: five"),
        "rulebook.yaml", "five", "limits.replies_per_sender_hour: Input should be a valid integer",
    ),
    "unknown routine": (
        rule_edit("run: by_intent", "run: refunds"), "rulebook.yaml", "refunds",
        "unknown routine 'refunds'",
    ),
    "unknown queue": (
        rule_edit("escalate: {reason: intent other}",
                  "escalate: {reason: intent other, queue: triage}"),
        "rulebook.yaml", "triage}", "unknown queue 'triage' (support, security, legal)",
    ),
    "template value the routine does not provide": (
        template_edit("Dear Customer,", "Dear {{ customer_name }},"),
        "approved.en.j2", "customer_name",
        "'customer_name' is not a fact of kyc_status outcome approved",
    ),
    "template syntax error": (
        template_edit("{% endif %}", "{% endfor %}"),
        "approved.en.j2", "{% endfor %}", "Encountered unknown tag 'endfor'",
    ),
    "template missing for a language": (
        remove(APPROVED_EN), "rulebook.yaml", "approved, rejected",
        "no en template for kyc_status outcome approved",
    ),
    "duplicate rule id": (
        rule_edit("  - id: other_requests", "  - id: no_sender"),
        "rulebook.yaml", "no_sender\n", "duplicate rule id 'no_sender'",
    ),
    "rule that can never match": (
        rule_edit("    run: by_intent\n", "    run: by_intent\n  - id: late\n"
                  "    escalate: {reason: too late}\n"),
        "rulebook.yaml", "late\n", "rule late can never match: rule routine_requests before it",
    ),
    "template asking for a secret": (
        template_edit("Kind regards,", "Please reply with your password.\n\nKind regards,"),
        "approved.en.j2", "Please reply", "reply firewall: asks the customer for a secret",
    ),
    "condition on an unknown field": (
        rule_edit("field: triage.intent, eq: other", "field: triage.intnt, eq: other"),
        "rulebook.yaml", "triage.intnt", "unknown field 'triage.intnt'",
    ),
}  # fmt: skip


@pytest.mark.parametrize("kind", list(BROKEN))
def test_check_reports_each_problem_at_its_file_line_and_column(folder: Path, kind: str) -> None:
    breaks, file_name, text, message = BROKEN[kind]
    breaks(folder)
    file = next(f for f in folder.rglob(file_name))
    # A text ending in a new line is the last line that ends with it (a rule's id).
    ends = text.endswith("\n")
    line, column = _last_place(file, text.rstrip("\n")) if ends else place(file, text)

    status, lines = run_check(folder)

    assert status == 1
    found = [PROBLEM.match(out) for out in lines]
    assert all(found), lines
    places = [(m["file"], int(m["line"]), int(m["column"]), m["message"]) for m in found if m]
    assert any(
        (Path(f).name, at, col) == (file_name, line, column) and said.startswith(message)
        for f, at, col, said in places
    ), places


def _last_place(file: Path, text: str) -> tuple[int, int]:
    """Where ``text`` ends a line for the last time in ``file``."""
    found = [
        (number, line.index(text) + 1)
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1)
        if line.endswith(text)
    ]
    return found[-1]


def test_check_reports_every_problem_at_once(folder: Path) -> None:
    edit(folder / "rulebook.yaml", "  - id: other_requests", "  - id: no_sender")
    edit(folder / "rulebook.yaml", "run: by_intent", "run: refunds")
    edit(folder / APPROVED_EN, "Dear Customer,", "Dear {{ customer_name }},")
    edit(folder / "templates/kyc_status/rejected.en.j2", "{{ signature }}", "{{ signature }")

    status, lines = run_check(folder)

    assert status == 1
    assert len(lines) == 4, lines


def test_check_reports_a_broken_rulebook_test(folder: Path) -> None:
    file = folder / "tests" / "rules.yaml"
    edit(file, "rule: other_requests", "rule: others")

    status, lines = run_check(folder)

    line, column = place(file, "rule: others")
    assert (status, lines) == (
        1, [f"{file}:{line}:{column}: expect.rule: no rule 'others' in this rulebook"],
    )  # fmt: skip


def test_check_reports_a_missing_rulebook(tmp_path: Path) -> None:
    status, lines = run_check(tmp_path)

    assert (status, lines) == (1, [f"{tmp_path}/rulebook.yaml:1:1: rulebook file not found"])


def run_examples(folder: Path) -> tuple[int, list[str]]:
    out = io.StringIO()
    status = run_tests(folder, out)
    return status, out.getvalue().splitlines()


def test_every_shipped_example_passes_and_every_rule_has_one() -> None:
    status, lines = run_examples(DEFAULT_PATH)

    assert status == 0, "\n".join(lines)
    assert all(line.startswith("PASS  ") for line in lines[:-1])
    assert re.fullmatch(r"\d+ passed, 0 failed", lines[-1])


def test_a_failing_example_is_shown_with_what_differs(folder: Path) -> None:
    edit(folder / "tests" / "rules.yaml",
         "expect: {action: routine, routine: kyc_status, rule: routine_requests}",
         "expect: {action: escalate, queue: security}")  # fmt: skip

    status, lines = run_examples(folder)

    assert status == 1
    failed = [n for n, line in enumerate(lines) if line.startswith("FAIL  ")]
    assert len(failed) == 1
    assert "identity verification runs kyc_status" in lines[failed[0]]
    assert lines[failed[0] + 1 : failed[0] + 3] == [
        "      expected action 'escalate', got 'routine'",
        "      expected queue 'security', got 'support'",
    ]
    assert lines[-1] == f"{len(lines) - 5} passed, 1 failed"


def test_a_rule_without_an_example_is_named(folder: Path) -> None:
    edit(folder / "rulebook.yaml", "  - id: other_requests\n",
         "  - id: night\n    when: {field: now.hour, lt: 0}\n    escalate: {reason: never}\n"
         "  - id: other_requests\n")  # fmt: skip

    status, lines = run_examples(folder)

    assert status == 0
    assert lines[-1].endswith("; rules without an example: night")


def test_a_routine_switched_off_fails_the_examples_that_need_it(folder: Path) -> None:
    edit(folder / "rulebook.yaml", "  password_reset:\n    enabled: true",
         "  password_reset:\n    enabled: false")  # fmt: skip

    status, lines = run_examples(folder)

    assert status == 1
    assert any("password reset request runs password_reset" in line for line in lines)
    assert "      (default.routine: routine password_reset is switched off)" in lines


def test_an_invalid_rulebook_is_not_tested(folder: Path) -> None:
    edit(folder / "rulebook.yaml", "run: by_intent", "run: refunds")

    status, lines = run_examples(folder)

    assert status == 1
    assert [PROBLEM.match(line) is not None for line in lines] == [True]


def test_the_click_commands_exit_with_the_functions_status(folder: Path) -> None:
    runner = CliRunner()
    edit(folder / "rulebook.yaml", "run: by_intent", "run: refunds")

    good = runner.invoke(rules, ["check", str(DEFAULT_PATH)])
    bad = runner.invoke(rules, ["check", str(folder)])
    tested = runner.invoke(rules, ["test", str(DEFAULT_PATH)])

    assert (good.exit_code, bad.exit_code, tested.exit_code) == (0, 1, 0)
    assert "unknown routine 'refunds'" in bad.output


def test_the_commands_check_the_configured_rulebook_by_default(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MADOGUCHI_RULES_DIR", str(folder))
    edit(folder / "rulebook.yaml", "run: by_intent", "run: refunds")

    result = CliRunner().invoke(rules, ["check"])

    assert result.exit_code == 1
    assert result.output.startswith(str(folder / "rulebook.yaml"))
