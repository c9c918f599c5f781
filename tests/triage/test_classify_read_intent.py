"""read_intent(): the model reads the intent when there is one, the keywords otherwise."""

from __future__ import annotations

from madoguchi.domain.understanding import Intent
from madoguchi.rules import DEFAULT_PATH
from madoguchi.rules.intents import load_intent_examples
from madoguchi.triage import classify
from madoguchi.triage.classify import read_intent
from madoguchi.triage.labels import Reading
from madoguchi.triage.model import IntentModel


def test_without_a_model_the_keyword_classifier_answers() -> None:
    subject, body = "KYC", "What is the status of my identity verification?"
    intent, confidence = classify(subject, body)

    assert read_intent(subject, body) == Reading(intent.value, confidence, intent=intent)


def test_the_keywords_never_name_a_signal() -> None:
    reading = read_intent("", "I did not make this withdrawal, I was hacked")

    assert reading.signal is None


def test_with_a_model_the_model_answers() -> None:
    model = IntentModel.train(load_intent_examples(DEFAULT_PATH))
    subject, body = "", "パスワードを忘れてしまいました。再設定をお願いします。"

    reading = read_intent(subject, body, model)

    assert reading == model.read(subject, body)
    assert reading.intent is Intent.PASSWORD_RESET
