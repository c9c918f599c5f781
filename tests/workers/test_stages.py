"""The pipeline's stages, case by case, on a real SQLite store with in-memory edges."""

from __future__ import annotations

import dataclasses
import time

import pytest
from sqlalchemy import text

from madoguchi.connectors.smtp.compose import to_email_message
from madoguchi.domain.backoffice import KycStatus, RejectionCategory
from madoguchi.domain.cases import CaseState, StepStatus
from madoguchi.domain.errors import (
    BackOfficeBusy,
    BackOfficeDown,
    DeliveryInDoubt,
    MailRejected,
    SenderUnavailable,
    UnexpectedPage,
)
from madoguchi.domain.mail import Language
from madoguchi.domain.outcomes import RoutineRequest
from madoguchi.domain.ports import Job
from madoguchi.tasks.registry import ROUTINES
from madoguchi.workers.pipeline import CaseBusy, run_stage
from madoguchi.workers.replies import reply_message_id
from madoguchi.workers.stages import routine_stage, send_stage, triage_stage
from tests.tasks.fakes import record
from tests.triage import mails
from tests.workers.conftest import CUSTOMER, Bench, kyc_question


def triage(bench: Bench, case_id: int) -> None:
    run_stage(bench.rt, case_id, CaseState.RECEIVED, triage_stage)


def routine(bench: Bench, case_id: int) -> None:
    run_stage(bench.rt, case_id, CaseState.ROUTINE, routine_stage)


def send(bench: Bench, case_id: int) -> None:
    run_stage(bench.rt, case_id, CaseState.REPLYING, send_stage)


def through_routine(bench: Bench, raw: bytes) -> int:
    case_id = bench.admit(raw)
    triage(bench, case_id)
    routine(bench, case_id)
    return case_id


def test_an_authenticated_kyc_question_goes_to_the_routine(bench: Bench) -> None:
    case_id = bench.admit(kyc_question())

    triage(bench, case_id)

    case = bench.store.case(case_id)
    assert case.state is CaseState.ROUTINE
    assert (case.intent, case.routine, case.language) == ("kyc_status", "kyc_status", "ja")
    assert bench.queue.jobs == [(Job.ROUTINE, case_id)]


def test_an_out_of_office_reply_is_ignored_and_nothing_is_queued(bench: Bench) -> None:
    raw = mails.build("I am away until Monday.", extra=[("Auto-Submitted", "auto-replied")])
    case_id = bench.admit(raw)

    triage(bench, case_id)

    assert bench.store.case(case_id).state is CaseState.IGNORED
    assert bench.queue.jobs == []
    assert bench.store.tickets() == []


def test_an_unrecognised_request_becomes_a_ticket_with_the_mail(bench: Bench) -> None:
    raw = mails.build("Do you sponsor conferences?", headers={"Subject": "Sponsorship"})
    case_id = bench.admit(raw)

    triage(bench, case_id)

    assert bench.store.case(case_id).state is CaseState.ESCALATED
    [ticket] = bench.store.tickets()
    assert ticket.case_id == case_id
    assert ticket.reason == "intent other"
    assert ticket.context["subject"] == "Sponsorship"
    assert ticket.context["sender"] == "alice@example.com"
    assert "conferences" in ticket.context["text"]


def test_an_unauthenticated_sender_is_escalated_before_any_lookup(bench: Bench) -> None:
    case_id = bench.admit(kyc_question(dmarc="fail"))

    triage(bench, case_id)

    assert bench.store.case(case_id).state is CaseState.ESCALATED
    assert "not authenticated" in bench.store.tickets()[0].reason
    assert bench.gateway.sessions == 0


def test_a_mail_that_cannot_be_read_is_escalated_and_kept(bench: Bench) -> None:
    raw = b"this is not a mail at all, no headers, no blank line"
    case_id = bench.admit(raw)

    triage(bench, case_id)

    assert bench.store.case(case_id).state is CaseState.ESCALATED
    assert bench.store.tickets()[0].reason.startswith("the mail cannot be read")
    assert bench.store.raw(case_id) == raw


def test_a_resolved_kyc_question_gets_a_threaded_reply_in_its_language(bench: Bench) -> None:
    case_id = through_routine(bench, kyc_question())

    assert bench.store.case(case_id).state is CaseState.REPLYING
    assert bench.queue.jobs[-1] == (Job.SEND, case_id)
    reply = bench.store.reply(case_id)
    assert reply is not None
    assert reply.to == CUSTOMER
    assert reply.in_reply_to == "<kyc-1@example.jp>"
    assert reply.subject == "Re: 本人確認について"
    assert "承認" in reply.text
    assert reply.message_id.endswith(".reply@exchange.test>")


