"""The demo mail: realistic Japanese and English support mail with known expected fates."""

from __future__ import annotations

import email
import re
from collections import Counter
from datetime import datetime
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest

from madoguchi.sandbox.data import JST, find_customers, generate_customers
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


def test_about_twenty_mails_half_japanese_half_english(mails: list[DemoMail]) -> None:
    assert 18 <= len(mails) <= 24
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
        if mail.expected == "replied" and customers[mail.sender].kyc.status == "in_review"
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
