"""The benchmark's mail: a realistic mix of KYC questions, other requests and auto-replies."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

KYC = [
    ("ja", "本人確認について", "本人確認の審査状況を教えてください。よろしくお願いいたします。"),
    ("en", "KYC status", "Hello, what is the status of my identity verification?"),
    ("ja", "KYCはまだですか", "KYCの審査はまだ終わりませんか？"),
    ("en", "Verification", "Is my KYC verification done yet? Thanks."),
]
OTHER = [
    ("en", "Partnership", "We would like to discuss a partnership with your exchange."),
    ("ja", "取材のお願い", "貴社への取材をお願いしたくご連絡いたしました。"),
]


@dataclass(frozen=True)
class BenchMail:
    message_id: str
    kind: str  # "kyc", "other" or "auto"
    raw: bytes


def bench_mails(
    count: int, customers: list[dict[str, Any]], authserv_id: str
) -> Iterator[BenchMail]:
    """``count`` mails: 8 in 10 KYC questions, 1 another request, 1 an auto-reply."""
    people = itertools.cycle(customers)
    for n in range(count):
        kind = "other" if n % 10 == 8 else "auto" if n % 10 == 9 else "kyc"
        yield _mail(n, kind, next(people), authserv_id)


def _mail(n: int, kind: str, customer: dict[str, Any], authserv_id: str) -> BenchMail:
    address = customer["email"]
    domain = address.rpartition("@")[2]
    pool = KYC if kind == "kyc" else OTHER
    _, subject, body = pool[n % len(pool)]
    msg = EmailMessage()
    msg["Authentication-Results"] = (
        f"{authserv_id}; spf=pass smtp.mailfrom={domain}; dkim=pass header.d={domain};"
        f" dmarc=pass header.from={domain}"
    )
    msg["From"] = address
    msg["To"] = "support@exchange.test"
    msg["Subject"] = "Automatic reply: " + subject if kind == "auto" else subject
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg["Message-ID"] = make_msgid(f"bench{n}", domain)
    if kind == "auto":
        msg["Auto-Submitted"] = "auto-replied"
    msg.set_content(body)
    return BenchMail(str(msg["Message-ID"]), kind, msg.as_bytes())
