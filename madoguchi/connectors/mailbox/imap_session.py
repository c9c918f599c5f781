"""One IMAP connection, logged in with its folder selected, and the edge where errors map.

Every imapclient, imaplib, socket and ssl error leaves this module as
``MailboxUnavailable``. A refused login is ``MailboxUnavailable`` too, with a message
saying so: servers answer a wrong password and a failing authentication backend with the
same ``NO``, and a watcher that backs off heals by itself once the secret is fixed,
where a ``ConfigurationError`` would stop it. A folder that cannot be selected is
``MailboxUnavailable`` for the same reason.
"""

from __future__ import annotations

import imaplib
import logging
import ssl
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from imapclient import IMAPClient
from imapclient.exceptions import LoginError

from madoguchi.connectors.mailbox.address import ImapAddress, Transport
from madoguchi.domain.errors import MailboxUnavailable

log = logging.getLogger(__name__)

T = TypeVar("T")

# A connection that raised one of these is in an unknown state and is thrown away.
DROPPED: tuple[type[Exception], ...] = (imaplib.IMAP4.abort, OSError)
# Any other imaplib error is a NO or BAD answer on a connection that still works.
REFUSED = imaplib.IMAP4.error
ANY_ERROR: tuple[type[Exception], ...] = (*DROPPED, REFUSED)


@contextmanager
def mapped(what: str, name: str) -> Iterator[None]:
    """Turn any IMAP, socket or TLS error raised inside into ``MailboxUnavailable``."""
    try:
        yield
    except ANY_ERROR as exc:
        raise MailboxUnavailable(f"{what} on {name} failed: {_describe(exc)}") from exc


class ImapSession:
    """A lazily (re)opened connection to one folder; not shared between threads unlocked.

    ``ignore`` names capabilities to treat as absent even when advertised (a server
    whose MOVE is broken, and the tests of the fallbacks).
    """

    def __init__(
        self, address: ImapAddress, *, name: str, timeout: float,
        ignore: frozenset[str] = frozenset(),
    ) -> None:
        self.address = address
        self.name = name
        self.timeout = timeout
        self.ignore = frozenset(capability.upper() for capability in ignore)
        self.lock = threading.RLock()
        self.uidvalidity: int | None = None
        self._client: IMAPClient | None = None

    def run(self, what: str, operation: Callable[[IMAPClient], T]) -> T:
        """``operation`` on a live connection; a connection found dropped is reopened once.

        Only a connection that was already open is retried: a fresh one that fails at
        once points at the server, not at a stale socket. ``operation`` must therefore
        be safe to repeat.
        """
        with self.lock:
            reused = self._client is not None
            try:
                return self._attempt(what, operation)
            except MailboxUnavailable as exc:
                if not (reused and isinstance(exc.__cause__, DROPPED)):
                    raise
                log.info("reconnecting to %s after: %s", self.name, exc)
            return self._attempt(what, operation)

    def open(self) -> IMAPClient:
        """The current connection, or a new one logged in with the folder selected."""
        if self._client is None:
            self._client = self._connect()
        return self._client

    def capable(self, capability: str) -> bool:
        """True when the open connection's server advertises ``capability`` (not ignored)."""
        name = capability.upper()
        return name not in self.ignore and self.open().has_capability(name)

    def discard(self) -> None:
        """Forget the connection without a word to the server (it is presumed broken)."""
        client, self._client = self._client, None
        if client is not None:
            try:
                client.shutdown()
            except ANY_ERROR:
                log.debug("shutdown of a broken connection to %s failed", self.name)

    def close(self) -> None:
        """Log out politely; a connection that is already gone is simply dropped."""
        with self.lock:
            client, self._client = self._client, None
            if client is None:
                return
            try:
                client.logout()
            except ANY_ERROR:
                self._client = client
                self.discard()

    def reselect(self) -> None:
        """Select the folder again on the next use (its UIDVALIDITY may have changed)."""
        self.discard()

    def _attempt(self, what: str, operation: Callable[[IMAPClient], T]) -> T:
        try:
            with mapped(what, self.name):
                return operation(self.open())
        except MailboxUnavailable as exc:
            if isinstance(exc.__cause__, DROPPED):
                self.discard()
            raise

    def _connect(self) -> IMAPClient:
        with mapped("connect", self.name):
            client = IMAPClient(
                self.address.host, port=self.address.port,
                ssl=self.address.transport is Transport.TLS,
                ssl_context=ssl.create_default_context(), timeout=self.timeout,
            )
        try:
            self._start(client)
        except BaseException:
            _shutdown_quietly(client)
            raise
        return client

    def _start(self, client: IMAPClient) -> None:
        """STARTTLS when asked, log in, select the folder and note its UIDVALIDITY."""
        with mapped("STARTTLS", self.name):
            if self.address.transport is Transport.STARTTLS:
                client.starttls(ssl.create_default_context())
        try:
            client.login(self.address.user, self.address.password.get_secret_value())
        except LoginError as exc:
            if isinstance(exc.__context__, DROPPED):  # imapclient wraps a dropped link too
                raise MailboxUnavailable(
                    f"login on {self.name} failed: {_describe(exc)}"
                ) from exc.__context__
            raise MailboxUnavailable(
                f"login refused by {self.name}: {_describe(exc)}; check the user and "
                "password in the mailbox URL"
            ) from exc
        except ANY_ERROR as exc:
            raise MailboxUnavailable(f"login on {self.name} failed: {_describe(exc)}") from exc
        with mapped(f"SELECT {self.address.folder}", self.name):
            selected = client.select_folder(self.address.folder)
        self.uidvalidity = int(selected[b"UIDVALIDITY"])


def _shutdown_quietly(client: IMAPClient) -> None:
    try:
        client.shutdown()
    except ANY_ERROR:
        log.debug("shutdown after a failed start raised", exc_info=True)


def _describe(exc: BaseException) -> str:
    """The error's own words, without the class path noise of imaplib's ``repr``."""
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 300 else text[:300] + "..."
