"""What only the IMAP connector promises, shown on a real Dovecot: fallbacks, faults, sessions."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from madoguchi.connectors.mailbox import ImapMailbox, open_mailbox, parse_address
from madoguchi.connectors.mailbox.address import ImapAddress
from madoguchi.connectors.mailbox.imap_watch import _unread_input
from madoguchi.domain.errors import MailboxUnavailable
from madoguchi.domain.mail import Folder
from tests.connectors.mailbox.harness import ImapHarness
from tests.connectors.mailbox.test_contract import message
from tests.support.dovecot import Dovecot
from tests.support.services import free_port
from tests.support.tcp_proxy import TcpProxy

pytestmark = pytest.mark.services


def sent_commands(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The commands sent, without tags: imaplib logs each as ``> b'TAG COMMAND ...'``."""
    lines = (r.getMessage() for r in caplog.records if r.name == "imapclient.imaplib")
    sent = (line[4:].rstrip("'") for line in lines if line.startswith("> b'"))
    return [command.split(maxsplit=1)[-1] for command in sent]


def address_via(proxy: TcpProxy, dovecot: Dovecot, user: str) -> ImapAddress:
    address = parse_address(dovecot.url(user))
    assert isinstance(address, ImapAddress)
    return address.model_copy(update={"port": proxy.port})


@pytest.fixture
def proxy(dovecot: Dovecot) -> Iterator[TcpProxy]:
    tcp = TcpProxy(dovecot.port)
    yield tcp
    tcp.close()


# -- filing without MOVE ----------------------------------------------------------------


def test_without_move_it_copies_and_expunges_that_uid_only(
    imap: ImapHarness, caplog: pytest.LogCaptureFixture
) -> None:
    imap.dovecot.append(imap.user, message(0, "flagged for deletion by a human"),
                        flags=["\\Deleted"])
    imap.deliver(message(1))
    imap.deliver(message(2))
    box = imap.open(ignore_capabilities=frozenset({"MOVE"}))
    try:
        caplog.set_level(logging.DEBUG, logger="imapclient.imaplib")
        _, first, _ = box.fetch_above(0, limit=10)
        box.file(first.key.uid, Folder.DONE)
    finally:
        box.close()

    sent = sent_commands(caplog)
    assert any(cmd.startswith("UID COPY") for cmd in sent)
    assert not any(cmd.startswith("UID MOVE") for cmd in sent)
    assert [cmd for cmd in sent if "EXPUNGE" in cmd] == [f"UID EXPUNGE {first.key.uid}"]
    assert imap.filed(Folder.DONE) == [message(1)]
    assert imap.inbox() == [message(0, "flagged for deletion by a human"), message(2)]
    assert b"\\Deleted" in imap.dovecot.flags(imap.user)[0]


def test_without_uidplus_it_copies_and_flags_deleted_but_never_expunges(
    imap: ImapHarness, caplog: pytest.LogCaptureFixture
) -> None:
    imap.deliver(message(1))
    imap.deliver(message(2))
    box = imap.open(ignore_capabilities=frozenset({"MOVE", "UIDPLUS"}))
    try:
        caplog.set_level(logging.DEBUG, logger="imapclient.imaplib")
        first, _ = box.fetch_above(0, limit=10)
        box.file(first.key.uid, Folder.DONE)
    finally:
        box.close()

    assert not any("EXPUNGE" in cmd for cmd in sent_commands(caplog))
    assert imap.filed(Folder.DONE) == [message(1)]
    assert imap.inbox() == [message(1), message(2)]
    assert [b"\\Deleted" in flags for flags in imap.dovecot.flags(imap.user)] == [True, False]


def test_with_move_it_files_by_uid_move_without_any_expunge(
    imap: ImapHarness, caplog: pytest.LogCaptureFixture
) -> None:
    imap.deliver(message(1))
    box = imap.open()
    try:
        caplog.set_level(logging.DEBUG, logger="imapclient.imaplib")
        [mail] = box.fetch_above(0, limit=1)
        box.file(mail.key.uid, Folder.DONE)
    finally:
        box.close()
    sent = sent_commands(caplog)
    assert f'UID MOVE {mail.key.uid} "madoguchi.done"' in sent
    assert not any("EXPUNGE" in cmd or "COPY" in cmd for cmd in sent)


# -- folders --------------------------------------------------------------------------


def test_filing_folders_use_the_server_delimiter_and_are_subscribed(imap: ImapHarness) -> None:
    imap.deliver(message(1))
    box = imap.open()
    try:
        [mail] = box.fetch_above(0, limit=1)
        box.file(mail.key.uid, Folder.ESCALATED)
    finally:
        box.close()
    assert "madoguchi.escalated" in imap.dovecot.folders(imap.user)
    assert "madoguchi.escalated" in imap.dovecot.subscribed(imap.user)


