"""IntentModel: taught by the rulebook's examples, it reads a mail's request with a confidence."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from madoguchi.domain.errors import ConfigurationError
from madoguchi.domain.understanding import Intent
from madoguchi.rules import DEFAULT_PATH, load_rulebook
from madoguchi.rules.intents import load_intent_examples
from madoguchi.triage.features import example_text
from madoguchi.triage.labels import LABELS, MULTIPLE_REQUESTS
from madoguchi.triage.model import MIN_PER_LABEL, THRESHOLDS, IntentModel, fit
from madoguchi.triage.model_cache import MODELS

P, K = Intent.PASSWORD_RESET, Intent.KYC_STATUS
W, F = Intent.WITHDRAWAL_DELAY, Intent.FEE_EXPLANATION


@dataclass(frozen=True)
class Phrase:
    label: str
    text: str


@pytest.fixture(scope="module")
def model() -> IntentModel:
    """The model of the default rulebook, as the workers train it."""
    rulebook = load_rulebook()
    found = MODELS.model(rulebook.version, lambda: rulebook.intent_examples)
    assert found is not None
    return found


def taught(*labels: str, each: int = MIN_PER_LABEL) -> list[Phrase]:
    return [Phrase(label, f"{label} phrasing number {n}") for label in labels for n in range(each)]


@pytest.mark.parametrize(
    ("intent", "subject", "body"),
    [
        (P, "Locked out", "I typed my password wrong too often and can't sign in. Reset please."),
        (P, "パスワード", "パスワードが思い出せずログインできません。再設定をお願いします。"),
        (K, "ID check", "Could you tell me whether my identity verification has been approved?"),
        (K, "本人確認", "先週提出した本人確認書類の審査はどうなっていますか。"),
        (W, "Withdrawal", "The ETH I withdrew to my wallet two days ago has still not arrived."),
        (W, "出金", "昨日申請した出金がまだウォレットに届いていません。"),
        (F, "Fee", "Why was the fee on my BTC withdrawal higher than the fee table says?"),
        (F, "手数料", "先日の取引で引かれた手数料の計算方法を教えてください。"),
    ],
)  # fmt: skip
def test_routine_requests_are_read_in_both_languages(
    model: IntentModel, intent: Intent, subject: str, body: str
) -> None:
    reading = model.read(subject, body)

    assert reading.intent is intent
    assert reading.confidence >= THRESHOLDS[intent]


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("Withdrawals", "How long do withdrawals take in general?"),
        ("API", "I cannot log in to the API, every call returns 401."),
        ("Deposit", "My deposit of 0.2 BTC has not been credited yet."),
        ("入金", "振り込んだ日本円がまだ残高に反映されていません。"),
        ("Fees", "What are your withdrawal fees for each coin?"),
        ("手数料", "出金手数料はいくらですか？"),
        ("Documents", "Which documents can I use to verify my identity?"),
        ("SMS", "The SMS verification code never arrives when I log in."),
        ("二段階認証", "認証アプリのコードが合わずログインできません。"),
        ("Re: password reset", "All sorted, I am back in. Thank you!"),
    ],
)
def test_near_misses_are_never_read_as_a_routine_request(
    model: IntentModel, subject: str, body: str
) -> None:
    assert model.read(subject, body).intent is Intent.OTHER


@pytest.mark.parametrize(
    ("body", "signal"),
    [
        ("There are trades in my history I never placed, someone is in my account.",
         "account_compromise"),
        ("A website copying your login page asked me for my password, please take it down.",
         "phishing_report"),
        ("Please switch the phone number on my account, I have a new one.", "credential_change"),
        ("My lawyer will file a lawsuit if this is not fixed.", "legal_threat"),
        ("返金してください。手数料を返してほしいです。", "refund_demand"),
    ],
)  # fmt: skip
def test_signals_are_learned_as_classes(model: IntentModel, body: str, signal: str) -> None:
    reading = model.read("", body)

    assert (reading.label, reading.signal, reading.intent) == (signal, signal, Intent.OTHER)


def test_a_mail_asking_two_routine_things_is_multiple_requests(model: IntentModel) -> None:
    body = "What is the status of my identity verification? Also I forgot my password, reset it."

    reading = model.read("Two things", body)

    assert (reading.label, reading.signal, reading.intent) == (
        MULTIPLE_REQUESTS, MULTIPLE_REQUESTS, Intent.OTHER,
    )  # fmt: skip


def test_below_its_threshold_a_routine_intent_is_other(model: IntentModel) -> None:
    strict = IntentModel(model.scorer, model.labels, dict.fromkeys(Intent, 0.999))
    probabilities = model.probabilities("", "My withdrawal has not arrived yet.")

    reading = strict.read("", "My withdrawal has not arrived yet.")

    assert reading.intent is Intent.OTHER
    # The confidence of other: that the mail is none of the routine requests.
    withdrawal = probabilities[model.labels.index("withdrawal_delay")]
    assert reading.confidence == pytest.approx(1.0 - withdrawal)


def test_probabilities_are_calibrated_over_every_label(model: IntentModel) -> None:
    probabilities = model.probabilities("KYC", "Is my KYC done?")

    assert set(model.labels) == set(LABELS)
    assert probabilities.sum() == pytest.approx(1.0)
    assert (probabilities >= 0).all()


def test_the_fast_reading_equals_scikit_learns_predict_proba() -> None:
    examples = load_intent_examples(DEFAULT_PATH, labels=LABELS)
    vectorizer, calibrated = fit(examples)
    model = IntentModel.train(examples)
    texts = [example_text(e.text) for e in examples[::25]] + ["", "zzz qqq", "出金 手数料 KYC"]

    expected = calibrated.predict_proba(vectorizer.transform(texts))
    ours = np.array([model.scorer.probabilities(text) for text in texts])

    np.testing.assert_allclose(ours, expected, rtol=1e-9, atol=1e-12)


def test_the_same_examples_always_train_the_same_model() -> None:
    examples = load_intent_examples(DEFAULT_PATH, labels=LABELS)
    texts = ["Why was the fee on my withdrawal so high?", "本人確認はまだですか", "Hello"]

    first, second = IntentModel.train(examples), IntentModel.train(examples)

    for text in texts:
        np.testing.assert_array_equal(first.probabilities("", text), second.probabilities("", text))


def test_predict_gives_the_intent_and_confidence(model: IntentModel) -> None:
    assert model.predict("I forgot my password, please reset it")[0] is P
    assert [intent for intent, _ in model.predict_many(["出金が届きません", "Hello"])] == [
        W, Intent.OTHER,
    ]  # fmt: skip


def test_read_many_reads_in_order(model: IntentModel) -> None:
    mails = [("", "KYC status please"), ("", "パスワードを忘れました"), ("", "Thanks!")]

    assert model.read_many(mails) == [model.read(s, b) for s, b in mails]


def test_an_unknown_label_cannot_teach() -> None:
    with pytest.raises(ConfigurationError, match="unknown label 'pasword_reset'"):
        IntentModel.train(taught("other", "kyc_status", "pasword_reset"))


def test_a_label_with_too_few_examples_cannot_teach() -> None:
    examples = taught("other", "kyc_status", "password_reset") + taught("fee_explanation", each=2)

    with pytest.raises(ConfigurationError, match="fewer than 5 examples for fee_explanation"):
        IntentModel.train(examples)


@pytest.mark.parametrize(
    "labels",
    [("kyc_status", "password_reset", "fee_explanation"), ("other", "legal_threat", "complaint"),
     ("other", "kyc_status")],
)  # fmt: skip
def test_other_a_routine_intent_and_three_labels_are_needed(labels: tuple[str, ...]) -> None:
    with pytest.raises(ConfigurationError, match="must teach other, a routine intent"):
        IntentModel.train(taught(*labels))
