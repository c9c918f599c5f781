"""The back office's screens as configuration: selectors and label meanings from YAML.

``load_screens()`` reads ``selectors.yaml`` beside this module (or another file, such as
``selectors-v2.yaml`` for the back office's second layout) into frozen models, so that a
changed screen is a configuration change. A bad file raises ``ConfigurationError`` naming
the file and each offending field.

Selectors are CSS as the browser's ``querySelectorAll`` understands it (tables are read
in one round trip to Chromium), evaluated inside the ``main`` frame; a list table's
``cells`` are relative to one of its ``rows``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError, field_validator

from madoguchi.domain.backoffice import (
    AccountState,
    FeeKind,
    HoldType,
    KycStatus,
    NoticeKind,
    RejectionCategory,
    SecurityEventKind,
    WithdrawalStatus,
)
from madoguchi.domain.errors import ConfigurationError

DEFAULT_SELECTORS = Path(__file__).with_name("selectors.yaml")

Selector = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Path_ = Annotated[str, StringConstraints(pattern=r"^/")]
DocumentCode = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Tier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]


class _Config(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _CustomerPath(_Config):
    path: Path_

    @field_validator("path")
    @classmethod
    def _has_placeholder(cls, path: str) -> str:
        if "{customer_id}" not in path:
            raise ValueError("must contain {customer_id}")
        return path


class Frames(_Config):
    """The frameset the operator lands on, and the frame every screen opens in."""

    path: Path_
    main: Selector


class LoginScreen(_Config):
    path: Path_
    username: Selector
    password: Selector
    submit: Selector
    error: Selector
    session_cap_text: Selector


class SearchScreen(_Config):
    path: Path_
    email: Selector
    submit: Selector
    no_result: Selector
    result_links: Selector


class Listing(_Config):
    """A list table: exactly one ``table`` or, when there is nothing to list, ``empty``."""

    table: Selector
    rows: Selector
    empty: Selector


class EventCells(_Config):
    at: Selector
    kind: Selector


class EventListing(Listing):
    cells: EventCells


class ResetSection(_Config):
    last_sent: Selector
    button: Selector
    confirm_text: Selector  # what the confirm() dialog must say before the robot accepts it
    done: Selector


class CustomerScreen(_CustomerPath):
    customer_id: Selector
    name: Selector
    email: Selector
    account_state: Selector
    security_hold: Selector
    tier: Selector
    anti_phishing_code: Selector
    kyc_status: Selector
    rejection: Selector
    missing_documents: Selector
    missing_document_items: Selector
    submitted_at: Selector
    updated_at: Selector
    events: EventListing
    reset: ResetSection


class WithdrawalFilter(_Config):
    form: Selector
    asset: Selector
    status: Selector
    date_from: Selector
    date_to: Selector
    submit: Selector


class WithdrawalCells(_Config):
    withdrawal_id: Selector
    asset: Selector
    network: Selector
    amount: Selector
    fee: Selector
    address: Selector
    status: Selector
    hold_type: Selector
    hold_until: Selector
    tx_hash: Selector
    confirmations: Selector
    requested_at: Selector
    updated_at: Selector


class WithdrawalScreen(_CustomerPath, Listing):
    filter: WithdrawalFilter
    cells: WithdrawalCells
    next_page: Selector


class NoticeCells(_Config):
    asset: Selector
    network: Selector
    kind: Selector
    starts_at: Selector
    ends_at: Selector
    message: Selector


class NoticeScreen(Listing):
    path: Path_
    cells: NoticeCells


class TradingCells(_Config):
    tier: Selector
    maker: Selector
    taker: Selector


class TransferCells(_Config):
    asset: Selector
    network: Selector
    fee: Selector


class TradingTable(_Config):
    table: Selector
    rows: Selector
    cells: TradingCells


class TransferTable(_Config):
    table: Selector
    rows: Selector
    cells: TransferCells


class FeeScheduleScreen(_Config):
    path: Path_
    trading: TradingTable
    withdrawal: TransferTable
    deposit: TransferTable


class ChargeCells(_Config):
    transaction_id: Selector
    kind: Selector
    asset: Selector
    network: Selector
    amount: Selector
    fee: Selector
    fee_asset: Selector
    tier: Selector
    charged_at: Selector


class ChargeScreen(_CustomerPath, Listing):
    cells: ChargeCells


class Values(_Config):
    """What the screens' words mean, and how they write times and numbers."""

    empty: tuple[str, ...]
    open_ended: tuple[str, ...]  # an end time not yet decided
    account_state: dict[str, AccountState]
    security_hold: dict[str, bool]
    tier: dict[str, Tier]
    kyc_status: dict[str, KycStatus]
    rejection: dict[str, RejectionCategory]
    documents: dict[str, DocumentCode]
    event_kind: dict[str, SecurityEventKind]
    withdrawal_status: dict[str, WithdrawalStatus]
    hold_type: dict[str, HoldType]
    fee_kind: dict[str, FeeKind]
    notice_kind: dict[str, NoticeKind]
    timestamp_format: str
    date_format: str
    utc_offset: Annotated[str, StringConstraints(pattern=r"^[+-]\d{2}:\d{2}$")]

    def parse_time(self, text: str) -> datetime:
        """A screen's timestamp as an aware datetime; raises ``ValueError`` if malformed."""
        return datetime.strptime(text, self.timestamp_format).replace(tzinfo=self.zone())

    def format_date(self, day: date) -> str:
        return day.strftime(self.date_format)

    def zone(self) -> timezone:
        sign = -1 if self.utc_offset.startswith("-") else 1
        hours, minutes = self.utc_offset[1:].split(":")
        return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))


def parse_decimal(text: str) -> Decimal:
    """``1,234.50000000`` or ``0.15%`` as a Decimal without the screen's padding zeros.

    ``0.00050000`` reads as ``0.0005`` and ``330`` stays ``330`` (never ``3.3E+2``), so
    replies can print the value as it is. Raises ``ValueError`` if malformed.
    """
    try:
        value = Decimal(text.replace(",", "").removesuffix("%").strip())
    except InvalidOperation:
        raise ValueError("not a number") from None
    if not value.is_finite():
        raise ValueError("not a number")
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


class Screens(_Config):
    """Every screen the robot uses, what to mask in screenshots, and the label meanings."""

    frames: Frames
    busy_text: Selector  # in the title of the "system busy" screen
    login: LoginScreen
    search: SearchScreen
    customer: CustomerScreen
    withdrawals: WithdrawalScreen
    notices: NoticeScreen
    fee_schedule: FeeScheduleScreen
    charges: ChargeScreen
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
