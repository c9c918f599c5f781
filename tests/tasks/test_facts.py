"""What every routine's outcome carries: back-office values only, stored and restored as JSON."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from madoguchi.domain.outcomes import NeedsHuman, Resolved
from madoguchi.rules import Rulebook, load_rulebook
from madoguchi.tasks import render
from tests.tasks.scenarios import SCENARIOS, Scenario

CANARY = "CANARY-7f3a"
# Hints a mail may carry that no routine may repeat to the customer or act on.
NOISE = {
    "customer_id": (CANARY,),
    "network": (CANARY,),
    "email": (f"{CANARY}@example.jp",),
    "transaction_kind": (CANARY,),
}


@pytest.fixture(scope="module")
def rulebook() -> Rulebook:
    return load_rulebook()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_facts_hold_nothing_the_mail_said_beyond_the_entities_that_found_a_record(
    rulebook: Rulebook, scenario: Scenario
) -> None:
    noisy = replace(scenario, entities={**scenario.entities, **NOISE})

    outcome = noisy.run(rulebook, "en")

    assert CANARY not in json.dumps(outcome.facts)
    assert outcome.model_dump() == scenario.run(rulebook, "en").model_dump()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_an_outcome_stored_as_json_renders_the_same_reply(
    rulebook: Rulebook, scenario: Scenario
) -> None:
    # The worker stores the outcome before the reply is made, and may render it again
    # from the stored copy after a crash: the two replies must be the same.
    outcome = scenario.run(rulebook, "ja")
    stored = json.loads(json.dumps(outcome.model_dump(mode="json")))
    restored = (Resolved if isinstance(outcome, Resolved) else NeedsHuman).model_validate(stored)
    name = outcome.outcome if isinstance(outcome, Resolved) else outcome.draft
    source = rulebook.template(scenario.routine, name or "", "ja")
    assert source is not None
    extra = rulebook.template_globals("ja")

    assert render(source, {**restored.facts, **extra}) == render(source, {**outcome.facts, **extra})
    assert restored == outcome


@pytest.mark.parametrize(
    "scenario", [s for s in SCENARIOS if s.routine != "password_reset"], ids=lambda s: s.id
)
def test_every_reply_fact_set_carries_the_anti_phishing_code(
    rulebook: Rulebook, scenario: Scenario
) -> None:
    if not scenario.registered:
        pytest.skip("no account")

    assert scenario.run(rulebook, "en").facts["anti_phishing_code"] == "SAKURA-7"
