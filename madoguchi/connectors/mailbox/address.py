"""Mailbox URLs parsed into addresses: ``imap[s]://``, ``imap+starttls://``, ``maildir:``.

An error never repeats the URL itself (it may hold a password); it names the part that
is wrong and what was expected.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from urllib.parse import SplitResult, unquote, urlsplit

from pydantic import SecretStr

from madoguchi.domain.base import Value
from madoguchi.domain.errors import ConfigurationError
from madoguchi.domain.redact import digest

EXPECTED = (
    "expected imap://USER:PASSWORD@HOST[:PORT]/FOLDER (plain), imap+starttls://... "
    "(STARTTLS), imaps://... (TLS) or maildir:///ABSOLUTE/PATH"
)


class Transport(StrEnum):
    """How the IMAP connection is protected."""

    PLAIN = "plain"
    STARTTLS = "starttls"
    TLS = "tls"


_SCHEMES = {
    "imap": (Transport.PLAIN, 143),
    "imap+starttls": (Transport.STARTTLS, 143),
    "imaps": (Transport.TLS, 993),
}


class ImapAddress(Value):
    """One folder of one IMAP account."""

    transport: Transport
    host: str
    port: int
    user: str
    password: SecretStr
    folder: str = "INBOX"

    def default_name(self) -> str:
        """A stable name that shows no credentials: the user appears as a digest only."""
        return f"imap://{self.host}:{self.port}/{self.folder}#{digest(self.user)}"


class MaildirAddress(Value):
    """A Maildir on the local disk; its root is the inbox."""

    path: Path

    def default_name(self) -> str:
        return f"maildir:{self.path}"


def parse_address(url: str) -> ImapAddress | MaildirAddress:
    """The address ``url`` names; ``ConfigurationError`` saying what is wrong otherwise."""
    try:
        parts = urlsplit(url.strip())
    except ValueError as exc:
        raise ConfigurationError(f"mailbox URL cannot be parsed ({exc}); {EXPECTED}") from None
    if parts.query or parts.fragment:
        raise ConfigurationError(f"mailbox URL takes no ?query or #fragment; {EXPECTED}")
    if parts.scheme == "maildir":
        return _maildir(parts)
    if parts.scheme in _SCHEMES:
        return _imap(parts)
    raise ConfigurationError(f"mailbox URL scheme {parts.scheme!r} is not supported; {EXPECTED}")


def _maildir(parts: SplitResult) -> MaildirAddress:
    path = unquote(parts.path)
    if parts.netloc or not path.startswith("/"):
        raise ConfigurationError(
            f"maildir URL needs an absolute path and no host (maildir:///var/mail/support); "
            f"{EXPECTED}"
        )
    return MaildirAddress(path=Path(path))


def _imap(parts: SplitResult) -> ImapAddress:
    transport, default_port = _SCHEMES[parts.scheme]
    if not parts.hostname:
        raise ConfigurationError(f"{parts.scheme} URL names no host; {EXPECTED}")
    if not parts.username or parts.password is None:
        raise ConfigurationError(f"{parts.scheme} URL needs USER:PASSWORD@; {EXPECTED}")
    try:
        port = parts.port or default_port
    except ValueError:
        raise ConfigurationError(f"{parts.scheme} URL has an invalid port; {EXPECTED}") from None
    return ImapAddress(
        transport=transport, host=parts.hostname, port=port,
        user=unquote(parts.username), password=SecretStr(unquote(parts.password)),
        folder=unquote(parts.path.lstrip("/")) or "INBOX",
    )
