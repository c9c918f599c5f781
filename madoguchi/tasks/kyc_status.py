"""The ``kyc_status`` routine: the sender's identity-verification status, from the back office.

The customer is found by the authenticated sender address only; nothing from the mail
body is used to choose the account or put into the facts. What the customer may be
told is the status and the documents still missing; a compliance rejection, a frozen
account or a review past its SLA goes to a human instead, with a holding draft.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from madoguchi.domain.backoffice import Customer, KycRecord, KycStatus, RejectionCategory
from madoguchi.domain.outcomes import NeedsHuman, Outcome, Resolved, RoutineRequest
from madoguchi.domain.ports import BackOffice
from madoguchi.tasks.account import start
from madoguchi.tasks.contract import RoutineContract
from madoguchi.tasks.facts import anti_phishing, aware, iso
from madoguchi.tasks.options import PositiveInt, RoutineOptions

DRAFT = "draft_hold"


class KycOptions(RoutineOptions):
    review_sla_days: PositiveInt  # an in-review case older than this goes to a human


_FACTS = frozenset(
    {"status", "missing_documents", "submitted_at", "updated_at", "anti_phishing_code"}
)
CONTRACT = RoutineContract(
    outcomes={status.value: _FACTS for status in KycStatus},
    drafts={DRAFT: frozenset({"anti_phishing_code"})},
    options=KycOptions,
)


def kyc_status(request: RoutineRequest, backoffice: BackOffice) -> Outcome:
    """The sender's KYC status as a ``Resolved`` outcome named after it, or ``NeedsHuman``.

    Raises only the back office's own errors (transient or permanent); every business
    refusal is a ``NeedsHuman`` value.
    """
    begun = start(request, backoffice, KycOptions, "kyc_status")
    if isinstance(begun, NeedsHuman):
        return begun
    record = backoffice.read_kyc(begun.customer)
    return _answer(record, begun.customer, begun.options.review_sla_days, request.now)


def _answer(record: KycRecord, customer: Customer, sla_days: int, now: datetime) -> Outcome:
    facts = {**_facts(record), **anti_phishing(customer)}
    if record.status is KycStatus.REJECTED:
        return _rejected(record, facts)
    if record.status is KycStatus.IN_REVIEW:
        return _in_review(record, facts, sla_days, now)
    if record.status is KycStatus.DOCUMENTS_REQUIRED and not record.missing_documents:
        return _human("documents are required but the back office lists none", facts)
    return Resolved(outcome=record.status.value, facts=facts)


def _rejected(record: KycRecord, facts: dict[str, Any]) -> Outcome:
    if record.rejection is RejectionCategory.DOCUMENTS:
        return Resolved(outcome=record.status.value, facts=facts)
    # Compliance reasons are never disclosed to the customer, nor guessed at.
    category = record.rejection.value if record.rejection else "none"
    reason = f"verification rejected (category: {category}); a human must answer"
    return _human(reason, {**facts, "rejection": category})


def _in_review(record: KycRecord, facts: dict[str, Any], sla_days: int, now: datetime) -> Outcome:
    if record.submitted_at is None:
        return _human("in review with no submission date", facts)
    waited = aware(now) - aware(record.submitted_at)
    if waited > timedelta(days=sla_days):
        reason = f"review past its SLA: submitted {waited.days} days ago, SLA {sla_days} days"
        return _human(reason, facts)
    return Resolved(outcome=record.status.value, facts=facts)


def _human(reason: str, facts: dict[str, Any]) -> NeedsHuman:
    return NeedsHuman(reason=reason, facts=facts, draft=DRAFT)


def _facts(record: KycRecord) -> dict[str, Any]:
    """What a reply may say, all from the back office; JSON-ready."""
    return {
        "status": record.status.value,
        "missing_documents": list(record.missing_documents),
        "submitted_at": iso(record.submitted_at),
        "updated_at": iso(record.updated_at),
    }
