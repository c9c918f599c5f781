"""The intent examples of a rulebook: phrasings per intent and language that teach the model.

A rulebook folder holds ``intents/<label>.<language>.yaml``, each a YAML list of
phrasings (one string per item; a block string may span lines: a subject line, then
the body). ``<label>`` is a routine intent, ``other``, or the name of a signal that
only a human may handle (``account_compromise``...); ``<language>`` is ``ja`` or
``en``. Teaching the robot a new phrasing is an edit to these files, with no code.

Loading reports every problem at once, as ``file:line:column: message`` in a
``RulebookError``: YAML syntax, a file name that names no label or language, a
document that is not a list, an item that is not text (an unquoted ``yes`` is a
boolean), an empty or repeated phrasing, and a label not in ``labels`` when given.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from madoguchi.rules.errors import Problem, RulebookError

INTENTS_DIR = "intents"
LANGUAGES = ("ja", "en")
_STRING_TAG = "tag:yaml.org,2002:str"
MAX_LENGTH = 5_000  # characters: an example is a mail's request, not a whole thread


@dataclass(frozen=True, slots=True)
class IntentExample:
    """One phrasing of ``label`` in ``language``, and where it was written (line from 1)."""

    label: str
    language: str
    text: str
    file: str
    line: int


def load_intent_examples(
    root: Path, *, labels: Collection[str] | None = None
) -> tuple[IntentExample, ...]:
    """Every example under ``root/intents/`` (``root``: a rulebook folder), in file order.

    A rulebook without an ``intents`` folder has no examples: ``()``. ``labels``, when
    given, are the only labels allowed (the model's: ``madoguchi.triage.model.LABELS``).
    Raises ``RulebookError`` listing every problem found.
    """
    folder = root / INTENTS_DIR
    if not folder.is_dir():
        return ()
    examples: list[IntentExample] = []
    problems: list[Problem] = []
    for file in sorted(folder.glob("*.y*ml")):
        if file.suffix in {".yaml", ".yml"} and not file.name.startswith("."):
            _read_file(file, labels, examples, problems)
    if problems:
        raise RulebookError(problems)
    return tuple(examples)


def _read_file(
    file: Path,
    labels: Collection[str] | None,
    examples: list[IntentExample],
    problems: list[Problem],
) -> None:
    """Appends the file's examples, or its problems."""
    name = _file_name_problem(file, labels)
    if name is not None:
        problems.append(Problem(str(file), 1, 1, name))
        return
    label, language = file.name.split(".")[:2]
    try:
        root = yaml.compose(file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except UnicodeDecodeError as exc:
        problems.append(Problem(str(file), 1, 1, f"not UTF-8 text ({exc.reason})"))
        return
    except yaml.YAMLError as exc:
        problems.append(_syntax_problem(file, exc))
        return
    for item in _items(file, root, problems):
        text = item.value.strip()
        examples.append(IntentExample(label, language, text, str(file), _line(item)))


def _file_name_problem(file: Path, labels: Collection[str] | None) -> str | None:
    """Why the file's name does not say ``<label>.<language>.yaml``, or None."""
    parts = file.name.split(".")
    if len(parts) != 3 or not parts[0]:
        return f"file name must be <label>.<language>{file.suffix}"
    label, language = parts[:2]
    if language not in LANGUAGES:
        return f"unknown language {language!r} (expected one of {', '.join(LANGUAGES)})"
    if labels is not None and label not in labels:
        return f"unknown label {label!r} (expected one of {', '.join(sorted(labels))})"
    return None


def _items(file: Path, root: yaml.Node | None, problems: list[Problem]) -> Iterator[yaml.Node]:
    """The list's phrasings, each checked; problems for the rest."""
    if not isinstance(root, yaml.SequenceNode):
        where = root.start_mark if root is not None else None
        line, column = (where.line + 1, where.column + 1) if where else (1, 1)
        problems.append(Problem(str(file), line, column, "expected a list of phrasings"))
        return
    seen: dict[str, int] = {}
    for item in root.value:
        message = _item_problem(item, seen)
        if message is None:
            seen[item.value.strip()] = _line(item)
            yield item
        else:
            mark = item.start_mark
            problems.append(Problem(str(file), mark.line + 1, mark.column + 1, message))


def _item_problem(item: yaml.Node, seen: dict[str, int]) -> str | None:
    if not isinstance(item, yaml.ScalarNode) or item.tag != _STRING_TAG:
        return "a phrasing must be text (quote it if YAML reads it as something else)"
    text = item.value.strip()
    if not text:
        return "empty phrasing"
    if len(text) > MAX_LENGTH:
        return f"phrasing longer than {MAX_LENGTH} characters"
    if text in seen:
        return f"phrasing repeated (first at line {seen[text]})"
    return None


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _syntax_problem(file: Path, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Problem(str(file), line, column, f"YAML syntax: {getattr(exc, 'problem', None) or exc}")
