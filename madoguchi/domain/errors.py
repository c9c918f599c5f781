"""The error tree every layer above the connectors speaks.

Connectors catch their library's exceptions (imaplib, smtplib, Playwright, SQLAlchemy)
at the boundary and raise one of these instead; nothing above ``connectors/`` ever
catches a foreign exception. What to do about an error is carried by its type:

    MadoguchiError
    ├── ConfigurationError        a setting or the rulebook is wrong: refuse to start
    ├── TransientError            try again later, with backoff and a bounded budget
    │   ├── MailboxUnavailable    IMAP connection refused, dropped, BYE, timeout
    │   ├── SenderUnavailable     SMTP connection refused, dropped, 4xx: not sent
    │   │   └── DeliveryInDoubt   dropped after the message was handed over: maybe sent
    │   ├── BackOfficeBusy        "system busy" screen, timeout, HTTP 5xx
    │   ├── BackOfficeDown        the circuit breaker is open
    │   └── StoreUnavailable      the database cannot be reached
    ├── PermanentError            retrying cannot help: escalate to a human
    │   ├── MailRejected          SMTP 5xx for a reply
    │   ├── UnexpectedPage        a back-office screen is not what the robot expects
    │   ├── MalformedMail         a message that cannot be parsed within the limits
    │   └── CaseNotFound          no case has this id
    └── LeaseLost                 another worker holds the case now: stop quietly

Business refusals ("this account is frozen") are not errors: routines return
``NeedsHuman`` values for those.
"""

from __future__ import annotations

from datetime import datetime


class MadoguchiError(Exception):
    """Root of every error madoguchi raises on purpose."""


class ConfigurationError(MadoguchiError):
    """A setting, a rulebook or a selector file is invalid; the process must not start."""


class TransientError(MadoguchiError):
    """The operation may succeed if tried again later."""


class MailboxUnavailable(TransientError):
    """The mailbox server refused, dropped or timed out the connection."""


class SenderUnavailable(TransientError):
    """The outgoing mail server could not take the message now."""


class DeliveryInDoubt(SenderUnavailable):
    """The connection failed after the message was handed over: it may have gone out."""


class BackOfficeBusy(TransientError):
    """The back office answered with a busy screen, a timeout or a server error."""


class BackOfficeDown(TransientError):
    """The back office is considered down (circuit breaker open); no attempt was made.

    ``since`` is when the circuit opened.
    """

    def __init__(self, message: str, *, since: datetime) -> None:
        super().__init__(message)
        self.since = since


class StoreUnavailable(TransientError):
    """The case store cannot be reached."""


class PermanentError(MadoguchiError):
    """Trying again cannot help; the case needs a human."""


class MailRejected(PermanentError):
    """The outgoing mail server refused the reply for good."""


class UnexpectedPage(PermanentError):
    """A back-office screen does not look like the robot expects.

    ``screenshot`` holds a PNG of the page when one could be taken.
    """

    def __init__(self, message: str, *, screenshot: bytes | None = None) -> None:
        super().__init__(message)
        self.screenshot = screenshot


class MalformedMail(PermanentError):
    """A message could not be parsed within the size and time limits."""


class LeaseLost(MadoguchiError):
    """The case's lease expired or was taken by another worker (fencing token mismatch)."""


class CaseNotFound(PermanentError):
    """No case has the given id (a crafted or stale job)."""
