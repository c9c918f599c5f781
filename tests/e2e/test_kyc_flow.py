"""End to end on real services: Dovecot, Redis, a Celery worker subprocess, the sandbox in
Chromium, an SMTP server and the case store on PostgreSQL.

A KYC question is answered, once, threaded, with the status the back office shows;
anything else becomes a ticket; automated mail is never answered.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from pathlib import Path

import pytest

from madoguchi.domain.cases import CaseState, TicketStatus
from madoguchi.domain.mail import Folder
from tests.support.databases import postgres_database
from tests.support.pipeline import AUTHSERV_ID, SUPPORT, Pipeline, running_pipeline
from tests.triage import mails

pytestmark = [pytest.mark.services, pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pipeline]:
    with postgres_database() as url, running_pipeline(
        url, tmp_path_factory.mktemp("e2e"), workers=1
    ) as running:
        yield running


def kyc_question(sender: str, message_id: str, *, language: str = "en") -> bytes:
    domain = sender.rpartition("@")[2]
    body, subject = (
        ("Hello, what is the status of my identity verification? Thanks.", "KYC status")
        if language == "en"
        else ("本人確認の審査状況を教えてください。", "本人確認について")
    )
    return mails.build(
        body,
        headers={"From": sender, "Subject": subject, "Message-ID": message_id},
        top=[("Authentication-Results",
              f"{AUTHSERV_ID}; spf=pass smtp.mailfrom={domain}; dkim=pass header.d={domain};"
              f" dmarc=pass header.from={domain}")],
    )


def folder_message_ids(pipeline: Pipeline, folder: str) -> list[str]:
    """Message-IDs in ``folder`` ("INBOX", or "done" etc. under the server's delimiter)."""
    if folder != "INBOX":
        folders = pipeline.dovecot.folders(SUPPORT)
        [folder] = [f for f in folders if f.startswith("madoguchi") and f.endswith(folder)]
    return [
        str(message_from_bytes(raw)["Message-ID"])
        for raw in pipeline.dovecot.messages(SUPPORT, folder)
    ]


def the_reply(pipeline: Pipeline, message_id: str) -> Message:
    [received] = pipeline.smtp.sink.by_in_reply_to(message_id)
    return received.message


def test_a_kyc_question_gets_one_threaded_reply_with_the_status(pipeline: Pipeline) -> None:
    customer = pipeline.sandbox.customer(kyc_status="documents_required", account_state="active")
    message_id = "<e2e-kyc-1@example.test>"

    pipeline.deliver(kyc_question(customer["email"], message_id))
    case = pipeline.wait_final(message_id)

    assert case.state is CaseState.REPLIED
    reply = the_reply(pipeline, message_id)
    assert reply["To"] == customer["email"]
    assert reply["References"].split()[-1] == message_id
    assert reply["Auto-Submitted"] == "auto-replied"
    assert reply["Subject"] == "Re: KYC status"
    text = reply.get_content()
    assert "we still need the following documents" in text
    assert len(pipeline.smtp.sink.by_in_reply_to(message_id)) == 1
    assert folder_message_ids(pipeline, "done") == [message_id]
    assert message_id not in folder_message_ids(pipeline, "INBOX")
    report = pipeline.store.verify_audit()
    assert report.ok, report.problems


def test_a_japanese_question_is_answered_in_japanese(pipeline: Pipeline) -> None:
    customer = pipeline.sandbox.customer(kyc_status="approved", account_state="active")
    message_id = "<e2e-kyc-ja@example.test>"

    pipeline.deliver(kyc_question(customer["email"], message_id, language="ja"))

    assert pipeline.wait_final(message_id).state is CaseState.REPLIED
    assert "承認" in the_reply(pipeline, message_id).get_content()


def test_another_request_becomes_a_ticket_and_is_filed_as_escalated(pipeline: Pipeline) -> None:
    message_id = "<e2e-other@example.test>"
    raw = mails.build(
        "Hello, do you have a bug bounty programme?",
        headers={"Subject": "Bug bounty", "Message-ID": message_id},
    )

    pipeline.deliver(raw)
    case = pipeline.wait_final(message_id)

    assert case.state is CaseState.ESCALATED
    assert case.filed_folder is Folder.ESCALATED
    [ticket] = [t for t in pipeline.store.tickets(status=TicketStatus.OPEN) if t.case_id == case.id]
    assert ticket.reason == "intent other"
    assert ticket.context["subject"] == "Bug bounty"
    assert pipeline.smtp.sink.by_in_reply_to(message_id) == []
    assert message_id in folder_message_ids(pipeline, "escalated")


def test_an_out_of_office_reply_is_ignored_and_never_answered(pipeline: Pipeline) -> None:
    message_id = "<e2e-ooo@example.test>"
    raw = mails.build(
        "I am out of the office until Monday.",
        headers={"Subject": "Out of office", "Message-ID": message_id},
        extra=[("Auto-Submitted", "auto-replied")],
    )

    pipeline.deliver(raw)
    case = pipeline.wait_final(message_id)

    assert case.state is CaseState.IGNORED
    assert pipeline.smtp.sink.by_in_reply_to(message_id) == []
    assert message_id in folder_message_ids(pipeline, "ignored")


@pytest.fixture
def killable_pipeline(tmp_path: Path) -> Iterator[Pipeline]:
    """A pipeline whose jobs come back quickly after their worker died."""
    with postgres_database() as url, running_pipeline(
        url, tmp_path, workers=1, visibility_timeout=12, lease_seconds=10, job_time_limit=8
    ) as running:
        yield running


def test_a_worker_killed_during_the_back_office_step_leaves_one_reply_and_one_case(
    killable_pipeline: Pipeline,
) -> None:
    pipeline = killable_pipeline
    customer = pipeline.sandbox.customer(kyc_status="approved", account_state="active")
    message_id = "<e2e-kill@example.test>"
    pipeline.sandbox.set_faults(latency_ms=1500)

    pipeline.deliver(kyc_question(customer["email"], message_id))
    pipeline.wait_until(lambda: _routine_step_started(pipeline, message_id), timeout=60)
    pipeline.workers[0].process.send_signal(signal.SIGKILL)
    pipeline.workers[0].stop()  # SIGKILL to the whole group: the pool and its Chromium
    pipeline.sandbox.set_faults(latency_ms=0)
    pipeline.start_worker()
    case = pipeline.wait_final(message_id, timeout=120)

    assert case.state is CaseState.REPLIED
    assert len(pipeline.smtp.sink.by_in_reply_to(message_id)) == 1
    assert [c.message_id for c in pipeline.store.cases()].count(message_id) == 1
    assert pipeline.store.verify_audit().ok


def _routine_step_started(pipeline: Pipeline, message_id: str) -> bool:
    case = pipeline.case_of(message_id)
    if case is None:
        return False
    return any(step.name.startswith("routine.") for step in pipeline.store.steps(case.id))