def test_the_reply_message_id_follows_from_the_mail_not_from_chance(bench: Bench) -> None:
    first = bench.store.case(through_routine(bench, kyc_question()))
    moved = first.model_copy(update={"key": first.key.model_copy(update={"uidvalidity": 99})})
    other = first.model_copy(update={"message_id": "<another@example.jp>"})

    assert reply_message_id(first, "x.test") == reply_message_id(moved, "x.test")
    assert reply_message_id(first, "x.test") != reply_message_id(other, "x.test")


def test_a_compliance_rejection_goes_to_a_human_and_is_not_explained(bench: Bench) -> None:
    bench.gateway.backoffice.kyc = {
        c.customer_id: record(KycStatus.REJECTED, rejection=RejectionCategory.COMPLIANCE)
        for c in bench.gateway.backoffice.customers.values()
    }
    case_id = through_routine(bench, kyc_question())

    assert bench.store.case(case_id).state is CaseState.ESCALATED
    assert bench.store.reply(case_id) is None
    [ticket] = bench.store.tickets()
    assert "compliance" in ticket.reason
    # The agent gets a holding draft in the customer's language, which explains nothing.
    draft = ticket.context["draft_reply"]
    assert "本人確認" in draft
    assert "コンプライアンス" not in draft


def test_a_sender_without_an_account_goes_to_a_human(bench: Bench) -> None:
    case_id = through_routine(bench, kyc_question("stranger@example.org"))

    assert bench.store.case(case_id).state is CaseState.ESCALATED
    assert bench.gateway.backoffice.lookups == ["stranger@example.org"]


def test_a_busy_back_office_is_retried_then_given_up_on(bench: Bench) -> None:
    case_id = bench.admit(kyc_question())
    triage(bench, case_id)
    bench.gateway.failures = [BackOfficeBusy("system busy")] * 3

    for _ in range(2):
        with pytest.raises(BackOfficeBusy):
            routine(bench, case_id)
        assert bench.store.case(case_id).state is CaseState.ROUTINE
    routine(bench, case_id)

    assert bench.store.case(case_id).state is CaseState.ESCALATED
    assert bench.store.tickets()[0].reason.startswith("gave up after 3 attempts: BackOfficeBusy")


def test_an_unexpected_page_escalates_with_its_screenshot(bench: Bench) -> None:
    case_id = bench.admit(kyc_question())
    triage(bench, case_id)
    bench.gateway.failures = [UnexpectedPage("no KYC section", screenshot=b"\x89PNG...")]

    routine(bench, case_id)

    [ticket] = bench.store.tickets()
    assert "unexpected page" in ticket.reason
    [screenshot] = bench.store.files(case_id)
    assert bench.store.file_data(screenshot.id) == b"\x89PNG..."
    assert ticket.context["files"] == [
        {"file": screenshot.id, "name": "routine.kyc_status.png", "content_type": "image/png",
         "size": 7},
    ]


def test_a_finished_lookup_is_not_done_again_after_an_interruption(bench: Bench) -> None:
    case_id = bench.admit(kyc_question())
    triage(bench, case_id)
    request = RoutineRequest(
        case_id=case_id, sender=CUSTOMER, language=Language.JA, now=bench.clock.now,
        options=bench.rt.rulebook().routine_options("kyc_status"),
    )
    outcome = ROUTINES["kyc_status"](request, bench.gateway.backoffice)
    lease = bench.store.claim(case_id, owner="crashed", ttl=1)
    assert lease is not None
    step = bench.store.begin_step(lease, "routine.kyc_status")
    result = {"kind": "Resolved", "outcome": outcome.model_dump(mode="json")}
    bench.store.complete_step(lease, step, status=StepStatus.DONE, result=result)
    bench.clock.advance(5)  # the crashed worker's lease expires

    routine(bench, case_id)

    assert bench.gateway.sessions == 0
    assert bench.store.case(case_id).state is CaseState.REPLYING


def test_a_reply_is_sent_once_and_the_case_is_replied(bench: Bench) -> None:
    case_id = through_routine(bench, kyc_question())

    send(bench, case_id)
    send(bench, case_id)  # a redelivered job finds the case finished

    assert bench.store.case(case_id).state is CaseState.REPLIED
    assert len(bench.sender.sent) == 1


