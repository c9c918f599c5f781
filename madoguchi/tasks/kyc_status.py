"""The ``kyc_status`` routine: the sender's identity-verification status, from the back office.

The customer is found by the authenticated sender address only; nothing from the mail
body is used to choose the account or put into the facts. What the customer may be
told is the status and the documents still missing; a compliance rejection, a frozen
account or a review past its SLA goes to a human instead.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from madoguchi.domain.backoffice import (
    AccountState,
    Customer,
    KycRecord,
    KycStatus,
    RejectionCategory,
)
from madoguchi.domain.outcomes import NeedsHuman, Outcome, Resolved, RoutineRequest
from madoguchi.domain.ports import BackOffice

SLA_OPTION = "review_sla_days"


def kyc_status(request: RoutineRequest, backoffice: BackOffice) -> Outcome:
    """The sender's KYC status as a ``Resolved`` outcome named after it, or ``NeedsHuman``.

    Raises only the back office's own errors (transient or permanent); every business
    refusal is a ``NeedsHuman`` value.
    """
    sla_days = _sla_days(request.options)
    if sla_days is None:
        return NeedsHuman(reason=f"the rulebook gives no valid {SLA_OPTION} for kyc_status")
    customer = _customer(request, backoffice)
    if isinstance(customer, NeedsHuman):
        return customer
    record = backoffice.read_kyc(customer)
    return _answer(record, sla_days, request.now)


def _customer(request: RoutineRequest, backoffice: BackOffice) -> Customer | NeedsHuman:
    sender = request.sender.strip().lower()
    if not sender:
        return NeedsHuman(reason="the request has no sender address")
    customer = backoffice.find_customer(sender)
    if customer is None:
        return NeedsHuman(reason="no account is registered to the sender's address")
    if customer.email.strip().lower() != sender:
        # The port promises an exact match; anything else is another person's account.
        return NeedsHuman(reason="the back office returned an account for another address")
    if customer.account_state is AccountState.FROZEN:
        facts = {"customer_id": customer.customer_id}
        return NeedsHuman(reason="the account is frozen", facts=facts)
    return customer


def _answer(record: KycRecord, sla_days: int, now: datetime) -> Outcome:
    facts = _facts(record)
    if record.status is KycStatus.REJECTED:
        return _rejected(record, facts)
    if record.status is KycStatus.IN_REVIEW:
        return _in_review(record, facts, sla_days, now)
    if record.status is KycStatus.DOCUMENTS_REQUIRED and not record.missing_documents:
        reason = "documents are required but the back office lists none"
        return NeedsHuman(reason=reason, facts=facts)
    return Resolved(outcome=record.status.value, facts=facts)


def _rejected(record: KycRecord, facts: dict[str, Any]) -> Outcome:
    if record.rejection is RejectionCategory.DOCUMENTS:
        return Resolved(outcome=record.status.value, facts=facts)
    # Compliance reasons are never disclosed to the customer, nor guessed at.
    category = record.rejection.value if record.rejection else "none"
    return NeedsHuman(
        reason=f"verification rejected (category: {category}); a human must answer",
        facts={**facts, "rejection": category},
    )


def _in_review(record: KycRecord, facts: dict[str, Any], sla_days: int, now: datetime) -> Outcome:
    if record.submitted_at is None:
        return NeedsHuman(reason="in review with no submission date", facts=facts)
    waited = _aware(now) - _aware(record.submitted_at)
    if waited > timedelta(days=sla_days):
        reason = f"review past its SLA: submitted {waited.days} days ago, SLA {sla_days} days"
        return NeedsHuman(reason=reason, facts=facts)
    return Resolved(outcome=record.status.value, facts=facts)


def _facts(record: KycRecord) -> dict[str, Any]:
    """What a reply may say, all from the back office; JSON-ready."""
    return {
        "status": record.status.value,
        "missing_documents": list(record.missing_documents),
        "submitted_at": _iso(record.submitted_at),
        "updated_at": _iso(record.updated_at),
    }


def _sla_days(options: dict[str, Any]) -> int | None:
    value = options.get(SLA_OPTION)
    # bool is an int in Python; "true" days is a rulebook mistake, not one day.
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        return None
    return value


def _aware(moment: datetime) -> datetime:
    """``moment`` with a time zone; a naive time is taken as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
