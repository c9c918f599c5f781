"""The kyc_status routine: the sender's own verification status, or a reason for a human."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from madoguchi.domain.backoffice import AccountState, KycStatus, RejectionCategory
from madoguchi.domain.mail import Language
from madoguchi.domain.outcomes import NeedsHuman, Resolved, RoutineRequest
from madoguchi.tasks.kyc_status import kyc_status
from tests.tasks.fakes import NOW, FakeBackOffice, record

SENDER = "taro@example.jp"


def request(**changes: Any) -> RoutineRequest:
    fields: dict[str, Any] = {
        "case_id": 1,
        "sender": SENDER,
        "language": Language.JA,
        "now": NOW,
        "options": {"review_sla_days": 14},
    }
    return RoutineRequest(**(fields | changes))


def backoffice_with(status: KycStatus, **details: Any) -> FakeBackOffice:
    backoffice = FakeBackOffice()
    backoffice.add(SENDER, record(status, **details))
    return backoffice


@pytest.mark.parametrize(
    ("status", "details"),
    [
        (KycStatus.NOT_SUBMITTED, {"submitted_days_ago": None}),
        (KycStatus.IN_REVIEW, {"submitted_days_ago": 3}),
        (KycStatus.DOCUMENTS_REQUIRED, {"missing": ("selfie",)}),
        (KycStatus.APPROVED, {}),
        (KycStatus.REJECTED, {"rejection": RejectionCategory.DOCUMENTS}),
    ],
)
def test_each_answerable_status_resolves_with_its_own_outcome(
    status: KycStatus, details: dict[str, Any]
) -> None:
    outcome = kyc_status(request(), backoffice_with(status, **details))

    assert isinstance(outcome, Resolved)
    assert outcome.outcome == status.value
    assert outcome.facts["status"] == status.value
    assert not outcome.account_action


def test_facts_are_the_back_offices_values_as_json_ready_strings() -> None:
    backoffice = backoffice_with(
        KycStatus.DOCUMENTS_REQUIRED, missing=("id_document_back", "selfie"), submitted_days_ago=2
    )

    outcome = kyc_status(request(), backoffice)

    assert outcome.facts == {
        "status": "documents_required",
        "missing_documents": ["id_document_back", "selfie"],
        "submitted_at": "2024-07-13T12:00:00+09:00",
        "updated_at": "2024-07-14T12:00:00+09:00",
        "anti_phishing_code": None,
    }


def test_facts_carry_the_customers_anti_phishing_code() -> None:
    backoffice = FakeBackOffice()
    backoffice.add(SENDER, record(KycStatus.APPROVED), anti_phishing_code="SAKURA-7")

    outcome = kyc_status(request(), backoffice)

    assert outcome.facts["anti_phishing_code"] == "SAKURA-7"


def test_absent_dates_are_none() -> None:
    backoffice = backoffice_with(KycStatus.NOT_SUBMITTED, submitted_days_ago=None)

    outcome = kyc_status(request(), backoffice)

    assert (outcome.facts["submitted_at"], outcome.facts["updated_at"]) == (None, None)


def test_the_account_is_found_by_the_sender_only_never_by_mail_entities() -> None:
    backoffice = backoffice_with(KycStatus.APPROVED)
    backoffice.add("victim@example.jp", record(KycStatus.REJECTED))
    hints = {"email": ("victim@example.jp",), "customer_id": ("C000002",)}

    outcome = kyc_status(request(entities=hints), backoffice)

    assert backoffice.lookups == [SENDER]
    assert isinstance(outcome, Resolved)
    assert outcome.outcome == "approved"


def test_an_unknown_sender_needs_a_human() -> None:
    outcome = kyc_status(request(sender="stranger@example.jp"), backoffice_with(KycStatus.APPROVED))

    assert outcome == NeedsHuman(reason="no account is registered to the sender's address")


def test_an_account_for_another_address_needs_a_human() -> None:
    backoffice = FakeBackOffice()
    backoffice.add(SENDER, record(KycStatus.APPROVED), registered_as="someone@else.example")

    outcome = kyc_status(request(), backoffice)

    assert isinstance(outcome, NeedsHuman)
    assert "another address" in outcome.reason


def test_a_frozen_account_needs_a_human() -> None:
    backoffice = FakeBackOffice()
    backoffice.add(SENDER, record(KycStatus.APPROVED), state=AccountState.FROZEN)

    outcome = kyc_status(request(), backoffice)

    assert isinstance(outcome, NeedsHuman)
    assert outcome.reason == "the account is frozen"


def test_a_locked_account_is_still_told_its_kyc_status() -> None:
    backoffice = FakeBackOffice()
    backoffice.add(SENDER, record(KycStatus.APPROVED), state=AccountState.LOCKED)

    assert isinstance(kyc_status(request(), backoffice), Resolved)


def test_a_compliance_rejection_needs_a_human_and_is_never_explained() -> None:
    backoffice = backoffice_with(KycStatus.REJECTED, rejection=RejectionCategory.COMPLIANCE)

    outcome = kyc_status(request(), backoffice)

    assert isinstance(outcome, NeedsHuman)
    assert "compliance" in outcome.reason
    assert outcome.facts["rejection"] == "compliance"


def test_a_rejection_without_a_category_needs_a_human() -> None:
    outcome = kyc_status(request(), backoffice_with(KycStatus.REJECTED, rejection=None))

    assert isinstance(outcome, NeedsHuman)


def test_a_review_past_its_sla_needs_a_human() -> None:
    outcome = kyc_status(request(), backoffice_with(KycStatus.IN_REVIEW, submitted_days_ago=15))

    assert outcome == NeedsHuman(
        reason="review past its SLA: submitted 15 days ago, SLA 14 days",
        facts=outcome.facts,
        draft="draft_hold",
    )
    assert outcome.facts["status"] == "in_review"


@pytest.mark.parametrize(
    ("status", "details"),
    [
        (KycStatus.IN_REVIEW, {"submitted_days_ago": 15}),
        (KycStatus.REJECTED, {"rejection": RejectionCategory.COMPLIANCE}),
        (KycStatus.DOCUMENTS_REQUIRED, {"missing": ()}),
    ],
)
def test_a_human_answer_about_a_known_customer_comes_with_a_holding_draft(
    status: KycStatus, details: dict[str, Any]
) -> None:
    outcome = kyc_status(request(), backoffice_with(status, **details))

    assert isinstance(outcome, NeedsHuman)
    assert outcome.draft == "draft_hold"
    assert "anti_phishing_code" in outcome.facts


def test_a_review_just_within_its_sla_is_answered() -> None:
    outcome = kyc_status(request(), backoffice_with(KycStatus.IN_REVIEW, submitted_days_ago=13.9))

    assert isinstance(outcome, Resolved)


def test_the_sla_comes_from_the_rulebook_options() -> None:
    backoffice = backoffice_with(KycStatus.IN_REVIEW, submitted_days_ago=5)

    outcome = kyc_status(request(options={"review_sla_days": 3}), backoffice)

    assert isinstance(outcome, NeedsHuman)


def test_naive_times_are_taken_as_utc() -> None:
    naive_now = datetime(2024, 7, 15, 3, 0)  # the same moment as NOW, without its zone
    backoffice = backoffice_with(KycStatus.IN_REVIEW, submitted_days_ago=3)

    assert isinstance(kyc_status(request(now=naive_now), backoffice), Resolved)


def test_a_review_without_a_submission_date_needs_a_human() -> None:
    outcome = kyc_status(request(), backoffice_with(KycStatus.IN_REVIEW, submitted_days_ago=None))

    assert isinstance(outcome, NeedsHuman)


def test_documents_required_without_documents_needs_a_human() -> None:
    outcome = kyc_status(request(), backoffice_with(KycStatus.DOCUMENTS_REQUIRED, missing=()))

    assert isinstance(outcome, NeedsHuman)


@pytest.mark.parametrize("sla", [None, 0, -3, "14", True, 1.5])
def test_an_invalid_sla_option_needs_a_human(sla: object) -> None:
    options = {} if sla is None else {"review_sla_days": sla}

    outcome = kyc_status(request(options=options), backoffice_with(KycStatus.APPROVED))

    assert isinstance(outcome, NeedsHuman)
    assert "review_sla_days" in outcome.reason
    assert outcome.draft is None


def test_an_unknown_option_needs_a_human() -> None:
    options = {"review_sla_days": 14, "review_sla_day": 3}

    outcome = kyc_status(request(options=options), backoffice_with(KycStatus.APPROVED))

    assert isinstance(outcome, NeedsHuman)
    assert "review_sla_day: unknown option" in outcome.reason


def test_an_empty_sender_needs_a_human_without_a_lookup() -> None:
    backoffice = backoffice_with(KycStatus.APPROVED)

    outcome = kyc_status(request(sender=""), backoffice)

    assert isinstance(outcome, NeedsHuman)
    assert backoffice.lookups == []
