"""Transitions: advancing a case, noting events, and escalating it to the ticket queue."""

from __future__ import annotations

import pytest

from madoguchi.connectors.store import SqlCaseStore
from madoguchi.domain.cases import CaseState, CaseUpdate, Lease, TicketStatus
from tests.connectors.store.samples import Clock, admit_mail, ticket_for


def test_advance_sets_the_state_and_the_given_fields_only(
    store: SqlCaseStore, lease: Lease
) -> None:
    store.advance(lease, CaseState.ROUTINE, event="triaged", data={},
                  update=CaseUpdate(language="ja", intent="password_reset", confidence=0.93))

    store.advance(lease, CaseState.REPLYING, event="routine done", data={},
                  update=CaseUpdate(routine="password_reset"))

    case = store.case(lease.case_id)
    assert case.state is CaseState.REPLYING
    assert (case.language, case.intent, case.confidence) == ("ja", "password_reset", 0.93)
    assert case.routine == "password_reset"
    assert case.reason is None


def test_advance_to_a_non_final_state_leaves_the_case_unfinished(
    store: SqlCaseStore, lease: Lease
) -> None:
    store.advance(lease, CaseState.ROUTINE, event="triaged", data={})

    assert store.case(lease.case_id).finished_at is None


def test_advance_to_a_final_state_records_when_the_case_finished(
    store: SqlCaseStore, lease: Lease, clock: Clock
) -> None:
    finished = clock.advance(5)

    store.advance(lease, CaseState.REPLIED, event="reply sent", data={})

    case = store.case(lease.case_id)
    assert case.state is CaseState.REPLIED
    assert case.finished_at == finished


def test_advance_marks_the_case_as_changed(
    store: SqlCaseStore, lease: Lease, clock: Clock
) -> None:
    changed = clock.advance(90)

    store.advance(lease, CaseState.ROUTINE, event="triaged", data={})

    assert store.case(lease.case_id).updated_at == changed


def test_advance_appends_its_event_with_the_new_state(store: SqlCaseStore, lease: Lease) -> None:
    store.advance(lease, CaseState.ROUTINE, event="triaged", data={"intent": "kyc_status"})

    event = store.audit_events(case_id=lease.case_id)[-1]
    assert event.kind == "triaged"
    assert event.data == {"state": "routine", "intent": "kyc_status"}


def test_an_events_rulebook_version_comes_from_its_data(store: SqlCaseStore, lease: Lease) -> None:
    store.advance(lease, CaseState.ROUTINE, event="decided", data={"rulebook_version": "r7"},
                  update=CaseUpdate(rulebook_version="r8"))

    event = store.audit_events(case_id=lease.case_id)[-1]
    assert event.rulebook_version == "r7"
    assert "rulebook_version" not in event.data


def test_an_events_rulebook_version_falls_back_to_the_cases(
    store: SqlCaseStore, lease: Lease
) -> None:
    store.advance(lease, CaseState.ROUTINE, event="decided", data={},
                  update=CaseUpdate(rulebook_version="r8"))
    store.note(lease, event="looked up", data={})

    assert [event.rulebook_version for event in store.audit_events(case_id=lease.case_id)][-2:] \
        == ["r8", "r8"]


def test_note_appends_an_event_without_changing_the_case(
    store: SqlCaseStore, lease: Lease, clock: Clock
) -> None:
    before = store.case(lease.case_id)
    clock.advance(10)

    store.note(lease, event="backoffice_read", data={"screen": "kyc"})

    assert store.case(lease.case_id) == before
    event = store.audit_events(case_id=lease.case_id)[-1]
    assert (event.kind, event.data) == ("backoffice_read", {"screen": "kyc"})


def test_escalate_opens_a_ticket_and_finishes_the_case(store: SqlCaseStore, lease: Lease) -> None:
    ticket_id = store.escalate(lease, ticket_for(lease.case_id), state=CaseState.ESCALATED)

    [ticket] = store.tickets()
    assert ticket.id == ticket_id
    assert (ticket.case_id, ticket.queue, ticket.priority) == (lease.case_id, "security", "high")
    assert ticket.status is TicketStatus.OPEN
    case = store.case(lease.case_id)
    assert case.state is CaseState.ESCALATED
    assert case.finished_at is not None
    assert case.reason == "account frozen"
    assert store.audit_events(case_id=lease.case_id)[-1].kind == "case_escalated"


def test_escalating_twice_keeps_the_first_ticket(store: SqlCaseStore, lease: Lease) -> None:
    first = store.escalate(lease, ticket_for(lease.case_id), state=CaseState.ESCALATED)

    second = store.escalate(lease, ticket_for(lease.case_id, reason="again"),
                            state=CaseState.ESCALATED)

    assert second == first
    assert [ticket.reason for ticket in store.tickets()] == ["account frozen"]


def test_a_quarantined_case_gets_a_ticket_too(store: SqlCaseStore, lease: Lease) -> None:
    store.escalate(lease, ticket_for(lease.case_id, reason="kills workers"),
                   state=CaseState.QUARANTINED)

    assert store.case(lease.case_id).state is CaseState.QUARANTINED
    assert [ticket.reason for ticket in store.tickets()] == ["kills workers"]


@pytest.mark.parametrize("state", [CaseState.REPLIED, CaseState.ROUTINE, CaseState.IGNORED])
def test_escalate_refuses_a_state_that_is_not_an_escalation(
    store: SqlCaseStore, lease: Lease, state: CaseState
) -> None:
    with pytest.raises(ValueError, match=state.value):
        store.escalate(lease, ticket_for(lease.case_id), state=state)

    assert store.tickets() == []


def test_escalate_refuses_a_ticket_about_another_case(store: SqlCaseStore, lease: Lease) -> None:
    with pytest.raises(ValueError, match="ticket for case"):
        store.escalate(lease, ticket_for(lease.case_id + 1), state=CaseState.ESCALATED)


def test_a_tickets_context_is_kept_whole_for_the_agent(store: SqlCaseStore, lease: Lease) -> None:
    store.escalate(lease, ticket_for(lease.case_id), state=CaseState.ESCALATED)

    assert store.tickets()[0].context == {
        "sender": "alice@customer.example", "facts": {"frozen": True},
    }


def test_tickets_are_listed_oldest_first_and_by_status(
    store: SqlCaseStore, lease: Lease
) -> None:
    other = admit_mail(store, uid=2, message_id="<m2@customer.example>").case
    other_lease = store.claim(other.id, owner="worker-1", ttl=60)
    assert other_lease is not None
    store.escalate(lease, ticket_for(lease.case_id), state=CaseState.ESCALATED)
    store.escalate(other_lease, ticket_for(other.id), state=CaseState.ESCALATED)

    assert [t.case_id for t in store.tickets(status=TicketStatus.OPEN)] == [lease.case_id, other.id]
    assert [t.case_id for t in store.tickets(limit=1)] == [lease.case_id]
    assert store.tickets(status=TicketStatus.CLOSED) == []
