"""What the back office shows about a customer, as typed values."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from madoguchi.domain.base import Value


class AccountState(StrEnum):
    ACTIVE = "active"
    LOCKED = "locked"
    FROZEN = "frozen"


class Customer(Value):
    """A customer account found in the back office by its registered e-mail address."""

    customer_id: str
    email: str
    name: str
    account_state: AccountState


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
