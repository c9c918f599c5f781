"""strip_quotes(): a reply's quoted history and signature cut from the customer's words."""

from __future__ import annotations

import pytest

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
