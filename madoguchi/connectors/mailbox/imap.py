"""The ``Mailbox`` port on IMAP: read by UID with ``BODY.PEEK[]``, file by UID MOVE.

At most two sessions per mailbox: one here for reading and filing, and one held by the
current ``watch()``; asking for a new watch closes the previous one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence

from imapclient import DELETED, IMAPClient

from madoguchi.connectors.mailbox.address import ImapAddress
from madoguchi.connectors.mailbox.imap_folders import FilingFolders
from madoguchi.connectors.mailbox.imap_session import REFUSED, ImapSession
from madoguchi.connectors.mailbox.imap_watch import IDLE_RENEW, POLL_INTERVAL, ImapWatch
from madoguchi.domain.errors import MailboxUnavailable
from madoguchi.domain.mail import Folder, MailKey, RawMail

log = logging.getLogger(__name__)

# Messages per FETCH command: bounds one response's size while keeping round trips few.
FETCH_BATCH = 25


class ImapMailbox:
    """One IMAP folder (``address.folder``) as the ``Mailbox`` port.

    ``timeout`` is the socket timeout (connect and every read); a watch renews IDLE every
    ``idle_renew`` seconds, or polls with NOOP every ``poll_interval`` seconds on a
    server without IDLE. ``ignore_capabilities`` are treated as not advertised.

    Every ``RawMail`` carries the UIDVALIDITY its UID belongs to. ``file()`` refuses
    (``MailboxUnavailable``) when the folder's UIDVALIDITY changed since the caller
    last saw it through ``uidvalidity()`` or ``fetch_above()``: a UID of the old
    validity would name another message. Without MOVE, filing is UID COPY, ``\\Deleted``
    on that UID and UID EXPUNGE of that UID only (UIDPLUS); a server without UIDPLUS
    keeps the copied message in the inbox flagged ``\\Deleted`` (never a folder-wide
    EXPUNGE, which would also remove what a human flagged).
    """

    def __init__(
        self, address: ImapAddress, *, name: str | None = None, timeout: float = 30.0,
        idle_renew: float = IDLE_RENEW, poll_interval: float = POLL_INTERVAL,
        ignore_capabilities: frozenset[str] = frozenset(),
    ) -> None:
        self.name = name or address.default_name()
        self._address = address
        self._timeout = timeout
        self._idle_renew = idle_renew
        self._poll_interval = poll_interval
        self._ignore = ignore_capabilities
        self._session = ImapSession(
            address, name=self.name, timeout=timeout, ignore=ignore_capabilities
        )
        self._folders = FilingFolders()
        self._told_uidvalidity: int | None = None
        self._watch: ImapWatch | None = None

    def uidvalidity(self) -> int:
        """The folder's UIDVALIDITY as STATUS reports it now (the selection follows it)."""
        value = self._session.run("STATUS UIDVALIDITY", self._status_uidvalidity)
        if value != self._session.uidvalidity:
            log.warning("UIDVALIDITY of %s changed to %s; selecting again", self.name, value)
            with self._session.lock:
                self._session.reselect()
        self._told_uidvalidity = value
        return value

    def fetch_above(self, uid: int, *, limit: int) -> list[RawMail]:
        """Up to ``limit`` messages with a UID above ``uid``, ascending, flags untouched."""
        if limit < 1:
            return []
        return self._session.run("fetch", lambda client: self._fetch_above(client, uid, limit))

    def file(self, uid: int, folder: Folder) -> None:
        """Move message ``uid`` into ``folder``; a UID no longer in the inbox is a no-op."""
        what = f"file into {folder.value}"
        self._session.run(what, lambda client: self._file(client, uid, folder))

    def watch(self) -> ImapWatch:
        """A new IDLE session (the previous watch of this mailbox is closed first)."""
        if self._watch is not None:
            self._watch.close()
        session = ImapSession(
            self._address, name=self.name, timeout=self._timeout, ignore=self._ignore
        )
        self._watch = ImapWatch(
            session, idle_renew=self._idle_renew, poll_interval=self._poll_interval
        )
        return self._watch

    def close(self) -> None:
        if self._watch is not None:
            self._watch.close()
            self._watch = None
        self._session.close()

    # -- the operations, run on a live connection --------------------------------------

    def _status_uidvalidity(self, client: IMAPClient) -> int:
        status = client.folder_status(self._address.folder, ["UIDVALIDITY"])
        return int(status[b"UIDVALIDITY"])

    def _fetch_above(self, client: IMAPClient, uid: int, limit: int) -> list[RawMail]:
        # A selected folder's view grows only when the server syncs it: SEARCH alone does
        # not show mail appended by others since the last sync; NOOP does.
        client.noop()
        # "UID n:*" always matches the highest message, even when its UID is below n.
        found = client.search(["UID", f"{max(uid, 0) + 1}:*"])
        wanted = sorted(u for u in found if u > uid)[:limit]
        self._told_uidvalidity = self._selected_uidvalidity()
        mails: list[RawMail] = []
        for batch in _batches(wanted, FETCH_BATCH):
            mails.extend(self._fetch_batch(client, batch))
        return mails

    def _fetch_batch(self, client: IMAPClient, uids: Sequence[int]) -> Iterator[RawMail]:
        data = client.fetch(uids, ["BODY.PEEK[]"])
        for uid in uids:
            raw = data.get(uid, {}).get(b"BODY[]")
            if raw is None:
                raw = _fetch_one(client, uid)
            if raw is not None:
                yield self._raw_mail(uid, raw)

    def _raw_mail(self, uid: int, raw: bytes) -> RawMail:
        key = MailKey(mailbox=self.name, uidvalidity=self._selected_uidvalidity(), uid=uid)
        return RawMail(key=key, raw=bytes(raw))

    def _file(self, client: IMAPClient, uid: int, folder: Folder) -> None:
        self._refuse_stale_uid()
        client.noop()  # sync the view, so a UID the caller got elsewhere is known here
        try:
            self._move(client, uid, self._folders.ensure(client, folder))
        except REFUSED:
            if not self._folders.forget(folder):
                raise
            # The folder was known to exist; it may have been deleted since: make it again.
            self._move(client, uid, self._folders.ensure(client, folder))

    def _move(self, client: IMAPClient, uid: int, target: str) -> None:
        if self._session.capable("MOVE"):
            client.move([uid], target)
            return
        client.copy([uid], target)
        client.add_flags([uid], [DELETED], silent=True)
        if self._session.capable("UIDPLUS"):
            client.uid_expunge([uid])

    def _refuse_stale_uid(self) -> None:
        selected = self._selected_uidvalidity()
        if self._told_uidvalidity is not None and selected != self._told_uidvalidity:
            raise MailboxUnavailable(
                f"UIDVALIDITY of {self.name} changed from {self._told_uidvalidity} to "
                f"{selected}; refusing to file by a UID of the old validity"
            )

    def _selected_uidvalidity(self) -> int:
        value = self._session.uidvalidity
        assert value is not None, "a live session has selected its folder"
        return value


def _fetch_one(client: IMAPClient, uid: int) -> bytes | None:
    """One message's bytes; None only when it is gone (expunged since the SEARCH).

    A batch FETCH can miss a message's body when an unsolicited FETCH (a flag change)
    without a UID lands on the same key; asking again for that UID alone settles it.
    """
    data = client.fetch([uid], ["BODY.PEEK[]"])
    raw: bytes | None = data.get(uid, {}).get(b"BODY[]")
    if raw is None and uid in client.search(["UID", str(uid)]):
        raise MailboxUnavailable(f"the server returned no body for UID {uid}")
    return raw


def _batches(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
