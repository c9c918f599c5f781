"""``madoguchi classify``: the intent (or signal) and language of each JSON line on stdin.

Each input line is ``{"id": ..., "text": ...}``, the text being a mail's subject and
body (a first line followed by more lines is read as the subject). Each output line,
in the input's order, is ``{"id", "intent", "confidence", "language"}``: ``intent`` is
a routine intent, ``other``, or the name of a signal only a human may handle (the
keyword detectors' first, else the model's). A line that cannot be read gets
``{"id": ..., "error": ...}`` (``id`` null when the line itself is unreadable) and the
rest go on. The model is trained at start from the rulebook's intent examples (the
default rulebook, or ``MADOGUCHI_RULES_DIR``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import IO, Any, TextIO

import click

from madoguchi.domain.errors import ConfigurationError
from madoguchi.rules import DEFAULT_PATH
from madoguchi.rules.intents import load_intent_examples
from madoguchi.triage.classify import read_intent
from madoguchi.triage.labels import LABELS
from madoguchi.triage.language import detect_language
from madoguchi.triage.model import IntentModel
from madoguchi.triage.signals import find_signals
from madoguchi.workers.settings import load_settings

BATCH = 1_000  # lines answered before the output is flushed
KEYWORD_CONFIDENCE = 1.0  # a keyword detector has no degrees: it found its words or not


def trained_model(rules_dir: Path | None) -> IntentModel | None:
    """The model taught by the rulebook's examples; None when it has none (keywords then)."""
    folder = rules_dir or DEFAULT_PATH
    folder = folder.parent if folder.is_file() else folder
    examples = load_intent_examples(folder, labels=LABELS)
    return IntentModel.train(examples) if examples else None


def classify_text(text: str, model: IntentModel | None) -> dict[str, Any]:
    """The answer for one text, without its id."""
    subject, newline, body = text.partition("\n")
    subject, body = (subject, body) if newline else ("", text)
    signals = find_signals(subject, body)
    reading = read_intent(subject, body, model)
    intent, confidence = (
        (signals[0], KEYWORD_CONFIDENCE) if signals else (reading.label, reading.confidence)
    )
    language = detect_language(text).value
    return {"intent": intent, "confidence": round(confidence, 3), "language": language}


def classify_line(line: bytes, model: IntentModel | None) -> dict[str, Any]:
    """The output object for one input line (see the module docstring)."""
    try:
        request = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        return {"id": None, "error": "the line is not UTF-8 text"}
    except json.JSONDecodeError as exc:
        return {"id": None, "error": f"the line is not JSON: {exc.msg} at column {exc.colno}"}
    if not isinstance(request, dict):
        return {"id": None, "error": "the line is not a JSON object"}
    identifier = request.get("id")
    text = request.get("text")
    if not isinstance(text, str):
        return {"id": identifier, "error": "text must be a string"}
    return {"id": identifier, **classify_text(text, model)}


def run(lines: Iterable[bytes], model: IntentModel | None, out: TextIO) -> int:
    """Answers every non-blank line of ``lines`` on ``out``, in order; returns how many."""
    answered = 0
    for batch in _batches(line for line in lines if line.strip()):
        for line in batch:
            out.write(json.dumps(classify_line(line, model), ensure_ascii=False) + "\n")
        out.flush()
        answered += len(batch)
    return answered


def _batches(lines: Iterable[bytes]) -> Iterator[list[bytes]]:
    iterator = iter(lines)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def main(*, keywords: bool = False, rules_dir: Path | None = None) -> int:
    """Answers stdin on stdout with the rulebook's model (``keywords``: the keyword
    classifier); returns how many lines were answered. Raises ``ConfigurationError``
    (with each problem's ``file:line:column``) when the examples cannot teach."""
    model = None if keywords else trained_model(rules_dir)
    stdin: IO[bytes] = sys.stdin.buffer
    return run(stdin, model, sys.stdout)


@click.command("classify")
@click.option("--keywords", is_flag=True, help="Use the keyword classifier instead of the model.")
def classify_command(keywords: bool) -> None:
    """Classify JSON lines {"id", "text"} on stdin; one JSON line per input on stdout."""
    try:
        main(keywords=keywords, rules_dir=load_settings().rules_dir)
    except ConfigurationError as exc:
        click.echo(f"madoguchi: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    classify_command()
