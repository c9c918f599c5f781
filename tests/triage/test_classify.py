"""classify(): the four routine intents in Japanese and English, and other when unclear."""

from __future__ import annotations

import pytest

from madoguchi.domain.understanding import Intent
from madoguchi.rules import load_rulebook
from madoguchi.triage import classify
from madoguchi.triage.classify import KEYWORDS

# The default rulebook's thresholds: a clear question must pass its routine's.
THRESHOLDS = {
    Intent(name): spec.min_confidence for name, spec in load_rulebook().routines.items()
}

K, P = Intent.KYC_STATUS, Intent.PASSWORD_RESET
W, F = Intent.WITHDRAWAL_DELAY, Intent.FEE_EXPLANATION
TX_HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
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
    (P, "", "パスワードリセットのメールを送ってください"),
    (P, "パスワード再設定", "パスワードを再設定したいです。"),
    (P, "", "Please send me a password reset link."),
    (P, "Locked out", "I am locked out of my account, I need to reset my password."),
    (P, "ログインできない", "パスワードが分からなくなりました。"),
    (W, "出金が届きません", "昨日ETHを出金しましたが、まだ届いていません。"),
    (W, "送金について", "送金したBTCがまだ反映されていません。"),
    (W, "Withdrawal not arrived", "I made a BTC withdrawal yesterday but it has not arrived."),
    (W, "", "My withdrawal has been pending for two days."),
    (W, "", "WD2611280042 の状況を教えてください。"),
    (W, "Where is WD2611280042?", "It still has not arrived."),
    (W, "", f"I withdrew 0.5 BTC on Nov 28, txid {TX_HASH}, still not in my wallet."),
    (W, "出金の遅延", "0.5BTCの出金申請から2日経ちますが、まだ処理中のままです。"),
    (W, "USDT withdrawal stuck", "My USDT (TRC20) withdrawal of 100 USDT is stuck in processing."),
    (W, "出金保留", "出金が保留になっているのですが、いつ解除されますか。"),
    (W, "", "My withdrawal usually takes 10 minutes but it has been 3 hours and has not arrived."),
    (F, "手数料について", "先日の取引の手数料の内訳を教えていただけますか。"),
    (F, "Fee", "Why was I charged such a high fee for my last trade?"),
    (F, "", "Can you explain the commission that was deducted?"),
    (F, "出金手数料", "BTCの出金手数料が高いのですが、内訳を教えてください。"),
    (F, "Withdrawal fee", "Why was the withdrawal fee for my ETH withdrawal 0.005 ETH?"),
    (F, "", "TX2611280007 の手数料について教えてください。"),
    (F, "Trading fee", "I was charged 150 JPY as a trading fee. Is that correct?"),
    (F, "入金手数料", "日本円の入金で手数料が引かれていました。"),
]  # fmt: skip


@pytest.mark.parametrize(("intent", "subject", "body"), EXAMPLES)
def test_common_phrasings_are_recognised(intent: Intent, subject: str, body: str) -> None:
    found, confidence = classify(subject, body)

    assert found is intent
    assert confidence >= THRESHOLDS[intent]


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
        ("", "How long do withdrawals take in general?"),
        ("", "How long do withdrawals take?"),
        ("", "出金にはどのくらい時間がかかりますか？"),
        ("", "出金できません。エラーが出ます。"),
        ("", "I can't withdraw, the button is grey."),
        ("Login", "I cannot log in to the API"),
        ("API", "My API key does not work, I can't log in via the API."),
        ("", "二段階認証のコードが届かずログインできません。"),
        ("", "What are your withdrawal fees?"),
        ("", "How much is the fee for withdrawing BTC?"),
        ("", "What is the fee schedule?"),
        ("", "手数料はいくらですか？"),
        ("", "手数料一覧を教えてください"),
        ("", "出金手数料はいくらですか？"),
    ],
    ids=["company", "thanks", "deposit-en", "deposit-ja", "2fa-code-en", "2fa-code-ja",
         "withdrawal-and-fee-tie", "greeting", "lone-weak-cue", "withdrawal-time-in-general",
         "withdrawal-time", "withdrawal-time-ja", "cannot-withdraw-ja", "cannot-withdraw-en",
         "api-login", "api-key", "2fa-login-ja", "fee-list-en", "fee-for-withdrawing",
         "fee-schedule", "fee-amount-ja", "fee-list-ja", "withdrawal-fee-amount-ja"],
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


def test_a_lone_login_failure_is_below_the_password_reset_threshold() -> None:
    # "Can't log in" may be a lock, a second factor or maintenance: not enough to reset.
    intent, confidence = classify("", "I can't log in.")

    assert intent is Intent.PASSWORD_RESET
    assert confidence < THRESHOLDS[Intent.PASSWORD_RESET]


def test_a_withdrawal_fee_is_a_fee_question_not_a_delay() -> None:
    assert classify("出金手数料について", "出金手数料の内訳を教えてください。")[0] is F
