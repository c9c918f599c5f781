"""``madoguchi triage``: one JSON line per message, no side effects, never a traceback."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import threading
from pathlib import Path

from madoguchi.domain.errors import MalformedMail
from madoguchi.triage import parse_message
from tests.support.corpus import CORPUS
from tests.support.services import unavailable
from tests.triage import mails
from tests.triage.corpus import corpus

KEYS = {"path", "message_id", "language", "intent", "confidence", "action", "routine", "reason"}


def triage(
    *paths: Path, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "madoguchi", "triage", "--json", *map(str, paths)],
        capture_output=True, text=True, cwd=cwd, check=False,
        env={"PATH": "/usr/bin:/bin", **(env or {})},
    )


def lines(result: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_each_file_gets_one_line_with_the_decision(tmp_path: Path) -> None:
    (tmp_path / "in" / "deep").mkdir(parents=True)
    (tmp_path / "in" / "ooo.eml").write_bytes(
        mails.build("Away", headers={"Message-ID": "<ooo@x>"}, extra=[("Auto-Submitted", "yes")])
    )
    (tmp_path / "in" / "deep" / "kyc.eml").write_bytes(
        mails.build("What is the status of my KYC verification?", headers={"Message-ID": "<k@x>"})
    )
    (tmp_path / "in" / "notes.txt").write_text("not a mail, not named .eml: skipped")

    result = triage(tmp_path / "in", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    by_id = {line["message_id"]: line for line in lines(result)}
    assert set(by_id) == {"<ooo@x>", "<k@x>"}
    assert all(set(line) == KEYS for line in by_id.values())
    assert by_id["<ooo@x>"]["action"] == "ignore"
    # No MADOGUCHI_AUTHSERV_ID: nobody is authenticated, so even KYC escalates.
    assert (by_id["<k@x>"]["intent"], by_id["<k@x>"]["action"]) == ("kyc_status", "escalate")


def test_an_authenticated_kyc_question_would_run_the_routine(tmp_path: Path) -> None:
    mail = tmp_path / "kyc.eml"
    mail.write_bytes(
        mails.build(
            "Is my identity verification done?",
            top=[("Authentication-Results", "mx.test; dmarc=pass header.from=example.com")],
        )
    )

    [line] = lines(triage(mail, cwd=tmp_path, env={"MADOGUCHI_AUTHSERV_ID": "mx.test"}))

    assert (line["action"], line["routine"]) == ("routine", "kyc_status")


def test_unreadable_and_unparsable_files_escalate_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "garbage.eml").write_bytes(b"\x00\x01 not a mail")
    missing = tmp_path / "missing.eml"

    result = triage(tmp_path / "garbage.eml", missing, cwd=tmp_path)

    assert result.returncode == 0
    garbage, gone = lines(result)
    assert garbage["action"] == gone["action"] == "escalate"
    assert str(garbage["reason"]).startswith("the mail cannot be read")
    assert str(gone["reason"]).startswith("cannot read the file")
    assert "Traceback" not in result.stderr


def test_the_whole_real_world_corpus_gets_a_line_per_mail(tmp_path: Path) -> None:
    files = sorted(CORPUS.rglob("*.eml"))
    if not files:
        unavailable(f"the mail corpus is not at {CORPUS} (set MADOGUCHI_CORPUS)")
    assert len(files) > 600

    result = triage(CORPUS, cwd=tmp_path)

    assert result.returncode == 0, result.stderr[-2000:]
    assert [line["path"] for line in lines(result)] == [str(f) for f in files]
    assert "Traceback" not in result.stderr


def test_nothing_is_drawn_on_stderr_when_it_is_not_a_terminal(tmp_path: Path) -> None:
    (tmp_path / "kyc.eml").write_bytes(mails.build("What is my KYC status?"))

    result = triage(tmp_path / "kyc.eml", cwd=tmp_path)

    assert result.returncode == 0
    assert result.stderr == ""


def test_a_progress_bar_is_drawn_on_stderr_when_it_is_a_terminal(tmp_path: Path) -> None:
    for n in range(3):
        (tmp_path / f"m{n}.eml").write_bytes(mails.build(f"Question {n}"))
    controller, terminal = pty.openpty()
    drawn = bytearray()
    reader = threading.Thread(target=_drain, args=(controller, drawn), daemon=True)
    reader.start()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "madoguchi", "triage", "--json", str(tmp_path)],
            stdout=subprocess.PIPE, stderr=terminal, text=True, cwd=tmp_path, check=False,
            env={"PATH": "/usr/bin:/bin", "TERM": "xterm", "COLUMNS": "100"},
        )  # fmt: skip
    finally:
        os.close(terminal)
        reader.join(timeout=5)
        os.close(controller)

    assert result.returncode == 0
    assert len(lines(result)) == 3  # stdout stays one JSON line per mail
    assert b"triage" in drawn
    assert b"3/3" in drawn


def _drain(fd: int, into: bytearray) -> None:
    """Read a pty until its other end is closed."""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            return
        if not chunk:
            return
        into.extend(chunk)


AUTHSERV = "mx.cli.test"


def test_no_bounce_or_auto_reply_in_the_corpus_gets_a_routine_even_when_authenticated(
    tmp_path: Path,
) -> None:
    # Every corpus mail gets a passing verdict from "our" MTA for its own From domain,
    # so that only the guards stand between a bounce and a routine.
    tagged = {mail.name for mail in corpus() if mail.tags & {"bounce", "auto_reply"}}
    folder = tmp_path / "corpus"
    folder.mkdir()
    for number, mail in enumerate(corpus()):
        (folder / f"{number:04d}.eml").write_bytes(_authenticated(mail.raw))
    names = {f"{number:04d}.eml": mail.name for number, mail in enumerate(corpus())}
    (folder / "control.eml").write_bytes(
        _authenticated(mails.build("What is the status of my identity verification?"))
    )

    result = triage(folder, cwd=tmp_path, env={"MADOGUCHI_AUTHSERV_ID": AUTHSERV})

    assert result.returncode == 0, result.stderr[-2000:]
    by_file = {Path(str(line["path"])).name: line for line in lines(result)}
    assert by_file["control.eml"]["routine"] == "kyc_status"
    answered = [names[f] for f, line in by_file.items() if f in names and line["routine"]]
    assert [name for name in answered if name in tagged] == []
    ignored = {names[f] for f, line in by_file.items() if f in names and line["action"] == "ignore"}
    assert len(tagged - ignored) <= 1  # a bounce forwarded by a person, escalated instead


def _authenticated(raw: bytes) -> bytes:
    try:
        domain = parse_message(raw, authserv_id=None).sender.rpartition("@")[2] or "unknown"
    except MalformedMail:
        domain = "unknown"
    header = f"Authentication-Results: {AUTHSERV}; dmarc=pass header.from={domain}\r\n"
    return header.encode() + raw
