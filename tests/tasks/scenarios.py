"""Back-office states that lead each routine to each of its outcomes and drafts.

Template tests run the routine itself on these states and render the reply from its own
facts, so a template and its routine cannot drift apart unnoticed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from madoguchi.domain.backoffice import (
    Customer,
    FeeKind,
    HoldType,
    KycStatus,
    NetworkNotice,
    NoticeKind,
    RejectionCategory,
    WithdrawalStatus,
)
from madoguchi.domain.mail import Language
from madoguchi.domain.outcomes import Outcome, Resolved, RoutineRequest
from madoguchi.rules import Rulebook
from madoguchi.tasks import ROUTINES, render
from tests.tasks.fakes import BTC_HASH, NOW, FakeBackOffice, charge, record, withdrawal

SENDER = "taro@example.jp"
CODE = "SAKURA-7"
DOCUMENTS = ("id_document_front", "id_document_back", "proof_of_address", "selfie", "my_number")

Arrange = Callable[[FakeBackOffice, Customer], object]


@dataclass(frozen=True)
class Scenario:
    """A state of the sender's account in which ``routine`` answers ``name``."""

    routine: str
    name: str  # the outcome, or the draft of a NeedsHuman
    arrange: Arrange = lambda backoffice, customer: None
    entities: dict[str, tuple[str, ...]] = field(default_factory=dict)
    registered: bool = True
    account: dict[str, Any] = field(default_factory=dict)
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.routine}/{self.name}" + (f"-{self.label}" if self.label else "")

    def backoffice(self, *, code: str | None = CODE) -> FakeBackOffice:
        backoffice = FakeBackOffice()
        if self.registered:
            kyc = self.account.get("kyc")
            details = {k: v for k, v in self.account.items() if k != "kyc"}
            customer = backoffice.add(SENDER, kyc, anti_phishing_code=code, **details)
            self.arrange(backoffice, customer)
        return backoffice

    def run(self, rulebook: Rulebook, language: str, *, code: str | None = CODE) -> Outcome:
        request = RoutineRequest(
            case_id=1,
            sender=SENDER,
            language=Language(language),
            now=NOW,
            entities=self.entities,
            options=rulebook.routine_options(self.routine),
        )
        return ROUTINES[self.routine](request, self.backoffice(code=code))

    def reply(self, rulebook: Rulebook, language: str, *, code: str | None = CODE) -> str:
        """The rendered reply (or draft), after checking the routine answered ``name``."""
        outcome = self.run(rulebook, language, code=code)
        assert template_name(outcome) == self.name, (self.id, outcome)
        source = rulebook.template(self.routine, self.name, language)
        assert source is not None, (self.id, language)
        return render(source, {**outcome.facts, **rulebook.template_globals(language)})


def template_name(outcome: Outcome) -> str | None:
    return outcome.outcome if isinstance(outcome, Resolved) else outcome.draft


def _notices(backoffice: FakeBackOffice, asset: str = "BTC", network: str = "BTC") -> None:
    backoffice.notices = [
        NetworkNotice(asset=asset, network=network, kind=NoticeKind.CONGESTION,
                      starts_at=NOW - timedelta(hours=3)),
        NetworkNotice(asset=asset, network=network, kind=NoticeKind.MAINTENANCE,
                      starts_at=NOW + timedelta(days=1),
                      ends_at=NOW + timedelta(days=1, hours=2)),
    ]  # fmt: skip


def _withdrawal(status: WithdrawalStatus, **details: Any) -> Arrange:
    def arrange(backoffice: FakeBackOffice, customer: Customer) -> None:
        backoffice.add_withdrawal(customer, withdrawal(status, **details))
        _notices(backoffice, details.get("asset", "BTC"), details.get("network", "BTC"))

    return arrange


def _withdrawals(*rows: dict[str, Any]) -> Arrange:
    def arrange(backoffice: FakeBackOffice, customer: Customer) -> None:
        for row in rows:
            backoffice.add_withdrawal(customer, withdrawal(**row))

    return arrange


def _charge(**details: Any) -> Arrange:
    def arrange(backoffice: FakeBackOffice, customer: Customer) -> None:
        backoffice.add_charge(customer, charge(**details))

    return arrange


def _reset_sent_minutes_ago(minutes: int) -> Arrange:
    def arrange(backoffice: FakeBackOffice, customer: Customer) -> None:
        backoffice.last_reset[customer.customer_id] = NOW - timedelta(minutes=minutes)

    return arrange


