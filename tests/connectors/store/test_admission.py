"""Admission: each inbound mail becomes exactly one case, whatever intake re-reads."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

from madoguchi.connectors.store import SqlCaseStore
from madoguchi.domain.cases import Admission, AdmissionStatus, CaseState, CaseUpdate
from madoguchi.domain.mail import MailKey
from tests.connectors.store.samples import START, admit_mail, raw_message


def test_a_new_mail_becomes_a_received_case_with_its_raw_bytes(store: SqlCaseStore) -> None:
    admission = admit_mail(store, mailbox="INBOX", uidvalidity=7, uid=3)

    assert admission.status is AdmissionStatus.NEW
    case = store.case(admission.case.id)
    assert case == admission.case
    assert case.key == MailKey(mailbox="INBOX", uidvalidity=7, uid=3)
    assert case.state is CaseState.RECEIVED
    assert case.received_at == START
    assert store.raw(case.id) == raw_message()


def test_the_same_location_admitted_again_is_known(store: SqlCaseStore) -> None:
    first = admit_mail(store, uid=3).case
    events = len(store.audit_events())

    again = admit_mail(store, uid=3)

    assert again.status is AdmissionStatus.KNOWN
    assert again.case == first
    assert len(store.cases()) == 1
    assert len(store.audit_events()) == events


def test_the_same_mail_at_another_uid_is_a_duplicate(store: SqlCaseStore) -> None:
    first = admit_mail(store, uid=3).case

    second = admit_mail(store, uid=4)

    assert second.status is AdmissionStatus.DUPLICATE
    assert second.case == first
    assert store.case(first.id) == first
    assert len(store.cases()) == 1


def test_the_same_mail_in_another_mailbox_is_a_duplicate_not_a_move(store: SqlCaseStore) -> None:
    first = admit_mail(store, mailbox="INBOX", uidvalidity=7, uid=3).case

    other = admit_mail(store, mailbox="Support", uidvalidity=99, uid=3)

    assert other.status is AdmissionStatus.DUPLICATE
    assert store.case(first.id).key == first.key


def test_the_same_mail_under_a_new_uidvalidity_moves_its_case(store: SqlCaseStore) -> None:
    first = admit_mail(store, uidvalidity=7, uid=3).case
    lease = store.claim(first.id, owner="w", ttl=60)
    assert lease is not None
    store.advance(lease, CaseState.REPLIED, event="replied", data={})

    moved = admit_mail(store, uidvalidity=8, uid=1)

    assert moved.status is AdmissionStatus.RELOCATED
    assert moved.case.id == first.id
    assert moved.case.key == MailKey(mailbox="INBOX", uidvalidity=8, uid=1)
    assert moved.case.state is CaseState.REPLIED  # handled mail is not answered again
    assert store.case(first.id) == moved.case
    assert store.raw(first.id) == raw_message()


def test_a_relocated_mail_read_again_is_known(store: SqlCaseStore) -> None:
    admit_mail(store, uidvalidity=7, uid=3)
    moved = admit_mail(store, uidvalidity=8, uid=1).case

    again = admit_mail(store, uidvalidity=8, uid=1)

    assert again.status is AdmissionStatus.KNOWN
    assert again.case == moved


def test_a_different_mail_reusing_a_message_id_is_a_new_case(store: SqlCaseStore) -> None:
    first = admit_mail(store, uid=3, body="first").case

    second = admit_mail(store, uid=4, body="something else entirely")

    assert second.status is AdmissionStatus.NEW
    assert second.case.id != first.id


def test_uids_beyond_the_signed_32_bit_range_are_kept(store: SqlCaseStore) -> None:
    # IMAP UIDs and UIDVALIDITY are unsigned 32-bit numbers.
    admission = admit_mail(store, uidvalidity=4_294_967_295, uid=4_294_967_294)

    assert store.case(admission.case.id).key.uid == 4_294_967_294
    assert store.case(admission.case.id).key.uidvalidity == 4_294_967_295


def test_new_duplicate_and_relocated_admissions_are_audited(store: SqlCaseStore) -> None:
    case = admit_mail(store, uidvalidity=7, uid=3).case
    admit_mail(store, uidvalidity=7, uid=3)  # known: not an event
    admit_mail(store, uidvalidity=7, uid=4)
    admit_mail(store, uidvalidity=8, uid=1)

    kinds = [event.kind for event in store.audit_events(case_id=case.id)]

    assert kinds == ["mail_admitted", "mail_duplicate", "mail_relocated"]


def test_admitting_does_not_move_the_checkpoint(store: SqlCaseStore) -> None:
    admit_mail(store, mailbox="INBOX", uid=3)

    assert store.checkpoint("INBOX") is None


def test_an_admission_keeps_the_rulebook_version_of_the_case(store: SqlCaseStore) -> None:
    case = admit_mail(store, uid=3).case
    lease = store.claim(case.id, owner="w", ttl=60)
    assert lease is not None
    store.advance(lease, CaseState.ROUTINE, event="decided", data={},
                  update=CaseUpdate(rulebook_version="rules-42"))

    admit_mail(store, uid=4)

    assert store.audit_events(case_id=case.id)[-1].rulebook_version == "rules-42"


def _at_once(count: int, admit: Callable[[int], Admission]) -> list[Admission]:
    barrier = threading.Barrier(count)
    results: list[Admission] = []
    errors: list[BaseException] = []

    def run(index: int) -> None:
        barrier.wait()
        try:
            results.append(admit(index))
        except BaseException as error:  # collected: a thread cannot fail the test itself
            errors.append(error)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


def test_concurrent_admissions_of_one_mail_create_one_case(store: SqlCaseStore) -> None:
    results = _at_once(8, lambda _: admit_mail(store, uid=3))

    assert Counter(result.status for result in results) == {
        AdmissionStatus.NEW: 1, AdmissionStatus.KNOWN: 7,
    }
    assert len({result.case.id for result in results}) == 1
    assert len(store.cases()) == 1


def test_concurrent_admissions_of_one_mail_at_many_uids_create_one_case(
    store: SqlCaseStore,
) -> None:
    results = _at_once(8, lambda index: admit_mail(store, uid=10 + index))

    assert Counter(result.status for result in results) == {
        AdmissionStatus.NEW: 1, AdmissionStatus.DUPLICATE: 7,
    }
    assert len(store.cases()) == 1
    assert store.verify_audit().ok


def test_concurrent_admissions_under_a_new_uidvalidity_move_the_case_once(
    store: SqlCaseStore,
) -> None:
    case = admit_mail(store, uidvalidity=7, uid=3).case

    results = _at_once(8, lambda _: admit_mail(store, uidvalidity=8, uid=1))

    assert Counter(result.status for result in results) == {
        AdmissionStatus.RELOCATED: 1, AdmissionStatus.KNOWN: 7,
    }
    assert {result.case.id for result in results} == {case.id}
    kinds = [event.kind for event in store.audit_events(case_id=case.id)]
    assert kinds == ["mail_admitted", "mail_relocated"]
