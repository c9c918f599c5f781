"""Replies over SMTP, with STARTTLS or implicit TLS, telling "not sent" from "maybe sent"."""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from madoguchi.connectors.smtp.compose import to_email_message
from madoguchi.domain.errors import DeliveryInDoubt, MailRejected, SenderUnavailable
from madoguchi.domain.mail import Reply

T = TypeVar("T")


@dataclass(frozen=True)
class SmtpServer:
    """Where and how to reach the outgoing mail server."""

    host: str
    port: int
    security: str  # "plain", "starttls" or "tls"
    username: str | None = None
    password: str | None = None
    cafile: str | None = None
    timeout: float = 30.0


class SmtpSender:
    """Sends replies on one reused connection, reconnecting when it was dropped.

    Failures before the message is handed over raise ``SenderUnavailable`` (it was not
    sent) or ``MailRejected`` (a 5xx); a failure while handing it over raises
    ``DeliveryInDoubt``, because the server may have accepted it (RELIABILITY F10).
    """

    def __init__(self, server: SmtpServer) -> None:
        self.server = server
        self._smtp: smtplib.SMTP | None = None

    def send(self, reply: Reply) -> None:
        data = to_email_message(reply).as_bytes()
        smtp = self._connection()
        try:
            _before_data(lambda: _envelope(smtp, reply))
        except SenderUnavailable:
            self._drop()
            raise
        try:
            code, text = smtp.data(data)
        except smtplib.SMTPResponseException as exc:
            self._drop()
            raise _refusal(exc) from exc
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            raise DeliveryInDoubt(f"connection lost while sending: {exc}") from exc
        if code != 250:
            raise _refusal(smtplib.SMTPResponseException(code, text))

    def close(self) -> None:
        if self._smtp is not None:
            # closing a dead connection is not worth an error
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._smtp.quit()
            self._drop()

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is not None and _alive(self._smtp):
            return self._smtp
        self._drop()
        try:
            self._smtp = self._connect()
        except (smtplib.SMTPException, OSError) as exc:
            # Refusals here (530 STARTTLS required, 535 bad login) are the server's or
            # our configuration's fault, not the reply's: retry, do not reject the case.
            raise SenderUnavailable(f"cannot use the SMTP server: {exc}") from exc
        return self._smtp

    def _connect(self) -> smtplib.SMTP:
        server = self.server
        context = ssl.create_default_context(cafile=server.cafile)
        smtp: smtplib.SMTP
        if server.security == "tls":
            smtp = smtplib.SMTP_SSL(
                server.host, server.port, timeout=server.timeout, context=context
            )
        else:
            smtp = smtplib.SMTP(server.host, server.port, timeout=server.timeout)
        try:
            smtp.ehlo()
            if server.security == "starttls":
                smtp.starttls(context=context)
                smtp.ehlo()
            if server.username:
                smtp.login(server.username, server.password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

    def _drop(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(OSError):  # the socket is already gone
                self._smtp.close()
        self._smtp = None


def _envelope(smtp: smtplib.SMTP, reply: Reply) -> None:
    """RSET, MAIL FROM and RCPT TO; a refusal here means the reply was not sent.

    Only the recipient's refusal can be permanent for this reply; a refused sender
    address is a configuration problem shared by every reply.
    """
    smtp.rset()  # a half-finished earlier transaction must not leak into this one
    code, text = smtp.mail(reply.sender)
    if code != 250:
        raise SenderUnavailable(f"SMTP {code} for MAIL FROM: {text.decode(errors='replace')}")
    code, text = smtp.rcpt(reply.to)
    if code not in (250, 251):
        raise smtplib.SMTPResponseException(code, text)


def _alive(smtp: smtplib.SMTP) -> bool:
    try:
        return smtp.noop()[0] == 250
    except (smtplib.SMTPException, OSError):
        return False


def _before_data(call: Callable[[], T]) -> T:
    """Runs a step that happens before the message is handed over: failures mean not sent."""
    try:
        return call()
    except smtplib.SMTPResponseException as exc:
        raise _refusal(exc) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise SenderUnavailable(f"cannot reach the SMTP server: {exc}") from exc


def _refusal(exc: smtplib.SMTPResponseException) -> SenderUnavailable | MailRejected:
    text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else ""
    if 500 <= exc.smtp_code < 600:
        return MailRejected(f"SMTP {exc.smtp_code}: {text}")
    return SenderUnavailable(f"SMTP {exc.smtp_code}: {text}")
