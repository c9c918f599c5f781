"""What the back office shows about a customer, as typed values.

Amounts are ``Decimal`` (never floats: a fee of 0.0005 BTC must stay exactly that);
times are timezone-aware.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from madoguchi.domain.base import Value


class AccountState(StrEnum):
    ACTIVE = "active"
    LOCKED = "locked"
    FROZEN = "frozen"


class Customer(Value):
    """A customer account found in the back office by its registered e-mail address.

    ``security_hold`` is the back office's flag that stops account changes (set after a
    suspected takeover); ``anti_phishing_code`` is the customer's own code that every
    genuine mail from the exchange quotes; ``tier`` names the trading-fee tier.
    """

    customer_id: str
    email: str
    name: str
    account_state: AccountState
    security_hold: bool = False
    anti_phishing_code: str | None = None
    tier: str | None = None


class SecurityEventKind(StrEnum):
    """Recent changes to how the account is reached or protected."""

    PASSWORD_CHANGE = "password_change"  # noqa: S105 -- an event name, not a secret
    EMAIL_CHANGE = "email_change"
    TWO_FACTOR_CHANGE = "two_factor_change"
    WITHDRAWAL_ADDRESS_CHANGE = "withdrawal_address_change"
    PASSWORD_RESET_SENT = "password_reset_sent"  # noqa: S105 -- an event name


class SecurityEvent(Value):
    kind: SecurityEventKind
    at: datetime


class KycStatus(StrEnum):
    """Identity verification as the back office reports it."""

    NOT_SUBMITTED = "not_submitted"
    IN_REVIEW = "in_review"
    DOCUMENTS_REQUIRED = "documents_required"
    APPROVED = "approved"
    REJECTED = "rejected"


class RejectionCategory(StrEnum):
    """Why a verification was rejected; ``compliance`` reasons are never disclosed."""

    DOCUMENTS = "documents"
    COMPLIANCE = "compliance"


class KycRecord(Value):
    """The identity-verification screen of one customer."""

    status: KycStatus
    missing_documents: tuple[str, ...] = ()
    rejection: RejectionCategory | None = None
    submitted_at: datetime | None = None
    updated_at: datetime | None = None


class WithdrawalStatus(StrEnum):
    PENDING_REVIEW = "pending_review"
    PROCESSING = "processing"
    BROADCAST = "broadcast"
    COMPLETED = "completed"
    HELD = "held"
    FAILED = "failed"


class HoldType(StrEnum):
    """Why a withdrawal is held; ``aml`` and ``compliance`` holds are never explained."""

    AML = "aml"
    COMPLIANCE = "compliance"
    NEW_ADDRESS = "new_address"  # cooling-off after a withdrawal address was added
    SECURITY = "security"  # after a password or 2FA change
    TRAVEL_RULE = "travel_rule"  # waiting for the beneficiary's information


class Withdrawal(Value):
    """One row of the withdrawal history, with its live facts."""

    withdrawal_id: str
    asset: str
    network: str
    amount: Decimal
    fee: Decimal
    address: str  # masked as the back office shows it, e.g. "bc1q…7h3k"
    status: WithdrawalStatus
    requested_at: datetime
    updated_at: datetime | None = None
    hold_type: HoldType | None = None
    hold_until: datetime | None = None
    tx_hash: str | None = None
    confirmations: int | None = None
    required_confirmations: int | None = None


class WithdrawalQuery(Value):
    """Filters for the withdrawal history; every field set must match (all when empty)."""

    withdrawal_id: str | None = None
    tx_hash: str | None = None
    asset: str | None = None
    statuses: tuple[WithdrawalStatus, ...] = ()
    requested_from: datetime | None = None
    requested_until: datetime | None = None


class NoticeKind(StrEnum):
    MAINTENANCE = "maintenance"
    CONGESTION = "congestion"


class NetworkNotice(Value):
    """A notice about an asset's network: deposits and withdrawals may be slow or stopped."""

    asset: str
    network: str
    kind: NoticeKind
    starts_at: datetime
    ends_at: datetime | None = None
    message: str = ""


class TradingFee(Value):
    tier: str
    maker_percent: Decimal
    taker_percent: Decimal


class TransferFee(Value):
    """The fixed fee for moving ``asset`` over ``network`` (withdrawal or deposit)."""

    asset: str
    network: str
    fee: Decimal


class FeeSchedule(Value):
    """The published fee schedule: trading fees by tier, transfer fees by asset and network."""

    trading: tuple[TradingFee, ...] = ()
    withdrawal: tuple[TransferFee, ...] = ()
    deposit: tuple[TransferFee, ...] = ()


class FeeKind(StrEnum):
    TRADE = "trade"
    WITHDRAWAL = "withdrawal"
    DEPOSIT = "deposit"


class FeeCharge(Value):
    """A fee actually charged on one transaction."""

    transaction_id: str
    kind: FeeKind
    asset: str
    network: str | None = None
    amount: Decimal  # the transaction's amount (for trades, its value in ``asset``)
    fee: Decimal
    fee_asset: str
    tier: str | None = None
    charged_at: datetime


class ResetMail(Value):
    """What the back office's "send password-reset mail" action did.

    ``sent`` is False when a reset mail went out within the window and none was sent
    now; ``last_sent_at`` is when the latest one went out (now, or earlier).
    """

    sent: bool
    last_sent_at: datetime | None = None

