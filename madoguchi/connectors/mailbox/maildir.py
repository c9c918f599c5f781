"""The ``Mailbox`` and ``MailWatch`` ports on a local Maildir (the embedded default).

The Maildir's root is the inbox; finished mail is renamed, bytes and flags untouched,
into Maildir++ subfolders (``.madoguchi.done`` ...) made with the standard library's
``mailbox.Maildir.add_folder``. Reading never renames a message, so it never gains the
``S`` (seen) flag. UIDs come from the list kept by ``maildir_uids``. Every ``OSError``
leaves as ``MailboxUnavailable``.
"""

from __future__ import annotations

import mailbox
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from madoguchi.connectors.mailbox.maildir_uids import UidFile, UidList
from madoguchi.domain.errors import MailboxUnavailable
from madoguchi.domain.mail import Folder, MailKey, RawMail

_SUBDIRS = ("new", "cur")
_COLON = mailbox.Maildir.colon
POLL_INTERVAL = 0.2


class MaildirMailbox:
    """The Maildir at ``root`` as the ``Mailbox`` port (``new/ cur/ tmp/`` made if missing).

    Like the IMAP one, ``file()`` refuses (``MailboxUnavailable``) once the list's
    uidvalidity differs from the one the caller last saw.
    """

    def __init__(self, root: Path, *, name: str | None = None) -> None:
        self.root = Path(root)
        self.name = name or f"maildir:{self.root}"
        with self._mapped("open"):
            for sub in (*_SUBDIRS, "tmp"):
                (self.root / sub).mkdir(parents=True, exist_ok=True)
        self._uids = UidFile(self.root)
        self._told_uidvalidity: int | None = None
        self._folders: set[Folder] = set()

    def uidvalidity(self) -> int:
        with self._mapped("read the UID list"):
            value = self._uids.read().uidvalidity
        self._told_uidvalidity = value
        return value

    def fetch_above(self, uid: int, *, limit: int) -> list[RawMail]:
        """Up to ``limit`` messages with a UID above ``uid``, ascending; files are only read."""
        if limit < 1:
            return []
        with self._mapped("fetch"):
            paths = self.messages()
            uids = self._uids.update(paths.keys(), lambda keys: _delivery_order(keys, paths))
            self._told_uidvalidity = uids.uidvalidity
            wanted = sorted((u, key) for key, u in uids.uids.items() if u > uid)[:limit]
            mails = (self._read(key, paths, uids, u) for u, key in wanted)
            return [mail for mail in mails if mail is not None]

    def file(self, uid: int, folder: Folder) -> None:
        """Rename message ``uid`` into ``folder``; a UID not in the inbox is a no-op."""
        with self._mapped(f"file into {folder.value}"):
            uids = self._uids.read()
            self._refuse_stale_uid(uids)
            key = uids.key_of(uid)
            if key is not None:
                self._move(key, self._folder_path(folder))

    def watch(self) -> MaildirWatch:
        return MaildirWatch(self)

    def close(self) -> None:
        """Nothing is held open between calls."""

    def messages(self) -> dict[str, Path]:
        """Every message in the inbox now: key -> path (``new/`` and ``cur/``)."""
        found: dict[str, Path] = {}
        for sub in _SUBDIRS:
            with os.scandir(self.root / sub) as entries:
                for entry in entries:
                    if not entry.name.startswith(".") and entry.is_file():
                        found[entry.name.split(_COLON, 1)[0]] = Path(entry.path)
        return found

    # -- internals -------------------------------------------------------------------

    def _read(self, key: str, paths: dict[str, Path], uids: UidList, uid: int) -> RawMail | None:
        """The message's bytes; a file renamed meanwhile (a human's reader) is looked up again."""
        for attempt in range(3):
            path = paths.get(key) if attempt == 0 else self.messages().get(key)
            if path is None:
                return None  # gone from the inbox: filed or deleted since the listing
            try:
                raw = path.read_bytes()
            except FileNotFoundError:
                continue
            key_ = MailKey(mailbox=self.name, uidvalidity=uids.uidvalidity, uid=uid)
            return RawMail(key=key_, raw=raw)
        raise MailboxUnavailable(f"message {key} in {self.name} keeps moving while read")

    def _move(self, key: str, target: Path) -> None:
        for _ in range(3):
            path = self.messages().get(key)
            if path is None:
                return
            try:
                os.rename(path, target / path.parent.name / path.name)
                return
            except FileNotFoundError:
                continue  # renamed by a reader between the listing and ours: look again
        raise MailboxUnavailable(f"message {key} in {self.name} keeps moving while filed")

    def _folder_path(self, folder: Folder) -> Path:
        name = f"madoguchi.{folder.value}"
        if folder not in self._folders:
            mailbox.Maildir(self.root, factory=None, create=False).add_folder(name)
            self._folders.add(folder)
        return self.root / f".{name}"

    def _refuse_stale_uid(self, uids: UidList) -> None:
        told = self._told_uidvalidity
        if told is not None and uids.uidvalidity != told:
            raise MailboxUnavailable(
                f"UIDVALIDITY of {self.name} changed from {told} to {uids.uidvalidity} "
                "(its UID list was replaced); refusing to file by a UID of the old validity"
            )

    @contextmanager
    def _mapped(self, what: str) -> Iterator[None]:
        try:
            yield
        except OSError as exc:
            raise MailboxUnavailable(f"{what} on {self.name} failed: {exc}") from exc


class MaildirWatch:
    """Polls the inbox listing every ``POLL_INTERVAL`` seconds for keys it has not seen.

    Keys present when the watch is made are known; a message renamed between ``new/``
    and ``cur/`` keeps its key and is no news.
    """

    def __init__(self, box: MaildirMailbox) -> None:
        self._box = box
        self._known = self._listing()

    def wait(self, timeout: float) -> bool:
        deadline = time.monotonic() + max(timeout, 0.0)
        while True:
            keys = self._listing()
            news = not keys <= self._known
            self._known = keys
            if news:
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            time.sleep(min(POLL_INTERVAL, remaining))

    def close(self) -> None:
        """Nothing is held open."""

    def _listing(self) -> frozenset[str]:
        try:
            return frozenset(self._box.messages())
        except OSError as exc:
            raise MailboxUnavailable(f"cannot list {self._box.name}: {exc}") from exc


def _delivery_order(keys: list[str], paths: dict[str, Path]) -> list[str]:
    """``keys`` by delivery: the leading seconds (Maildir's convention), then mtime, name."""
    return sorted(keys, key=lambda key: (*_delivered_at(key, paths[key]), key))


def _delivered_at(key: str, path: Path) -> tuple[int, int]:
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:  # renamed meanwhile; its place in the order hardly matters
        mtime = time.time_ns()
    head = key.split(".", 1)[0]
    return (int(head) if head.isdigit() else mtime // 10**9), mtime
