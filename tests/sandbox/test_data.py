"""The seeded customers: deterministic, varied, and covering every KYC case."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta

from madoguchi.sandbox.data import (
    DOCUMENTS,
    KYC_STATUSES,
    find_customers,
    generate_customers,
    normalise_email,
)

TODAY = date(2026, 11, 30)


def test_the_same_seed_gives_the_same_customers() -> None:
    assert generate_customers(7, today=TODAY) == generate_customers(7, today=TODAY)


def test_another_seed_gives_other_customers() -> None:
    first, second = generate_customers(7, today=TODAY), generate_customers(8, today=TODAY)
    assert [c.email for c in first] != [c.email for c in second]


def test_today_moves_the_timestamps_but_not_the_people() -> None:
    before = generate_customers(7, today=TODAY)
    after = generate_customers(7, today=TODAY + timedelta(days=10))
    assert [(c.email, c.kyc.status) for c in before] == [(c.email, c.kyc.status) for c in after]
    moved = [
        (a.kyc.submitted_at - b.kyc.submitted_at).days
        for a, b in zip(after, before, strict=True)
        if a.kyc.submitted_at and b.kyc.submitted_at
    ]
    assert set(moved) == {10}


def test_about_a_thousand_customers_with_sequential_ids() -> None:
    customers = generate_customers(7, today=TODAY)
    assert len(customers) == 1000
    assert [c.customer_id for c in customers[:3]] == ["C000001", "C000002", "C000003"]


def test_addresses_are_unique_and_stored_normalised() -> None:
    emails = [c.email for c in generate_customers(7, today=TODAY)]
    assert len(set(emails)) == len(emails)
    assert all(email == normalise_email(email) for email in emails)


def test_names_are_japanese_and_english() -> None:
    names = [c.name for c in generate_customers(7, today=TODAY)]
    japanese = [name for name in names if not name.isascii()]
    assert 300 < len(japanese) < 700
    assert all(re.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+", n) for n in names if n.isascii())


def test_every_kyc_status_is_held_by_several_customers() -> None:
    counts = Counter(c.kyc.status for c in generate_customers(7, today=TODAY))
    assert set(counts) == set(KYC_STATUSES)
    assert min(counts.values()) >= 3


def test_both_rejection_categories_are_held_by_several_customers() -> None:
    customers = generate_customers(7, today=TODAY)
    for rejection in ("documents", "compliance"):
        assert len(find_customers(customers, kyc_status="rejected", rejection=rejection)) >= 3


def test_every_missing_document_combination_is_held_by_several_customers() -> None:
    required = find_customers(generate_customers(7, today=TODAY), kyc_status="documents_required")
    combinations = Counter(c.kyc.missing_documents for c in required)
    assert len(combinations) == 2 ** len(DOCUMENTS) - 1
    assert min(combinations.values()) >= 3


def test_every_account_state_is_represented() -> None:
    counts = Counter(c.account_state for c in generate_customers(7, today=TODAY))
    assert set(counts) == {"active", "locked", "frozen"}
    assert min(counts.values()) >= 3


def test_only_documents_required_lists_missing_documents() -> None:
    customers = generate_customers(7, today=TODAY)
    listing = {c.kyc.status for c in customers if c.kyc.missing_documents}
    assert listing == {"documents_required"}


def test_not_submitted_has_no_times_and_others_were_submitted_before_today() -> None:
    for customer in generate_customers(7, today=TODAY):
        kyc = customer.kyc
        if kyc.status == "not_submitted":
            assert kyc.submitted_at is None
            assert kyc.updated_at is None
        else:
            assert kyc.submitted_at
            assert kyc.updated_at
            assert kyc.submitted_at <= kyc.updated_at
            assert kyc.updated_at.date() < TODAY


def test_some_reviews_are_recent_and_some_are_past_a_two_week_sla() -> None:
    in_review = find_customers(generate_customers(7, today=TODAY), kyc_status="in_review")
    ages = [(TODAY - c.kyc.submitted_at.date()).days for c in in_review if c.kyc.submitted_at]
    assert min(ages) <= 7
    assert max(ages) > 14


def test_find_customers_matches_the_address_case_insensitively() -> None:
    customers = generate_customers(7, today=TODAY)
    wanted = customers[41]
    assert find_customers(customers, email=f"  {wanted.email.upper()} ") == [wanted]


def test_find_customers_combines_criteria() -> None:
    customers = generate_customers(7, today=TODAY)
    found = find_customers(customers, kyc_status="approved", account_state="frozen")
    assert found
    assert all(c.kyc.status == "approved" and c.account_state == "frozen" for c in found)
