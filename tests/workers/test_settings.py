"""The settings: embedded defaults, URLs checked, and errors that name the variable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from madoguchi.domain.errors import ConfigurationError
from madoguchi.workers.settings import hide_password, load_settings, settings_env


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No MADOGUCHI_* variable or .env file of the developer's leaks into these tests."""
    import os

    for name in list(os.environ):
        if name.startswith("MADOGUCHI_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def test_with_nothing_configured_everything_is_embedded_under_var() -> None:
    settings = load_settings()
    var = Path("var").resolve()
    assert settings.mailbox_urls == [f"maildir://{var}/mail"]
    assert settings.smtp == f"outbox://{var}/outbox"
    assert settings.database == f"sqlite:///{var}/madoguchi.db"
    assert settings.redis_url is None


def test_several_mailboxes_are_read_from_one_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "MADOGUCHI_MAILBOX_URL", "imap://ja:pw@mail:143/INBOX, imaps://en:pw@mail/INBOX"
    )
    assert load_settings().mailbox_urls == [
        "imap://ja:pw@mail:143/INBOX",
        "imaps://en:pw@mail/INBOX",
    ]


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("MADOGUCHI_MAILBOX_URL", "pop3://u:hunter2@mail/INBOX", "imap://user:pass@host:port"),
        ("MADOGUCHI_MAILBOX_URL", "imap:///INBOX", "without a host"),
        ("MADOGUCHI_SMTP_URL", "smtp://mail:notaport", "invalid port"),
        ("MADOGUCHI_SMTP_URL", "outbox://relative", "absolute path"),
        ("MADOGUCHI_REDIS_URL", "memcached://x", "redis://host:port/db"),
        ("MADOGUCHI_DATABASE_URL", "mysql://root@db/x", "postgresql+psycopg://"),
        ("MADOGUCHI_BACKOFFICE_URL", "ftp://bo", "http://host:port/"),
        ("MADOGUCHI_REPLY_FROM", "support", "e-mail address"),
        ("MADOGUCHI_MAX_ATTEMPTS", "many", "valid integer"),
    ],
)
def test_a_wrong_value_names_the_variable_and_what_was_expected(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigurationError) as caught:
        load_settings()
    message = str(caught.value)
    assert variable in message
    assert expected in message
    assert "hunter2" not in message


def test_an_unknown_key_in_the_env_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("MADOGUCHI_MAILBOX_URLS=imap://x/INBOX\n")
    with pytest.raises(ConfigurationError, match="MADOGUCHI_MAILBOX_URLS: unknown setting"):
        load_settings()


def test_the_env_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("MADOGUCHI_AUTHSERV_ID=mx.exchange.example\n")
    assert load_settings().authserv_id == "mx.exchange.example"


def test_a_child_environment_carries_exactly_the_settings(tmp_path: Path) -> None:
    settings = load_settings(smtp_url="smtp://mail:25", backoffice_password="s3cret")
    env = settings_env(settings, {"PATH": "/bin", "MADOGUCHI_RULES_DIR": "/elsewhere"})
    assert env["MADOGUCHI_SMTP_URL"] == "smtp://mail:25"
    assert env["MADOGUCHI_BACKOFFICE_PASSWORD"] == "s3cret"
    assert "MADOGUCHI_RULES_DIR" not in env
    assert env["PATH"] == "/bin"


def test_passwords_in_urls_are_hidden_when_shown() -> None:
    assert hide_password("imap://sup:hunter2@mail:143/INBOX") == "imap://sup:***@mail:143/INBOX"
    assert hide_password("maildir:///var/mail") == "maildir:///var/mail"


def test_the_command_explains_a_bad_setting_without_a_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "madoguchi", "settings"],
        env={"PATH": "/usr/bin:/bin", "MADOGUCHI_MAILBOX_URL": "pop3://u:hunter2@mail/"},
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )
    assert result.returncode == 2
    assert "MADOGUCHI_MAILBOX_URL: expected imap://" in result.stderr
    assert "Traceback" not in result.stderr
    assert "hunter2" not in result.stderr + result.stdout
