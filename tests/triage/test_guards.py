"""detect_automated(): mail written by a machine is recognised and never answered."""

from __future__ import annotations

import pytest

from madoguchi.domain.understanding import AutomatedKind
from madoguchi.triage import detect_automated, parse_message
from tests.triage.mails import build, multipart, part

DSN = (
    "Reporting-MTA: dns; mx.example.net\r\n\r\n"
    "Final-Recipient: rfc822; alice@example.com\r\nAction: failed\r\nStatus: 5.1.1\r\n"
)


def kind_of(raw: bytes) -> AutomatedKind | None:
    automated = detect_automated(parse_message(raw, authserv_id=None))
    return automated.kind if automated else None


def test_a_customers_mail_is_not_automated() -> None:
    assert kind_of(build()) is None


@pytest.mark.parametrize("value", ["auto-replied", "auto-generated", "auto-notified; owner=x"])
def test_auto_submitted_other_than_no_is_an_auto_reply(value: str) -> None:
    assert kind_of(build(extra=[("Auto-Submitted", value)])) is AutomatedKind.AUTO_REPLY


@pytest.mark.parametrize("value", ["no", "No", " no ; comment"])
def test_auto_submitted_no_is_a_person(value: str) -> None:
    assert kind_of(build(extra=[("Auto-Submitted", value)])) is None


@pytest.mark.parametrize("name", ["X-Autoreply", "X-Autorespond"])
def test_vendor_autoreply_headers_are_auto_replies(name: str) -> None:
    assert kind_of(build(extra=[(name, "yes")])) is AutomatedKind.AUTO_REPLY


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("bulk", AutomatedKind.MAILING_LIST),
        ("list", AutomatedKind.MAILING_LIST),
        ("junk", AutomatedKind.AUTO_REPLY),
        ("auto_reply", AutomatedKind.AUTO_REPLY),
        ("Bulk", AutomatedKind.MAILING_LIST),
    ],
)
def test_precedence_values_mark_automated_mail(value: str, kind: AutomatedKind) -> None:
    assert kind_of(build(extra=[("Precedence", value)])) is kind


def test_other_precedence_values_are_a_person() -> None:
    assert kind_of(build(extra=[("Precedence", "first-class")])) is None


@pytest.mark.parametrize("value", ["All", "OOF", "AutoReply", "DR, OOF"])
def test_auto_response_suppress_marks_an_auto_reply(value: str) -> None:
    kind = kind_of(build(extra=[("X-Auto-Response-Suppress", value)]))

    assert kind is AutomatedKind.AUTO_REPLY


def test_auto_response_suppress_of_delivery_reports_only_is_a_person() -> None:
    assert kind_of(build(extra=[("X-Auto-Response-Suppress", "DR, RN")])) is None


def test_x_loop_is_a_loop() -> None:
    assert kind_of(build(extra=[("X-Loop", "support@exchange.example")])) is AutomatedKind.LOOP


@pytest.mark.parametrize("name", ["List-Id", "List-Unsubscribe"])
def test_list_headers_mark_a_mailing_list(name: str) -> None:
    kind = kind_of(build(extra=[(name, "<news.lists.example.com>")]))

    assert kind is AutomatedKind.MAILING_LIST


@pytest.mark.parametrize(
    "sender",
    [
        "MAILER-DAEMON@mx.example.net",
        "Mail Delivery System <MAILER-DAEMON@mx.example.net>",
        "postmaster@example.net",
        "MAILER-DAEMON <>",
    ],
)
def test_mail_from_a_mail_daemon_is_a_bounce(sender: str) -> None:
    assert kind_of(build(headers={"From": sender})) is AutomatedKind.BOUNCE


def test_null_return_path_is_a_bounce() -> None:
    assert kind_of(build(top=[("Return-Path", "<>")])) is AutomatedKind.BOUNCE


def test_x_failed_recipients_is_a_bounce() -> None:
    kind = kind_of(build(extra=[("X-Failed-Recipients", "alice@example.com")]))

    assert kind is AutomatedKind.BOUNCE


def test_delivery_status_report_is_a_bounce_even_without_other_signs() -> None:
    headers, body = multipart(
        "report",
        [part("text/plain", "Delivery failed."), part("message/delivery-status", DSN)],
        params="; report-type=delivery-status",
    )

    assert kind_of(build(body, headers=headers)) is AutomatedKind.BOUNCE


def test_delivery_status_part_inside_mixed_is_a_bounce() -> None:
    headers, body = multipart(
        "mixed", [part("text/plain", "Delivery failed."), part("message/delivery-status", DSN)]
    )

    assert kind_of(build(body, headers=headers)) is AutomatedKind.BOUNCE


def test_read_receipt_is_a_read_receipt() -> None:
    notification = "Disposition: manual-action/MDN-sent-manually; displayed\r\n"
    headers, body = multipart(
        "report",
        [
            part("text/plain", "Your message was displayed."),
            part("message/disposition-notification", notification),
        ],
        params="; report-type=disposition-notification",
    )

    assert kind_of(build(body, headers=headers)) is AutomatedKind.READ_RECEIPT


def test_asking_for_a_read_receipt_is_a_person() -> None:
    raw = build(extra=[("Disposition-Notification-To", "alice@example.com")])

    assert kind_of(raw) is None


def test_a_forwarded_bounce_is_a_customer_not_a_bounce() -> None:
    bounce = (
        "From: MAILER-DAEMON@mx.example.net\r\nReturn-Path: <>\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="inner"\r\n\r\n'
        "--inner\r\nContent-Type: text/plain\r\n\r\nfailed\r\n"
        f"--inner\r\nContent-Type: message/delivery-status\r\n\r\n{DSN}\r\n--inner--\r\n"
    )
    headers, body = multipart(
        "mixed",
        [part("text/plain", "Your reply bounced, see below."), part("message/rfc822", bounce)],
    )

    assert kind_of(build(body, headers=headers)) is None


@pytest.mark.parametrize("local", ["no-reply", "noreply", "do-not-reply", "donotreply"])
def test_mail_from_a_no_reply_address_is_automated(local: str) -> None:
    kind = kind_of(build(headers={"From": f"Service <{local}@service.example>"}))

    assert kind is AutomatedKind.AUTO_REPLY


@pytest.mark.parametrize(
    "subject",
    ["Automatic reply: A question", "Auto reply: Nyaan", "Out of Office: back Monday",
     "自動応答: お問い合わせ", "自動返信：本人確認について"],
)  # fmt: skip
def test_vacation_responder_subjects_are_auto_replies(subject: str) -> None:
    assert kind_of(build(headers={"Subject": subject})) is AutomatedKind.AUTO_REPLY


def test_an_auto_reply_word_inside_a_subject_is_a_person() -> None:
    assert kind_of(build(headers={"Subject": "Re: your automatic reply: confusing"})) is None


def test_the_reason_names_what_was_seen() -> None:
    message = parse_message(build(extra=[("Auto-Submitted", "auto-replied")]), authserv_id=None)

    automated = detect_automated(message)

    assert automated is not None
    assert automated.reason == "Auto-Submitted: auto-replied"


def test_an_auto_reply_sent_with_a_null_return_path_is_an_auto_reply() -> None:
    raw = build(top=[("Return-Path", "<>")], extra=[("Auto-Submitted", "auto-replied")])

    assert kind_of(raw) is AutomatedKind.AUTO_REPLY