def test_a_filing_folder_deleted_behind_its_back_is_made_again(imap: ImapHarness) -> None:
    for n in range(2):
        imap.deliver(message(n))
    box = imap.open()
    try:
        first, second = box.fetch_above(0, limit=10)
        box.file(first.key.uid, Folder.DONE)
        with imap.dovecot.client(imap.user) as admin:
            admin.delete_folder("madoguchi.done")
        box.file(second.key.uid, Folder.DONE)
    finally:
        box.close()
    assert imap.filed(Folder.DONE) == [message(1)]
    assert imap.inbox() == []


# -- connections ----------------------------------------------------------------------


def test_a_wrong_password_is_a_clear_error_that_does_not_show_it(dovecot: Dovecot) -> None:
    url = dovecot.url("support1").replace(":secret@", ":not-the-password@")
    box = open_mailbox(url)
    with pytest.raises(MailboxUnavailable, match="login refused") as refused:
        box.fetch_above(0, limit=1)
    assert "check the user and password" in str(refused.value)
    assert "not-the-password" not in str(refused.value)


def test_a_server_that_does_not_answer_is_unavailable() -> None:
    box = open_mailbox(f"imap://support:secret@127.0.0.1:{free_port()}/INBOX", timeout=2)
    with pytest.raises(MailboxUnavailable, match="connect"):
        box.uidvalidity()


def test_a_folder_that_does_not_exist_is_unavailable(dovecot: Dovecot, imap_user: str) -> None:
    box = open_mailbox(dovecot.url(imap_user, "NoSuchFolder"))
    with pytest.raises(MailboxUnavailable, match="SELECT NoSuchFolder"):
        box.fetch_above(0, limit=1)


def test_the_mailbox_reconnects_after_its_session_is_dropped(imap: ImapHarness) -> None:
    imap.deliver(message(1))
    box = imap.open()
    try:
        [first] = box.fetch_above(0, limit=10)
        imap.dovecot.kick(imap.user)
        imap.deliver(message(2))
        [second] = box.fetch_above(first.key.uid, limit=10)
    finally:
        box.close()
    assert second.raw == message(2)


def test_the_mailbox_reconnects_after_a_server_restart_and_fetches(
    private_dovecot: Dovecot,
) -> None:
    private_dovecot.append("support", message(1))
    box = ImapMailbox(_address(private_dovecot), timeout=5)
    try:
        validity = box.uidvalidity()
        [first] = box.fetch_above(0, limit=10)
        private_dovecot.restart()
        private_dovecot.append("support", message(2))
        [second] = box.fetch_above(first.key.uid, limit=10)
        assert box.uidvalidity() == validity
    finally:
        box.close()
    assert second.raw == message(2)
    assert second.key.uidvalidity == validity


def test_a_call_while_the_server_is_down_is_unavailable(private_dovecot: Dovecot) -> None:
    box = ImapMailbox(_address(private_dovecot), timeout=5)
    try:
        box.fetch_above(0, limit=1)
        private_dovecot.stop()
        with pytest.raises(MailboxUnavailable):
            box.fetch_above(0, limit=1)
    finally:
        box.close()


def test_a_mailbox_holds_at_most_two_sessions(imap: ImapHarness) -> None:
    imap.deliver(message(1))
    box = imap.open()
    try:
        box.fetch_above(0, limit=1)
        box.watch()
        latest = box.watch()  # replaces the first watch, closing its session
        box.fetch_above(0, limit=1)
        assert latest.wait(0.1) is False
        assert _sessions_settle(imap, 2) == 2
    finally:
        box.close()
    assert _sessions_settle(imap, 0) == 0


# -- the watch ------------------------------------------------------------------------


def test_watch_raises_when_the_server_shuts_down_during_wait(private_dovecot: Dovecot) -> None:
    box = ImapMailbox(_address(private_dovecot), timeout=5)
    watch = box.watch()
    try:
        started = time.monotonic()
        with later(0.3, private_dovecot.stop), pytest.raises(MailboxUnavailable, match="BYE"):
            watch.wait(20.0)
        assert time.monotonic() - started < 5.0
    finally:
        box.close()


def test_watch_raises_when_the_connection_ends_without_a_bye(
    proxy: TcpProxy, dovecot: Dovecot, imap_user: str
) -> None:
    # imapclient's idle_check() returns [] at EOF, as for a quiet mailbox.
    box = ImapMailbox(address_via(proxy, dovecot, imap_user), timeout=5)
    watch = box.watch()
    try:
        started = time.monotonic()
        with later(0.3, proxy.sever), pytest.raises(MailboxUnavailable):
            watch.wait(20.0)
        assert time.monotonic() - started < 5.0
    finally:
        box.close()


def test_watch_notices_a_silently_dead_connection_at_renewal(
    proxy: TcpProxy, dovecot: Dovecot, imap_user: str
) -> None:
    box = ImapMailbox(address_via(proxy, dovecot, imap_user), timeout=1, idle_renew=1)
    watch = box.watch()
    try:
        proxy.stall()
        started = time.monotonic()
        with pytest.raises(MailboxUnavailable):
            watch.wait(30.0)
        assert time.monotonic() - started < 4.0  # renewal (1 s) plus a read timeout (1 s)
    finally:
        box.close()


