"""The benchmark's mail: every routine in both languages, other requests and auto-replies.

Senders are drawn from the sandbox's seeded truth so that each routine mail names a
customer, withdrawal or charge that the routine can answer.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

# Each kind: (ja subject, ja body, en subject, en body); {ref} is the record's id.
TEXTS = {
    "kyc": (
        "本人確認について",
        "本人確認の審査状況を教えてください。",
        "KYC status",
        "Hello, what is the status of my identity verification?",
    ),
    "reset": (
        "パスワード再設定",
        "パスワードを忘れてしまいました。再設定をお願いします。",
        "Password reset",
        "I forgot my password. Please send me a reset link.",
    ),
    "withdrawal": (
        "出金について",
        "出金 {ref} がまだ届きません。状況を教えてください。",
        "Withdrawal",
        "My withdrawal {ref} has not arrived yet. Could you check?",
    ),
    "fee": (
        "手数料について",
        "取引 {ref} の手数料について教えてください。",
        "Fee question",
        "Why was I charged this fee on transaction {ref}?",
    ),
    "other": (
        "取材のお願い",
        "貴社への取材をお願いしたくご連絡いたしました。",
        "Partnership",
        "We would like to discuss a partnership with your exchange.",
    ),
}
# Out of every ten mails: 3 KYC, 2 resets, 2 withdrawals, 1 fee, 1 other, 1 auto-reply.
MIX = ("kyc", "reset", "withdrawal", "kyc", "fee", "reset", "withdrawal", "kyc", "other", "auto")


@dataclass(frozen=True)
class BenchMail:
    message_id: str
    kind: str
    raw: bytes


def bench_mails(count: int, truth: list[dict[str, Any]], authserv_id: str) -> Iterator[BenchMail]:
    """``count`` mails in the MIX, each from a customer whose records fit its kind."""
    pools = {kind: itertools.cycle(_candidates(kind, truth)) for kind in TEXTS}
    pools["auto"] = pools["other"]
    for n in range(count):
        kind = MIX[n % len(MIX)]
        customer, ref = next(pools[kind])
        yield _mail(n, kind, customer, ref, authserv_id)


def _candidates(kind: str, truth: list[dict[str, Any]]) -> list[tuple[dict[str, Any], str]]:
    active = [c for c in truth if c["account_state"] == "active" and not c["security_hold"]]
    if kind == "kyc":
        good = {"approved", "in_review", "documents_required", "not_submitted"}
        return [(c, "") for c in active if c["kyc"]["status"] in good]
    if kind == "reset":
        return [(c, "") for c in active if "events:quiet" in c["scenarios"]]
    if kind == "withdrawal":
        return [
            (c, w["withdrawal_id"])
            for c in active
            for w in c["withdrawals"][:1]
            if any(
                s.startswith(
                    (
                        "withdrawals:processing-",
                        "withdrawals:broadcast-",
                        "withdrawals:pending_review-",
                    )
                )
                and "late" not in s
                for s in c["scenarios"]
            )
        ]
    if kind == "fee":
        return [
            (c, ch["transaction_id"])
            for c in active
            for ch in c["charges"]
            if ch["matches_schedule"] and any(s.endswith("-match") for s in c["scenarios"])
        ]
    return [(c, "") for c in active]


def _mail(n: int, kind: str, customer: dict[str, Any], ref: str, authserv_id: str) -> BenchMail:
    address = customer["email"]
    domain = address.rpartition("@")[2]
    japanese = not customer["name"].isascii()
    ja_subject, ja_body, en_subject, en_body = TEXTS["other" if kind == "auto" else kind]
    subject, body = (ja_subject, ja_body) if japanese else (en_subject, en_body)
    msg = EmailMessage()
    msg["Authentication-Results"] = (
        f"{authserv_id}; spf=pass smtp.mailfrom={domain}; dkim=pass header.d={domain};"
        f" dmarc=pass header.from={domain}"
    )
    msg["From"] = address
    msg["To"] = "support@exchange.test"
    msg["Subject"] = (
        ("自動応答: " if japanese else "Automatic reply: ") + subject if kind == "auto" else subject
    )
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg["Message-ID"] = make_msgid(f"bench{n}", domain)
    if kind == "auto":
        msg["Auto-Submitted"] = "auto-replied"
    msg.set_content(body.format(ref=ref))
    return BenchMail(str(msg["Message-ID"]), kind, msg.as_bytes())
