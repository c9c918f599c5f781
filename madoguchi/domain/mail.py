"""Mail as the robot sees it: where a message sits, its raw bytes, what it says, our reply."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from madoguchi.domain.base import Value


class MailKey(Value):
    """Where a message sits: a mailbox, the folder's UIDVALIDITY and the message's UID."""

    mailbox: str
    uidvalidity: int
    uid: int


class RawMail(Value):
    """A message exactly as the mailbox holds it."""

    key: MailKey
    raw: bytes


class Folder(StrEnum):
    """Where finished mail is filed, so that the inbox holds only unfinished work."""

    DONE = "done"
    ESCALATED = "escalated"
    IGNORED = "ignored"


class Checkpoint(Value):
    """How far intake has read a mailbox: every UID up to ``last_uid`` is admitted."""

    mailbox: str
    uidvalidity: int
    last_uid: int


class Language(StrEnum):
    JA = "ja"
    EN = "en"
    OTHER = "other"


class Attachment(Value):
    """An attachment as listed in the message; its content is never opened."""

    filename: str
    content_type: str
    size: int


class Message(Value):
    """A parsed message: who sent it, what it says, and the headers the guards read.

    ``sender`` is the normalised (lower-cased) From address, the only identity the
    robot ever acts for, and only when ``authenticated``. ``body`` is the text meant
    for understanding (quoted history and signature stripped); ``text`` keeps
    everything for the human agent.
    """

    message_id: str
    sender: str
    sender_name: str = ""
    reply_to: tuple[str, ...] = ()
    to: tuple[str, ...] = ()
    subject: str = ""
    text: str = ""
    body: str = ""
    language: Language = Language.OTHER
    date: datetime | None = None
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    content_type: str = "text/plain"
    headers: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    attachments: tuple[Attachment, ...] = ()
    authenticated: bool = False
    authentication: str = "none"
    defects: tuple[str, ...] = ()


class Reply(Value):
    """An answer ready to send, threaded to the customer's message.

    ``informational`` replies may be resent once with the same Message-ID when it is
    unknown whether the first attempt went out; replies about an account action never
    are (the case is escalated as in doubt instead).
    """

    message_id: str
    sender: str
    to: str
    subject: str
    text: str
    language: Language
    in_reply_to: str
    references: tuple[str, ...] = ()
    headers: dict[str, str] = Field(default_factory=dict)
    informational: bool = True
