"""Replies written as .eml files into a folder: the embedded default and the demo's output."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from madoguchi.connectors.smtp.compose import to_email_message
from madoguchi.domain.errors import SenderUnavailable
from madoguchi.domain.mail import Reply


class OutboxSender:
    """Writes each reply to ``<folder>/<digest of Message-ID>.eml``.

    The file name follows from the Message-ID, so sending the same reply twice leaves
    one file; the write is atomic (temporary file, then rename).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, reply: Reply) -> None:
        data = to_email_message(reply).as_bytes()
        name = hashlib.sha256(reply.message_id.encode()).hexdigest()[:32] + ".eml"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _write_atomically(self.folder / name, data)
        except OSError as exc:
            raise SenderUnavailable(f"cannot write to the outbox folder: {exc.strerror}") from exc

    def close(self) -> None:
        """Nothing to close; present for the port."""


def _write_atomically(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".eml")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
