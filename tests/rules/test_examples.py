"""A rulebook's own tests (tests/*.yaml): what they may say, and where a mistake is."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

from madoguchi.rules import DEFAULT_PATH, load_rulebook
from madoguchi.rules.examples import example_problems, load_examples
from tests.rules.support import line_of

KYC = """\
- name: a KYC question
  mail:
    from: taro@example.jp
    subject: 本人確認
    body: 本人確認の状況を教えてください。
  expect: {action: routine, routine: kyc_status}
"""


def write(folder: Path, text: str, name: str = "mine.yaml") -> Path:
    file = folder / "tests" / name
    file.parent.mkdir(exist_ok=True)
    file.write_text(text, encoding="utf-8")
    return file


def test_the_shipped_rulebook_has_valid_examples() -> None:
    examples, problems = load_examples(DEFAULT_PATH)

    assert problems == []
    assert len(examples) >= 10
    assert example_problems(examples, load_rulebook()) == []


def test_an_example_knows_where_it_is_written(tmp_path: Path) -> None:
    file = write(tmp_path, "# a comment\n" + KYC)

    [example], _ = load_examples(tmp_path)

    assert (example.file, example.line) == (str(file), 2)
    assert example.spec.expect.routine == "kyc_status"


def test_a_written_out_mail_passes_dmarc_at_the_given_mta(tmp_path: Path) -> None:
    write(tmp_path, KYC)
    [example], _ = load_examples(tmp_path)

    mail = email.message_from_bytes(example.raw("mx.test"), policy=policy.default)

    assert mail["Authentication-Results"] == "mx.test; dmarc=pass header.from=example.jp"
    assert (mail["From"], mail["Subject"]) == ("taro@example.jp", "本人確認")
    assert mail.get_content().strip() == "本人確認の状況を教えてください。"


def test_an_unauthenticated_mail_fails_dmarc(tmp_path: Path) -> None:
    unauthenticated = "    from: taro@example.jp\n    authenticated: false\n"
    write(tmp_path, KYC.replace("    from: taro@example.jp\n", unauthenticated))
    [example], _ = load_examples(tmp_path)

    assert b"dmarc=fail header.from=example.jp" in example.raw("mx.test")


def test_an_example_may_name_an_eml_file(tmp_path: Path) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "kyc.eml").write_bytes(b"From: a@b.example\r\n\r\nhello\r\n")
    write(tmp_path, "- name: from a file\n  eml: kyc.eml\n  expect: {action: escalate}\n")

    [example], problems = load_examples(tmp_path)

    assert problems == []
    assert example.raw("mx.test") == b"From: a@b.example\r\n\r\nhello\r\n"


def test_an_unknown_key_is_reported_at_its_line(tmp_path: Path) -> None:
    file = write(tmp_path, KYC.replace("  expect:", "  expected:"))

    _, problems = load_examples(tmp_path)

    assert [(p.line, p.column, p.message) for p in problems] == [
        (1, 3, "0.expect: missing key 'expect'"),
        (line_of(file, "expected:"), 3, "0.expected: unknown key 'expected'"),
    ]


def test_a_wrong_action_is_reported_at_its_value(tmp_path: Path) -> None:
    file = write(tmp_path, KYC.replace("action: routine", "action: reply"))

    _, [problem] = load_examples(tmp_path)

    assert (problem.line, problem.column) == (line_of(file, "action: reply"), 20)
    assert problem.message.startswith("0.expect.action: Input should be 'routine', 'escalate'")


def test_an_example_needs_a_mail_or_an_eml_file(tmp_path: Path) -> None:
    write(tmp_path, "- name: nothing\n  expect: {action: ignore}\n")

    _, [problem] = load_examples(tmp_path)

    assert (problem.line, problem.message) == (
        1, "example 'nothing' needs either mail: or eml:, not both",
    )  # fmt: skip


def test_a_missing_eml_file_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "- name: gone\n  eml: gone.eml\n  expect: {action: ignore}\n")

    _, [problem] = load_examples(tmp_path)

    assert problem.line == 2
    assert problem.message.startswith("no such file ")


def test_a_file_that_is_not_a_list_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "name: not in a list\n")

    _, [problem] = load_examples(tmp_path)

    assert problem.message.startswith("a test file is a list of examples")


def test_yaml_syntax_errors_are_reported_at_their_line(tmp_path: Path) -> None:
    write(tmp_path, "- name: [unclosed\n")

    _, [problem] = load_examples(tmp_path)

    assert problem.message.startswith("YAML syntax:")


def test_expectations_naming_what_the_rulebook_lacks_are_reported(tmp_path: Path) -> None:
    file = write(tmp_path, KYC.replace(
        "expect: {action: routine, routine: kyc_status}",
        "expect:\n    action: escalate\n    queue: vip\n    rule: night_rule\n"
        "    routine: kyc\n",
    ))  # fmt: skip
    examples, _ = load_examples(tmp_path)

    found = example_problems(examples, load_rulebook())

    assert sorted((p.line, p.message) for p in found) == [
        (line_of(file, "queue: vip"), "expect.queue: unknown queue 'vip'"),
        (line_of(file, "rule: night_rule"), "expect.rule: no rule 'night_rule' in this rulebook"),
        (line_of(file, "routine: kyc"), "expect.routine: only a routine action runs a routine"),
        (line_of(file, "routine: kyc"), "expect.routine: unknown routine 'kyc'"),
    ]


def test_two_examples_with_one_name_are_reported(tmp_path: Path) -> None:
    write(tmp_path, KYC + KYC)
    examples, _ = load_examples(tmp_path)

    [problem] = example_problems(examples, load_rulebook())

    assert (problem.line, problem.message) == (7, "another example is named 'a KYC question'")
