"""Intake for one mailbox: admit new mail as cases, queue their triage, file finished mail.

A mail is stored as a case before its job is queued, and the checkpoint moves only
after the batch it covers is stored, so a crash anywhere loses nothing; reading it
again is harmless (the store knows every location it admitted). A listener thread
holds IMAP IDLE (or polls a Maildir) and wakes the loop; a periodic resync covers a
listener that missed something. Filing happens here, on the watcher's own session,
so that a mailbox never sees more than two sessions (one IDLE, one for work).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from madoguchi.domain.cases import AdmissionStatus
from madoguchi.domain.errors import MailboxUnavailable, TransientError
from madoguchi.domain.mail import Checkpoint, Folder, RawMail
from madoguchi.domain.ports import Mailbox
from madoguchi.triage import identify
from madoguchi.workers.pipeline import dispatch
from madoguchi.workers.runtime import Runtime

log = logging.getLogger(__name__)


class Watcher:
    """Reads one mailbox until ``stop`` is set, reconnecting with backoff after failures."""

    def __init__(
        self,
        rt: Runtime,
        open_mailbox: Callable[[], Mailbox],
        *,
        batch: int = 100,
        tick: float = 1.0,
        resync_every: float = 30.0,
        lease_seconds: float = 30.0,
    ) -> None:
        self.rt = rt
        self.open_mailbox = open_mailbox
        self.batch = batch
        self.tick = tick
        self.resync_every = resync_every
        self.lease_seconds = lease_seconds
        self.owner = f"{rt.owner}:watcher-{id(self):x}"

    def run(self, stop: threading.Event) -> None:
        delay = 1.0
        while not stop.is_set():
            try:
                self._session(stop)
                delay = 1.0
            except TransientError as exc:
                log.warning("mailbox unavailable (%s); reconnecting in %.0fs", exc, delay)
                stop.wait(delay)
                delay = min(delay * 2, 60.0)

    def sync(self, mailbox: Mailbox) -> int:
        """Admits every mail above the checkpoint; returns how many were read."""
        uidvalidity = mailbox.uidvalidity()
        last = self._last_uid(mailbox.name, uidvalidity)
        read = 0
        while batch := mailbox.fetch_above(last, limit=self.batch):
            for mail in batch:
                self._admit(mailbox, mail)
            last = batch[-1].key.uid
            read += len(batch)
            checkpoint = Checkpoint(mailbox=mailbox.name, uidvalidity=uidvalidity, last_uid=last)
            self.rt.store.save_checkpoint(checkpoint)
        return read

    def file_finished(self, mailbox: Mailbox) -> int:
        """Moves the mail of finished cases into their folders; returns how many."""
        cases = self.rt.store.unfiled(mailbox.name, limit=self.batch)
        uidvalidity = mailbox.uidvalidity() if cases else 0
        for case in cases:
            folder = case.state.folder
            if folder is None:
                continue
            if case.key.uidvalidity == uidvalidity:
                mailbox.file(case.key.uid, folder)
            self.rt.store.mark_filed(case.id, folder)
        return len(cases)

    def _session(self, stop: threading.Event) -> None:
        mailbox = self.open_mailbox()
        if not self._hold(mailbox):
            log.info("mailbox %s is read by another watcher; standing by", mailbox.name)
            mailbox.close()
            stop.wait(self.lease_seconds / 3)
            return
        try:
            self._listen_and_work(mailbox, stop)
        finally:
            self.rt.store.release_mailbox(mailbox.name, owner=self.owner)

    def _hold(self, mailbox: Mailbox) -> bool:
        return self.rt.store.lease_mailbox(mailbox.name, owner=self.owner, ttl=self.lease_seconds)

    def _listen_and_work(self, mailbox: Mailbox, stop: threading.Event) -> None:
        news, ended = threading.Event(), threading.Event()
        failures: list[Exception] = []
        listener = threading.Thread(
            target=_listen, args=(mailbox, news, ended, failures), daemon=True, name="idle"
        )
        listener.start()
        try:
            self._loop(mailbox, news, stop, failures)
        finally:
            ended.set()
            listener.join(timeout=10)
            mailbox.close()

    def _loop(
        self,
        mailbox: Mailbox,
        news: threading.Event,
        stop: threading.Event,
        failures: list[Exception],
    ) -> None:
        synced_at = held_at = time.monotonic() - self.resync_every - 1
        while not stop.is_set():
            if failures:
                raise failures[0]
            if time.monotonic() - held_at > self.lease_seconds / 6:
                if not self._hold(mailbox):
                    log.warning("lost the lease on mailbox %s; standing by", mailbox.name)
                    return
                held_at = time.monotonic()
            if news.is_set() or time.monotonic() - synced_at > self.resync_every:
                news.clear()
                self.sync(mailbox)
                synced_at = time.monotonic()
            self.file_finished(mailbox)
            news.wait(self.tick)

    def _last_uid(self, name: str, uidvalidity: int) -> int:
        checkpoint = self.rt.store.checkpoint(name)
        if checkpoint is None or checkpoint.uidvalidity != uidvalidity:
            if checkpoint is not None:
                # F9: the old UIDs mean nothing now; mail is re-keyed by content.
                log.warning("mailbox %s changed UIDVALIDITY; reading it again", name)
            return 0
        return checkpoint.last_uid

    def _admit(self, mailbox: Mailbox, mail: RawMail) -> None:
        identity = identify(mail.raw)
        admission = self.rt.store.admit(
            mail, message_id=identity.message_id, content_hash=identity.content_hash
        )
        case = admission.case
        if admission.status is AdmissionStatus.DUPLICATE:
            mailbox.file(mail.key.uid, Folder.IGNORED)  # B7: the first copy is the case
        elif case.state.final:
            if admission.status is AdmissionStatus.RELOCATED and case.state.folder:
                mailbox.file(mail.key.uid, case.state.folder)
        else:
            dispatch(self.rt, case)


def _listen(
    mailbox: Mailbox, news: threading.Event, ended: threading.Event, failures: list[Exception]
) -> None:
    """Sets ``news`` whenever the mailbox may have changed, until the session ``ended``.

    A dead connection is recorded in ``failures`` for the session to reconnect.
    """
    try:
        watch = mailbox.watch()
    except MailboxUnavailable as exc:
        failures.append(exc)
        return
    try:
        while not ended.is_set():
            if watch.wait(timeout=2.0):
                news.set()
    except MailboxUnavailable as exc:
        failures.append(exc)
        news.set()
    finally:
        watch.close()
