"""detect_automated(): mail written by a machine is recognised and never answered."""

from __future__ import annotations

import pytest

from madoguchi.domain.understanding import Automated, AutomatedKind
from madoguchi.triage import detect_automated, parse_message, understand
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


# --- B1: more vacation responders ---------------------------------------------------


@pytest.mark.parametrize(
    "subject",
    ["Out of Office", "[Auto-Reply] A question", "【自動返信】お問い合わせありがとうございます",
     "不在のお知らせ", "不在通知：12月29日まで", "Automatic reply"],
)  # fmt: skip
def test_more_vacation_responder_subjects_are_auto_replies(subject: str) -> None:
    assert kind_of(build(headers={"Subject": subject})) is AutomatedKind.AUTO_REPLY


@pytest.mark.parametrize("name", ["X-Autogenerated", "X-Mail-Autoreply", "X-Autoreply-From"])
def test_other_vendor_autoreply_headers_are_auto_replies(name: str) -> None:
    assert kind_of(build(extra=[(name, "Reply")])) is AutomatedKind.AUTO_REPLY


# --- B2: bounces ---------------------------------------------------------------------

ORIGINAL = (
    "From: Support <support@exchange.example>\r\nTo: alice@example.com\r\n"
    "Subject: Re: A question\r\nMessage-ID: <reply-1@mail.exchange.example>\r\n\r\nOur answer.\r\n"
)
ORIGINAL_ID = "<reply-1@mail.exchange.example>"


def dsn(action: str, original: bytes) -> bytes:
    """A delivery status notification saying ``action`` about ``original`` (a part)."""
    status = DSN.replace("Action: failed", f"Action: {action}")
    headers, body = multipart(
        "report",
        [part("text/plain", "Delivery report."), part("message/delivery-status", status), original],
        params="; report-type=delivery-status",
    )
    return build(body, headers={**headers, "From": "MAILER-DAEMON@mx.example.net"})


def automated_of(raw: bytes) -> Automated:
    found = understand(raw, authserv_id=None).automated
    assert found is not None
    return found


def test_a_failed_delivery_report_is_a_bounce_of_the_enclosed_message() -> None:
    found = automated_of(dsn("failed", part("message/rfc822", ORIGINAL)))

    assert found.kind is AutomatedKind.BOUNCE
    assert "failed" in found.reason
    assert found.refers_to == ORIGINAL_ID


def test_a_delayed_delivery_report_is_a_bounce_too_and_says_delayed() -> None:
    found = automated_of(dsn("delayed", part("message/rfc822", ORIGINAL)))

    assert found.kind is AutomatedKind.BOUNCE
    assert "delayed" in found.reason


def test_a_report_enclosing_only_the_headers_names_the_original() -> None:
    headers_only = ORIGINAL.split("\r\n\r\n")[0] + "\r\n"

    found = automated_of(dsn("failed", part("text/rfc822-headers", headers_only)))

    assert found.refers_to == ORIGINAL_ID


EXCHANGE_TEXT = (
    "Delivery has failed to these recipients or groups:\r\n\r\nalice@example.com\r\n"
    "The e-mail address you entered couldn't be found.\r\n"
)


def exchange_ndr(
    *, extra: list[tuple[str, str]], subject: str = "A question", text: str = "See below.\r\n"
) -> bytes:
    """A non-delivery report from a mailbox, sent without Auto-Submitted or a null path."""
    headers, body = multipart("mixed", [part("text/plain", text), part("message/rfc822", ORIGINAL)])
    return build(
        body,
        headers={**headers, "From": "Microsoft Outlook <outlook@tenant.example>",
                 "Subject": subject, "In-Reply-To": ORIGINAL_ID},
        extra=extra,
    )  # fmt: skip


