"""The records the sandbox keeps about a customer besides the account: what its screens list.

Security events, withdrawals, fee charges and network notices, as frozen dataclasses with
their JSON form for the test-only endpoints. Codes are the shared conventions' English
words (``pending_review``, ``aml``, ``trade``...); the screens show Japanese labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

EVENT_KINDS = (
    "password_change",
    "email_change",
    "two_factor_change",
    "withdrawal_address_change",
    "password_reset_sent",
)
WITHDRAWAL_STATUSES = ("pending_review", "processing", "broadcast", "completed", "held", "failed")
OPEN_STATUSES = ("pending_review", "processing", "broadcast", "held")
HOLD_TYPES = ("aml", "compliance", "new_address", "security", "travel_rule")
FEE_KINDS = ("trade", "withdrawal", "deposit")
NOTICE_KINDS = ("maintenance", "congestion")


@dataclass(frozen=True)
class SecurityEvent:
    kind: str
    at: datetime

    def as_json(self) -> dict[str, object]:
        return {"kind": self.kind, "at": self.at.isoformat()}


@dataclass(frozen=True)
class Withdrawal:
    """One withdrawal; ``address`` is stored masked, as the screen shows it."""

    withdrawal_id: str
    asset: str
    network: str
    amount: Decimal
    fee: Decimal
    address: str
    status: str
    requested_at: datetime
    updated_at: datetime
    hold_type: str | None = None
    hold_until: datetime | None = None
    tx_hash: str | None = None
    confirmations: int | None = None
    required_confirmations: int | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "withdrawal_id": self.withdrawal_id,
            "asset": self.asset,
            "network": self.network,
            "amount": str(self.amount),
            "fee": str(self.fee),
            "address": self.address,
            "status": self.status,
            "requested_at": self.requested_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "hold_type": self.hold_type,
            "hold_until": iso(self.hold_until),
            "tx_hash": self.tx_hash,
            "confirmations": self.confirmations,
            "required_confirmations": self.required_confirmations,
        }


@dataclass(frozen=True)
class FeeCharge:
    """A fee charged on one transaction; ``matches_schedule`` is the seeded truth."""

    transaction_id: str
    kind: str
    asset: str
    network: str | None
    amount: Decimal
    fee: Decimal
    fee_asset: str
    tier: str | None
    charged_at: datetime
    matches_schedule: bool = True

    def as_json(self) -> dict[str, object]:
        return {
            "transaction_id": self.transaction_id,
            "kind": self.kind,
            "asset": self.asset,
            "network": self.network,
            "amount": str(self.amount),
            "fee": str(self.fee),
            "fee_asset": self.fee_asset,
            "tier": self.tier,
            "charged_at": self.charged_at.isoformat(),
            "matches_schedule": self.matches_schedule,
        }


@dataclass(frozen=True)
class NetworkNotice:
    asset: str
    network: str
    kind: str
    starts_at: datetime
    ends_at: datetime | None
    message: str

    def as_json(self) -> dict[str, object]:
        return {
            "asset": self.asset,
            "network": self.network,
            "kind": self.kind,
            "starts_at": self.starts_at.isoformat(),
            "ends_at": iso(self.ends_at),
            "message": self.message,
        }


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None
