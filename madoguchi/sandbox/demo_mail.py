"""Demo support mail from the sandbox's seeded customers, each with the outcome it should get.

``demo_mails()`` writes 44 realistic messages, half Japanese, half English, covering the
four routines and each kind of outcome: questions the robot can answer (identity
verification, password resets, late withdrawals, fees), ones it must hand to a human
(compliance rejection, frozen account, AML hold, a fee off the schedule, unknown sender
or failed DMARC where it matters...), another request (escalated) and automated mail
(ignored). Each sender is a seeded customer in the right state, and the mail quotes
their own records (withdrawal id, tx hash, transaction id). ``write_maildir()`` delivers
them into a Maildir's ``new/`` for the demo.
"""

from __future__ import annotations

import hashlib
import os
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from madoguchi.sandbox import mime
from madoguchi.sandbox.data import (
    JST,
    SeededCustomer,
    generate_customers,
    speaks_japanese,
)
from madoguchi.sandbox.demo_requests import REQUESTS
from madoguchi.sandbox.demo_script import GENERAL, Script
from madoguchi.sandbox.mime import Headers

REPLIED, ESCALATED, IGNORED = "replied", "escalated", "ignored"
SCRIPTS: tuple[Script, ...] = (*GENERAL, *REQUESTS)
# A review this recent is within any sensible SLA, so its question can be answered.
_RECENT_REVIEW = timedelta(days=7)
# Minutes between two demo mails' Date headers (the last one is sent at ``now``).
_SPACING = 2


@dataclass(frozen=True)
class DemoMail:
    """One demo message and what the robot should end up doing with it."""

    name: str
    raw: bytes
    expected: str  # "replied", "escalated" or "ignored"
    description: str
    language: str = "en"
    sender: str = ""
    customer_id: str | None = None


def demo_mails(
    *,
    seed: int = 7,
    support_address: str = "support@madoguchi.demo",
    authserv_id: str = "mx.madoguchi.demo",
    customers: int = 1000,
    now: datetime | None = None,
) -> list[DemoMail]:
    """The demo corpus for a sandbox started with the same ``seed`` and ``customers``.

    The senders depend only on ``seed``; ``now`` (default: this minute) sets the Date
    headers, the last mail being the newest.
    """
    now = (now or datetime.now(JST)).astimezone(JST).replace(second=0, microsecond=0)
    people = generate_customers(seed, customers, today=now.date(), now=now)
    cast = _Cast(people, seed, now)
    context = _Context(support_address, authserv_id, seed)
    mails = []
    for index, script in enumerate(SCRIPTS):
        sent = now - timedelta(minutes=_SPACING * (len(SCRIPTS) - 1 - index))
        mails.append(_mail(script, cast.sender(script), sent, context))
    return mails


def write_maildir(path: Path, mails: Sequence[DemoMail]) -> list[Path]:
    """Deliver ``mails`` into the Maildir at ``path`` (created if needed); their new paths.

    Each file is written in ``tmp/`` and renamed into ``new/``, as a delivery agent does,
    so a watcher never sees half a message.
    """
    for sub in ("tmp", "new", "cur"):
        (path / sub).mkdir(parents=True, exist_ok=True)
    delivered = []
    stamp = int(datetime.now(JST).timestamp())
    for index, mail in enumerate(mails):
        unique = f"{stamp}.M{index:03d}P{os.getpid()}.madoguchi-demo"
        temporary, final = path / "tmp" / unique, path / "new" / unique
        temporary.write_bytes(mail.raw)
        os.replace(temporary, final)
        delivered.append(final)
    return delivered


@dataclass(frozen=True)
class _Sender:
    name: str
    address: str
    customer_id: str | None = None
    facts: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Context:
    support_address: str
    authserv_id: str
    seed: int


