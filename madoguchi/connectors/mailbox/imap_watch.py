"""The ``MailWatch`` port on IMAP: IDLE on its own connection, renewed, and never fooled by EOF.

Protocol quirks handled here:

- imapclient's ``idle_check()`` swallows EOF: on a closed socket it returns ``[]``,
  the same as a quiet mailbox. A readable socket that yields no response is therefore
  settled with DONE, which raises on a dead connection.
- imaplib reads through a buffer, so responses that arrived together with
  ``+ idling`` sit there where a socket poll (and so ``idle_check()``) cannot see
  them; the buffer is checked before each poll and drained with DONE.
- A silently dead connection (no FIN, no RST) shows nothing to poll; IDLE is renewed
  (DONE, NOOP, IDLE) every ``idle_renew`` seconds, and the renewal's read times out
  after the session's timeout. Dovecot and most servers drop IDLE after 30 minutes.

A server without IDLE is polled with NOOP every ``poll_interval`` seconds instead.
"""

from __future__ import annotations

import io
import logging
import select
import socket
import ssl
import time
from typing import Any

from imapclient import IMAPClient

from madoguchi.connectors.mailbox.imap_session import ANY_ERROR, ImapSession, mapped
from madoguchi.domain.errors import MailboxUnavailable

log = logging.getLogger(__name__)

IDLE_RENEW = 240.0
POLL_INTERVAL = 5.0

# Untagged responses that say nothing about new mail: keepalives, flag changes, removals.
_QUIET = frozenset({b"OK", b"FETCH", b"EXPUNGE", b"VANISHED"})


class ImapWatch:
    """Wakes up on EXISTS or RECENT (or any response it does not know to be harmless).

    New mail always brings EXISTS (RFC 3501 7.3.1); flag changes, expunges and
    keepalives do not wake it.

    IDLE starts when the watch is made, so mail arriving between ``watch()`` and the
    first ``wait()`` is noticed. After a ``MailboxUnavailable`` the next ``wait()``
    reconnects and returns True at once: nothing was watched in between.
    """

    def __init__(
        self, session: ImapSession, *, idle_renew: float = IDLE_RENEW,
        poll_interval: float = POLL_INTERVAL,
    ) -> None:
        self._session = session
        self._idle_renew = idle_renew
        self._poll_interval = poll_interval
        self._idling = False
        self._renew_at = 0.0
        self._changed = False
        self._closed = False
        self._lost = False
        self._start()

    def wait(self, timeout: float) -> bool:
        """True as soon as the folder may have new mail; False after a quiet ``timeout``.

        Raises ``MailboxUnavailable`` when the connection is found dead (EOF, BYE,
        timeout), never returning False for it.
        """
        deadline = time.monotonic() + max(timeout, 0.0)
        with self._session.lock:
            if self._closed:
                raise MailboxUnavailable(f"the watch of {self._session.name} is closed")
            try:
                if self._lost:
                    self._start()
                    self._changed = True  # nothing was watched while the link was down
                with mapped("IDLE", self._session.name):
                    return self._wait_until(deadline)
            except MailboxUnavailable:
                self._lose()
                raise

    def close(self) -> None:
        """End IDLE and log out; a dead connection is just dropped. Never raises.

        Safe from another thread: it waits for a running ``wait()`` to return.
        """
        with self._session.lock:
            self._closed = True
            if self._idling:
                try:
                    self._session.open().idle_done()
                except ANY_ERROR:
                    self._session.discard()
                self._idling = False
            self._session.close()

    # -- the loop ---------------------------------------------------------------------

    def _wait_until(self, deadline: float) -> bool:
        while True:
            if self._changed:
                self._changed = False
                return True
            now = time.monotonic()
            if now >= self._renew_at:
                self._renew()
                continue
            if now >= deadline:
                return False
            pause = min(deadline, self._renew_at) - now
            if self._idling:
                self._listen(pause)
            else:
                time.sleep(min(pause, self._poll_interval))

    def _listen(self, pause: float) -> None:
        """Wait up to ``pause`` for the server; read and judge what it says."""
        client = self._session.open()
        if _unread_input(client):
            self._renew()  # DONE reads what imaplib's buffer holds, which poll cannot see
            return
        if not _readable(client.socket(), pause):
            return
        responses = client.idle_check(timeout=0)
        if responses:
            self._judge(responses)
        else:  # readable yet nothing parsed: EOF (DONE raises) or a partial read
            self._renew()

    def _renew(self) -> None:
        """DONE, NOOP, IDLE again (or a NOOP poll without IDLE): proves the link is alive."""
        client = self._session.open()
        if self._idling:
            self._idling = False
            self._judge(client.idle_done()[1])
        self._judge(client.noop()[1])
        self._begin(client)

    def _start(self) -> None:
        with mapped("IDLE", self._session.name):
            self._begin(self._session.open())
        self._lost = False

    def _begin(self, client: IMAPClient) -> None:
        if self._session.capable("IDLE"):
            client.idle()
            self._idling = True
            self._renew_at = time.monotonic() + self._idle_renew
        else:
            self._renew_at = time.monotonic() + self._poll_interval

    def _judge(self, responses: list[Any]) -> None:
        """Note news in ``responses``; a BYE means the server is leaving."""
        for response in responses:
            kind = _kind(response)
            if kind == b"BYE":
                raise MailboxUnavailable(f"{self._session.name} said BYE: {_text(response)}")
            # "* 0 RECENT" follows every EXPUNGE (our own filing): no news in it.
            if kind not in _QUIET and response != (0, b"RECENT"):
                self._changed = True

    def _lose(self) -> None:
        self._idling = False
        self._lost = True
        self._session.discard()


def _kind(response: Any) -> bytes:
    """The response's name: ``(3, b"EXISTS")`` -> ``EXISTS``, ``(b"OK", b"..")`` -> ``OK``."""
    if not isinstance(response, tuple) or not response:
        return b"?"
    first = response[1] if isinstance(response[0], int) and len(response) > 1 else response[0]
    return first.upper() if isinstance(first, bytes) else b"?"


def _text(response: Any) -> str:
    parts = response[1:] if isinstance(response, tuple) else ()
    return " ".join(p.decode(errors="replace") if isinstance(p, bytes) else str(p) for p in parts)


def _readable(sock: socket.socket, timeout: float) -> bool:
    poller = select.poll()
    poller.register(sock.fileno(), select.POLLIN)
    return bool(poller.poll(max(timeout, 0.0) * 1000))


def _unread_input(client: IMAPClient) -> bool:
    """True when imaplib's read buffer already holds bytes a socket poll cannot see.

    Reaches into imaplib's ``file`` (through imapclient's ``_imap``): there is no public
    way to ask. Checked without blocking; on an unknown layout it answers False, and
    the next renewal's DONE reads whatever was there.
    """
    reader = getattr(getattr(client, "_imap", None), "file", None)
    if not isinstance(reader, io.BufferedReader):
        return False
    sock = client.socket()
    timeout = sock.gettimeout()
    sock.setblocking(False)
    try:
        return bool(reader.peek(1))
    except (BlockingIOError, ssl.SSLWantReadError):
        return False
    finally:
        sock.settimeout(timeout)
