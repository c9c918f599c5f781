"""What each demo mail says and who sends it: the script ``demo_mail`` addresses and encodes.

This module holds ``Script`` and the general mail (identity-verification questions, other
requests, automated mail); ``demo_requests`` holds the password, withdrawal and fee ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime

from madoguchi.sandbox import mime
from madoguchi.sandbox.data import SeededCustomer
from madoguchi.sandbox.mime import Headers

BodyBuilder = Callable[[str, datetime], tuple[Headers, bytes]]
# Whether a seeded customer (at the demo's ``now``) is in the state a script needs.
Fits = Callable[[SeededCustomer, datetime], bool]


@dataclass(frozen=True)
class Script:
    """One demo mail before it is addressed: its words, its sender, its expected fate.

    The sender is a seeded customer writing in the mail's language: one holding
    ``scenario``, else one that ``where`` accepts, else an active one without a security
    hold matching ``kyc_status``/``rejection``; unless ``sender`` names one or
    ``unknown_sender`` asks for a stranger. ``subject`` and ``body`` may quote the
    sender's records (see ``demo_requests``).
    """

    name: str
    expected: str
    description: str
    language: str
    style: str
    subject: str
    body: str = ""
    kyc_status: str | None = None
    rejection: str | None = None
    unknown_sender: bool = False
    sender: tuple[str, str] | None = None
    dmarc: str = "pass"
    extra_headers: tuple[tuple[str, str], ...] = ()
    null_return_path: bool = False
    build_body: BodyBuilder | None = None
    scenario: str | None = None
    where: Fits | None = None


def _bounce(name: str, sent: datetime) -> tuple[Headers, bytes]:
    """A delivery status notification for one of our replies (RFC 3464)."""
    boundary = "=_bounce_7c1f2a"
    when = format_datetime(sent)
    parts = [
        f"--{boundary}",
        "Content-Type: text/plain; charset=us-ascii",
        "",
        "This is the mail system at host mx.example.co.jp.",
        "",
        "I'm sorry to have to inform you that your message could not",
        "be delivered to one or more recipients.",
        "",
        "<kenji.mori@example.co.jp>: host mail.example.co.jp[192.0.2.80] said:",
        "    550 5.1.1 <kenji.mori@example.co.jp>: Recipient address rejected:",
        "    User unknown in local recipient table",
        "",
        f"--{boundary}",
        "Content-Type: message/delivery-status",
        "",
        "Reporting-MTA: dns; mx.example.co.jp",
        f"Arrival-Date: {when}",
        "",
        "Final-Recipient: rfc822; kenji.mori@example.co.jp",
        "Action: failed",
        "Status: 5.1.1",
        "Diagnostic-Code: smtp; 550 5.1.1 User unknown in local recipient table",
        "",
        f"--{boundary}",
        "Content-Type: text/rfc822-headers",
        "",
        "From: support@madoguchi.demo",
        "To: kenji.mori@example.co.jp",
        "Subject: Re: =?UTF-8?B?5pys5Lq656K66KqN44Gr44Gk44GE44Gm?=",
        "Message-ID: <reply.0001@madoguchi.demo>",
        "Auto-Submitted: auto-replied",
        "",
        f"--{boundary}--",
        "",
    ]
    headers = [
        ("MIME-Version", "1.0"),
        ("Content-Type", f'multipart/report; report-type=delivery-status; boundary="{boundary}"'),
    ]
    return headers, mime.CRLF.join(parts).encode("ascii")


GENERAL: tuple[Script, ...] = (
    Script(
        "kyc_approved_ja", "replied", "KYC question from an approved customer (ISO-2022-JP)",
        "ja", "iso-2022-jp", "本人確認の審査状況について",
        "お世話になっております。\n先日提出した本人確認書類の審査状況を教えてください。\n"
        "よろしくお願いいたします。\n\n{name}",
        kyc_status="approved",
    ),
    Script(
        "kyc_in_review_en", "replied", "KYC question while the review is in progress",
        "en", "us-ascii", "Identity verification status",
        "Hello,\n\nWhat is the status of my identity verification? I uploaded my documents "
        "a few days ago.\n\nThanks,\n{name}",
        kyc_status="in_review",
    ),
    Script(
        "kyc_documents_required_ja", "replied",
        "KYC question from a customer whose documents are incomplete (UTF-8 base64)",
        "ja", "utf-8-base64", "KYCはまだ終わりませんか",
        "いつもお世話になっております。\nKYCはまだ終わりませんか？\n"
        "取引を始めたいので確認をお願いします。\n\n{name}",
        kyc_status="documents_required",
    ),
    Script(
        "kyc_not_submitted_en", "replied", "KYC question from a customer who submitted nothing",
        "en", "us-ascii", "KYC",
        "Hi,\n\nIs my KYC done yet? I would like to start trading.\n\nBest regards,\n{name}",
        kyc_status="not_submitted",
    ),
    Script(
        "kyc_rejected_documents_ja", "replied",
        "KYC question after a rejection for unusable documents (ISO-2022-JP)",
        "ja", "iso-2022-jp", "本人確認の結果について",
        "お世話になります。\n本人確認の審査結果がどうなったのか教えてください。\n"
        "否認された場合は何をすればよいでしょうか。\n\n{name}",
        kyc_status="rejected", rejection="documents",
    ),
    Script(
        "kyc_approved_en", "replied", "KYC question from an approved customer",
        "en", "us-ascii", "Is my account verified?",
        "Hello,\n\nHas my identity verification been approved? Is my KYC done yet?\n\n{name}",
        kyc_status="approved",
    ),
    Script(
        "kyc_in_review_ja", "replied", "KYC question while the review is in progress (UTF-8)",
        "ja", "utf-8-base64", "本人確認の審査はいつ終わりますか",
        "お世話になっております。\n先週本人確認の書類を提出しましたが、審査はいつ頃終わりますか。\n"
        "審査状況を教えてください。\n\n{name}",
        kyc_status="in_review",
    ),
    Script(
        "kyc_documents_required_en", "replied",
        "KYC question from a customer whose documents are incomplete",
        "en", "us-ascii", "Verification - anything missing?",
        "Hello,\n\nI submitted my documents for identity verification. What is the status "
        "of my verification, and is anything missing?\n\nKind regards,\n{name}",
        kyc_status="documents_required",
    ),
    Script(
        "kyc_rejected_compliance_en", "escalated",
        "KYC question from a customer rejected for compliance reasons (never explained)",
        "en", "us-ascii", "Why was my verification rejected?",
        "Hello,\n\nWhat is the status of my identity verification? The app says it was "
        "rejected.\n\n{name}",
        kyc_status="rejected", rejection="compliance",
    ),
    Script(
        "kyc_unknown_sender_ja", "escalated", "KYC question from an address no customer has",
        "ja", "iso-2022-jp", "本人確認について",
        "お世話になっております。\n本人確認の審査状況を教えてください。\n\n{name}",
        unknown_sender=True,
    ),
    Script(
        "kyc_dmarc_fail_en", "escalated",
        "KYC question whose sender failed DMARC (possibly spoofed)",
        "en", "us-ascii", "KYC status",
        "Hi,\n\nWhat is the status of my identity verification?\n\n{name}",
        kyc_status="approved", dmarc="fail",
    ),
    Script(
        "company_question_en", "escalated", "a general question about the company",
        "en", "us-ascii", "Question about your company",
        "Hello,\n\nWhere is your company based, and since when have you been operating? "
        "I am considering opening an account.\n\n{name}",
    ),
    Script(
        "out_of_office_ja", "ignored", "an out-of-office auto-reply (Auto-Submitted)",
        "ja", "iso-2022-jp", "不在のお知らせ",
        "誠に勝手ながら、12月1日から12月5日まで不在にしております。\n"
        "いただいたメールは12月8日以降に順次確認いたします。\n\n{name}",
        extra_headers=(("Auto-Submitted", "auto-replied"),),
    ),
    Script(
        "autoreply_en", "ignored", "an auto-reply marked only by X-Autoreply and Precedence",
        "en", "us-ascii", "Automatic reply: Out of office",
        "Thank you for your email. I am out of the office until Monday and will reply "
        "when I return.\n\n{name}",
        extra_headers=(("X-Autoreply", "yes"), ("Precedence", "auto_reply")),
    ),
    Script(
        "bounce_en", "ignored", "a bounce of one of our replies (multipart/report)",
        "en", "us-ascii", "Undelivered Mail Returned to Sender",
        sender=("Mail Delivery System", "MAILER-DAEMON@mx.example.co.jp"),
        extra_headers=(("Auto-Submitted", "auto-replied"),),
        null_return_path=True, build_body=_bounce,
    ),
    Script(
        "newsletter_ja", "ignored", "a mailing-list newsletter (List-Id)",
        "ja", "utf-8-base64", "【週刊】暗号資産マーケットニュース",
        "今週の暗号資産マーケットの動向をお届けします。\n"
        "ビットコインは先週比で3%上昇しました。\n\n配信停止はこちらから行えます。",
        sender=("暗号資産ニュース", "news@lists.example.jp"),
        extra_headers=(
            ("List-Id", "Crypto market news <weekly.lists.example.jp>"),
            ("List-Unsubscribe", "<mailto:unsubscribe@lists.example.jp>"),
            ("Precedence", "list"),
        ),
    ),
)
