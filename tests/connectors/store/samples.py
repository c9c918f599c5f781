"""Sample values for the store's tests: mail, replies, tickets, and a clock tests can move."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from madoguchi.connectors.store import SqlCaseStore
from madoguchi.domain.cases import Admission, ExceptionTicket
from madoguchi.domain.mail import Language, MailKey, RawMail, Reply

START = datetime(2025, 4, 1, 9, 0, 0, 123456, tzinfo=UTC)


class Clock:
    """The store's clock, moved by the test instead of by waiting."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now


def raw_message(message_id: str = "<m1@customer.example>", body: str = "Hello") -> bytes:
    return (
        f"Message-ID: {message_id}\r\nFrom: alice@customer.example\r\n"
        f"Subject: help\r\n\r\n{body}\r\n"
    ).encode()


def admit_mail(
    store: SqlCaseStore, *, mailbox: str = "INBOX", uidvalidity: int = 7, uid: int = 1,
    message_id: str = "<m1@customer.example>", body: str = "Hello",
) -> Admission:
    """Admit one mail the way intake does, keyed by its Message-ID and content hash."""
    raw = raw_message(message_id, body)
    mail = RawMail(key=MailKey(mailbox=mailbox, uidvalidity=uidvalidity, uid=uid), raw=raw)
    return store.admit(mail, message_id=message_id, content_hash=hashlib.sha256(raw).hexdigest())


def reply_to(case_id: int, *, text: str = "A reset link was sent.") -> Reply:
    return Reply(
        message_id=f"<reply-{case_id}@madoguchi.example>", sender="support@exchange.example",
        to="alice@customer.example", subject="Re: help", text=text, language=Language.EN,
        in_reply_to="<m1@customer.example>", references=("<m1@customer.example>",),
    )


def ticket_for(case_id: int, *, reason: str = "account frozen") -> ExceptionTicket:
    return ExceptionTicket(
        case_id=case_id, queue="security", priority="high", reason=reason,
        context={"sender": "alice@customer.example", "facts": {"frozen": True}},
    )
