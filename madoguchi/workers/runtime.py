"""What a pipeline stage works with: the store, the rulebook, the queue, the senders.

One ``Runtime`` per process, built after fork: the browser and the SMTP connection are
opened on first use and closed with the runtime.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from madoguchi.connectors.backoffice import open_backoffice
from madoguchi.connectors.smtp import open_sender
from madoguchi.connectors.store import open_store
from madoguchi.domain.ports import BackOfficeGateway, CaseStore, JobQueue, MailSender
from madoguchi.domain.understanding import OurIdentity
from madoguchi.rules import Rulebook
from madoguchi.tasks import CONTRACTS
from madoguchi.workers.breaker import CircuitBreaker, LocalState, RedisState, redis_client
from madoguchi.workers.celery_app import broker_url
from madoguchi.workers.identity import our_identity
from madoguchi.workers.intents import train_model
from madoguchi.workers.rulebook_source import RulebookSource
from madoguchi.workers.settings import Settings
from madoguchi.workers.shadow import Shadow, open_shadow


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class Runtime:
    """The ports a stage may use, chosen by configuration and injected."""

    settings: Settings
    store: CaseStore
    queue: JobQueue
    rulebook: Callable[[], Rulebook]
    backoffice_factory: Callable[[], BackOfficeGateway]
    sender_factory: Callable[[], MailSender]
    breaker: CircuitBreaker = field(default_factory=lambda: CircuitBreaker(LocalState()))
    ours: OurIdentity | None = None
    shadow: Shadow | None = None
    clock: Callable[[], datetime] = utcnow
    owner: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}")
    _backoffice: BackOfficeGateway | None = None
    _sender: MailSender | None = None

    def backoffice(self) -> BackOfficeGateway:
        if self._backoffice is None:
            self._backoffice = self.backoffice_factory()
        return self._backoffice

    def sender(self) -> MailSender:
        if self._sender is None:
            self._sender = self.sender_factory()
        return self._sender

    def reset_backoffice(self) -> None:
        """Closes the browser (after a hung page); the next case launches a new one."""
        if self._backoffice is not None:
            self._backoffice.close()
            self._backoffice = None

    def close(self) -> None:
        """Closes what this runtime opened: the browser, the SMTP connection, the store."""
        self.store.close()
        self.reset_backoffice()
        if self._sender is not None:
            self._sender.close()
            self._sender = None


def build_runtime(settings: Settings, queue: JobQueue) -> Runtime:
    """The production wiring: every port from the settings' URLs.

    Raises ``RulebookError`` when the rulebook is invalid: a worker refuses to start.
    """
    store = open_store(settings.database)

    def record(kind: str, data: dict[str, Any]) -> None:
        store.audit(case_id=None, event=kind, data=data)

    return Runtime(
        settings=settings,
        store=store,
        queue=queue,
        rulebook=RulebookSource(
            settings.rules_dir, contracts=CONTRACTS, on_event=record, prepare=train_model
        ),
        shadow=open_shadow(settings.shadow_rules_dir, contracts=CONTRACTS, on_event=record),
        backoffice_factory=lambda: open_backoffice(
            settings.backoffice_url,
            settings.backoffice_user,
            settings.backoffice_password.get_secret_value(),
            chromium_path=str(settings.chromium_path),
            max_sessions=settings.backoffice_sessions,
        ),
        sender_factory=lambda: open_sender(settings.smtp),
        ours=our_identity(settings),
        breaker=CircuitBreaker(
            RedisState(redis_client(broker_url(settings))),
            threshold=settings.breaker_threshold,
            cooldown=settings.breaker_cooldown,
            # Probe a few times within a case's patience, or cases give up unprobed.
            max_cooldown=max(
                settings.breaker_cooldown, min(300.0, settings.backoffice_patience / 3)
            ),
        ),
    )
