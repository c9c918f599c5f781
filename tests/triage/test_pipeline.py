"""understand(): one raw mail to a whole Triage, fast enough for a busy support inbox."""

from __future__ import annotations

import pytest

from madoguchi.domain.errors import MalformedMail
from madoguchi.domain.mail import Language
from madoguchi.domain.understanding import AutomatedKind, Intent
from madoguchi.triage import understand
from tests.triage.mails import build, encoded_text, encoded_word

OURS = "mx.exchange.example"
RESULTS = ("Authentication-Results", f"{OURS}; dmarc=pass header.from=example.jp")
QUESTION = "お世話になっております。\n本人確認の審査状況を教えてください。\n\n山田\n"


def kyc_question(number: int = 0) -> bytes:
    headers, body = encoded_text(QUESTION, "iso-2022-jp")
    headers |= {
        "From": f"{encoded_word('山田 太郎', 'iso-2022-jp')} <taro{number}@example.jp>",
        "Subject": encoded_word("本人確認について", "iso-2022-jp"),
        "Message-ID": f"<q{number}@example.jp>",
    }
    return build(body, headers=headers, top=[("Received", "from a by b"), RESULTS])


def test_a_japanese_kyc_question_is_understood() -> None:
    triage = understand(kyc_question(), authserv_id=OURS)

    assert triage.message.sender == "taro0@example.jp"
    assert triage.message.language is Language.JA
    assert triage.message.authenticated
    assert triage.intent is Intent.KYC_STATUS
    assert triage.confidence > 0.9
    assert triage.automated is None
    assert triage.signals == ()


def test_intent_is_read_from_the_customers_words_not_the_quoted_history() -> None:
    raw = build("Thanks, all good now.\n\n> Your withdrawal fee was charged twice.\n")

    assert understand(raw, authserv_id=None).intent is Intent.OTHER


def test_signals_are_found_in_quoted_history_too() -> None:
    raw = build("See below.\n\n> I did not make this withdrawal\n")

    assert understand(raw, authserv_id=None).signals == ("account_compromise",)


def test_automated_mail_is_still_classified_for_the_record() -> None:
    raw = build("What is my KYC status?", extra=[("Auto-Submitted", "auto-replied")])

    triage = understand(raw, authserv_id=None)

    assert triage.automated is not None
    assert triage.automated.kind is AutomatedKind.AUTO_REPLY
    assert triage.intent is Intent.KYC_STATUS


def test_entities_are_read_from_the_customers_words_and_dated_by_the_mail() -> None:
    body = (
        "Hello,\nI withdrew 0.5 BTC yesterday (WD2407010042) and it has not arrived.\n\n"
        "> On 1 June you wrote: your withdrawal WD2406010001 of 2 ETH is complete\n"
    )

    triage = understand(build(body, headers={"Subject": "Withdrawal WD2407010042"}),
                        authserv_id=None)  # fmt: skip

    assert triage.entities == {
        "withdrawal_id": ("WD2407010042",),
        "asset": ("BTC",),
        "amount": ("0.5 BTC",),
        "date": ("2024-06-30",),  # the day before the Date header's 1 July 2024
        "transaction_kind": ("withdrawal",),
    }
    assert triage.intent is Intent.WITHDRAWAL_DELAY


def test_a_mail_without_a_date_header_resolves_no_relative_day() -> None:
    raw = build("I withdrew 0.5 BTC yesterday.", headers={"Date": None})

    assert "date" not in understand(raw, authserv_id=None).entities


def test_malformed_mail_propagates() -> None:
    with pytest.raises(MalformedMail):
        understand(b"not a mail at all", authserv_id=OURS)
