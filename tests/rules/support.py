"""What loading a broken rulebook reports, and where in its files."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from madoguchi.rules import RulebookError, load_rulebook

PROBLEM_LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$")


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(folder: Path, **options: Any) -> list[tuple[str, int, str]]:
    """(file name, line, message) of every problem ``load_rulebook`` reports."""
    with pytest.raises(RulebookError) as raised:
        load_rulebook(folder, **options)
    found = []
    for line in str(raised.value).splitlines():
        parsed = PROBLEM_LINE.match(line)
        assert parsed, f"not file:line:column: message: {line!r}"
        found.append((Path(parsed["file"]).name, int(parsed["line"]), parsed["message"]))
    return found


def line_of(file: Path, text: str) -> int:
    return next(n for n, line in enumerate(file.read_text().splitlines(), 1) if text in line)


def problems_at(folder: Path, **options: Any) -> list[tuple[str, int, int, str]]:
    """(file name, line, column, message) of every problem ``load_rulebook`` reports."""
    with pytest.raises(RulebookError) as raised:
        load_rulebook(folder, **options)
    found = []
    for line in str(raised.value).splitlines():
        parsed = PROBLEM_LINE.match(line)
        assert parsed, f"not file:line:column: message: {line!r}"
        place = (int(parsed["line"]), int(parsed["column"]))
        found.append((Path(parsed["file"]).name, *place, parsed["message"]))
    return found


def column_of(file: Path, line: int, text: str) -> int:
    """The column (from 1) where ``text`` starts on ``line`` of ``file``."""
    return file.read_text(encoding="utf-8").splitlines()[line - 1].index(text) + 1


RULES_START = "rules:\n  - id: no_sender\n"


def replace_rules(folder: Path, rules: str) -> Path:
    """The copy's ``rules:`` section replaced by ``rules`` (YAML under ``rules:``)."""
    file = folder / "rulebook.yaml"
    text = file.read_text(encoding="utf-8")
    start = text.index(RULES_START)
    end = text.index("\nescalation:")
    file.write_text(text[:start] + "rules:\n" + rules.rstrip("\n") + "\n" + text[end:], "utf-8")
    return file
