"""ROUTINES: every routine by the name the rulebook and the intents use."""

from __future__ import annotations

from madoguchi.domain.understanding import Intent
from madoguchi.rules import load_rulebook
from madoguchi.tasks import ROUTINES
from madoguchi.tasks.kyc_status import kyc_status


def test_kyc_status_is_registered() -> None:
    assert ROUTINES["kyc_status"] is kyc_status


def test_every_routine_is_named_after_an_intent() -> None:
    assert set(ROUTINES) <= {intent.value for intent in Intent} - {"other"}


def test_every_routine_the_default_rulebook_enables_exists() -> None:
    rulebook = load_rulebook()

    enabled = {name for name, spec in rulebook.routines.items() if spec.enabled}

    assert enabled <= set(ROUTINES)
