"""Fixtures of the mailbox suites: a real Dovecot (shared, or private to a test) and harnesses.

``dovecot`` is one server for the whole session; each test gets its own account on it
(``imap_user``), so tests never see each other's mail. Tests that stop or restart the
server take ``private_dovecot`` instead. Both skip on a laptop without Dovecot and fail
in CI.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.connectors.mailbox.harness import Harness, ImapHarness, MaildirHarness
from tests.support.dovecot import Dovecot

# Accounts are made when the server starts (see Dovecot._write_passwd); one per test.
ACCOUNTS = 400
_accounts = itertools.count(1)


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    with Dovecot({f"support{n}": "secret" for n in range(1, ACCOUNTS + 1)}) as server:
        yield server


@pytest.fixture
def imap_user(dovecot: Dovecot) -> str:
    """An account of the shared server no other test uses (password ``secret``)."""
    number = next(_accounts)
    assert number <= ACCOUNTS, "raise ACCOUNTS: more tests use imap_user than accounts exist"
    return f"support{number}"


@pytest.fixture
def private_dovecot() -> Iterator[Dovecot]:
    """A server of this test's own, with the account ``support``/``secret``."""
    with Dovecot({"support": "secret"}) as server:
        yield server


@pytest.fixture
def imap(dovecot: Dovecot, imap_user: str) -> ImapHarness:
    return ImapHarness(dovecot, imap_user)


@pytest.fixture
def maildir(tmp_path: Path) -> MaildirHarness:
    return MaildirHarness(tmp_path / "Maildir")


@pytest.fixture(params=[pytest.param("imap", marks=pytest.mark.services), "maildir"])
def harness(request: pytest.FixtureRequest) -> Harness:
    """Each connector in turn, around its real store."""
    chosen: Harness = request.getfixturevalue(request.param)
    return chosen
