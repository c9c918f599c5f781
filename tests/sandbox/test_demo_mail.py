"""The demo mail: realistic Japanese and English support mail with known expected fates."""

from __future__ import annotations

import email
import json
import re
from collections import Counter
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import pytest

from madoguchi.sandbox import demo_cli
from madoguchi.sandbox.data import JST, SeededCustomer, find_customers, generate_customers
from madoguchi.sandbox.demo_mail import DemoMail, demo_mails, write_maildir

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=JST)


@pytest.fixture(scope="module")
def mails() -> list[DemoMail]:
    return demo_mails(now=NOW)


def parsed(mail: DemoMail) -> EmailMessage:
    message = email.message_from_bytes(mail.raw, policy=default)
    assert isinstance(message, EmailMessage)
    return message


def by_name(mails: list[DemoMail], name: str) -> DemoMail:
    return next(mail for mail in mails if mail.name == name)


def test_about_forty_mails_half_japanese_half_english(mails: list[DemoMail]) -> None:
    assert 40 <= len(mails) <= 48
    half = len(mails) // 2
    assert Counter(mail.language for mail in mails) == {"ja": half, "en": half}
    assert len({mail.name for mail in mails}) == len(mails)


def test_every_outcome_is_expected_of_some_mail(mails: list[DemoMail]) -> None:
    assert {mail.expected for mail in mails} == {"replied", "escalated", "ignored"}


def test_every_mail_has_the_headers_a_real_mail_has(mails: list[DemoMail]) -> None:
    for mail in mails:
        message = parsed(mail)
        assert re.fullmatch(r"<[^@<>\s]+@[^@<>\s]+>", message["Message-ID"]), mail.name
        assert message["Date"].datetime is not None
        assert message["To"] == "support@madoguchi.demo"
        assert message["Subject"]
        assert message["From"].addresses[0].addr_spec == mail.sender


def test_authentication_results_name_our_server_and_the_from_domain(
    mails: list[DemoMail],
) -> None:
    for mail in mails:
        domain = mail.sender.rpartition("@")[2]
        results = parsed(mail)["Authentication-Results"]
        assert results.startswith("mx.madoguchi.demo; ")
        assert f"header.from={domain}" in results


def test_japanese_mail_comes_as_iso_2022_jp_and_as_utf8_base64(mails: list[DemoMail]) -> None:
    shapes = {
        (part.get_content_charset(), part["Content-Transfer-Encoding"])
        for mail in mails
        if mail.language == "ja"
        for part in [parsed(mail)]
    }
    assert ("iso-2022-jp", "7bit") in shapes
    assert ("utf-8", "base64") in shapes


def test_iso_2022_jp_mail_is_seven_bit_with_encoded_words(mails: list[DemoMail]) -> None:
    raw = by_name(mails, "kyc_approved_ja").raw
    assert raw.isascii()
    assert b"Subject: =?iso-2022-jp?b?" in raw
    assert "本人確認書類の審査状況" in parsed(by_name(mails, "kyc_approved_ja")).get_content()


@pytest.mark.parametrize(
    ("name", "status", "rejection"),
    [
        ("kyc_approved_ja", "approved", None),
        ("kyc_in_review_en", "in_review", None),
        ("kyc_documents_required_ja", "documents_required", None),
        ("kyc_not_submitted_en", "not_submitted", None),
        ("kyc_rejected_documents_ja", "rejected", "documents"),
        ("kyc_rejected_compliance_en", "rejected", "compliance"),
    ],
)
def test_kyc_questions_come_from_active_customers_in_each_state(
    mails: list[DemoMail], name: str, status: str, rejection: str | None
) -> None:
    mail = by_name(mails, name)
    [customer] = find_customers(generate_customers(7, today=NOW.date()), email=mail.sender)
    assert (customer.kyc.status, customer.kyc.rejection) == (status, rejection)
    assert customer.account_state == "active"
    assert mail.customer_id == customer.customer_id


