"""An in-memory back office for routine unit tests (the real one is tested in connectors)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from madoguchi.domain.backoffice import (
    AccountState,
    Customer,
    KycRecord,
    KycStatus,
    RejectionCategory,
)

JST = timezone(timedelta(hours=9))
NOW = datetime(2024, 7, 15, 12, 0, tzinfo=JST)


@dataclass
class FakeBackOffice:
    """Customers by registered address and their KYC records; remembers what was asked."""

    customers: dict[str, Customer] = field(default_factory=dict)
    kyc: dict[str, KycRecord] = field(default_factory=dict)
    lookups: list[str] = field(default_factory=list)

    def add(
        self,
        email: str,
        record: KycRecord,
        *,
        state: AccountState = AccountState.ACTIVE,
        registered_as: str | None = None,
    ) -> Customer:
        """Register a customer found by ``email`` (whose record says ``registered_as``)."""
        customer = Customer(
            customer_id=f"C{len(self.customers) + 1:05d}",
            email=registered_as or email,
            name="山田 太郎",
            account_state=state,
        )
        self.customers[email] = customer
        self.kyc[customer.customer_id] = record
        return customer

    def find_customer(self, email: str) -> Customer | None:
        self.lookups.append(email)
        return self.customers.get(email)

    def read_kyc(self, customer: Customer) -> KycRecord:
        return self.kyc[customer.customer_id]


def record(
    status: KycStatus,
    *,
    missing: tuple[str, ...] = (),
    rejection: RejectionCategory | None = None,
    submitted_days_ago: float | None = 3,
) -> KycRecord:
    """A KYC record as the back office would show it at ``NOW``."""
    submitted = NOW - timedelta(days=submitted_days_ago) if submitted_days_ago is not None else None
    return KycRecord(
        status=status,
        missing_documents=missing,
        rejection=rejection,
        submitted_at=submitted,
        updated_at=NOW - timedelta(days=1) if submitted else None,
    )
