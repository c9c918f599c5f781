"""ROUTINES and CONTRACTS: every routine by the name the rulebook and the intents use."""

from __future__ import annotations

import pytest

from madoguchi.domain.understanding import Intent
from madoguchi.rules import load_rulebook
from madoguchi.tasks import CONTRACTS, ROUTINES
from madoguchi.tasks.fee_explanation import fee_explanation
from madoguchi.tasks.kyc_status import kyc_status
from madoguchi.tasks.password_reset import password_reset
from madoguchi.tasks.withdrawal_delay import withdrawal_delay


def test_every_routine_is_registered_under_its_intents_name() -> None:
    expected = {
        "password_reset": password_reset,
        "kyc_status": kyc_status,
        "withdrawal_delay": withdrawal_delay,
        "fee_explanation": fee_explanation,
    }

    assert dict(ROUTINES.items()) == expected


def test_every_routine_is_named_after_an_intent() -> None:
    assert set(ROUTINES) == {intent.value for intent in Intent} - {"other"}


def test_every_routine_declares_its_contract() -> None:
    assert set(CONTRACTS) == set(ROUTINES)


def test_drafts_are_named_as_drafts_and_outcomes_are_not() -> None:
    for contract in CONTRACTS.values():
        assert all(name.startswith("draft_") for name in contract.drafts)
        assert not any(name.startswith("draft_") for name in contract.outcomes)


def test_the_default_rulebook_meets_every_routines_contract() -> None:
    rulebook = load_rulebook(contracts=CONTRACTS)

    assert {name for name, spec in rulebook.routines.items() if spec.enabled} == set(ROUTINES)


@pytest.mark.parametrize("routine", sorted(CONTRACTS))
def test_the_default_rulebook_lists_every_outcome_and_draft_of_each_routine(routine: str) -> None:
    contract = CONTRACTS[routine]

    listed = load_rulebook().routines[routine].outcomes

    assert sorted(listed) == sorted([*contract.outcomes, *contract.drafts])


@pytest.mark.parametrize("routine", sorted(CONTRACTS))
def test_the_default_options_are_valid_for_each_routine(routine: str) -> None:
    options = load_rulebook().routine_options(routine)

    assert CONTRACTS[routine].option_problems(options) == ()


def test_invalid_options_are_described_one_problem_a_line() -> None:
    problems = CONTRACTS["withdrawal_delay"].option_problems({"max_amount": {"BTC": -1}})

    assert problems == (
        "max_amount.BTC: Input should be greater than 0",
        "sla_hours: missing",
    )
