"""The mailbox connectors: IMAP (imapclient) and Maildir, chosen by URL through ``open_mailbox``."""

from __future__ import annotations

from madoguchi.connectors.mailbox.address import (
    ImapAddress,
    MaildirAddress,
    Transport,
    parse_address,
)
from madoguchi.connectors.mailbox.imap import ImapMailbox
from madoguchi.connectors.mailbox.imap_watch import IDLE_RENEW, ImapWatch
from madoguchi.connectors.mailbox.maildir import MaildirMailbox, MaildirWatch
from madoguchi.domain.ports import Mailbox

__all__ = [
    "ImapAddress",
    "ImapMailbox",
    "ImapWatch",
    "MaildirAddress",
    "MaildirMailbox",
    "MaildirWatch",
    "Transport",
    "open_mailbox",
    "parse_address",
]


def open_mailbox(
    url: str, *, name: str | None = None, timeout: float = 30.0, idle_renew: float = IDLE_RENEW
) -> Mailbox:
    """The mailbox ``url`` names; an IMAP connection is made only at the first call.

    ``imap://USER:PASSWORD@HOST[:PORT]/FOLDER`` (plain), ``imap+starttls://`` (STARTTLS,
    certificate verified), ``imaps://`` (TLS, verified), ``maildir:///ABSOLUTE/PATH``.
    User, password and folder are percent-decoded. ``name`` defaults to a stable string
    without credentials (``imap://HOST:PORT/FOLDER#<user digest>``, ``maildir:/PATH``).
    ``timeout`` is the IMAP socket timeout in seconds; ``idle_renew`` how often a watch
    renews IDLE. A malformed URL raises ``ConfigurationError`` saying what was expected.
    """
    address = parse_address(url)
    if isinstance(address, MaildirAddress):
        return MaildirMailbox(address.path, name=name)
    return ImapMailbox(address, name=name, timeout=timeout, idle_renew=idle_renew)