def test_a_reply_that_was_certainly_not_sent_is_sent_on_the_next_attempt(bench: Bench) -> None:
    case_id = through_routine(bench, kyc_question())
    bench.sender.failures = [(SenderUnavailable("connection refused"), False)]

    with pytest.raises(SenderUnavailable):
        send(bench, case_id)
    send(bench, case_id)

    assert bench.store.case(case_id).state is CaseState.REPLIED
    assert len(bench.sender.sent) == 1


def test_an_informational_reply_in_doubt_is_resent_once_with_the_same_id(bench: Bench) -> None:
    case_id = through_routine(bench, kyc_question())
    bench.sender.failures = [(DeliveryInDoubt("dropped before 250"), True)]

    with pytest.raises(DeliveryInDoubt):
        send(bench, case_id)
    send(bench, case_id)

    assert bench.store.case(case_id).state is CaseState.REPLIED
    first, second = bench.sender.sent
    assert first.message_id == second.message_id


def test_a_reply_in_doubt_twice_goes_to_a_human(bench: Bench) -> None:
    case_id = through_routine(bench, kyc_question())
    bench.sender.failures = [(DeliveryInDoubt("dropped"), True), (DeliveryInDoubt("again"), True)]

    for _ in range(2):
        with pytest.raises(DeliveryInDoubt):
            send(bench, case_id)
    send(bench, case_id)

    assert bench.store.case(case_id).state is CaseState.ESCALATED
    assert len(bench.sender.sent) == 2
    assert "in doubt after one resend" in bench.store.tickets()[0].reason


def test_an_account_action_reply_in_doubt_is_never_resent(bench: Bench) -> None:
    case_id = through_routine(bench, kyc_question())
    lease = bench.store.claim(case_id, owner="t", ttl=1)
    assert lease is not None
    reply = bench.store.reply(case_id)
    assert reply is not None
    bench.store.release(lease)
    # Make the prepared reply one about an account action, as a reset routine would.
    with bench.store.engine.begin() as connection:
        payload = reply.model_copy(update={"informational": False}).model_dump_json()
        connection.execute(text("update replies set reply = :r"), {"r": payload})
    bench.sender.failures = [(DeliveryInDoubt("dropped"), True)]

    with pytest.raises(DeliveryInDoubt):
        send(bench, case_id)
    send(bench, case_id)

    assert bench.store.case(case_id).state is CaseState.ESCALATED
    assert len(bench.sender.sent) == 1
    assert "not resent" in bench.store.tickets()[0].reason


def test_a_rejected_reply_goes_to_a_human(bench: Bench) -> None:
    case_id = through_routine(bench, kyc_question())
    bench.sender.failures = [(MailRejected("550 no such user"), False)]

    send(bench, case_id)

    assert bench.store.case(case_id).state is CaseState.ESCALATED
    assert "550" in bench.store.tickets()[0].reason


def test_a_case_held_by_another_worker_is_busy(bench: Bench) -> None:
    case_id = bench.admit(kyc_question())
    assert bench.store.claim(case_id, owner="other", ttl=60) is not None

    with pytest.raises(CaseBusy) as caught:
        triage(bench, case_id)

    assert 50 < caught.value.retry_after <= 61


def test_a_mail_that_never_finishes_is_quarantined_after_its_attempts(bench: Bench) -> None:
    case_id = bench.admit(kyc_question())
    for _ in range(3):  # three workers died holding the case
        assert bench.store.claim(case_id, owner="dying", ttl=1) is not None
        bench.clock.advance(2)

    triage(bench, case_id)

    assert bench.store.case(case_id).state is CaseState.QUARANTINED
    [ticket] = bench.store.tickets()
    assert ticket.priority == "high"
    assert ticket.reason.startswith("quarantined: 3 attempts")


def test_a_stale_job_sends_the_case_where_it_belongs(bench: Bench) -> None:
    case_id = bench.admit(kyc_question())
    triage(bench, case_id)
    bench.queue.jobs.clear()

    triage(bench, case_id)  # redelivered triage job: the case is already past triage

    assert bench.queue.jobs == [(Job.ROUTINE, case_id)]
    assert bench.store.case(case_id).state is CaseState.ROUTINE


def test_the_audit_trail_of_a_replied_case_verifies_and_names_no_one(bench: Bench) -> None:
    case_id = through_routine(bench, kyc_question())
    send(bench, case_id)

    report = bench.store.verify_audit()
    assert report.ok, report.problems
    events = bench.store.audit_events(case_id=case_id)
    assert [e.kind for e in events if e.kind in ("triaged", "replied")] == ["triaged", "replied"]
    assert all(CUSTOMER not in str(e.data) for e in events)
    assert all(e.rulebook_version for e in events if e.kind == "triaged")


