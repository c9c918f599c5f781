"""``madoguchi classify``: JSON lines in, one answer per line out in order; bad lines get errors."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from madoguchi.rules import DEFAULT_PATH
from madoguchi.triage.model import IntentModel
from madoguchi.workers.classify_cli import classify_command, run, trained_model

ANSWER_KEYS = {"id", "intent", "confidence", "language"}


@pytest.fixture(scope="module")
def model() -> IntentModel:
    model = trained_model(None)
    assert model is not None
    return model


def lines(*objects: object) -> list[bytes]:
    """Each object as a JSON line; a string is written as it is."""
    texts = (o if isinstance(o, str) else json.dumps(o, ensure_ascii=False) for o in objects)
    return [text.encode() for text in texts]


def outputs(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines()]


def classified(model: IntentModel | None, *inputs: bytes) -> list[dict[str, object]]:
    out = io.StringIO()
    run(inputs, model, out)
    return outputs(out.getvalue())


def test_each_line_gets_an_answer_in_the_same_order(model: IntentModel) -> None:
    found = classified(model, *lines(
        {"id": "a", "text": "Password reset\nI forgot my password, please send me a reset link."},
        {"id": 2, "text": "出金が届きません\n昨日申請したBTCの出金がまだ届いていません。"},
        {"id": None, "text": "How long do withdrawals take in general?"},
    ))  # fmt: skip

    assert [(o["id"], o["intent"], o["language"]) for o in found] == [
        ("a", "password_reset", "en"), (2, "withdrawal_delay", "ja"), (None, "other", "en"),
    ]  # fmt: skip
    assert all(set(o) == ANSWER_KEYS for o in found)
    assert all(0.0 <= float(str(o["confidence"])) <= 1.0 for o in found)


def test_a_signal_is_named_as_the_intent(model: IntentModel) -> None:
    found = classified(model, *lines(
        {"id": 1, "text": "I did not make this withdrawal, someone is in my account!"},
        {"id": 2, "text": "I got a text with a link to a login page that is not your site."},
    ))  # fmt: skip

    assert [o["intent"] for o in found] == ["account_compromise", "phishing_report"]


def test_lines_that_cannot_be_read_get_errors_and_the_rest_go_on(
    model: IntentModel,
) -> None:
    found = classified(
        model,
        *lines("not json", [1, 2], {"id": 7, "text": 5}, {"id": 8}),
        b"\xff\xfe broken bytes",
        *lines({"id": 9, "text": "KYC status please"}),
    )

    assert [(o["id"], "error" in o) for o in found] == [
        (None, True), (None, True), (7, True), (8, True), (None, True), (9, False),
    ]  # fmt: skip
    assert str(found[0]["error"]).startswith("the line is not JSON")
    assert found[2]["error"] == "text must be a string"


def test_blank_lines_are_skipped(model: IntentModel) -> None:
    found = classified(model, b"", b"  \n", *lines({"id": 1, "text": "hello there, thanks"}))

    assert [o["id"] for o in found] == [1]


def test_without_a_model_the_keywords_classify() -> None:
    (found,) = classified(None, *lines({"id": 1, "text": "What is my KYC status?"}))

    assert found["intent"] == "kyc_status"


def test_the_command_reads_stdin_and_writes_stdout() -> None:
    stdin = "\n".join(json.dumps({"id": n, "text": "I forgot my password"}) for n in range(3))

    result = CliRunner().invoke(classify_command, [], input=stdin)

    assert result.exit_code == 0, result.output
    assert [o["id"] for o in outputs(result.output)] == [0, 1, 2]


def test_a_broken_intents_file_stops_the_command_with_its_place(tmp_path: Path) -> None:
    rules = Path(shutil.copytree(DEFAULT_PATH, tmp_path / "rules"))
    (rules / "intents" / "other.en.yaml").write_text("- yes\n", encoding="utf-8")

    result = subprocess.run(
        [sys.executable, "-m", "madoguchi.workers.classify_cli"], input="", text=True,
        capture_output=True, check=False, env={"PATH": "/usr/bin:/bin",
                                               "MADOGUCHI_RULES_DIR": str(rules)},
    )  # fmt: skip

    assert result.returncode == 2
    assert f"{rules / 'intents' / 'other.en.yaml'}:1:3: a phrasing must be text" in result.stderr


def test_a_process_answers_a_pipe_of_lines() -> None:
    question = "本人確認の審査状況を教えてください"
    stdin = "\n".join(json.dumps({"id": n, "text": question}) for n in range(50))

    result = subprocess.run(
        [sys.executable, "-m", "madoguchi.workers.classify_cli"], input=stdin, text=True,
        capture_output=True, check=False, env={"PATH": "/usr/bin:/bin"}, timeout=60,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    found = outputs(result.stdout)
    assert [o["id"] for o in found] == list(range(50))
    assert {o["intent"] for o in found} == {"kyc_status"}
