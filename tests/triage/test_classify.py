"""classify(): the four routine intents in Japanese and English, and other when unclear."""

from __future__ import annotations

import pytest

from madoguchi.domain.understanding import Intent
from madoguchi.triage import classify
from madoguchi.triage.classify import KEYWORDS

KYC_MIN_CONFIDENCE = 0.6  # the default rulebook's threshold for kyc_status

K, P = Intent.KYC_STATUS, Intent.PASSWORD_RESET
W, F = Intent.WITHDRAWAL_DELAY, Intent.FEE_EXPLANATION
EXAMPLES = [
    (K, "本人確認について", "本人確認の審査状況を教えてください。"),
    (K, "KYCはまだ終わりませんか", "取引を始めたいので確認をお願いします。"),
    (K, "", "先週書類を提出しましたが、審査はいつ頃終わりますか。"),
    (K, "Identity verification status", "What is the status of my identity verification?"),
    (K, "KYC", "Hi, is my KYC done yet? I would like to start trading."),
    (K, "Is my account verified?", "I uploaded my passport last week."),
    (P, "パスワードを忘れました", "ログインできません。再設定の方法を教えてください。"),
    (P, "Password", "I forgot my password, please help me reset it."),
    (P, "Can't log in", "I can't log in since yesterday, I think I forgot the password."),
    (W, "出金が届きません", "昨日ETHを出金しましたが、まだ届いていません。"),
    (W, "送金について", "送金したBTCがまだ反映されていません。"),
    (W, "Withdrawal not arrived", "I made a BTC withdrawal yesterday but it has not arrived."),
    (W, "", "My withdrawal has been pending for two days."),
    (F, "手数料について", "先日の取引の手数料の内訳を教えていただけますか。"),
    (F, "Fee", "Why was I charged such a high fee for my last trade?"),
    (F, "", "Can you explain the commission that was deducted?"),
]


@pytest.mark.parametrize(("intent", "subject", "body"), EXAMPLES)
def test_common_phrasings_are_recognised(intent: Intent, subject: str, body: str) -> None:
    found, confidence = classify(subject, body)

    assert found is intent
    assert confidence >= KYC_MIN_CONFIDENCE


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("Question about your company", "Where is your company based?"),
        ("", "ありがとうございました。"),
        ("Deposit", "My deposit has not arrived yet."),
        ("入金について", "入金したのにまだ反映されていません。"),
        ("Verification code", "I did not receive the verification code by SMS."),
        ("認証コード", "認証コードが届きません。"),
        ("", "I withdrew 1 BTC and the fee was very high."),
        ("", "Hello"),
        ("", "verified"),
    ],
    ids=["company", "thanks", "deposit-en", "deposit-ja", "2fa-code-en", "2fa-code-ja",
         "withdrawal-and-fee-tie", "greeting", "lone-weak-cue"],
)  # fmt: skip
def test_near_misses_are_other(subject: str, body: str) -> None:
    assert classify(subject, body) == (Intent.OTHER, 0.0)


def test_full_width_and_upper_case_are_normalised() -> None:
    assert classify("", "ＫＹＣの状況は？")[0] is Intent.KYC_STATUS


def test_english_words_match_next_to_japanese() -> None:
    assert classify("", "KYCの状況を知りたいです")[0] is Intent.KYC_STATUS


def test_english_words_do_not_match_inside_other_words() -> None:
    # "feel" and "coffee" contain "fee"; "passwords" would, but is absent here.
    assert classify("", "I feel like a coffee")[0] is Intent.OTHER


def test_competing_cues_lower_the_confidence() -> None:
    _, alone = classify("", "What is my KYC status?")
    _, contested = classify("", "What is my KYC status? Also, I forgot my password.")

    assert contested < alone


def test_more_cues_raise_the_confidence() -> None:
    _, one = classify("", "KYC?")
    _, several = classify("本人確認", "KYCの審査状況を教えてください。")

    assert several > one


def test_the_keyword_table_names_only_routine_intents() -> None:
    assert {cue.intent for cue in KEYWORDS} == set(Intent) - {Intent.OTHER}