def test_replied_reviews_are_recent_enough_to_answer(mails: list[DemoMail]) -> None:
    customers = {c.email: c for c in generate_customers(7, today=NOW.date())}
    reviews = [
        customers[mail.sender].kyc
        for mail in mails
        if mail.expected == "replied" and mail.name.startswith("kyc_")
        and customers[mail.sender].kyc.status == "in_review"
    ]
    assert reviews
    for kyc in reviews:
        assert kyc.submitted_at is not None
        assert (NOW - kyc.submitted_at).days <= 7


def test_only_the_compliance_rejection_escalates_among_customers_with_kyc_questions(
    mails: list[DemoMail],
) -> None:
    expected = {mail.name: mail.expected for mail in mails if mail.name.startswith("kyc_")}
    escalated = {name for name, fate in expected.items() if fate == "escalated"}
    assert escalated == {
        "kyc_rejected_compliance_en", "kyc_unknown_sender_ja", "kyc_dmarc_fail_en"
    }


def test_the_unknown_sender_is_no_customer(mails: list[DemoMail]) -> None:
    sender = by_name(mails, "kyc_unknown_sender_ja").sender
    assert find_customers(generate_customers(7, today=NOW.date()), email=sender) == []


def test_the_spoofed_mail_fails_dmarc(mails: list[DemoMail]) -> None:
    results = parsed(by_name(mails, "kyc_dmarc_fail_en"))["Authentication-Results"]
    assert "dmarc=fail" in results
    assert "dmarc=pass" not in results


def test_automated_mail_carries_its_markers(mails: list[DemoMail]) -> None:
    assert parsed(by_name(mails, "out_of_office_ja"))["Auto-Submitted"] == "auto-replied"
    autoreply = parsed(by_name(mails, "autoreply_en"))
    assert (autoreply["X-Autoreply"], autoreply["Precedence"]) == ("yes", "auto_reply")
    assert autoreply["Auto-Submitted"] is None
    assert parsed(by_name(mails, "newsletter_ja"))["List-Id"]
    assert {mail.expected for mail in mails if mail.name in {
        "out_of_office_ja", "autoreply_en", "newsletter_ja", "bounce_en"}} == {"ignored"}


def test_the_bounce_is_a_delivery_status_report_from_the_mailer_daemon(
    mails: list[DemoMail],
) -> None:
    bounce = parsed(by_name(mails, "bounce_en"))
    assert bounce.get_content_type() == "multipart/report"
    assert bounce.get_param("report-type") == "delivery-status"
    assert bounce["Return-Path"] == "<>"
    assert bounce["From"].addresses[0].username == "MAILER-DAEMON"
    assert "message/delivery-status" in [part.get_content_type() for part in bounce.walk()]


def test_the_same_seed_and_time_give_the_same_bytes() -> None:
    assert [m.raw for m in demo_mails(now=NOW)] == [m.raw for m in demo_mails(now=NOW)]


def test_another_seed_picks_other_senders() -> None:
    first = {m.sender for m in demo_mails(now=NOW) if m.customer_id}
    second = {m.sender for m in demo_mails(seed=8, now=NOW) if m.customer_id}
    assert first != second


def test_the_support_address_and_authserv_id_are_configurable() -> None:
    mail = demo_mails(now=NOW, support_address="help@x.example", authserv_id="mx.x.example")[0]
    assert parsed(mail)["To"] == "help@x.example"
    assert parsed(mail)["Authentication-Results"].startswith("mx.x.example; ")


def test_write_maildir_delivers_every_mail_into_new(
    mails: list[DemoMail], tmp_path: Path
) -> None:
    delivered = write_maildir(tmp_path / "Maildir", mails)
    assert {path.parent for path in delivered} == {tmp_path / "Maildir" / "new"}
    assert sorted(path.read_bytes() for path in delivered) == sorted(m.raw for m in mails)
    assert list((tmp_path / "Maildir" / "tmp").iterdir()) == []
    assert (tmp_path / "Maildir" / "cur").is_dir()


