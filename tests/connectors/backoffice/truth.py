"""The sandbox's seeded truth (JSON) as the domain values the connector must read."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from madoguchi.domain.backoffice import (
    AccountState,
    Customer,
    FeeCharge,
    FeeKind,
    FeeSchedule,
    HoldType,
    KycRecord,
    KycStatus,
    NetworkNotice,
    NoticeKind,
    RejectionCategory,
    SecurityEvent,
    SecurityEventKind,
    TradingFee,
    TransferFee,
    Withdrawal,
    WithdrawalStatus,
)


def expected_customer(truth: dict[str, Any]) -> Customer:
    return Customer(
        customer_id=truth["customer_id"],
        email=truth["email"],
        name=truth["name"],
        account_state=AccountState(truth["account_state"]),
        security_hold=truth["security_hold"],
        anti_phishing_code=truth["anti_phishing_code"],
        tier=truth["tier"],
    )


def expected_kyc(truth: dict[str, Any]) -> KycRecord:
    kyc = truth["kyc"]
    return KycRecord(
        status=KycStatus(kyc["status"]),
        missing_documents=tuple(kyc["missing_documents"]),
        rejection=RejectionCategory(kyc["rejection"]) if kyc["rejection"] else None,
        submitted_at=_time(kyc["submitted_at"]),
        updated_at=_time(kyc["updated_at"]),
    )


def expected_events(truth: dict[str, Any]) -> tuple[SecurityEvent, ...]:
    """Shown to the minute, newest first."""
    return tuple(
        SecurityEvent(kind=SecurityEventKind(e["kind"]), at=_minute(e["at"]))
        for e in truth["events"]
    )


def expected_withdrawals(truth: dict[str, Any]) -> list[Withdrawal]:
    return [
        Withdrawal(
            withdrawal_id=w["withdrawal_id"],
            asset=w["asset"],
            network=w["network"],
            amount=Decimal(w["amount"]),
            fee=Decimal(w["fee"]),
            address=w["address"],
            status=WithdrawalStatus(w["status"]),
            requested_at=_minute(w["requested_at"]),
            updated_at=_time(w["updated_at"]),
            hold_type=HoldType(w["hold_type"]) if w["hold_type"] else None,
            hold_until=_time(w["hold_until"]),
            tx_hash=w["tx_hash"],
            confirmations=w["confirmations"],
            required_confirmations=w["required_confirmations"],
        )
        for w in truth["withdrawals"]
    ]


def expected_charges(truth: dict[str, Any]) -> list[FeeCharge]:
    return [
        FeeCharge(
            transaction_id=c["transaction_id"],
            kind=FeeKind(c["kind"]),
            asset=c["asset"],
            network=c["network"],
            amount=Decimal(c["amount"]),
            fee=Decimal(c["fee"]),
            fee_asset=c["fee_asset"],
            tier=c["tier"],
            charged_at=_minute(c["charged_at"]),
        )
        for c in truth["charges"]
    ]


def expected_notices(notices: list[dict[str, Any]]) -> list[NetworkNotice]:
    return [
        NetworkNotice(
            asset=n["asset"],
            network=n["network"],
            kind=NoticeKind(n["kind"]),
            starts_at=_minute(n["starts_at"]),
            ends_at=_time(n["ends_at"]),
            message=n["message"],
        )
        for n in notices
    ]


def expected_schedule(schedule: dict[str, list[dict[str, str]]]) -> FeeSchedule:
    def transfers(kind: str) -> tuple[TransferFee, ...]:
        return tuple(
            TransferFee(asset=t["asset"], network=t["network"], fee=Decimal(t["fee"]))
            for t in schedule[kind]
        )

    return FeeSchedule(
        trading=tuple(
            TradingFee(tier=t["tier"], maker_percent=Decimal(t["maker_percent"]),
                       taker_percent=Decimal(t["taker_percent"]))
            for t in schedule["trading"]
        ),
        withdrawal=transfers("withdrawal"),
        deposit=transfers("deposit"),
    )


def _minute(iso: str) -> datetime:
    return datetime.fromisoformat(iso).replace(second=0, microsecond=0)


def _time(iso: str | None) -> datetime | None:
    return _minute(iso) if iso else None
