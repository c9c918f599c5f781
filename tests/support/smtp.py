"""A real SMTP server for tests (aiosmtpd), recording what it receives, with fault knobs."""

from __future__ import annotations

import email
import threading
import time
from dataclasses import dataclass, field
from email.message import Message
from email.policy import default
from typing import Any

from aiosmtpd.controller import Controller

from tests.support.services import free_port


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes
    at: float = field(default_factory=time.time)  # when the server took it

    @property
    def message(self) -> Message:
        return email.message_from_bytes(self.data, policy=default)


@dataclass
class SmtpSink:
    """Accepts mail and keeps it; ``fail_next`` makes the next DATA end in a fault.

    Faults: ``"drop"`` closes the connection after the message was received but before
    the 250 (the server has it; the client cannot know), ``"451"`` and ``"554"`` answer
    with that code.
    """

    received: list[Received] = field(default_factory=list)
    fail_next: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        fault = self.fail_next.pop(0) if self.fail_next else None
        if fault == "451":
            return "451 4.3.0 try again later"
        if fault == "554":
            return "554 5.7.1 rejected"
        with self.lock:
            self.received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content))
            )
        if fault == "drop":
            server.transport.close()
        return "250 2.0.0 OK"

    def by_in_reply_to(self, message_id: str) -> list[Received]:
        with self.lock:
            return [r for r in self.received if r.message["In-Reply-To"] == message_id]


class SmtpServerFixture:
    """An aiosmtpd server on 127.0.0.1 and a free port."""

    def __init__(self, **controller_args: Any) -> None:
        self.sink = SmtpSink()
        self.port = free_port()
        # Without hostname= aiosmtpd listens on ::1 only (ENVIRONMENT.md).
        self.controller = Controller(
            self.sink, hostname="127.0.0.1", port=self.port, **controller_args
        )

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def __enter__(self) -> SmtpServerFixture:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()
