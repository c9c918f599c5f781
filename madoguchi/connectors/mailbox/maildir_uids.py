"""The UID list a Maildir lacks: ``madoguchi-uidlist.json`` in its root, written atomically.

A Maildir names messages by unique keys and has no UIDs, so this file gives each key
a UID in delivery order, never reusing one. Its ``uidvalidity`` is chosen when the list
is created; a list that cannot be read is replaced by a new one with a new
uidvalidity (what IMAP does when it loses its UIDs), so callers re-key rather than
trust UIDs that may now name other messages. A file lock serialises writers; the
rename keeps readers from ever seeing half a list.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import Field, ValidationError

from madoguchi.domain.base import Value

log = logging.getLogger(__name__)

UIDLIST = "madoguchi-uidlist.json"
_LOCK = "madoguchi-uidlist.lock"

Order = Callable[[list[str]], list[str]]
"""Sorts message keys into delivery order."""


class UidList(Value):
    """Which UID each message key holds, and the next UID to hand out."""

    uidvalidity: int
    next_uid: int = 1
    uids: dict[str, int] = Field(default_factory=dict)

    def with_keys(self, present: Collection[str], order: Order) -> UidList:
        """The list for exactly the ``present`` keys; new ones get UIDs in ``order``."""
        uids = {key: uid for key, uid in self.uids.items() if key in present}
        next_uid = self.next_uid
        for key in order([key for key in present if key not in self.uids]):
            uids[key], next_uid = next_uid, next_uid + 1
        return UidList(uidvalidity=self.uidvalidity, next_uid=next_uid, uids=uids)

    def key_of(self, uid: int) -> str | None:
        return next((key for key, known in self.uids.items() if known == uid), None)


class UidFile:
    """The UID list of the Maildir at ``root``."""

    def __init__(self, root: Path) -> None:
        self.path = root / UIDLIST
        self._lock_path = root / _LOCK

    def read(self) -> UidList:
        """The list on disk; a new empty one (saved) when there is none or it is unreadable."""
        with self.locked():
            return self._read_or_create()

    def update(self, present: Collection[str], order: Order) -> UidList:
        """Give UIDs to new keys (in ``order``), drop keys gone, and save if changed."""
        with self.locked():
            current = self._read_or_create()
            updated = current.with_keys(present, order)
            if updated != current:
                self._save(updated)
            return updated

    @contextmanager
    def locked(self) -> Iterator[None]:
        with self._lock_path.open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _read_or_create(self) -> UidList:
        try:
            return UidList.model_validate_json(self.path.read_bytes())
        except FileNotFoundError:
            created = UidList(uidvalidity=int(time.time()))
        except (ValidationError, ValueError) as exc:
            log.warning("UID list %s is unreadable (%s); starting a new uidvalidity",
                        self.path, exc)
            created = UidList(uidvalidity=_fresh_uidvalidity(self.path))
        self._save(created)
        return created

    def _save(self, uids: UidList) -> None:
        data = json.dumps(uids.model_dump(), separators=(",", ":")).encode()
        fd, temp = tempfile.mkstemp(prefix=".uidlist-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        _fsync_dir(self.path.parent)


def _fresh_uidvalidity(path: Path) -> int:
    """A uidvalidity newer than the broken list's, which was made no later than its mtime."""
    return max(int(time.time()), int(path.stat().st_mtime) + 1)


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
