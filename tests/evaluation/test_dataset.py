"""The evaluation set: large enough, every label covered, and apart from the training examples."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from pydantic import ValidationError

from evaluation.dataset import Case, EvalMail, load_cases
from madoguchi.rules import DEFAULT_PATH
from madoguchi.rules.intents import load_intent_examples
from madoguchi.triage.labels import ANSWERS, ROUTINE_INTENTS

ROUTINES = [intent.value for intent in ROUTINE_INTENTS]


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    return load_cases()


def test_there_are_at_least_300_mails_per_language(cases: list[Case]) -> None:
    files = Counter(case.where.split(":")[0] for case in cases)

    assert files["en.yaml"] >= 300
    assert files["ja.yaml"] >= 300


@pytest.mark.parametrize("file", ["en.yaml", "ja.yaml"])
def test_each_file_covers_every_answer(cases: list[Case], file: str) -> None:
    expected = Counter(case.mail.expect for case in cases if case.where.startswith(file))

    assert all(expected[routine] >= 35 for routine in ROUTINES)
    assert expected["other"] >= 60
    assert set(ANSWERS) <= set(expected)


# Formulas every mail may share, and the subjects of replies (which the model never reads).
COURTESY = re.compile(
    r"re: .*|dear .*|good (?:morning|afternoon|evening),?|kind regards,?|hello support,?"
    r"|いつもお世話になっております|よろしくお願いいたします|ご確認をお願いいたします"
)
SENTENCE_END = re.compile(r"[\n。！？!?]|\.(?=\s|$)")


def _sentences(text: str) -> set[str]:
    folded = unicodedata.normalize("NFKC", text).casefold()
    sentences = (s.strip() for s in SENTENCE_END.split(folded))
    return {s for s in sentences if len(s) >= 12 and not COURTESY.fullmatch(s)}


def test_no_sentence_is_shared_with_the_training_examples(cases: list[Case]) -> None:
    taught = set().union(*(_sentences(e.text) for e in load_intent_examples(DEFAULT_PATH)))

    shared = [
        (case.where, sentence)
        for case in cases
        for sentence in _sentences(f"{case.mail.subject}\n{case.mail.body}") & taught
    ]

    assert shared == []


def test_an_unknown_answer_is_refused() -> None:
    with pytest.raises(ValidationError, match="unknown answer 'pasword_reset'"):
        EvalMail(body="x", expect="pasword_reset")


def test_an_unknown_entity_kind_is_refused() -> None:
    with pytest.raises(ValidationError, match="unknown entity kinds"):
        EvalMail(body="x", expect="other", entities={"coin": ("BTC",)})


def test_each_mail_is_known_by_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "xx.yaml").write_text(
        'language: en\nsent: "2026-12-01T10:00:00+09:00"\nmails:\n'
        '- expect: other\n  body: "one"\n- expect: kyc_status\n  body: "two"\n  language: ja\n',
        encoding="utf-8",
    )

    cases = load_cases(tmp_path)

    assert [(c.where, c.language, c.mail.body) for c in cases] == [
        ("xx.yaml:4", "en", "one"), ("xx.yaml:6", "ja", "two"),
    ]  # fmt: skip