def test_watch_survives_renewals_without_waking_up(imap: ImapHarness) -> None:
    box = imap.open(idle_renew=0.3)
    watch = box.watch()
    try:
        assert watch.wait(1.5) is False  # about five renewals, none of them news
        imap.deliver(message(1))
        assert watch.wait(5.0) is True
    finally:
        box.close()


def test_watch_is_not_woken_by_filing_on_the_other_session(imap: ImapHarness) -> None:
    imap.deliver(message(1))
    box = imap.open()
    try:
        [mail] = box.fetch_above(0, limit=1)
        watch = box.watch()
        box.file(mail.key.uid, Folder.DONE)  # the watch sees "* 1 EXPUNGE", "* 0 RECENT"
        assert watch.wait(1.5) is False
    finally:
        box.close()


def test_watch_sees_news_already_in_imaplibs_read_buffer(imap: ImapHarness) -> None:
    # When "* n EXISTS" arrives in the same read as "+ idling", imaplib buffers it and a
    # socket poll (so imapclient's idle_check) stays blind to it. Put the watch in that
    # state on purpose: let the news arrive, then pull it into the buffer unread.
    box = imap.open()
    watch = box.watch()
    try:
        imap.deliver(message(1))
        time.sleep(1.5)  # Dovecot notifies IDLE about 0.5 s after the APPEND
        client = watch._session.open()  # the watch's own connection
        assert _unread_input(client) is True  # the bytes are in imaplib's buffer now
        assert client.idle_check(timeout=0) == []  # where idle_check cannot see them
        assert watch.wait(3.0) is True
    finally:
        box.close()


def test_after_a_dropped_connection_the_next_wait_reconnects_and_reports_news(
    imap: ImapHarness,
) -> None:
    box = imap.open()
    watch = box.watch()
    try:
        imap.dovecot.kick(imap.user)
        with pytest.raises(MailboxUnavailable):
            watch.wait(5.0)
        assert watch.wait(5.0) is True  # blind while down: the caller must look
        assert watch.wait(0.3) is False
        imap.deliver(message(1))
        assert watch.wait(5.0) is True
    finally:
        box.close()


def test_after_an_error_the_mailbox_gives_a_working_watch(imap: ImapHarness) -> None:
    box = imap.open()
    try:
        broken = box.watch()
        imap.dovecot.kick(imap.user)
        with pytest.raises(MailboxUnavailable):
            broken.wait(5.0)
        watch = box.watch()
        imap.deliver(message(1))
        assert watch.wait(5.0) is True
        with pytest.raises(MailboxUnavailable, match="closed"):
            broken.wait(0.1)
    finally:
        box.close()


def test_watch_without_idle_polls_with_noop(imap: ImapHarness) -> None:
    box = imap.open(ignore_capabilities=frozenset({"IDLE"}), poll_interval=0.3)
    watch = box.watch()
    try:
        assert watch.wait(0.8) is False
        started = time.monotonic()
        with later(0.2, lambda: imap.deliver(message(1))):
            assert watch.wait(5.0) is True
        assert time.monotonic() - started < 3.0
    finally:
        box.close()


# -- TLS ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tls_dovecot() -> Iterator[Dovecot]:
    with Dovecot({"support": "secret"}, tls=True) as server:
        yield server


@pytest.mark.parametrize("scheme", ["imaps", "imap+starttls"])
def test_tls_connections_verify_the_server_certificate(
    tls_dovecot: Dovecot, scheme: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = tls_dovecot.url("support", scheme=scheme)
    with pytest.raises(MailboxUnavailable, match="CERTIFICATE_VERIFY_FAILED"):
        open_mailbox(url, timeout=5).uidvalidity()
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_dovecot.certificate))
    box = open_mailbox(url, timeout=5)
    try:
        assert box.uidvalidity() > 0
    finally:
        box.close()


# -- helpers --------------------------------------------------------------------------


@contextmanager
def later(seconds: float, action: Callable[[], object]) -> Iterator[None]:
    """Run ``action`` in ``seconds`` on another thread, and wait for it on leaving."""
    timer = threading.Timer(seconds, action)
    timer.start()
    try:
        yield
    finally:
        timer.join()


def _address(dovecot: Dovecot, user: str = "support") -> ImapAddress:
    address = parse_address(dovecot.url(user))
    assert isinstance(address, ImapAddress)
    return address


def _sessions_settle(imap: ImapHarness, expected: int) -> int:
    """The session count once it reaches ``expected`` (logouts end a moment later)."""
    deadline = time.monotonic() + 3.0
    while (count := imap.dovecot.sessions(imap.user)) != expected:
        if time.monotonic() > deadline:
            break
        time.sleep(0.05)
    return count