def test_an_open_circuit_keeps_the_case_waiting_without_spending_its_attempts(
    bench: Bench,
) -> None:
    bench.rt.breaker.threshold = 2
    case_id = bench.admit(kyc_question())
    triage(bench, case_id)
    bench.gateway.failures = [BackOfficeBusy("502")] * 5
    for _ in range(2):  # two failures in a row open the circuit
        with pytest.raises(BackOfficeBusy):
            routine(bench, case_id)

    for _ in range(5):  # far more tries than the attempt budget
        with pytest.raises(BackOfficeDown):
            routine(bench, case_id)

    case = bench.store.case(case_id)
    assert (case.state, case.attempts) == (CaseState.ROUTINE, 0)
    assert bench.gateway.sessions == 2  # the open circuit kept the browser out of it


def test_a_case_waiting_past_the_patience_goes_to_a_human_saying_the_back_office_is_down(
    bench: Bench,
) -> None:
    bench.rt.breaker.threshold = 2
    case_id = bench.admit(kyc_question())
    triage(bench, case_id)
    bench.gateway.failures = [BackOfficeBusy("502")] * 2
    for _ in range(2):
        with pytest.raises(BackOfficeBusy):
            routine(bench, case_id)
    bench.clock.advance(bench.rt.settings.backoffice_patience + 1)
    bench.breaker_clock.advance(bench.rt.settings.backoffice_patience + 1)
    bench.gateway.probe_failures = 1

    routine(bench, case_id)

    assert bench.store.case(case_id).state is CaseState.ESCALATED
    [ticket] = bench.store.tickets()
    assert ticket.reason.startswith("the back office has been down since")
    assert ticket.priority == "high"


def test_the_circuit_closes_when_the_probe_answers_and_work_resumes(bench: Bench) -> None:
    bench.rt.breaker.threshold = 2
    case_id = bench.admit(kyc_question())
    triage(bench, case_id)
    bench.gateway.failures = [BackOfficeBusy("502")] * 2
    for _ in range(2):
        with pytest.raises(BackOfficeBusy):
            routine(bench, case_id)
    bench.breaker_clock.advance(31)  # past the cool-down: the next job probes

    routine(bench, case_id)

    assert bench.gateway.probes == 1
    assert bench.store.case(case_id).state is CaseState.REPLYING
    assert not bench.rt.breaker.status().open


def test_a_sender_over_the_reply_cap_goes_to_one_ticket_for_all_the_rest(bench: Bench) -> None:
    cases = [
        bench.admit(kyc_question(message_id=f"<kyc-{n}@example.jp>"), uid=n) for n in range(1, 8)
    ]
    for case_id in cases:
        triage(bench, case_id)

    states = [bench.store.case(case_id).state for case_id in cases]
    assert states == [CaseState.ROUTINE] * 5 + [CaseState.ESCALATED] * 2
    [ticket] = bench.store.tickets()
    assert ticket.case_id == cases[5]
    assert ticket.gathered == (cases[6],)
    assert ticket.reason == "the sender already had 5 automated answers in the last hour"


def test_other_senders_are_not_held_back_by_one_senders_cap(bench: Bench) -> None:
    for n in range(1, 7):
        triage(bench, bench.admit(kyc_question(message_id=f"<kyc-{n}@example.jp>"), uid=n))
    other = bench.admit(kyc_question("hanako@example.jp", message_id="<h@example.jp>"), uid=99)

    triage(bench, other)

    assert bench.store.case(other).state is CaseState.ROUTINE


def reset_request(sender: str, message_id: str) -> bytes:
    domain = sender.rpartition("@")[2]
    return mails.build(
        "パスワードを忘れてしまいました。再設定をお願いします。",
        headers={"From": sender, "Subject": "パスワード再設定", "Message-ID": message_id},
        top=[("Authentication-Results",
              f"mx.exchange.test; dmarc=pass header.from={domain}")],
    )


