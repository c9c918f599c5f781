"""strip_quotes(): a reply's quoted history and signature cut from the customer's words."""

from __future__ import annotations

import pytest

from madoguchi.domain.errors import MalformedMail
from madoguchi.triage.deadline import Deadline
from madoguchi.triage.quotes import strip_quotes


def test_quoted_lines_are_dropped() -> None:
    assert strip_quotes("My answer.\n> your question\n>> older\nMore.") == "My answer.\nMore."


def test_full_width_quote_marks_are_dropped() -> None:
    assert strip_quotes("回答です。\n＞ 引用\n") == "回答です。"


@pytest.mark.parametrize(
    "marker",
    [
        "On Mon, 1 Jul 2024 at 10:00, Support <support@exchange.example> wrote:",
        "-----Original Message-----",
        "---------- Forwarded message ---------",
        "________________________________",
        "2024年7月1日(月) 10:00 サポート <support@exchange.example>:",
        "2024/07/01 10:00、サポート <support@exchange.example> のメール:",
        "以下、元のメッセージ",
        "-----元のメッセージ-----",
        "-- ",
        "--",
    ],
)
def test_text_stops_at_a_history_or_signature_marker(marker: str) -> None:
    text = f"My words.\n\n{marker}\nOld words that are not quoted with >.\n"

    assert strip_quotes(text) == "My words."


def test_on_wrote_split_over_two_lines_is_a_marker() -> None:
    text = "My words.\nOn Mon, 1 Jul 2024 at 10:00, Support\n<support@exchange.example> wrote:\nold"

    assert strip_quotes(text) == "My words."


def test_a_sentence_starting_with_on_is_not_a_marker() -> None:
    text = "On Monday I uploaded my passport.\nIs it verified?"

    assert strip_quotes(text) == text


def test_dashes_inside_a_line_are_not_a_signature() -> None:
    text = "Amount -- 0.5 BTC\nthanks"

    assert strip_quotes(text) == text


@pytest.mark.parametrize(
    "marker",
    [
        "Begin forwarded message:",
        "---------- Forwarded message",
        "----- 元のメッセージ -----",
        "以下、元のメール",
        "2026年11月28日(土) 10:00 カスタマーサポート <support@exchange.example>:",
        "2026/11/28 10:00、カスタマーサポート のメッセージ:",
        "2026/11/28 10:00 カスタマーサポート <support@exchange.example>:",
        "Sent from my iPhone",
        "iPhoneから送信",
        "Get Outlook for iOS",
    ],
)
def test_more_history_and_signature_markers_end_the_customers_words(marker: str) -> None:
    text = f"My words.\n\n{marker}\nOld words that are not quoted with >.\n"

    assert strip_quotes(text) == "My words."


@pytest.mark.parametrize(
    ("sender_line", "date_line"),
    [
        ("From: Customer Support <support@exchange.example>",
         "Sent: Saturday, November 28, 2026 10:00 AM"),
        ("*From:* Customer Support", "*Sent:* Saturday, November 28, 2026 10:00 AM"),
        ("差出人: カスタマーサポート <support@exchange.example>", "送信日時: 2026年11月28日 10:00"),
        ("From: Customer Support", "Date: Sat, 28 Nov 2026 10:00:00 +0900"),
    ],
)  # fmt: skip
def test_an_outlook_header_block_starts_the_quoted_history(
    sender_line: str, date_line: str
) -> None:
    text = f"Thanks, it arrived.\n\n{sender_line}\n{date_line}\nTo: alice\nSubject: Re: x\n\nOld."

    assert strip_quotes(text) == "Thanks, it arrived."


def test_a_from_line_without_a_date_below_is_the_customers_own() -> None:
    text = "From: my old wallet\nTo: my new one\nThe transfer did not arrive."

    assert strip_quotes(text) == text


def test_a_date_without_a_time_is_the_customers_sentence() -> None:
    text = "2026年11月28日の出金について：\nまだ届いておりません。"

    assert strip_quotes(text) == text


@pytest.mark.parametrize("rule", ["━━━━━━━━━━━━━━━━", "＝＝＝＝＝＝＝＝＝＝", "==========",
                                  "────────────", "■□■□■□■□"])  # fmt: skip
def test_a_japanese_signature_block_below_a_rule_is_cut(rule: str) -> None:
    text = (
        f"出金の状況を教えてください。\n\n{rule}\n山田 太郎\n株式会社サンプル\n"
        f"TEL: 03-1234-5678\nMail: taro@example.co.jp\n{rule}"
    )

    assert strip_quotes(text) == "出金の状況を教えてください。"


def test_a_rule_dividing_a_long_mail_into_sections_is_kept() -> None:
    details = "\n".join(f"詳細 {n} 行目" for n in range(20))
    text = f"出金について。\n━━━━━━━━━━\n{details}"

    assert strip_quotes(text) == text


def test_a_rule_above_the_customers_words_does_not_cut_them() -> None:
    text = "━━━━━━━━━━\n出金の状況を教えてください。\n━━━━━━━━━━"

    assert "出金の状況を教えてください。" in strip_quotes(text)


def test_a_past_deadline_stops_stripping_with_malformed_mail() -> None:
    with pytest.raises(MalformedMail, match="stripping quoted history"):
        strip_quotes("words\n" * 10, Deadline(0))
