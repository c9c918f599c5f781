"""Tickets that gather the cases of one group, bounced replies, automated cases per sender."""

from __future__ import annotations

from datetime import timedelta

from madoguchi.connectors.store import SqlCaseStore
from madoguchi.domain.cases import CaseState, CaseUpdate, Lease, TicketStatus
from tests.connectors.store.samples import Clock, admit_mail, reply_to, ticket_for


def leased(store: SqlCaseStore, uid: int) -> Lease:
    case = admit_mail(store, uid=uid, message_id=f"<m{uid}@customer.example>").case
    lease = store.claim(case.id, owner="worker", ttl=60)
    assert lease is not None
    return lease


def test_cases_of_one_group_gather_on_its_open_ticket(store: SqlCaseStore) -> None:
    first, second, other = leased(store, 1), leased(store, 2), leased(store, 3)
    group = "reply-cap:alice"

    one = store.escalate(
        first, ticket_for(first.case_id).model_copy(update={"group": group}),
        state=CaseState.ESCALATED,
    )
    two = store.escalate(
        second, ticket_for(second.case_id).model_copy(update={"group": group}),
        state=CaseState.ESCALATED,
    )
    three = store.escalate(other, ticket_for(other.case_id), state=CaseState.ESCALATED)

    assert one == two != three
    tickets = {t.id: t for t in store.tickets()}
    assert tickets[one].gathered == (second.case_id,)
    assert tickets[one].group == group
    assert tickets[three].gathered == ()
    assert store.case(second.case_id).state is CaseState.ESCALATED
    assert store.verify_audit().ok


def test_escalating_a_gathered_case_again_finds_the_same_ticket(store: SqlCaseStore) -> None:
    first, second = leased(store, 1), leased(store, 2)
    grouped = {"group": "reply-cap:alice"}
    store.escalate(first, ticket_for(first.case_id).model_copy(update=grouped),
                   state=CaseState.ESCALATED)
    ticket = store.escalate(second, ticket_for(second.case_id).model_copy(update=grouped),
                            state=CaseState.ESCALATED)

    again = store.escalate(second, ticket_for(second.case_id), state=CaseState.ESCALATED)

    assert again == ticket
    assert len(store.tickets(status=TicketStatus.OPEN)) == 1


def test_a_replied_case_whose_reply_bounced_is_escalated_with_a_ticket(
    store: SqlCaseStore,
) -> None:
    lease = leased(store, 1)
    store.save_reply(lease, reply_to(lease.case_id))
    store.advance(lease, CaseState.REPLIED, event="replied", data={})

    assert store.case_of_reply(f"<reply-{lease.case_id}@madoguchi.example>") == lease.case_id
    ticket = store.escalate_replied(lease.case_id, ticket_for(lease.case_id, reason="bounced"))

    assert ticket is not None
    assert store.case(lease.case_id).state is CaseState.ESCALATED
    assert [e.kind for e in store.audit_events(case_id=lease.case_id)][-1] == "reply_bounced"
    assert store.verify_audit().ok


def test_only_a_replied_case_can_be_escalated_after_the_fact(store: SqlCaseStore) -> None:
    lease = leased(store, 1)

    assert store.escalate_replied(lease.case_id, ticket_for(lease.case_id)) is None
    assert store.case(lease.case_id).state is CaseState.RECEIVED
    assert store.case_of_reply("<not-ours@example>") is None


def test_cases_a_routine_answers_are_counted_per_sender_within_the_window(
    store: SqlCaseStore, clock: Clock
) -> None:
    for uid, state in ((1, CaseState.REPLIED), (2, CaseState.ROUTINE), (3, CaseState.ESCALATED)):
        lease = leased(store, uid)
        store.advance(lease, state, event="decided", data={},
                      update=CaseUpdate(sender_key="k-alice"))
        clock.advance(1200)
    other = leased(store, 4)
    store.advance(other, CaseState.ROUTINE, event="decided", data={},
                  update=CaseUpdate(sender_key="k-bob"))

    assert store.automated_for("k-alice", since=clock.now - timedelta(hours=1)) == 2
    assert store.automated_for("k-alice", since=clock.now - timedelta(minutes=45)) == 1
    assert store.automated_for("k-carol", since=clock.now - timedelta(hours=1)) == 0


def test_an_agent_closes_a_ticket_once_and_the_trail_says_who(store: SqlCaseStore) -> None:
    lease = leased(store, 1)
    ticket_id = store.escalate(lease, ticket_for(lease.case_id), state=CaseState.ESCALATED)

    assert store.close_ticket(ticket_id, by="agent-7", note="answered by phone")
    assert not store.close_ticket(ticket_id, by="agent-8", note="again")

    ticket = store.ticket(ticket_id)
    assert ticket.status is TicketStatus.CLOSED
    [event] = [e for e in store.audit_events(case_id=lease.case_id) if e.kind == "ticket_closed"]
    assert event.data == {"ticket_id": ticket_id, "by": "agent-7", "note": "answered by phone"}
    assert store.tickets(status=TicketStatus.OPEN) == []
    assert store.verify_audit().ok