def test_a_reset_for_an_unknown_sender_answers_like_a_real_one_and_no_sooner(
    bench: Bench,
) -> None:
    """S5: the same reply, and the same timing class, with or without an account."""
    floor = bench.rt.settings.model_copy(update={"reset_floor_seconds": 0.4})
    bench.rt = dataclasses.replace(bench.rt, settings=floor)
    known = bench.admit(reset_request(CUSTOMER, "<r1@example.jp>"), uid=1)
    unknown = bench.admit(reset_request("nobody@example.org", "<r2@example.org>"), uid=2)
    durations = []
    for case_id in (known, unknown):
        triage(bench, case_id)
        started = time.monotonic()
        routine(bench, case_id)
        durations.append(time.monotonic() - started)

    texts = []
    for case_id in (known, unknown):
        reply = bench.store.reply(case_id)
        assert reply is not None
        texts.append(reply.text)
    assert texts[0] == texts[1]
    assert min(durations) >= 0.4
    registered = bench.gateway.backoffice.customers[CUSTOMER]
    assert bench.gateway.backoffice.resets_sent == [registered.customer_id]


def test_a_case_arriving_during_a_long_outage_waits_its_own_patience(bench: Bench) -> None:
    bench.rt.breaker.threshold = 2
    earlier = bench.admit(kyc_question(message_id="<early@example.jp>"), uid=1)
    triage(bench, earlier)
    bench.gateway.failures = [BackOfficeBusy("502")] * 2
    for _ in range(2):
        with pytest.raises(BackOfficeBusy):
            routine(bench, earlier)
    bench.clock.advance(bench.rt.settings.backoffice_patience + 60)
    late = bench.admit(kyc_question("hanako@example.jp", message_id="<late@example.jp>"), uid=2)
    triage(bench, late)

    with pytest.raises(BackOfficeDown):
        routine(bench, late)

    assert bench.store.case(late).state is CaseState.ROUTINE


def test_every_reply_carries_the_loop_header_and_is_ignored_if_it_comes_back(
    bench: Bench,
) -> None:
    """B4: our own reply, delivered back to the support mailbox, is never answered."""
    case_id = through_routine(bench, kyc_question())
    reply = bench.store.reply(case_id)
    assert reply is not None
    assert reply.headers["X-Madoguchi-Loop"].startswith("v1=")
    back = bench.admit(to_email_message(reply).as_bytes(), uid=2)

    triage(bench, back)

    assert bench.store.case(back).state is CaseState.IGNORED
    assert bench.queue.jobs[-1] == (Job.SEND, case_id)  # nothing queued for the echo


def test_the_reply_firewall_stops_a_reply_that_asks_for_a_password(bench: Bench) -> None:
    case_id = through_routine(bench, kyc_question())
    reply = bench.store.reply(case_id)
    assert reply is not None
    unsafe = reply.model_copy(update={"text": reply.text + "\nPlease send us your password.\n"})
    with bench.store.engine.begin() as connection:
        connection.execute(text("update replies set reply = :r"), {"r": unsafe.model_dump_json()})

    send(bench, case_id)

    assert bench.sender.sent == []
    assert bench.store.case(case_id).state is CaseState.ESCALATED
    [ticket] = bench.store.tickets()
    assert ticket.reason.startswith("the reply firewall stopped the reply")
    assert "Please send us your password." in ticket.context["draft_reply"]


def test_a_bounce_of_our_reply_escalates_the_case_that_was_answered(bench: Bench) -> None:
    """B2: the customer never got the answer; a human must know, and nothing replies."""
    case_id = through_routine(bench, kyc_question())
    send(bench, case_id)
    reply = bench.store.reply(case_id)
    assert reply is not None
    bounce = mails.multipart(
        "report",
        [
            b"Content-Type: text/plain\r\n\r\nDelivery to taro@example.jp failed.\r\n",
            b"Content-Type: message/delivery-status\r\n\r\n"
            b"Reporting-MTA: dns; mx.example.jp\r\n\r\n"
            b"Final-Recipient: rfc822; taro@example.jp\r\nAction: failed\r\nStatus: 5.1.1\r\n",
            b"Content-Type: text/rfc822-headers\r\n\r\n"
            + f"Message-ID: {reply.message_id}\r\nTo: taro@example.jp\r\n".encode(),
        ],
        params="; report-type=delivery-status",
    )
    raw = mails.build(
        bounce[1],
        headers={
            "From": "MAILER-DAEMON@example.jp", "Subject": "Undelivered Mail Returned to Sender",
            "Message-ID": "<bounce-1@example.jp>", **bounce[0],
        },
    )
    bounced = bench.admit(raw, uid=2)

    triage(bench, bounced)

    assert bench.store.case(bounced).state is CaseState.IGNORED
    assert bench.store.case(case_id).state is CaseState.ESCALATED
    [ticket] = bench.store.tickets()
    assert (ticket.case_id, ticket.priority) == (case_id, "high")
    assert ticket.reason.startswith("our reply bounced")
    assert len(bench.sender.sent) == 1