@dataclass
class _Cast:
    """Picks a distinct seeded customer for each script, the same ones for the same seed."""

    customers: tuple[SeededCustomer, ...]
    seed: int
    now: datetime
    used: set[str] = field(default_factory=set)

    def sender(self, script: Script) -> _Sender:
        if script.sender is not None:
            return _Sender(*script.sender)
        if script.unknown_sender:
            return self._stranger(script)
        person = self._pick(script)
        return _Sender(person.name, person.email, person.customer_id, _facts(person))

    def _pick(self, script: Script) -> SeededCustomer:
        candidates = [
            person
            for person in self.customers
            if person.customer_id not in self.used
            and _speaks(person, script.language)
            and self._fits(person, script)
        ]
        if not candidates:
            raise LookupError(f"no seeded customer fits demo mail {script.name!r}")
        person = random.Random(f"{self.seed}:{script.name}").choice(candidates)
        self.used.add(person.customer_id)
        return person

    def _fits(self, person: SeededCustomer, script: Script) -> bool:
        if script.scenario is not None:
            return script.scenario in person.scenarios
        if script.where is not None:
            return script.where(person, self.now)
        kyc = person.kyc
        return (
            person.account_state == "active"
            and not person.security_hold
            and (script.kyc_status is None or kyc.status == script.kyc_status)
            and (script.rejection is None or kyc.rejection == script.rejection)
            and (script.kyc_status != "in_review" or _recent(person, self.now.date()))
        )

    def _stranger(self, script: Script) -> _Sender:
        """Someone with a plausible address that no seeded customer has."""
        known = {person.email for person in self.customers}
        for number in range(1000, 10_000):
            address = f"haruka.ogawa{number}@example.ne.jp"
            if address not in known:
                return _Sender("小川 遥" if script.language == "ja" else "Haruka Ogawa", address)
        raise LookupError("no free address for the unknown sender")


def _speaks(person: SeededCustomer, language: str) -> bool:
    """Japanese mail from customers with Japanese names, English from the others."""
    return speaks_japanese(person) == (language == "ja")


def _facts(person: SeededCustomer) -> dict[str, str]:
    """What a mail may quote from the sender's records: the latest withdrawal and charge."""
    facts: dict[str, str] = {}
    if person.withdrawals:
        latest = person.withdrawals[0]
        day = latest.requested_at.astimezone(JST)
        facts |= {
            "withdrawal_id": latest.withdrawal_id,
            "tx_hash": latest.tx_hash or "",
            "asset": latest.asset,
            "amount": f"{latest.amount} {latest.asset}",
            "date_ja": f"{day.month}月{day.day}日",
            "date_en": f"{day:%B} {day.day}",
        }
    if person.charges:
        facts["transaction_id"] = person.charges[0].transaction_id
    return facts


def _recent(person: SeededCustomer, today: date) -> bool:
    submitted = person.kyc.submitted_at
    midnight = datetime.combine(today, datetime.min.time(), JST)
    return submitted is not None and submitted >= midnight - _RECENT_REVIEW


def _mail(script: Script, sender: _Sender, sent: datetime, context: _Context) -> DemoMail:
    domain = sender.address.rpartition("@")[2]
    facts = {**sender.facts, "name": sender.name}
    body_headers, body = (
        script.build_body(sender.name, sent) if script.build_body
        else mime.text_body(script.body.format(**facts), script.style)
    )
    headers: Headers = [
        ("Return-Path", "<>" if script.null_return_path else f"<{sender.address}>"),
        ("Received", _received(domain, context.authserv_id, sent)),
        ("Authentication-Results", _authentication(context.authserv_id, domain, script.dmarc)),
        ("Message-ID", _message_id(script.name, context.seed, sent, domain)),
        ("Date", format_datetime(sent)),
        ("From", mime.address(sender.name, sender.address, script.style)),
        ("To", context.support_address),
        ("Subject", mime.header_text(script.subject.format(**facts), script.style)),
        *script.extra_headers,
        *body_headers,
    ]
    return DemoMail(
        name=script.name,
        raw=mime.compose(headers, body),
        expected=script.expected,
        description=script.description,
        language=script.language,
        sender=sender.address,
        customer_id=sender.customer_id,
    )


def _authentication(authserv_id: str, domain: str, dmarc: str) -> str:
    if dmarc == "pass":
        return (
            f"{authserv_id}; spf=pass smtp.mailfrom={domain}; "
            f"dkim=pass header.d={domain}; dmarc=pass header.from={domain}"
        )
    return (
        f"{authserv_id}; spf=fail smtp.mailfrom={domain}; "
        f"dkim=none; dmarc=fail (p=reject) header.from={domain}"
    )


def _received(domain: str, authserv_id: str, sent: datetime) -> str:
    return (
        f"from mail.{domain} (mail.{domain} [192.0.2.25]) by {authserv_id} "
        f"with ESMTPS; {format_datetime(sent + timedelta(seconds=2))}"
    )


def _message_id(name: str, seed: int, sent: datetime, domain: str) -> str:
    token = hashlib.sha256(f"{seed}:{name}".encode()).hexdigest()[:12]
    return f"<{sent:%Y%m%d%H%M}.{token}@{domain}>"
