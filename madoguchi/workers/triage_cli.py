"""``madoguchi triage``: what the robot would decide for .eml files, with no side effects."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from madoguchi.domain.errors import MalformedMail
from madoguchi.rules import Rulebook, decide
from madoguchi.triage import identify, understand


def mail_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Each path named, and every ``*.eml`` below each folder named, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.eml") if p.is_file())
        else:
            yield path


def triage_file(path: Path, rulebook: Rulebook, authserv_id: str | None) -> dict[str, Any]:
    """One JSON-ready line for one file; a file that cannot be read or parsed escalates."""
    line: dict[str, Any] = {
        "path": str(path),
        "message_id": None,
        "language": None,
        "intent": None,
        "confidence": None,
        "action": "escalate",
        "routine": None,
        "reason": None,
    }
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return line | {"reason": f"cannot read the file: {exc.strerror}"}
    line["message_id"] = identify(raw).message_id
    try:
        triage = understand(raw, authserv_id=authserv_id)
    except MalformedMail as exc:
        return line | {"reason": f"the mail cannot be read: {exc}"}
    decision = decide(triage, rulebook)
    return line | {
        "language": triage.message.language.value,
        "intent": triage.intent.value,
        "confidence": round(triage.confidence, 3),
        "action": decision.action.value,
        "routine": decision.routine,
        "reason": decision.reason,
    }


def run(
    paths: Iterable[Path],
    rulebook: Rulebook,
    authserv_id: str | None,
    out: TextIO,
    *,
    as_json: bool,
) -> int:
    """Writes one line per message; returns how many were written."""
    count = 0
    for path in mail_files(paths):
        line = triage_file(path, rulebook, authserv_id)
        out.write(json.dumps(line, ensure_ascii=False) + "\n" if as_json else _human(line))
        count += 1
    return count


def _human(line: dict[str, Any]) -> str:
    what = line["routine"] or line["intent"] or "-"
    return f"{line['action']:<9} {what:<17} {line['path']}  ({line['reason']})\n"
