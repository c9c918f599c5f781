"""The back office's screens as configuration: selectors and label meanings from YAML.

``load_screens()`` reads ``selectors.yaml`` beside this module (or another file) into
frozen models, so that a changed screen is a configuration change. A bad file raises
``ConfigurationError`` naming the file and each offending field.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError, field_validator

from madoguchi.domain.backoffice import AccountState, KycStatus, RejectionCategory
from madoguchi.domain.errors import ConfigurationError

DEFAULT_SELECTORS = Path(__file__).with_name("selectors.yaml")

Selector = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Path_ = Annotated[str, StringConstraints(pattern=r"^/")]
DocumentCode = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]


class _Config(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LoginScreen(_Config):
    path: Path_
    username: Selector
    password: Selector
    submit: Selector
    landed: Selector
    error: Selector
    session_cap_text: Selector


class SearchScreen(_Config):
    path: Path_
    email: Selector
    submit: Selector
    no_result: Selector
    result_links: Selector


class CustomerScreen(_Config):
    path: Path_
    customer_id: Selector
    name: Selector
    email: Selector
    account_state: Selector
    kyc_status: Selector
    rejection: Selector
    missing_documents: Selector
    missing_document_items: Selector
    submitted_at: Selector
    updated_at: Selector

    @field_validator("path")
    @classmethod
    def _has_placeholder(cls, path: str) -> str:
        if "{customer_id}" not in path:
            raise ValueError("must contain {customer_id}")
        return path


class Values(_Config):
    """What the screens' words mean, and how they write times."""

    empty: tuple[str, ...]
    account_state: dict[str, AccountState]
    kyc_status: dict[str, KycStatus]
    rejection: dict[str, RejectionCategory]
    documents: dict[str, DocumentCode]
    timestamp_format: str
    utc_offset: Annotated[str, StringConstraints(pattern=r"^[+-]\d{2}:\d{2}$")]

    def parse_time(self, text: str) -> datetime:
        """A screen's timestamp as an aware datetime; raises ``ValueError`` if malformed."""
        return datetime.strptime(text, self.timestamp_format).replace(tzinfo=self._zone())

    def _zone(self) -> timezone:
        sign = -1 if self.utc_offset.startswith("-") else 1
        hours, minutes = self.utc_offset[1:].split(":")
        return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))


class Screens(_Config):
    """Every screen the robot uses, what to mask in screenshots, and the label meanings."""

    login: LoginScreen
    search: SearchScreen
    customer: CustomerScreen
    personal_data: tuple[Selector, ...]
    values: Values


def load_screens(path: Path | None = None) -> Screens:
    """The screens described by ``path`` (default: the shipped ``selectors.yaml``)."""
    path = path or DEFAULT_SELECTORS
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ConfigurationError(f"{path}: cannot read selectors: {error}") from error
    try:
        return Screens.model_validate(data)
    except ValidationError as error:
        raise ConfigurationError(_describe(path, error)) from error


def _describe(path: Path, error: ValidationError) -> str:
    """One line per problem: ``file: dotted.field: message``."""
    lines = [
        f"{path}: {'.'.join(str(part) for part in problem['loc']) or '(top)'}: {problem['msg']}"
        for problem in error.errors()
    ]
    return "\n".join(lines)
