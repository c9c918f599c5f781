"""The agent's desk on the command line, on a real SQLite store."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from madoguchi.connectors.store import open_store, upgrade
from madoguchi.domain.cases import CaseState, ExceptionTicket, TicketStatus
from madoguchi.domain.mail import MailKey, RawMail
from madoguchi.workers.cli import cli

RAW = b"From: a@example.com\r\nSubject: help\r\nMessage-ID: <m@x>\r\n\r\nPlease help.\r\n"
PNG = b"\x89PNG\r\n\x1a\nnot really a picture"


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """A store with one escalated case, its ticket and a screenshot; env pointing at it."""
    url = f"sqlite:///{tmp_path}/store.db"
    monkeypatch.setenv("MADOGUCHI_DATABASE_URL", url)
    monkeypatch.setenv("MADOGUCHI_VAR_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    upgrade(url)
    store = open_store(url)
    mail = RawMail(key=MailKey(mailbox="inbox", uidvalidity=1, uid=1), raw=RAW)
    case = store.admit(mail, message_id="<m@x>", content_hash="h").case
    lease = store.claim(case.id, owner="test", ttl=30)
    assert lease is not None
    shot = store.attach(lease, name="page.png", content_type="image/png", data=PNG)
    context = {"sender": "a@example.com", "subject": "help", "text": "Please help.",
               "facts": {"status": "rejected"}, "draft_reply": "We are looking into it.",
               "files": [{"file": shot.id, "name": "page.png", "size": len(PNG)}]}
    ticket = store.escalate(
        lease, ExceptionTicket(case_id=case.id, queue="support", priority="high",
                               reason="needs a human", context=context),
        state=CaseState.ESCALATED,
    )
    store.close()
    return {"case": case.id, "ticket": ticket, "file": shot.id}


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_the_open_tickets_are_listed(desk: dict[str, int]) -> None:
    assert f"#{desk['ticket']} case {desk['case']} [support/high] open" in run("tickets")


def test_a_ticket_shows_what_the_robot_gathered(desk: dict[str, int]) -> None:
    shown = run("tickets", "show", str(desk["ticket"]))

    for expected in ("from: a@example.com", "Please help.", '"status": "rejected"',
                     "We are looking into it.", "page.png"):
        assert expected in shown


def test_closing_a_ticket_takes_it_off_the_queue(desk: dict[str, int]) -> None:
    run("tickets", "close", str(desk["ticket"]), "--by", "agent-7", "--note", "called back")

    assert run("tickets").strip() == ""
    assert "closed" in run("tickets", "--all")
    again = CliRunner().invoke(cli, ["tickets", "close", str(desk["ticket"]), "--by", "x"])
    assert again.exit_code == 1
    assert "is not open" in again.output
    assert TicketStatus.CLOSED.value in run("tickets", "--all", "--json")


def test_a_case_exports_its_mail_and_files_byte_for_byte(desk: dict[str, int]) -> None:
    raw = CliRunner().invoke(cli, ["cases", "raw", str(desk["case"])])
    shot = CliRunner().invoke(cli, ["files", "get", str(desk["file"])])

    assert raw.stdout_bytes == RAW
    assert shot.stdout_bytes == PNG
    assert "escalated" in run("cases", "show", str(desk["case"]))


def test_an_unknown_id_is_a_clear_error(desk: dict[str, int]) -> None:
    result = CliRunner().invoke(cli, ["tickets", "show", "999"])
    assert result.exit_code == 1
    assert "no ticket 999" in result.output


def test_stats_count_cases_and_open_tickets(desk: dict[str, int]) -> None:
    shown = run("stats")
    assert "escalated 1" in shown
    assert "support 1" in shown
