"""model_text(): what the intent model reads of a mail, normalised the same way always."""

from __future__ import annotations

import pytest

from madoguchi.triage.features import SAMPLE, example_text, model_text, normalise


def test_full_width_text_and_case_read_as_ascii_lower_case() -> None:
    assert normalise("ＫＹＣ Status") == "kyc status"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Where is WD2611280042?", "where is \u2463 ?"),
        ("fee on TX2611280007", "fee on \u2464"),
        ("customer C000123", "customer \u2465"),
        ("tx " + "ab" * 32, "tx \u2462"),
        ("mail me at taro@example.jp", "mail me at \u2461"),
        ("see https://example.com/a?b=c", "see \u2460"),
        ("0.5 BTC and 10,000 yen", "0 btc and 0 yen"),
    ],
)
def test_what_varies_between_mails_becomes_a_placeholder(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_a_replys_subject_is_left_out() -> None:
    assert model_text("Re: Password reset", "Thanks, all good.") == "thanks, all good."
    assert model_text("RE: Fwd: 出金", "届きました") == "届きました"
    assert model_text("Password reset", "Thanks") == "password reset thanks"


def test_an_example_reads_its_first_line_as_the_subject() -> None:
    assert example_text("Re: Fee\nUnderstood, thanks.") == "understood, thanks."
    assert example_text("Re: a one-line example") == "re: a one-line example"


def test_a_long_mail_is_cut_to_the_sample() -> None:
    assert len(model_text("", "word " * 10_000)) == SAMPLE