ONE = {"withdrawal_id": ("WD2407150042",)}
HELD = WithdrawalStatus.HELD
SCENARIOS = [
    # password_reset
    Scenario("password_reset", "sent", label="registered"),
    Scenario("password_reset", "sent", registered=False, label="no-account"),
    Scenario("password_reset", "already_sent", _reset_sent_minutes_ago(5)),
    Scenario("password_reset", "draft_hold", account={"security_hold": True}),
    # kyc_status
    Scenario("kyc_status", "not_submitted",
             account={"kyc": record(KycStatus.NOT_SUBMITTED, submitted_days_ago=None)}),
    Scenario("kyc_status", "in_review", account={"kyc": record(KycStatus.IN_REVIEW)}),
    Scenario("kyc_status", "documents_required",
             account={"kyc": record(KycStatus.DOCUMENTS_REQUIRED, missing=DOCUMENTS)}),
    Scenario("kyc_status", "approved", account={"kyc": record(KycStatus.APPROVED)}),
    Scenario("kyc_status", "rejected", account={
        "kyc": record(KycStatus.REJECTED, rejection=RejectionCategory.DOCUMENTS)}),
    Scenario("kyc_status", "draft_hold", account={
        "kyc": record(KycStatus.REJECTED, rejection=RejectionCategory.COMPLIANCE)}),
    # withdrawal_delay
    Scenario("withdrawal_delay", "pending_review", _withdrawal(WithdrawalStatus.PENDING_REVIEW)),
    Scenario("withdrawal_delay", "processing", _withdrawal(WithdrawalStatus.PROCESSING)),
    Scenario("withdrawal_delay", "processing",
             _withdrawal(WithdrawalStatus.PROCESSING, asset="JPY", amount="100000", fee="330"),
             label="bank"),
    Scenario("withdrawal_delay", "broadcast", _withdrawal(
        WithdrawalStatus.BROADCAST, tx_hash=BTC_HASH, confirmations=1, required_confirmations=3)),
    Scenario("withdrawal_delay", "completed", _withdrawal(
        WithdrawalStatus.COMPLETED, tx_hash=BTC_HASH, confirmations=3, required_confirmations=3),
             entities=ONE),
    Scenario("withdrawal_delay", "completed", _withdrawal(
        WithdrawalStatus.COMPLETED, asset="JPY", amount="100000", fee="330"),
             entities=ONE, label="bank"),
    Scenario("withdrawal_delay", "held", _withdrawal(
        HELD, hold_type=HoldType.NEW_ADDRESS, hold_until=NOW + timedelta(hours=20)),
             label="new-address"),
    Scenario("withdrawal_delay", "held", _withdrawal(
        HELD, hold_type=HoldType.SECURITY, hold_until=NOW + timedelta(hours=20)),
             label="security"),
    Scenario("withdrawal_delay", "held", _withdrawal(
        HELD, asset="USDT", network="TRC20", amount="100", fee="1",
        hold_type=HoldType.TRAVEL_RULE), label="travel-rule"),
    Scenario("withdrawal_delay", "draft_hold", _withdrawal(HELD, hold_type=HoldType.AML)),
    Scenario("withdrawal_delay", "draft_which_withdrawal", _withdrawals(
        {"number": 1}, {"number": 2, "asset": "JPY", "amount": "100000", "fee": "330"})),
    Scenario("withdrawal_delay", "draft_not_found"),
    # fee_explanation
    Scenario("fee_explanation", "withdrawal_fee", _charge()),
    Scenario("fee_explanation", "withdrawal_fee",
             _charge(asset="JPY", network="BANK", amount="100000", fee="330"), label="bank"),
    Scenario("fee_explanation", "deposit_fee", _charge(
        kind=FeeKind.DEPOSIT, asset="JPY", network="BANK", amount="100000", fee="0")),
    Scenario("fee_explanation", "trade_fee", _charge(
        kind=FeeKind.TRADE, asset="JPY", network=None, amount="123456", fee="185"),
             label="taker-rounded"),
    Scenario("fee_explanation", "trade_fee", _charge(
        kind=FeeKind.TRADE, network=None, amount="0.5", fee="0.0005"), label="maker"),
    Scenario("fee_explanation", "trade_fee", _charge(
        kind=FeeKind.TRADE, network=None, amount="0.00001", fee="0.00000001"),
             account={"tier": "gold"}, label="maker-or-taker"),
    Scenario("fee_explanation", "draft_hold", _charge(fee="0.001")),
    Scenario("fee_explanation", "draft_not_found"),
]  # fmt: skip


def scenarios(routine: str | None = None) -> list[Scenario]:
    return [s for s in SCENARIOS if routine in (None, s.routine)]