def test_an_exchange_ndr_marked_only_by_its_ms_header_is_a_bounce() -> None:
    found = automated_of(exchange_ndr(extra=[("X-MS-Exchange-Message-Is-Ndr", "")]))

    assert (found.kind, found.refers_to) == (AutomatedKind.BOUNCE, ORIGINAL_ID)
    assert found.reason == "X-MS-Exchange-Message-Is-Ndr"


@pytest.mark.parametrize("subject", ["Undeliverable: Re: A question", "配信不能: Re: お問い合わせ"])
def test_an_exchange_ndr_known_only_by_its_subject_is_a_bounce(subject: str) -> None:
    found = automated_of(exchange_ndr(extra=[], subject=subject))

    assert (found.kind, found.refers_to) == (AutomatedKind.BOUNCE, ORIGINAL_ID)
    assert found.reason == "a delivery failure subject"


def test_an_exchange_ndr_known_only_by_its_opening_words_is_a_bounce() -> None:
    found = automated_of(exchange_ndr(extra=[], text=EXCHANGE_TEXT))

    assert found.kind is AutomatedKind.BOUNCE
    assert found.reason == "a delivery failure notice in the text"


def test_an_ndr_without_an_enclosed_message_refers_to_its_in_reply_to() -> None:
    raw = build(
        EXCHANGE_TEXT,
        headers={"Subject": "Undeliverable: Re: A question", "In-Reply-To": ORIGINAL_ID},
    )

    assert automated_of(raw).refers_to == ORIGINAL_ID


def test_the_same_mail_without_any_sign_of_a_report_is_a_customer() -> None:
    assert understand(exchange_ndr(extra=[]), authserv_id=None).automated is None


def test_a_customer_forwarding_an_old_mail_as_rfc822_is_a_customer() -> None:
    headers, body = multipart(
        "mixed",
        [part("text/plain", "Please see the mail you sent me below."),
         part("message/rfc822", ORIGINAL)],
    )  # fmt: skip

    assert understand(build(body, headers=headers), authserv_id=None).automated is None


def test_a_customer_forwarding_a_bounce_inline_is_a_customer() -> None:
    text = (
        "Your reply bounced, can you resend it?\r\n\r\n"
        "---------- Forwarded message ---------\r\n" + EXCHANGE_TEXT
    )

    raw = build(text, headers={"Subject": "Fwd: Undeliverable: Re: A question"})

    assert understand(raw, authserv_id=None).automated is None


# --- B3: lists and read receipts -----------------------------------------------------


def test_list_post_marks_a_mailing_list() -> None:
    kind = kind_of(build(extra=[("List-Post", "<mailto:news@lists.example.com>")]))

    assert kind is AutomatedKind.MAILING_LIST


def test_a_read_receipt_names_the_message_it_is_about() -> None:
    notification = (
        "Reporting-UA: mail.example.com\r\nFinal-Recipient: rfc822; alice@example.com\r\n"
        f"Original-Message-ID: {ORIGINAL_ID}\r\nDisposition: manual-action/MDN-sent-manually;"
        " displayed\r\n"
    )
    headers, body = multipart(
        "report",
        [part("text/plain", "Your message was displayed."),
         part("message/disposition-notification", notification)],
        params="; report-type=disposition-notification",
    )  # fmt: skip

    found = automated_of(build(body, headers=headers))

    assert (found.kind, found.refers_to) == (AutomatedKind.READ_RECEIPT, ORIGINAL_ID)


def test_a_bounce_copying_the_originals_headers_into_its_text_names_the_original() -> None:
    text = (
        "Hi. This is the qmail-send program at mx.example.net.\r\n"
        "I'm afraid I wasn't able to deliver your message to the following addresses.\r\n\r\n"
        "--- Below this line is a copy of the message.\r\n\r\n" + ORIGINAL
    )

    found = automated_of(build(text, headers={"From": "MAILER-DAEMON@mx.example.net"}))

    assert (found.kind, found.refers_to) == (AutomatedKind.BOUNCE, ORIGINAL_ID)