# What the routines decide, restated from the issue so that the demo's choice of senders is
# checked against the rule, not against the sandbox's own scenario names.
THRESHOLDS = {"BTC": 1, "ETH": 30, "XRP": 50_000, "USDT": 50_000, "JPY": 5_000_000}
SLA_HOURS = {"pending_review": 24, "processing": 6, "broadcast": 3}
OPEN = {"pending_review", "processing", "broadcast", "held"}
HUMAN_ONLY = ("unauthori", "hacked", "不正", "lawyer", "refund", "返金")
INTENT_WORDS = {
    "password": ("パスワード", "再設定", "reset", "forgot"),
    "withdrawal": ("出金", "withdrawal", "withdrew", "届"),
    "fee": ("手数料", "fee", "charged"),
    "kyc": ("本人確認", "KYC", "verification", "verified"),
}


@pytest.fixture(scope="module")
def people() -> dict[str, SeededCustomer]:
    return {c.email: c for c in generate_customers(7, today=NOW.date(), now=NOW)}


def text_of(mail: DemoMail) -> str:
    message = parsed(mail)
    parts = [p.get_content() for p in message.walk() if p.get_content_maintype() == "text"]
    return "\n".join([str(message["Subject"]), *parts])


def routine_mails(mails: list[DemoMail], prefix: str) -> list[DemoMail]:
    return [mail for mail in mails if mail.name.startswith(prefix)]


def test_every_routine_has_replied_and_escalated_mails_in_both_languages(
    mails: list[DemoMail],
) -> None:
    for prefix in ("kyc_", "password_", "withdrawal_", "fee_"):
        shapes = {(m.expected, m.language) for m in routine_mails(mails, prefix)}
        assert {"replied", "escalated"} == {fate for fate, _ in shapes}, prefix
        assert {"ja", "en"} == {language for _, language in shapes}, prefix


def test_each_mail_says_what_it_asks_for_in_plain_words(mails: list[DemoMail]) -> None:
    for intent, words in INTENT_WORDS.items():
        for mail in mails:
            if mail.name.startswith(intent):
                assert any(word in text_of(mail) for word in words), mail.name


def test_no_mail_but_the_refund_demo_trips_a_human_only_signal(mails: list[DemoMail]) -> None:
    tripping = {m.name for m in mails if any(w in text_of(m).lower() for w in HUMAN_ONLY)}
    assert tripping == {"fee_refund_ja"}


def test_password_resets_are_replied_only_when_nothing_stands_in_the_way(
    mails: list[DemoMail], people: dict[str, SeededCustomer]
) -> None:
    for mail in routine_mails(mails, "password_"):
        person = people.get(mail.sender)
        if person is None:
            assert mail.expected == "replied"  # the same neutral reply: no enumeration
            continue
        recent_change = any(
            e.kind in {"email_change", "two_factor_change"} and NOW - e.at < timedelta(days=7)
            for e in person.events
        )
        blocked = person.account_state == "frozen" or person.security_hold or recent_change
        assert mail.expected == ("escalated" if blocked else "replied"), mail.name


def test_a_reset_asked_again_comes_from_a_customer_sent_one_minutes_ago(
    mails: list[DemoMail], people: dict[str, SeededCustomer]
) -> None:
    person = people[by_name(mails, "password_reset_already_sent_ja").sender]
    sent = [e.at for e in person.events if e.kind == "password_reset_sent"]
    assert sent
    assert NOW - max(sent) <= timedelta(minutes=10)


def test_password_mails_come_from_every_account_state(
    mails: list[DemoMail], people: dict[str, SeededCustomer]
) -> None:
    states = {people[m.sender].account_state for m in routine_mails(mails, "password_")
              if m.sender in people}
    assert states == {"active", "locked", "frozen"}


