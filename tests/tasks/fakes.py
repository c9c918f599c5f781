"""An in-memory back office for routine unit tests (the real one is tested in connectors)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from madoguchi.domain.backoffice import (
    AccountState,
    Customer,
    FeeCharge,
    FeeKind,
    FeeSchedule,
    KycRecord,
    KycStatus,
    NetworkNotice,
    RejectionCategory,
    ResetMail,
    SecurityEvent,
    TradingFee,
    TransferFee,
    Withdrawal,
    WithdrawalQuery,
    WithdrawalStatus,
)

JST = timezone(timedelta(hours=9))
NOW = datetime(2024, 7, 15, 12, 0, tzinfo=JST)

SCHEDULE = FeeSchedule(
    trading=(
        TradingFee(tier="standard", maker_percent=Decimal("0.10"), taker_percent=Decimal("0.15")),
        TradingFee(tier="silver", maker_percent=Decimal("0.08"), taker_percent=Decimal("0.12")),
        TradingFee(tier="gold", maker_percent=Decimal("0.05"), taker_percent=Decimal("0.10")),
        TradingFee(tier="vip", maker_percent=Decimal("0"), taker_percent=Decimal("0.05")),
    ),
    withdrawal=(
        TransferFee(asset="BTC", network="BTC", fee=Decimal("0.0005")),
        TransferFee(asset="ETH", network="ETH", fee=Decimal("0.005")),
        TransferFee(asset="XRP", network="XRP", fee=Decimal("0.15")),
        TransferFee(asset="USDT", network="ERC20", fee=Decimal("10")),
        TransferFee(asset="USDT", network="TRC20", fee=Decimal("1")),
        TransferFee(asset="JPY", network="BANK", fee=Decimal("330")),
    ),
    deposit=(
        TransferFee(asset="BTC", network="BTC", fee=Decimal("0")),
        TransferFee(asset="JPY", network="BANK", fee=Decimal("0")),
        TransferFee(asset="USDT", network="TRC20", fee=Decimal("0")),
    ),
)


@dataclass
class FakeBackOffice:
    """Customers by registered address and their records; remembers what was asked.

    ``withdrawals`` filters as the port promises (every field of the query set must
    match) unless ``ignore_filters`` is set, as a broken connector might.
    ``send_password_reset`` reads "last sent" at ``now`` and sends only outside the
    window, recording each mail sent in ``resets_sent``.
    """

    customers: dict[str, Customer] = field(default_factory=dict)
    kyc: dict[str, KycRecord] = field(default_factory=dict)
    events: dict[str, tuple[SecurityEvent, ...]] = field(default_factory=dict)
    history: dict[str, list[Withdrawal]] = field(default_factory=dict)
    notices: list[NetworkNotice] = field(default_factory=list)
    schedule: FeeSchedule = SCHEDULE
    charges: dict[str, list[FeeCharge]] = field(default_factory=dict)
    last_reset: dict[str, datetime] = field(default_factory=dict)
    reset_result: ResetMail | None = None  # forced answer of send_password_reset
    now: datetime = NOW
    ignore_filters: bool = False
    lookups: list[str] = field(default_factory=list)
    queries: list[WithdrawalQuery] = field(default_factory=list)
    resets_sent: list[str] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)

    def add(
        self,
        email: str,
        record: KycRecord | None = None,
        *,
        state: AccountState = AccountState.ACTIVE,
        registered_as: str | None = None,
        security_hold: bool = False,
        anti_phishing_code: str | None = None,
        tier: str | None = "standard",
    ) -> Customer:
        """Register a customer found by ``email`` (whose record says ``registered_as``)."""
        customer = Customer(
            customer_id=f"C{len(self.customers) + 1:06d}",
            email=registered_as or email,
            name="山田 太郎",
            account_state=state,
            security_hold=security_hold,
            anti_phishing_code=anti_phishing_code,
            tier=tier,
        )
        self.customers[email] = customer
        self.kyc[customer.customer_id] = record or KycRecord(status=KycStatus.APPROVED)
        return customer

    def find_customer(self, email: str) -> Customer | None:
        self.lookups.append(email)
        self.calls.append("find_customer")
        return self.customers.get(email)

    def read_kyc(self, customer: Customer) -> KycRecord:
        self.calls.append("read_kyc")
        return self.kyc[customer.customer_id]

    def security_events(self, customer: Customer) -> tuple[SecurityEvent, ...]:
        self.calls.append("security_events")
        events = self.events.get(customer.customer_id, ())
        return tuple(sorted(events, key=lambda event: event.at, reverse=True))

    def withdrawals(self, customer: Customer, query: WithdrawalQuery) -> list[Withdrawal]:
        self.calls.append("withdrawals")
        self.queries.append(query)
        rows = self.history.get(customer.customer_id, [])
        found = rows if self.ignore_filters else [row for row in rows if _matches(query, row)]
        return sorted(found, key=lambda row: row.requested_at, reverse=True)

    def network_notices(self, asset: str) -> list[NetworkNotice]:
        self.calls.append("network_notices")
        return [notice for notice in self.notices if notice.asset == asset]

    def fee_schedule(self) -> FeeSchedule:
        self.calls.append("fee_schedule")
        return self.schedule

    def fees_charged(
        self, customer: Customer, *, transaction_id: str | None = None
    ) -> list[FeeCharge]:
        self.calls.append("fees_charged")
        rows = self.charges.get(customer.customer_id, [])
        found = [r for r in rows if transaction_id in (None, r.transaction_id)]
        return sorted(found, key=lambda row: row.charged_at, reverse=True)

    def send_password_reset(self, customer: Customer, *, not_within: timedelta) -> ResetMail:
        self.calls.append("send_password_reset")
        if self.reset_result is not None:
            return self.reset_result
        last = self.last_reset.get(customer.customer_id)
        if last is not None and self.now - last < not_within:
            return ResetMail(sent=False, last_sent_at=last)
        self.last_reset[customer.customer_id] = self.now
        self.resets_sent.append(customer.customer_id)
        return ResetMail(sent=True, last_sent_at=self.now)

    # arranging the back office's state

    def add_withdrawal(self, customer: Customer, withdrawal: Withdrawal) -> Withdrawal:
        self.history.setdefault(customer.customer_id, []).append(withdrawal)
        return withdrawal

    def add_charge(self, customer: Customer, charge: FeeCharge) -> FeeCharge:
        self.charges.setdefault(customer.customer_id, []).append(charge)
        return charge


def _matches(query: WithdrawalQuery, row: Withdrawal) -> bool:
    return (
        query.withdrawal_id in (None, row.withdrawal_id)
        and (query.tx_hash is None or (row.tx_hash or "").lower() == query.tx_hash.lower())
        and query.asset in (None, row.asset)
        and (not query.statuses or row.status in query.statuses)
        and (query.requested_from is None or row.requested_at >= query.requested_from)
        and (query.requested_until is None or row.requested_at < query.requested_until)
    )


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


BTC_HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def withdrawal(
    status: WithdrawalStatus = WithdrawalStatus.PROCESSING,
    *,
    number: int = 42,
    asset: str = "BTC",
    network: str | None = None,
    amount: str = "0.5",
    fee: str = "0.0005",
    hours_ago: float = 2,
    updated_hours_ago: float | None = 1,
    **details: object,
) -> Withdrawal:
    """A withdrawal as the back office would show it at ``NOW``; ``details`` add the rest."""
    fields: dict[str, object] = {
        "withdrawal_id": f"WD24071500{number:02d}",
        "asset": asset,
        "network": network or {"USDT": "TRC20", "JPY": "BANK"}.get(asset, asset),
        "amount": Decimal(amount),
        "fee": Decimal(fee),
        "address": "bc1q…7h3k" if asset == "BTC" else "0x12…ab9f",
        "status": status,
        "requested_at": NOW - timedelta(hours=hours_ago),
        "updated_at": None
        if updated_hours_ago is None
        else NOW - timedelta(hours=updated_hours_ago),
    }
    return Withdrawal.model_validate(fields | details)


def charge(
    kind: FeeKind = FeeKind.WITHDRAWAL,
    *,
    number: int = 7,
    asset: str = "BTC",
    network: str | None = "BTC",
    amount: str = "0.5",
    fee: str = "0.0005",
    fee_asset: str | None = None,
    tier: str | None = None,
    days_ago: float = 1,
) -> FeeCharge:
    """A fee charge as the back office would show it at ``NOW``."""
    return FeeCharge(
        transaction_id=f"TX24071400{number:02d}",
        kind=kind,
        asset=asset,
        network=network,
        amount=Decimal(amount),
        fee=Decimal(fee),
        fee_asset=fee_asset or asset,
        tier=tier,
        charged_at=NOW - timedelta(days=days_ago),
    )
