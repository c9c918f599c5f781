"""The back office misbehaving, end to end: busy pages, and an outage with the breaker.

Real services as in test_kyc_flow.py; the sandbox's fault knobs make the back office
answer "system busy" pages or 502s.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from madoguchi.domain.cases import CaseState
from tests.e2e.test_kyc_flow import kyc_question
from tests.support.databases import postgres_database
from tests.support.pipeline import Pipeline, running_pipeline

pytestmark = [pytest.mark.services, pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def pipeline(tmp_path: Path) -> Iterator[Pipeline]:
    with postgres_database() as url, running_pipeline(
        url, tmp_path, workers=1, breaker_threshold=2, breaker_cooldown=2,
        backoffice_patience=8,
    ) as running:
        yield running


def customers(pipeline: Pipeline, count: int) -> list[dict[str, object]]:
    found = pipeline.sandbox.customers(kyc_status="approved", account_state="active")
    return [c for c in found if not c["security_hold"]][:count]


def test_with_30_percent_busy_pages_every_case_still_gets_its_answer(
    pipeline: Pipeline,
) -> None:
    pipeline.sandbox.set_faults(busy_rate=0.3)
    ids = [f"<busy-{n}@example.test>" for n in range(6)]
    for message_id, customer in zip(ids, customers(pipeline, 6), strict=True):
        pipeline.deliver(kyc_question(str(customer["email"]), message_id))

    cases = [pipeline.wait_final(message_id, timeout=180) for message_id in ids]

    assert [case.state for case in cases] == [CaseState.REPLIED] * 6
    assert all(len(pipeline.smtp.sink.by_in_reply_to(m)) == 1 for m in ids)


def test_an_outage_opens_the_circuit_tickets_say_so_and_work_resumes_after(
    pipeline: Pipeline,
) -> None:
    first, second, later = customers(pipeline, 3)
    pipeline.sandbox.set_faults(outage=True)
    waiting = ["<down-1@example.test>", "<down-2@example.test>"]
    for message_id, customer in zip(waiting, (first, second), strict=True):
        pipeline.deliver(kyc_question(str(customer["email"]), message_id))

    stuck = [pipeline.wait_final(message_id, timeout=180) for message_id in waiting]

    assert [case.state for case in stuck] == [CaseState.ESCALATED] * 2
    reasons = {t.case_id: t.reason for t in pipeline.store.tickets()}
    assert all("the back office has been down since" in reasons[c.id] for c in stuck)
    assert pipeline.smtp.sink.received == []

    pipeline.sandbox.set_faults(outage=False)
    pipeline.deliver(kyc_question(str(later["email"]), "<after@example.test>"))

    assert pipeline.wait_final("<after@example.test>", timeout=120).state is CaseState.REPLIED
