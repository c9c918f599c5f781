"""A runtime on a real SQLite store with in-memory queue, sender and back office."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import SecretStr

from madoguchi.connectors.store import SqlCaseStore, open_store, upgrade
from madoguchi.domain.backoffice import KycStatus
from madoguchi.domain.mail import MailKey, RawMail
from madoguchi.domain.understanding import OurIdentity
from madoguchi.rules import load_rulebook
from madoguchi.tasks import CONTRACTS
from madoguchi.triage import identify
from madoguchi.workers.breaker import CircuitBreaker, LocalState
from madoguchi.workers.runtime import Runtime
from madoguchi.workers.settings import load_settings
from tests.tasks.fakes import record
from tests.triage import mails
from tests.workers.fakes import FakeGateway, RecordingQueue, ScriptedSender

AUTHSERV_ID = "mx.exchange.test"
OURS = OurIdentity(
    addresses=("support@exchange.test",), message_id_domain="exchange.test",
    loop_secret=SecretStr("a test loop secret"),
)
CUSTOMER = "taro@example.jp"


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@dataclass
class SecondsClock:
    """The breaker's clock (epoch seconds), moved by the test."""

    now: float

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Bench:
    """The runtime and its fakes, as a test sees them."""

    rt: Runtime
    store: SqlCaseStore
    queue: RecordingQueue
    sender: ScriptedSender
    gateway: FakeGateway
    clock: Clock
    breaker_clock: SecondsClock

    def admit(self, raw: bytes, uid: int = 1) -> int:
        identity = identify(raw)
        mail = RawMail(key=MailKey(mailbox="inbox", uidvalidity=7, uid=uid), raw=raw)
        admission = self.store.admit(
            mail, message_id=identity.message_id, content_hash=identity.content_hash
        )
        return admission.case.id


@pytest.fixture
def bench(tmp_path: Path) -> Iterator[Bench]:
    url = f"sqlite:///{tmp_path}/store.db"
    upgrade(url)
    clock = Clock(datetime.now(UTC))
    store = open_store(url, clock=clock)
    queue, sender, gateway = RecordingQueue(), ScriptedSender(), FakeGateway()
    gateway.backoffice.add(CUSTOMER, record(KycStatus.APPROVED))
    rulebook = load_rulebook(contracts=CONTRACTS)
    settings = load_settings(
        var_dir=tmp_path, authserv_id=AUTHSERV_ID, reply_from="support@exchange.test",
        max_attempts=3, database_url=url, reset_floor_seconds=0,
    )
    breaker_clock = SecondsClock(clock.now.timestamp())
    breaker = CircuitBreaker(LocalState(), threshold=5, cooldown=30, clock=breaker_clock)
    rt = Runtime(
        settings=settings, store=store, queue=queue, rulebook=lambda: rulebook,
        backoffice_factory=lambda: gateway, sender_factory=lambda: sender, clock=clock,
        owner="test-worker", breaker=breaker, ours=OURS,
    )
    yield Bench(rt, store, queue, sender, gateway, clock, breaker_clock)
    store.close()


def kyc_question(
    sender: str = CUSTOMER, *, dmarc: str = "pass", message_id: str = "<kyc-1@example.jp>"
) -> bytes:
    """A customer asking about identity verification, authenticated by our MTA."""
    domain = sender.rpartition("@")[2]
    return mails.build(
        "本人確認の審査状況を教えてください。\r\nよろしくお願いします。\r\n",
        headers={
            "From": f"山田 太郎 <{sender}>",
            "Subject": "本人確認について",
            "Message-ID": message_id,
        },
        top=[("Authentication-Results",
              f"{AUTHSERV_ID}; spf=pass smtp.mailfrom={domain}; dkim=pass header.d={domain};"
              f" dmarc={dmarc} header.from={domain}")],
    )
