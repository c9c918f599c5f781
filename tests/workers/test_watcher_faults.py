"""The watcher on a real Dovecot, under the faults of RELIABILITY.md (F7, F8, F9, B7, B8, L6).

The store is real (SQLite); the job queue records what would be queued. Every test
ends by checking that each delivered mail is one case.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from madoguchi.connectors.mailbox import open_mailbox
from madoguchi.connectors.mailbox.address import parse_address
from madoguchi.connectors.mailbox.imap import ImapMailbox
from madoguchi.domain.cases import CaseState, CaseUpdate
from madoguchi.domain.ports import Job, Mailbox
from madoguchi.workers.watcher import Watcher
from tests.support.dovecot import Dovecot
from tests.support.tcp_proxy import TcpProxy
from tests.triage import mails
from tests.workers.conftest import Bench

pytestmark = pytest.mark.services

USER = "support"


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    with Dovecot({USER: "secret"}) as server:
        yield server


def a_mail(n: int) -> bytes:
    return mails.build(f"Question number {n}.", headers={"Message-ID": f"<q{n}@example.com>"})


def wait_for(check: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


def admitted(bench: Bench) -> set[str]:
    return {case.message_id for case in bench.store.cases()}


@contextmanager
def watching(bench: Bench, factory: Callable[[], Mailbox]) -> Iterator[Watcher]:
    watcher = Watcher(bench.rt, factory, tick=0.1, resync_every=60)
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, args=(stop,), daemon=True)
    thread.start()
    try:
        yield watcher
    finally:
        stop.set()
        thread.join(15)


def test_new_mail_is_noticed_through_idle_without_waiting_for_a_resync(
    bench: Bench, dovecot: Dovecot
) -> None:
    with watching(bench, lambda: open_mailbox(dovecot.url(USER), timeout=5)):
        wait_for(lambda: dovecot.sessions(USER) >= 2)  # one working, one in IDLE
        dovecot.append(USER, a_mail(1))
        wait_for(lambda: admitted(bench) == {"<q1@example.com>"}, timeout=5)

    assert bench.queue.jobs == [(Job.TRIAGE, bench.store.cases()[0].id)]


def test_a_silently_dead_idle_connection_is_noticed_and_nothing_is_missed(
    bench: Bench, dovecot: Dovecot
) -> None:
    """F7: the IDLE connection stalls (no EOF, no BYE); an empty wait is not "no mail"."""
    proxy = TcpProxy(dovecot.port)
    address = parse_address(dovecot.url(USER)).model_copy(update={"port": proxy.port})
    try:
        with watching(bench, lambda: ImapMailbox(address, timeout=2, idle_renew=2)):
            wait_for(lambda: dovecot.sessions(USER) >= 2)
            proxy.stall()
            dovecot.append(USER, a_mail(1))
            wait_for(lambda: admitted(bench) == {"<q1@example.com>"}, timeout=20)
    finally:
        proxy.close()


def test_after_a_server_restart_the_watcher_reconnects_and_reads_what_arrived(
    bench: Bench, dovecot: Dovecot
) -> None:
    """F8: BYE and a restart; mail delivered while the server was away is read after."""
    with watching(bench, lambda: open_mailbox(dovecot.url(USER), timeout=5)):
        dovecot.append(USER, a_mail(1))
        wait_for(lambda: len(admitted(bench)) == 1)
        dovecot.stop()
        time.sleep(1)
        dovecot.start()
        dovecot.append(USER, a_mail(2))
        wait_for(lambda: len(admitted(bench)) == 2, timeout=30)

    assert admitted(bench) == {"<q1@example.com>", "<q2@example.com>"}


def test_sessions_dropped_by_the_server_do_not_hide_new_mail(
    bench: Bench, dovecot: Dovecot
) -> None:
    """L6: a server that drops idle sessions; new mail is still noticed promptly."""
    with watching(bench, lambda: open_mailbox(dovecot.url(USER), timeout=5)):
        for n in range(3):
            wait_for(lambda: dovecot.sessions(USER) >= 2)
            dovecot.kick(USER)
            time.sleep(0.5)
            dovecot.append(USER, a_mail(n))
            wait_for(lambda n=n: f"<q{n}@example.com>" in admitted(bench), timeout=15)


def test_a_new_uidvalidity_re_keys_the_mail_and_makes_no_new_case(
    bench: Bench, dovecot: Dovecot
) -> None:
    """F9: the cached UIDs are dropped; the same mail is found by Message-ID and hash."""
    with watching(bench, lambda: open_mailbox(dovecot.url(USER), timeout=5)):
        dovecot.append(USER, a_mail(1))
        wait_for(lambda: len(admitted(bench)) == 1)
        [before] = bench.store.cases()
        dovecot.set_uidvalidity(USER, before.key.uidvalidity + 1000)
        dovecot.append(USER, a_mail(2))
        wait_for(lambda: len(admitted(bench)) == 2, timeout=20)

    first = next(c for c in bench.store.cases() if c.message_id == "<q1@example.com>")
    assert first.id == before.id
    assert first.key.uidvalidity == before.key.uidvalidity + 1000


def test_the_same_mail_delivered_twice_is_one_case_and_the_copy_is_filed(
    bench: Bench, dovecot: Dovecot
) -> None:
    """B7."""
    with watching(bench, lambda: open_mailbox(dovecot.url(USER), timeout=5)):
        dovecot.append(USER, a_mail(1))
        dovecot.append(USER, a_mail(1))
        wait_for(lambda: len(dovecot.messages(USER)) == 1)

    assert len(bench.store.cases()) == 1
    ignored = [f for f in dovecot.folders(USER) if f.endswith("ignored")]
    assert len(dovecot.messages(USER, ignored[0])) == 1


def test_mail_a_human_already_read_is_still_handled_and_filed_without_move(
    bench: Bench, dovecot: Dovecot
) -> None:
    """B8: state lives in the store, not in \\Seen; without MOVE, only our UID is expunged."""
    address = parse_address(dovecot.url(USER))
    dovecot.append(USER, a_mail(1), flags=["\\Seen"])
    dovecot.append(USER, a_mail(2), flags=["\\Deleted"])  # a human's, awaiting their expunge
    factory = lambda: ImapMailbox(address, timeout=5, ignore_capabilities=frozenset({"MOVE"}))  # noqa: E731
    with watching(bench, factory):
        wait_for(lambda: len(admitted(bench)) == 2)
        case = next(c for c in bench.store.cases() if c.message_id == "<q1@example.com>")
        _finish(bench, case.id, CaseState.IGNORED)
        wait_for(lambda: bench.store.case(case.id).filed_folder is not None)

    left = dovecot.messages(USER)
    assert [b"<q2@example.com>" in raw for raw in left] == [True]


def _finish(bench: Bench, case_id: int, state: CaseState) -> None:
    lease = bench.store.claim(case_id, owner="test", ttl=30)
    assert lease is not None
    bench.store.advance(lease, state, event="test", data={}, update=CaseUpdate())
    bench.store.release(lease)
