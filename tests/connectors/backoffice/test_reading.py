"""Reading the back office through real Chromium matches the sandbox's seeded truth."""

from __future__ import annotations

from datetime import timedelta

import pytest

from madoguchi.connectors.backoffice import PlaywrightBackOffice
from tests.connectors.backoffice.truth import expected_customer, expected_kyc
from tests.support.sandbox import RunningSandbox

pytestmark = pytest.mark.services

KYC_CASES = [
    {"kyc_status": "not_submitted"},
    {"kyc_status": "in_review"},
    {"kyc_status": "documents_required"},
    {"kyc_status": "approved"},
    {"kyc_status": "rejected", "rejection": "documents"},
    {"kyc_status": "rejected", "rejection": "compliance"},
]


def test_find_customer_returns_the_customer_registered_under_the_address(
    shared_gateway: PlaywrightBackOffice, sandbox: RunningSandbox
) -> None:
    truth = sandbox.customer(kyc_status="approved", account_state="frozen")
    with shared_gateway.session() as backoffice:
        found = backoffice.find_customer(truth["email"])
    assert found == expected_customer(truth)


def test_find_customer_matches_the_address_case_insensitively(
    shared_gateway: PlaywrightBackOffice, sandbox: RunningSandbox
) -> None:
    truth = sandbox.customer(kyc_status="in_review")
    with shared_gateway.session() as backoffice:
        found = backoffice.find_customer(truth["email"].upper())
    assert found == expected_customer(truth)


def test_find_customer_returns_none_for_an_unregistered_address(
    shared_gateway: PlaywrightBackOffice,
) -> None:
    with shared_gateway.session() as backoffice:
        assert backoffice.find_customer("nobody.at.all@example.jp") is None


@pytest.mark.parametrize("case", KYC_CASES, ids=lambda case: "-".join(case.values()))
def test_read_kyc_matches_the_seeded_truth(
    shared_gateway: PlaywrightBackOffice, sandbox: RunningSandbox, case: dict[str, str]
) -> None:
    truth = sandbox.customer(**case)
    with shared_gateway.session() as backoffice:
        customer = backoffice.find_customer(truth["email"])
        assert customer is not None
        record = backoffice.read_kyc(customer)
    assert record == expected_kyc(truth)


def test_read_kyc_lists_every_missing_document_in_screen_order(
    shared_gateway: PlaywrightBackOffice, sandbox: RunningSandbox
) -> None:
    truth = next(
        c for c in sandbox.customers(kyc_status="documents_required")
        if len(c["kyc"]["missing_documents"]) == 5
    )
    with shared_gateway.session() as backoffice:
        customer = backoffice.find_customer(truth["email"])
        assert customer is not None
        record = backoffice.read_kyc(customer)
    assert record.missing_documents == (
        "id_document_front", "id_document_back", "proof_of_address", "selfie", "my_number",
    )


def test_read_kyc_works_in_a_later_session_from_the_customer_alone(
    shared_gateway: PlaywrightBackOffice, sandbox: RunningSandbox
) -> None:
    truth = sandbox.customer(kyc_status="documents_required")
    with shared_gateway.session() as backoffice:
        customer = backoffice.find_customer(truth["email"])
    assert customer is not None
    with shared_gateway.session() as backoffice:
        assert backoffice.read_kyc(customer) == expected_kyc(truth)


def test_times_are_aware_japan_time(
    shared_gateway: PlaywrightBackOffice, sandbox: RunningSandbox
) -> None:
    truth = sandbox.customer(kyc_status="approved")
    with shared_gateway.session() as backoffice:
        customer = backoffice.find_customer(truth["email"])
        assert customer is not None
        record = backoffice.read_kyc(customer)
    assert record.submitted_at is not None
    assert record.submitted_at.utcoffset() == timedelta(hours=9)
