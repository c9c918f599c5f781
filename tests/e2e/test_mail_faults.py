"""Mail faults end to end: a reply whose delivery is in doubt (F10), Redis losing its
queues (F5), and our own reply coming back (B4). Real services as in test_kyc_flow.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from madoguchi.domain.cases import CaseState
from tests.e2e.test_kyc_flow import kyc_question
from tests.support.databases import postgres_database
from tests.support.pipeline import Pipeline, running_pipeline
from tests.triage import mails

pytestmark = [pytest.mark.services, pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def pipeline(tmp_path: Path) -> Iterator[Pipeline]:
    with postgres_database() as url, running_pipeline(
        url, tmp_path, workers=1, reset_floor_seconds=0
    ) as running:
        yield running


def a_customer(pipeline: Pipeline, **criteria: str) -> str:
    found = [c for c in pipeline.sandbox.customers(**criteria) if not c["security_hold"]]
    return str(found[0]["email"])


def test_an_informational_reply_in_doubt_is_resent_once_with_the_same_message_id(
    pipeline: Pipeline,
) -> None:
    pipeline.smtp.sink.fail_next.append("drop")  # the server takes it, then hangs up
    message_id = "<doubt-kyc@example.test>"

    pipeline.deliver(kyc_question(a_customer(pipeline, kyc_status="approved"), message_id))
    case = pipeline.wait_final(message_id)

    assert case.state is CaseState.REPLIED
    copies = pipeline.smtp.sink.by_in_reply_to(message_id)
    assert len(copies) == 2
    assert copies[0].message["Message-ID"] == copies[1].message["Message-ID"]


def test_a_reply_about_an_account_action_in_doubt_is_never_resent(pipeline: Pipeline) -> None:
    pipeline.smtp.sink.fail_next.append("drop")
    message_id = "<doubt-reset@example.test>"
    sender = a_customer(pipeline, scenario="events:quiet")
    domain = sender.rpartition("@")[2]
    raw = mails.build(
        "I forgot my password. Please send me a reset link.",
        headers={"From": sender, "Subject": "Password reset", "Message-ID": message_id},
        top=[("Authentication-Results", f"mx.exchange.test; dmarc=pass header.from={domain}")],
    )

    pipeline.deliver(raw)
    case = pipeline.wait_final(message_id)

    assert case.state is CaseState.ESCALATED
    assert len(pipeline.smtp.sink.by_in_reply_to(message_id)) == 1
    assert len(pipeline.sandbox.actions("send_password_reset")) == 1


def test_cases_lost_with_redis_are_requeued_by_the_sweep(pipeline: Pipeline) -> None:
    """F5: Redis restarts empty; the store still knows every unfinished case."""
    pipeline.workers[0].stop()
    message_id = "<lost@example.test>"
    pipeline.deliver(kyc_question(a_customer(pipeline, kyc_status="approved"), message_id))
    pipeline.wait_until(lambda: pipeline.case_of(message_id) is not None)
    pipeline.redis.client().flushall()

    pipeline.start_worker(beat=True)
    case = pipeline.wait_final(message_id, timeout=120)

    assert case.state is CaseState.REPLIED
    assert len(pipeline.smtp.sink.by_in_reply_to(message_id)) == 1


def test_our_own_reply_delivered_back_is_ignored(pipeline: Pipeline) -> None:
    """B4: a reply that loops back into the support inbox is never answered."""
    message_id = "<loop@example.test>"
    pipeline.deliver(kyc_question(a_customer(pipeline, kyc_status="approved"), message_id))
    pipeline.wait_final(message_id)
    [sent] = pipeline.smtp.sink.by_in_reply_to(message_id)

    pipeline.deliver(sent.data)
    echo = pipeline.wait_final(str(sent.message["Message-ID"]))

    assert echo.state is CaseState.IGNORED
    assert pipeline.smtp.sink.by_in_reply_to(str(sent.message["Message-ID"])) == []
