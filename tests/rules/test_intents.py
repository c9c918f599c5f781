"""load_intent_examples(): the rulebook's phrasings per intent and language, checked."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from madoguchi.rules import DEFAULT_PATH, RulebookError
from madoguchi.rules.intents import IntentExample, load_intent_examples
from madoguchi.triage.labels import LABELS
from tests.rules.support import PROBLEM_LINE


def write(root: Path, name: str, text: str) -> Path:
    folder = root / "intents"
    folder.mkdir(parents=True, exist_ok=True)
    file = folder / name
    file.write_text(text, encoding="utf-8")
    return file


def problems(
    root: Path, labels: tuple[str, ...] | None = None
) -> list[tuple[str, int, int, str]]:
    """(file name, line, column, message) of every problem loading reports."""
    with pytest.raises(RulebookError) as raised:
        load_intent_examples(root, labels=labels)
    found = []
    for line in str(raised.value).splitlines():
        parsed = PROBLEM_LINE.match(line)
        assert parsed, f"not file:line:column: message: {line!r}"
        where = (Path(parsed["file"]).name, int(parsed["line"]), int(parsed["column"]))
        found.append((*where, parsed["message"]))
    return found


def test_the_default_rulebook_teaches_every_label_in_both_languages() -> None:
    examples = load_intent_examples(DEFAULT_PATH, labels=LABELS)

    counts = Counter((example.label, example.language) for example in examples)
    assert {label for label, _ in counts} == set(LABELS)
    assert all(counts[(label, language)] >= 10 for label in LABELS for language in ("ja", "en"))
    assert len(examples) >= 500


def test_each_example_knows_its_label_language_file_and_line(tmp_path: Path) -> None:
    file = write(tmp_path, "kyc_status.en.yaml", '# a comment\n- "Is my KYC done?"\n- "KYC?"\n')

    assert load_intent_examples(tmp_path) == (
        IntentExample("kyc_status", "en", "Is my KYC done?", str(file), 2),
        IntentExample("kyc_status", "en", "KYC?", str(file), 3),
    )


def test_a_block_string_keeps_its_subject_line_and_body(tmp_path: Path) -> None:
    write(tmp_path, "other.ja.yaml", "- |\n  件名\n  本文です。\n")

    (example,) = load_intent_examples(tmp_path)

    assert example.text == "件名\n本文です。"


def test_a_rulebook_without_intents_has_no_examples(tmp_path: Path) -> None:
    assert load_intent_examples(tmp_path) == ()


def test_files_are_read_in_name_order(tmp_path: Path) -> None:
    write(tmp_path, "other.en.yaml", '- "b"\n')
    write(tmp_path, "kyc_status.en.yaml", '- "a"\n')

    assert [e.label for e in load_intent_examples(tmp_path)] == ["kyc_status", "other"]


def test_a_file_name_must_say_label_and_language(tmp_path: Path) -> None:
    write(tmp_path, "kyc_status.yaml", '- "a"\n')

    assert problems(tmp_path) == [
        ("kyc_status.yaml", 1, 1, "file name must be <label>.<language>.yaml")
    ]


def test_an_unknown_language_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "kyc_status.fr.yaml", '- "a"\n')

    assert problems(tmp_path) == [
        ("kyc_status.fr.yaml", 1, 1, "unknown language 'fr' (expected one of ja, en)")
    ]


def test_a_misspelt_label_is_reported_when_labels_are_given(tmp_path: Path) -> None:
    write(tmp_path, "pasword_reset.en.yaml", '- "a"\n')

    ((name, line, column, message),) = problems(tmp_path, labels=LABELS)

    assert (name, line, column) == ("pasword_reset.en.yaml", 1, 1)
    assert message.startswith("unknown label 'pasword_reset' (expected one of ")


def test_a_document_that_is_not_a_list_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "other.en.yaml", "\nphrasing: hello\n")

    assert problems(tmp_path) == [("other.en.yaml", 2, 1, "expected a list of phrasings")]


def test_an_item_yaml_reads_as_a_boolean_is_reported_at_its_place(tmp_path: Path) -> None:
    write(tmp_path, "other.en.yaml", '- "fine"\n- yes\n- 42\n')

    not_text = "a phrasing must be text (quote it if YAML reads it as something else)"
    expected = [("other.en.yaml", 2, 3, not_text), ("other.en.yaml", 3, 3, not_text)]
    assert problems(tmp_path) == expected


def test_empty_and_repeated_phrasings_are_reported(tmp_path: Path) -> None:
    write(tmp_path, "other.en.yaml", '- "hello"\n- ""\n- "  hello "\n')

    assert problems(tmp_path) == [
        ("other.en.yaml", 2, 3, "empty phrasing"),
        ("other.en.yaml", 3, 3, "phrasing repeated (first at line 1)"),
    ]


def test_a_yaml_syntax_error_is_reported_at_its_line(tmp_path: Path) -> None:
    write(tmp_path, "other.en.yaml", '- "fine"\n- "unclosed\n')

    ((name, line, _, message),) = problems(tmp_path)

    assert (name, line) == ("other.en.yaml", 3)
    assert message.startswith("YAML syntax: ")


def test_every_problem_of_every_file_is_reported_at_once(tmp_path: Path) -> None:
    write(tmp_path, "other.en.yaml", "- yes\n")
    write(tmp_path, "kyc_status.xx.yaml", '- "a"\n')
    write(tmp_path, "fee_explanation.ja.yaml", "key: value\n")

    assert [name for name, *_ in problems(tmp_path)] == [
        "fee_explanation.ja.yaml", "kyc_status.xx.yaml", "other.en.yaml",
    ]  # fmt: skip


def test_text_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    (tmp_path / "intents").mkdir()
    (tmp_path / "intents" / "other.ja.yaml").write_bytes("- 出金".encode("shift_jis"))

    ((name, line, column, message),) = problems(tmp_path)

    assert (name, line, column) == ("other.ja.yaml", 1, 1)
    assert message.startswith("not UTF-8 text")
