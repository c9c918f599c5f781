"""The Mailbox and MailWatch contract, run against IMAP on a real Dovecot and a real Maildir."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from madoguchi.domain.errors import MailboxUnavailable
from madoguchi.domain.mail import Folder
from madoguchi.domain.ports import Mailbox
from tests.connectors.mailbox.harness import Harness


def message(n: int, body: str = "Please help with my withdrawal.") -> bytes:
    return (
        f"From: customer{n}@example.com\r\nTo: support@exchange.example\r\n"
        f"Subject: request {n}\r\nMessage-ID: <request-{n}@example.com>\r\n\r\n{body}\r\n"
    ).encode()


@contextmanager
def opened(harness: Harness) -> Iterator[Mailbox]:
    box = harness.open()
    try:
        yield box
    finally:
        box.close()


def test_an_empty_mailbox_has_nothing_to_fetch(harness: Harness) -> None:
    with opened(harness) as box:
        assert box.fetch_above(0, limit=10) == []


def test_fetch_above_returns_only_newer_mail_in_uid_order_with_exact_bytes(
    harness: Harness,
) -> None:
    sent = [message(n) for n in range(3)]
    for raw in sent:
        harness.deliver(raw)
    with opened(harness) as box:
        everything = box.fetch_above(0, limit=10)
        newer = box.fetch_above(everything[0].key.uid, limit=10)

    assert [mail.raw for mail in everything] == [harness.stored(raw) for raw in sent]
    uids = [mail.key.uid for mail in everything]
    assert uids == sorted(set(uids))
    assert [mail.key.uid for mail in newer] == uids[1:]


def test_fetch_above_the_highest_uid_returns_nothing(harness: Harness) -> None:
    # IMAP's "UID n:*" matches the highest message even when its UID is below n.
    harness.deliver(message(1))
    with opened(harness) as box:
        [only] = box.fetch_above(0, limit=10)
        assert box.fetch_above(only.key.uid, limit=10) == []
        assert box.fetch_above(only.key.uid + 5, limit=10) == []


def test_mail_delivered_later_gets_a_higher_uid(harness: Harness) -> None:
    harness.deliver(message(1))
    with opened(harness) as box:
        [first] = box.fetch_above(0, limit=10)
        harness.deliver(message(2))
        [second] = box.fetch_above(first.key.uid, limit=10)
    assert second.key.uid > first.key.uid
    assert second.raw == harness.stored(message(2))


def test_fetch_above_returns_at_most_limit_messages_oldest_first(harness: Harness) -> None:
    sent = [message(n) for n in range(5)]
    for raw in sent:
        harness.deliver(raw)
    with opened(harness) as box:
        first = box.fetch_above(0, limit=2)
        second = box.fetch_above(first[-1].key.uid, limit=2)
        rest = box.fetch_above(second[-1].key.uid, limit=2)
    assert [mail.raw for mail in first + second + rest] == [harness.stored(r) for r in sent]
    assert [len(first), len(second), len(rest)] == [2, 2, 1]


def test_fetched_mail_carries_the_mailbox_name_and_uidvalidity(harness: Harness) -> None:
    harness.deliver(message(1))
    box = harness.open(name="support-inbox")
    try:
        [mail] = box.fetch_above(0, limit=1)
        assert mail.key.mailbox == "support-inbox"
        assert mail.key.uidvalidity == box.uidvalidity()
    finally:
        box.close()


def test_fetching_leaves_messages_unseen(harness: Harness) -> None:
    harness.deliver(message(1))
    harness.deliver(message(2))
    with opened(harness) as box:
        assert len(box.fetch_above(0, limit=10)) == 2
    assert harness.seen() == [False, False]


def test_file_moves_the_message_into_its_folder_created_when_missing(
    harness: Harness,
) -> None:
    harness.deliver(message(1))
    harness.deliver(message(2))
    with opened(harness) as box:
        first, _ = box.fetch_above(0, limit=10)
        box.file(first.key.uid, Folder.DONE)
    assert harness.filed(Folder.DONE) == [harness.stored(message(1))]
    assert harness.inbox() == [harness.stored(message(2))]


def test_each_folder_receives_only_what_was_filed_into_it(harness: Harness) -> None:
    for n in range(3):
        harness.deliver(message(n))
    with opened(harness) as box:
        done, escalated, ignored = box.fetch_above(0, limit=10)
        box.file(done.key.uid, Folder.DONE)
        box.file(escalated.key.uid, Folder.ESCALATED)
        box.file(ignored.key.uid, Folder.IGNORED)
    assert harness.filed(Folder.DONE) == [harness.stored(message(0))]
    assert harness.filed(Folder.ESCALATED) == [harness.stored(message(1))]
    assert harness.filed(Folder.IGNORED) == [harness.stored(message(2))]
    assert harness.inbox() == []


def test_file_of_a_uid_no_longer_in_the_inbox_is_a_no_op(harness: Harness) -> None:
    harness.deliver(message(1))
    harness.deliver(message(2))
    with opened(harness) as box:
        first, _ = box.fetch_above(0, limit=10)
        box.file(first.key.uid, Folder.DONE)
        box.file(first.key.uid, Folder.DONE)  # again, as after a crash before recording it
        box.file(first.key.uid + 1000, Folder.ESCALATED)
    assert harness.filed(Folder.DONE) == [harness.stored(message(1))]
    assert harness.inbox() == [harness.stored(message(2))]


def test_filed_mail_is_not_fetched_again(harness: Harness) -> None:
    harness.deliver(message(1))
    with opened(harness) as box:
        [mail] = box.fetch_above(0, limit=10)
        box.file(mail.key.uid, Folder.IGNORED)
        assert box.fetch_above(0, limit=10) == []


def test_watch_wakes_within_seconds_of_new_mail(harness: Harness) -> None:
    with opened(harness) as box:
        watch = box.watch()
        try:
            delivery = threading.Timer(0.3, harness.deliver, args=(message(1),))
            delivery.start()
            started = time.monotonic()
            woke = watch.wait(10.0)
            elapsed = time.monotonic() - started
            delivery.join()
        finally:
            watch.close()
    assert woke is True
    assert elapsed < 3.0


def test_watch_notices_mail_delivered_before_the_first_wait(harness: Harness) -> None:
    with opened(harness) as box:
        watch = box.watch()
        try:
            harness.deliver(message(1))
            assert watch.wait(5.0) is True
        finally:
            watch.close()


def test_watch_returns_false_after_a_quiet_timeout(harness: Harness) -> None:
    harness.deliver(message(1))  # old mail is no news
    with opened(harness) as box:
        watch = box.watch()
        try:
            started = time.monotonic()
            assert watch.wait(0.6) is False
            assert 0.5 <= time.monotonic() - started < 3.0
        finally:
            watch.close()


def test_watch_wakes_again_for_the_next_message(harness: Harness) -> None:
    with opened(harness) as box:
        watch = box.watch()
        try:
            harness.deliver(message(1))
            assert watch.wait(5.0) is True
            assert watch.wait(0.3) is False
            harness.deliver(message(2))
            assert watch.wait(5.0) is True
        finally:
            watch.close()


def test_uidvalidity_is_stable_across_reconnects(harness: Harness) -> None:
    harness.deliver(message(1))
    with opened(harness) as box:
        before = box.uidvalidity()
        [mail] = box.fetch_above(0, limit=1)
    with opened(harness) as again:
        assert again.uidvalidity() == before
        [same] = again.fetch_above(0, limit=1)
    assert same.key == mail.key


def test_a_new_uidvalidity_is_reported_and_stale_uids_are_not_filed(harness: Harness) -> None:
    harness.deliver(message(1))
    harness.deliver(message(2))
    with opened(harness) as box:
        before = box.uidvalidity()
        first, _ = box.fetch_above(0, limit=10)
        harness.forget_uids()
        with opened(harness) as other:  # whoever notices first, the mailbox must too
            assert other.uidvalidity() != before
        with pytest.raises(MailboxUnavailable, match="UIDVALIDITY"):
            box.file(first.key.uid, Folder.DONE)
        after = box.uidvalidity()
        assert after != before
        refetched = box.fetch_above(0, limit=10)
    assert {mail.key.uidvalidity for mail in refetched} == {after}
    assert [mail.raw for mail in refetched] == [harness.stored(message(n)) for n in (1, 2)]
    assert harness.filed(Folder.DONE) == []
