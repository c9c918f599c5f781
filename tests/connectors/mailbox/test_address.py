"""Mailbox URLs: what each scheme means, what a bad one says, and the names mailboxes get."""

from __future__ import annotations

from pathlib import Path

import pytest

from madoguchi.connectors.mailbox import (
    ImapAddress,
    ImapMailbox,
    MaildirAddress,
    MaildirMailbox,
    Transport,
    open_mailbox,
    parse_address,
)
from madoguchi.domain.errors import ConfigurationError


def imap(url: str) -> ImapAddress:
    address = parse_address(url)
    assert isinstance(address, ImapAddress)
    return address


@pytest.mark.parametrize(
    ("url", "transport", "port"),
    [
        ("imap://u:p@mail.example/INBOX", Transport.PLAIN, 143),
        ("imap+starttls://u:p@mail.example/INBOX", Transport.STARTTLS, 143),
        ("imaps://u:p@mail.example/INBOX", Transport.TLS, 993),
        ("imaps://u:p@mail.example:10993/INBOX", Transport.TLS, 10993),
    ],
)
def test_the_scheme_chooses_the_transport_and_default_port(
    url: str, transport: Transport, port: int
) -> None:
    address = imap(url)
    assert (address.transport, address.port, address.host) == (transport, port, "mail.example")


def test_user_password_and_folder_are_percent_decoded() -> None:
    address = imap("imap://support%40exchange.example:p%40ss%3Aw%2Fd@h/Support%20Queue")
    assert address.user == "support@exchange.example"
    assert address.password.get_secret_value() == "p@ss:w/d"
    assert address.folder == "Support Queue"


def test_the_folder_defaults_to_inbox() -> None:
    assert imap("imap://u:p@h").folder == "INBOX"
    assert imap("imap://u:p@h/").folder == "INBOX"


def test_a_nested_folder_keeps_its_server_delimiter() -> None:
    assert imap("imap://u:p@h/INBOX.support").folder == "INBOX.support"
    assert imap("imap://u:p@h/Queues/Support").folder == "Queues/Support"


def test_the_password_never_shows_in_the_address_repr() -> None:
    assert "hunter2" not in repr(imap("imap://u:hunter2@h/INBOX"))


@pytest.mark.parametrize("url", ["maildir:///var/mail/support", "maildir:/var/mail/support"])
def test_a_maildir_url_names_an_absolute_path(url: str) -> None:
    assert parse_address(url) == MaildirAddress(path=Path("/var/mail/support"))


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("pop3://u:hunter2@h/INBOX", "scheme 'pop3' is not supported"),
        ("mail.example", "scheme '' is not supported"),
        ("imap://h/INBOX", "needs USER:PASSWORD@"),
        ("imap://u@h/INBOX", "needs USER:PASSWORD@"),
        ("imap://u:hunter2@/INBOX", "names no host"),
        ("imap://u:hunter2@h:99999/INBOX", "invalid port"),
        ("imap://u:hunter2@h/INBOX?tls=1", "no ?query"),
        ("maildir://relative/path", "absolute path"),
        ("maildir:relative/path", "absolute path"),
    ],
)
def test_a_bad_url_is_a_configuration_error_saying_what_was_expected(
    url: str, says: str
) -> None:
    with pytest.raises(ConfigurationError) as error:
        parse_address(url)
    assert says in str(error.value)
    assert "imap://USER:PASSWORD@HOST" in str(error.value)
    assert "hunter2" not in str(error.value)


def test_open_mailbox_chooses_the_connector_by_scheme(tmp_path: Path) -> None:
    assert isinstance(open_mailbox("imap://u:p@127.0.0.1:1/INBOX"), ImapMailbox)
    assert isinstance(open_mailbox(f"maildir://{tmp_path}"), MaildirMailbox)


def test_the_default_imap_name_is_stable_and_shows_no_credentials() -> None:
    url = "imap://support%40exchange.example:hunter2@mail.example:143/INBOX"
    name = open_mailbox(url).name
    assert name == open_mailbox(url).name
    assert name.startswith("imap://mail.example:143/INBOX#")
    assert "support" not in name
    assert "hunter2" not in name


def test_different_users_get_different_default_names() -> None:
    first = open_mailbox("imap://alice:p@h/INBOX").name
    assert first != open_mailbox("imap://bob:p@h/INBOX").name


def test_the_default_maildir_name_is_its_path(tmp_path: Path) -> None:
    assert open_mailbox(f"maildir://{tmp_path}").name == f"maildir:{tmp_path}"


def test_a_given_name_is_kept(tmp_path: Path) -> None:
    assert open_mailbox("imap://u:p@h/INBOX", name="support-jp").name == "support-jp"
    assert open_mailbox(f"maildir://{tmp_path}", name="local").name == "local"


def test_opening_a_bad_url_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError):
        open_mailbox("imap://nobody-home")
