"""understand(model=...): triage with the learned model, as the workers run it."""

from __future__ import annotations

import pytest

from madoguchi.domain.understanding import Intent
from madoguchi.rules import load_rulebook
from madoguchi.triage import classify, understand
from madoguchi.triage.model import IntentModel
from madoguchi.triage.model_cache import MODELS
from tests.triage.mails import build

OURS = "mx.exchange.example"
RESULTS = ("Authentication-Results", f"{OURS}; dmarc=pass header.from=example.com")


@pytest.fixture(scope="module")
def model() -> IntentModel:
    rulebook = load_rulebook()
    found = MODELS.model(rulebook.version, lambda: rulebook.intent_examples)
    assert found is not None
    return found


def mail(body: str, subject: str = "A question", number: int = 0) -> bytes:
    headers = {"Subject": subject, "Message-ID": f"<m{number}@example.com>"}
    return build(body, headers=headers, top=[RESULTS])


def test_the_model_reads_the_intent_and_its_confidence(model: IntentModel) -> None:
    raw = mail("I forgot my password and can't log in. Please send me a reset link.")

    triage = understand(raw, authserv_id=OURS, model=model)

    reading = model.read(triage.message.subject, triage.message.body)
    assert (triage.intent, triage.confidence) == (Intent.PASSWORD_RESET, reading.confidence)


def test_the_quoted_history_is_not_read(model: IntentModel) -> None:
    raw = mail("Thanks, that solved it.\n\n> We have sent a password reset link to you.\n",
               subject="Re: Password reset")  # fmt: skip

    assert understand(raw, authserv_id=OURS, model=model).intent is Intent.OTHER


def test_a_signal_the_model_names_joins_the_keyword_signals(model: IntentModel) -> None:
    # No keyword of signals.py is in this mail; the model learned the class.
    body = "I got a text with a link to a login page that is not your site. Is it real?"

    triage = understand(mail(body), authserv_id=OURS, model=model)

    assert triage.signals == ("phishing_report",)
    assert triage.intent is Intent.OTHER


def test_a_keyword_signal_is_kept_whatever_the_model_reads(model: IntentModel) -> None:
    raw = mail("My withdrawal has not arrived. If it is not here tomorrow my lawyer will act.")

    assert "legal_threat" in understand(raw, authserv_id=OURS, model=model).signals


def test_without_a_model_the_keywords_classify() -> None:
    body = "What is the status of my KYC verification?"

    triage = understand(mail(body), authserv_id=OURS)

    assert (triage.intent, triage.confidence) == classify("A question", body)
