"""Intake's bookkeeping: how far each mailbox was read, and which finished mail is filed."""

from __future__ import annotations

import pytest

from madoguchi.connectors.store import SqlCaseStore
from madoguchi.domain.cases import Case, CaseState
from madoguchi.domain.errors import CaseNotFound
from madoguchi.domain.mail import Checkpoint, Folder
from tests.connectors.store.samples import Clock, admit_mail


def test_a_mailbox_never_read_has_no_checkpoint(store: SqlCaseStore) -> None:
    assert store.checkpoint("INBOX") is None


def test_a_saved_checkpoint_is_read_back(store: SqlCaseStore) -> None:
    checkpoint = Checkpoint(mailbox="INBOX", uidvalidity=7, last_uid=4_294_967_295)

    store.save_checkpoint(checkpoint)

    assert store.checkpoint("INBOX") == checkpoint


def test_saving_a_checkpoint_replaces_the_previous_one(store: SqlCaseStore) -> None:
    store.save_checkpoint(Checkpoint(mailbox="INBOX", uidvalidity=7, last_uid=900))

    # A new UIDVALIDITY starts the count again.
    store.save_checkpoint(Checkpoint(mailbox="INBOX", uidvalidity=8, last_uid=3))

    assert store.checkpoint("INBOX") == Checkpoint(mailbox="INBOX", uidvalidity=8, last_uid=3)


def test_checkpoints_are_kept_per_mailbox(store: SqlCaseStore) -> None:
    store.save_checkpoint(Checkpoint(mailbox="INBOX", uidvalidity=7, last_uid=10))
    store.save_checkpoint(Checkpoint(mailbox="Support", uidvalidity=3, last_uid=2))

    assert store.checkpoint("INBOX") == Checkpoint(mailbox="INBOX", uidvalidity=7, last_uid=10)


def _finished(store: SqlCaseStore, uid: int, state: CaseState, mailbox: str = "INBOX") -> Case:
    case = admit_mail(store, mailbox=mailbox, uid=uid, message_id=f"<m{uid}@c.example>").case
    lease = store.claim(case.id, owner="w", ttl=60)
    assert lease is not None
    store.advance(lease, state, event="done", data={})
    store.release(lease)
    return store.case(case.id)


def test_unfiled_lists_the_finished_cases_of_the_mailbox(store: SqlCaseStore) -> None:
    replied = _finished(store, 1, CaseState.REPLIED)
    _finished(store, 2, CaseState.ROUTINE)
    ignored = _finished(store, 3, CaseState.IGNORED)
    _finished(store, 4, CaseState.REPLIED, mailbox="Support")

    assert store.unfiled("INBOX", limit=10) == [replied, ignored]
    assert store.unfiled("INBOX", limit=1) == [replied]


def test_a_filed_case_is_no_longer_unfiled(store: SqlCaseStore) -> None:
    case = _finished(store, 1, CaseState.REPLIED)

    store.mark_filed(case.id, Folder.DONE)

    assert store.unfiled("INBOX", limit=10) == []
    assert store.case(case.id).filed_folder is Folder.DONE


def test_filing_is_audited(store: SqlCaseStore) -> None:
    case = _finished(store, 1, CaseState.ESCALATED)

    store.mark_filed(case.id, Folder.ESCALATED)

    event = store.audit_events(case_id=case.id)[-1]
    assert (event.kind, event.data) == ("mail_filed", {"folder": "escalated"})


def test_filing_an_unknown_case_raises_case_not_found(store: SqlCaseStore) -> None:
    with pytest.raises(CaseNotFound):
        store.mark_filed(4242, Folder.DONE)


def test_one_watcher_holds_a_mailbox_until_its_lease_expires(
    store: SqlCaseStore, clock: Clock
) -> None:
    assert store.lease_mailbox("imap://mail/INBOX", owner="watcher-a", ttl=30)
    assert not store.lease_mailbox("imap://mail/INBOX", owner="watcher-b", ttl=30)
    assert store.lease_mailbox("imap://mail/INBOX", owner="watcher-a", ttl=30)  # renewed
    assert store.lease_mailbox("imap://mail/other", owner="watcher-b", ttl=30)

    clock.advance(31)

    assert store.lease_mailbox("imap://mail/INBOX", owner="watcher-b", ttl=30)
    assert not store.lease_mailbox("imap://mail/INBOX", owner="watcher-a", ttl=30)


def test_a_released_mailbox_can_be_taken_at_once(store: SqlCaseStore) -> None:
    assert store.lease_mailbox("maildir:/m", owner="watcher-a", ttl=30)
    store.release_mailbox("maildir:/m", owner="watcher-b")  # not the holder: no effect
    assert not store.lease_mailbox("maildir:/m", owner="watcher-b", ttl=30)

    store.release_mailbox("maildir:/m", owner="watcher-a")

    assert store.lease_mailbox("maildir:/m", owner="watcher-b", ttl=30)
