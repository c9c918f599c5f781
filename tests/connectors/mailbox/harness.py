"""What the contract suite needs to see around a mailbox: deliver mail, look at folders.

One harness per connector, each driving the real store: Dovecot through its own IMAP
session (as an MTA or a human's reader would), a Maildir through the files.
"""

from __future__ import annotations

import mailbox
import re
import time
from pathlib import Path
from typing import Any, Protocol

from madoguchi.connectors.mailbox import ImapMailbox, MaildirMailbox, parse_address
from madoguchi.connectors.mailbox.address import ImapAddress
from madoguchi.domain.mail import Folder
from madoguchi.domain.ports import Mailbox
from tests.support.dovecot import Dovecot

_LINE_END = re.compile(rb"\r\n|\r|\n")


class Harness(Protocol):
    kind: str

    def open(self, **options: Any) -> Mailbox: ...

    def deliver(self, raw: bytes) -> None: ...

    def inbox(self) -> list[bytes]: ...

    def filed(self, folder: Folder) -> list[bytes]: ...

    def seen(self) -> list[bool]:
        """Whether each inbox message is marked seen, in delivery order."""
        ...

    def stored(self, raw: bytes) -> bytes:
        """``raw`` as this store hands it back."""
        ...

    def forget_uids(self) -> None:
        """Make the store lose its UIDs, as a rebuilt index does: a new UIDVALIDITY."""
        ...


class ImapHarness:
    kind = "imap"

    def __init__(self, dovecot: Dovecot, user: str) -> None:
        self.dovecot = dovecot
        self.user = user

    def address(self) -> ImapAddress:
        address = parse_address(self.dovecot.url(self.user))
        assert isinstance(address, ImapAddress)
        return address

    def open(self, **options: Any) -> ImapMailbox:
        options.setdefault("timeout", 10.0)
        return ImapMailbox(self.address(), **options)

    def deliver(self, raw: bytes) -> None:
        self.dovecot.append(self.user, raw)

    def inbox(self) -> list[bytes]:
        return self.dovecot.messages(self.user)

    def filed(self, folder: Folder) -> list[bytes]:
        name = f"madoguchi.{folder.value}"
        if name not in self.dovecot.folders(self.user):
            return []
        return self.dovecot.messages(self.user, name)

    def seen(self) -> list[bool]:
        return [b"\\Seen" in flags for flags in self.dovecot.flags(self.user)]

    def stored(self, raw: bytes) -> bytes:
        # Dovecot stores lines with LF and serves them with CRLF: every bare LF and every
        # bare CR comes back as CRLF; nothing else changes.
        return _LINE_END.sub(b"\r\n", raw)

    def forget_uids(self) -> None:
        self.dovecot.set_uidvalidity(self.user, int(time.time()) + 12345)


class MaildirHarness:
    kind = "maildir"

    def __init__(self, root: Path) -> None:
        self.root = root

    def open(self, **options: Any) -> MaildirMailbox:
        options.pop("timeout", None)
        return MaildirMailbox(self.root, **options)

    def deliver(self, raw: bytes) -> None:
        # The way an MTA delivers: write into tmp/, rename into new/ (stdlib's add()).
        mailbox.Maildir(self.root, create=True).add(raw)

    def inbox(self) -> list[bytes]:
        return [path.read_bytes() for path in self._files(self.root)]

    def filed(self, folder: Folder) -> list[bytes]:
        return [path.read_bytes() for path in self._files(self.root / f".madoguchi.{folder}")]

    def seen(self) -> list[bool]:
        return ["S" in path.name.partition(":2,")[2] for path in self._files(self.root)]

    def stored(self, raw: bytes) -> bytes:
        return raw

    def forget_uids(self) -> None:
        (self.root / "madoguchi-uidlist.json").unlink()
        time.sleep(1.1)  # the new list's uidvalidity is the current second: make it differ

    @staticmethod
    def _files(root: Path) -> list[Path]:
        paths = [p for sub in ("new", "cur") if (root / sub).is_dir()
                 for p in (root / sub).iterdir()]
        return sorted(paths, key=lambda p: (p.stat().st_mtime_ns, p.name))
