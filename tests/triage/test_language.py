"""detect_language(): Japanese, English, or other."""

from __future__ import annotations

import pytest

from madoguchi.domain.mail import Language
from madoguchi.triage.language import detect_language


@pytest.mark.parametrize(
    "text",
    [
        "本人確認の状況を教えてください。",
        "KYCはまだ終わりませんか？",
        "お世話になっております。BTCの出金がまだ https://example.com/tx/0xabc に反映されません。",
        "ｶﾀｶﾅﾃﾞｽ ｵﾈｶﾞｲｼﾏｽ",
    ],
)
def test_japanese(text: str) -> None:
    assert detect_language(text) is Language.JA


@pytest.mark.parametrize(
    "text",
    [
        "What is the status of my identity verification?",
        "Hello, I made a withdrawal yesterday. My name is 山田太郎.",
        "Password reset\nI forgot my password, please reset it",
    ],
)
def test_english(text: str) -> None:
    assert detect_language(text) is Language.EN


@pytest.mark.parametrize(
    "text",
    [
        "",
        "KYC?",
        "我想查询我的身份验证状态。",  # Chinese: kanji without kana
        "Ciao, mi puoi dire se il mio cliente deve fare questa dichiarazione?",
        "¿Dónde está mi retiro? Lo hice ayer por la mañana.",
        "Ich habe mein Passwort vergessen, was soll ich tun",
        "비밀번호를 잊어버렸습니다",
    ],
)
def test_other(text: str) -> None:
    assert detect_language(text) is Language.OTHER
