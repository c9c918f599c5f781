"""Every routine in every state, in both languages, on the real sandbox driven by Chromium.

No fake of the back office: the routine reads the legacy screens through Playwright,
its outcome is checked against the sandbox's seeded truth, and the reply is rendered
from the shipped rulebook in the customer's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest

from madoguchi.connectors.backoffice import PlaywrightBackOffice, open_backoffice
from madoguchi.domain.mail import Language
from madoguchi.domain.outcomes import NeedsHuman, Outcome, Resolved, RoutineRequest
from madoguchi.rules import Rulebook, load_rulebook
from madoguchi.tasks import CONTRACTS, ROUTINES, render
from tests.support.sandbox import OPERATOR, RunningSandbox, running_sandbox
from tests.support.services import require_binary

pytestmark = [pytest.mark.services, pytest.mark.slow]

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

# (routine, scenario or account filter, what the mail names, expected outcome or None
# for "a human takes over")
CASES = [
    ("kyc_status", {"kyc_status": "approved"}, None, "approved"),
    ("kyc_status", {"kyc_status": "documents_required"}, None, "documents_required"),
    ("kyc_status", {"kyc_status": "not_submitted"}, None, "not_submitted"),
    ("kyc_status", {"kyc_status": "rejected", "rejection": "documents"}, None, "rejected"),
    ("kyc_status", {"kyc_status": "rejected", "rejection": "compliance"}, None, None),
    ("password_reset", {"scenario": "events:quiet"}, None, "sent"),
    ("password_reset", {"scenario": "events:reset-minutes-ago"}, None, "already_sent"),
    ("password_reset", {"scenario": "events:email_change-recent"}, None, None),
    ("password_reset", {"scenario": "events:two_factor_change-recent"}, None, None),
    ("password_reset", {"account_state": "frozen"}, None, None),
    (
        "withdrawal_delay",
        {"scenario": "withdrawals:pending_review-BTC"},
        "withdrawal",
        "pending_review",
    ),
    ("withdrawal_delay", {"scenario": "withdrawals:processing-ETH"}, "withdrawal", "processing"),
    ("withdrawal_delay", {"scenario": "withdrawals:broadcast-BTC"}, "withdrawal", "broadcast"),
    ("withdrawal_delay", {"scenario": "withdrawals:completed-BTC"}, "withdrawal", "completed"),
    ("withdrawal_delay", {"scenario": "withdrawals:held-new_address-BTC"}, "withdrawal", "held"),
    ("withdrawal_delay", {"scenario": "withdrawals:held-travel_rule-ETH"}, "withdrawal", "held"),
    ("withdrawal_delay", {"scenario": "withdrawals:held-aml-BTC"}, "withdrawal", None),
    ("withdrawal_delay", {"scenario": "withdrawals:failed-BTC"}, "withdrawal", None),
    ("withdrawal_delay", {"scenario": "withdrawals:large-BTC"}, "withdrawal", None),
    ("withdrawal_delay", {"scenario": "withdrawals:processing-late-BTC"}, "withdrawal", None),
    ("withdrawal_delay", {"scenario": "withdrawals:several-open"}, None, None),
    ("withdrawal_delay", {"scenario": "withdrawals:none"}, None, None),
    ("fee_explanation", {"scenario": "charges:withdrawal-match"}, "charge", "withdrawal_fee"),
    ("fee_explanation", {"scenario": "charges:trade-match"}, "charge", "trade_fee"),
    ("fee_explanation", {"scenario": "charges:deposit-match"}, "charge", "deposit_fee"),
    ("fee_explanation", {"scenario": "charges:withdrawal-mismatch"}, "charge", None),
]


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    with running_sandbox(max_sessions=20) as running:
        yield running


@pytest.fixture(scope="module")
def gateway(sandbox: RunningSandbox) -> Iterator[PlaywrightBackOffice]:
    require_binary("chromium")
    opened = open_backoffice(sandbox.base_url, *OPERATOR)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def rulebook() -> Rulebook:
    return load_rulebook(contracts=CONTRACTS)


@pytest.fixture(scope="module")
def sandbox_now(sandbox: RunningSandbox) -> datetime:
    with sandbox.client() as client:
        return datetime.fromisoformat(client.get("/_sandbox/now").json()["now"])


def customer_for(
    sandbox: RunningSandbox, criteria: dict[str, str], japanese: bool
) -> dict[str, Any]:
    found = [
        c
        for c in sandbox.customers(**criteria)
        if (not c["name"].isascii()) == japanese
        and (criteria.get("account_state") or not c["security_hold"])
    ]
    assert found, f"no {'Japanese' if japanese else 'English'} customer for {criteria}"
    return found[0]


def entities_for(customer: dict[str, Any], names: str | None) -> dict[str, tuple[str, ...]]:
    if names == "withdrawal":
        return {"withdrawal_id": (customer["withdrawals"][0]["withdrawal_id"],)}
    if names == "charge":
        return {"transaction_id": (customer["charges"][0]["transaction_id"],)}
    return {}


def run_routine(
    gateway: PlaywrightBackOffice,
    rulebook: Rulebook,
    routine: str,
    customer: dict[str, Any],
    entities: dict[str, tuple[str, ...]],
    language: Language,
    now: datetime,
) -> Outcome:
    request = RoutineRequest(
        case_id=1,
        sender=customer["email"],
        language=language,
        now=now,
        entities=entities,
        options=rulebook.routine_options(routine),
    )
    with gateway.session() as backoffice:
        return ROUTINES[routine](request, backoffice)


def reply_text(rulebook: Rulebook, routine: str, outcome: Resolved, language: Language) -> str:
    source = rulebook.template(routine, outcome.outcome, language.value)
    assert source is not None, f"no template for {routine}/{outcome.outcome}/{language}"
    return render(source, {**outcome.facts, **rulebook.template_globals(language.value)})


@pytest.mark.parametrize("language", [Language.JA, Language.EN])
@pytest.mark.parametrize(
    ("routine", "criteria", "names", "expected"),
    CASES,
    ids=[f"{r}-{next(iter(c.values()))}" for r, c, _, _ in CASES],
)
def test_each_routine_answers_each_state_in_each_language(
    gateway: PlaywrightBackOffice,
    rulebook: Rulebook,
    sandbox: RunningSandbox,
    sandbox_now: datetime,
    routine: str,
    criteria: dict[str, str],
    names: str | None,
    expected: str | None,
    language: Language,
) -> None:
    customer = customer_for(sandbox, criteria, japanese=language is Language.JA)
    entities = entities_for(customer, names)

    outcome = run_routine(gateway, rulebook, routine, customer, entities, language, sandbox_now)

    if expected is None:
        assert isinstance(outcome, NeedsHuman), outcome
        assert outcome.reason
        return
    assert isinstance(outcome, Resolved), outcome
    assert outcome.outcome == expected
    text = reply_text(rulebook, routine, outcome, language)
    assert bool(JAPANESE.search(text)) == (language is Language.JA)
    assert "None" not in text
    assert "{{" not in text
    if routine != "password_reset" and customer["anti_phishing_code"]:
        assert customer["anti_phishing_code"] in text
    for name in entities.get("withdrawal_id", ()) + entities.get("transaction_id", ()):
        assert name in text


def test_a_reset_for_a_sender_without_an_account_reads_like_a_real_one(
    gateway: PlaywrightBackOffice,
    rulebook: Rulebook,
    sandbox: RunningSandbox,
    sandbox_now: datetime,
) -> None:
    sandbox.reset()  # forget the resets other tests sent
    real = customer_for(sandbox, {"scenario": "events:quiet"}, japanese=False)
    stranger = {"email": "nobody-at-all@example.org"}

    outcomes = [
        run_routine(gateway, rulebook, "password_reset", who, {}, Language.EN, sandbox_now)
        for who in (real, stranger)
    ]

    texts = [
        reply_text(rulebook, "password_reset", o, Language.EN)
        for o in outcomes
        if isinstance(o, Resolved)
    ]
    assert len(texts) == 2
    assert texts[0] == texts[1]
    sent = [
        a for a in sandbox.actions("send_password_reset") if a["customer_id"] == real["customer_id"]
    ]
    assert len(sent) == 1