def test_withdrawal_mails_are_replied_only_for_one_answerable_withdrawal(
    mails: list[DemoMail], people: dict[str, SeededCustomer]
) -> None:
    for mail in routine_mails(mails, "withdrawal_"):
        candidates = _candidates(mail, people[mail.sender])
        answerable = len(candidates) == 1 and _answerable(candidates[0])
        assert mail.expected == ("replied" if answerable else "escalated"), mail.name


def test_replied_withdrawals_cover_every_answerable_stage(
    mails: list[DemoMail], people: dict[str, SeededCustomer]
) -> None:
    stages = {
        (w.status, w.hold_type)
        for mail in routine_mails(mails, "withdrawal_") if mail.expected == "replied"
        for w in _candidates(mail, people[mail.sender])
    }
    assert {status for status, _ in stages} == {
        "pending_review", "processing", "broadcast", "completed", "held"
    }
    assert {hold for _, hold in stages if hold} == {"new_address", "travel_rule"}


def test_withdrawal_mails_quote_the_senders_own_ids_and_hashes(
    mails: list[DemoMail], people: dict[str, SeededCustomer]
) -> None:
    for name in ("withdrawal_broadcast_id_en", "withdrawal_broadcast_hash_ja",
                 "withdrawal_completed_id_ja", "withdrawal_failed_ja"):
        mail = by_name(mails, name)
        latest = people[mail.sender].withdrawals[0]
        quoted = latest.tx_hash if "hash" in name else latest.withdrawal_id
        assert quoted
        assert quoted in text_of(mail)


def test_fee_mails_are_replied_only_when_the_charge_matches_the_schedule(
    mails: list[DemoMail], people: dict[str, SeededCustomer]
) -> None:
    for mail in routine_mails(mails, "fee_"):
        charges = people[mail.sender].charges
        refund = "返金" in text_of(mail)
        matches = bool(charges) and charges[0].matches_schedule
        assert mail.expected == ("replied" if matches and not refund else "escalated"), mail.name


def test_fee_mails_cover_trade_withdrawal_and_deposit_fees(
    mails: list[DemoMail], people: dict[str, SeededCustomer]
) -> None:
    kinds = {people[m.sender].charges[0].kind for m in routine_mails(mails, "fee_")
             if people[m.sender].charges and m.expected == "replied"}
    assert kinds == {"trade", "withdrawal", "deposit"}


def test_the_demo_command_writes_a_manifest_of_every_mail(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.json"
    assert demo_cli.main(["--maildir", str(tmp_path / "mail"), "--manifest", str(manifest)]) == 0
    expected = json.loads(manifest.read_text())
    assert len(expected) == len(list((tmp_path / "mail" / "new").iterdir())) >= 40
    assert set(expected.values()) == {"replied", "escalated", "ignored"}


def _candidates(mail: DemoMail, person: SeededCustomer) -> list[Any]:
    """The withdrawals the mail can mean: the one it names, else the open ones of its asset."""
    text = text_of(mail)
    named = [w for w in person.withdrawals
             if w.withdrawal_id in text or (w.tx_hash and w.tx_hash in text)]
    if named:
        return named
    assets = {"BTC": ("BTC", "bitcoin", "ビットコイン"), "ETH": ("ETH",), "USDT": ("USDT",)}
    wanted = {a for a, names in assets.items() if any(n in text for n in names)}
    return [w for w in person.withdrawals
            if w.status in OPEN and (not wanted or w.asset in wanted)]


def _answerable(w: Any) -> bool:
    if w.amount > THRESHOLDS[w.asset] or w.status == "failed":
        return False
    if w.status == "held":
        return w.hold_type not in {"aml", "compliance"} and w.hold_until > NOW
    if w.status in SLA_HOURS:
        return NOW - w.requested_at < timedelta(hours=SLA_HOURS[w.status])
    return True
