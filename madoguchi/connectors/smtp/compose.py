"""A ``Reply`` as an RFC 5322 message; the same reply always has the same Message-ID."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from madoguchi.domain.mail import Reply


def to_email_message(reply: Reply) -> EmailMessage:
    """The message handed to the server or written to the outbox."""
    msg = EmailMessage(policy=SMTP)
    msg["From"] = reply.sender
    msg["To"] = reply.to
    msg["Subject"] = reply.subject
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg["Message-ID"] = reply.message_id
    msg["In-Reply-To"] = reply.in_reply_to
    if reply.references:
        msg["References"] = " ".join(reply.references)
    msg["Content-Language"] = reply.language.value
    for name, value in reply.headers.items():
        msg[name] = value
    msg.set_content(reply.text, charset="utf-8")
    return msg
