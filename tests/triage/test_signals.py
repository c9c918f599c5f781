"""find_signals(): what only a human may handle, in Japanese and English."""

from __future__ import annotations

import pytest

from madoguchi.triage import find_signals

CASES = [
    ("account_compromise", "不正ログインされたようです。"),
    ("account_compromise", "アカウントが乗っ取られました"),
    ("account_compromise", "身に覚えのない出金があります"),
    ("account_compromise", "My account was hacked."),
    ("account_compromise", "I did not make this withdrawal!"),
    ("account_compromise", "I didn't authorize that transfer"),
    ("account_compromise", "There was an unauthorized login to my account."),
    ("account_compromise", "I think I got a phishing mail and clicked it."),
    ("credential_change", "メールアドレスを変更したいです。"),
    ("credential_change", "2段階認証を解除してください"),
    ("credential_change", "機種変更したので認証アプリが使えません"),
    ("credential_change", "Please change my email to bob@example.net"),
    ("credential_change", "Can you disable 2FA on my account?"),
    ("credential_change", "Reset my password and send the link to bob@example.net"),
    ("credential_change", "Please whitelist this withdrawal address"),
    ("legal_threat", "弁護士に相談します"),
    ("legal_threat", "訴訟を検討しています"),
    ("legal_threat", "I will contact my lawyer."),
    ("legal_threat", "I am going to sue you."),
    ("refund_demand", "手数料を返金してください"),
    ("refund_demand", "I want a refund."),
    ("expedite_request", "Please speed up my withdrawal"),
    ("expedite_request", "至急対応してください"),
]


@pytest.mark.parametrize(("signal", "text"), CASES)
def test_signal_is_found(signal: str, text: str) -> None:
    assert signal in find_signals("", text)


@pytest.mark.parametrize(
    "text",
    [
        "本人確認の審査状況を教えてください。",
        "What is the status of my identity verification?",
        "I forgot my password, please reset it.",
        "My withdrawal has not arrived yet.",
        "This issue is about my tissue order.",  # "sue" inside words
        "Please note that we will never ask you for your password or any verification code.",
        "Your anti-phishing code: SAKURA-7",  # quoted from our own replies
        "The anti phishing code in your mail was right, thanks.",
    ],
)
def test_ordinary_requests_carry_no_signal(text: str) -> None:
    assert find_signals("", text) == ()


def test_the_subject_is_searched_too() -> None:
    assert find_signals("Account hacked", "please help") == ("account_compromise",)


def test_several_signals_are_all_named_once_in_table_order() -> None:
    text = "My account was hacked, I want a refund, my lawyer will sue. Hacked again!"

    assert find_signals("", text) == ("account_compromise", "legal_threat", "refund_demand")
