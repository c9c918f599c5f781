"""``madoguchi triage``: what the robot would decide for .eml files, with no side effects.

On a terminal, a progress bar on stderr shows how far the run is (stdout stays one line
per mail, for pipes); when stderr is not a terminal, nothing is drawn.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from madoguchi.domain.errors import MalformedMail
from madoguchi.domain.understanding import OurIdentity
from madoguchi.rules import Rulebook, decide
from madoguchi.triage import identify, understand
from madoguchi.workers.intents import intent_model


def mail_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Each path named, and every ``*.eml`` below each folder named, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.eml") if p.is_file())
        else:
            yield path


def triage_file(
    path: Path, rulebook: Rulebook, authserv_id: str | None, ours: OurIdentity | None = None
) -> dict[str, Any]:
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
        model = intent_model(rulebook)
        triage = understand(raw, authserv_id=authserv_id, ours=ours, model=model)
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
    progress_to: TextIO | None = None,
    ours: OurIdentity | None = None,
) -> int:
    """Writes one line per message; returns how many were written.

    A progress bar is drawn on ``progress_to`` (default: stderr) when it is a terminal.
    """
    files = list(mail_files(paths))
    with _progress(progress_to or sys.stderr, len(files)) as advance:
        for path in files:
            line = triage_file(path, rulebook, authserv_id, ours)
            out.write(json.dumps(line, ensure_ascii=False) + "\n" if as_json else _human(line))
            advance()
    return len(files)


@contextmanager
def _progress(stream: TextIO, total: int) -> Iterator[Callable[[], None]]:
    """An ``advance()`` that moves a bar on ``stream`` when it is a terminal, else does nothing."""
    if not _is_terminal(stream):
        yield lambda: None
        return
    columns = (TextColumn("triage"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(file=stream), transient=True) as bar:
        task = bar.add_task("triage", total=total)
        yield lambda: bar.advance(task)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        # A closed or unusual stream is no terminal to draw on.
        return False


def _human(line: dict[str, Any]) -> str:
    what = line["routine"] or line["intent"] or "-"
    return f"{line['action']:<9} {what:<17} {line['path']}  ({line['reason']})\n"
