"""The sandbox's seeded truth (JSON) as the domain values the connector must read."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from madoguchi.domain.backoffice import (
    AccountState,
    Customer,
    KycRecord,
    KycStatus,
    RejectionCategory,
)


def expected_customer(truth: dict[str, Any]) -> Customer:
    return Customer(
        customer_id=truth["customer_id"],
        email=truth["email"],
        name=truth["name"],
        account_state=AccountState(truth["account_state"]),
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


def _time(iso: str | None) -> datetime | None:
    return datetime.fromisoformat(iso) if iso else None
