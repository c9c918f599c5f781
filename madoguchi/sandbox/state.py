"""Everything one running sandbox holds: customers, notices, sessions, action log, faults.

The seeded records never change; what operators do (password-reset mails sent) is kept
beside them in ``resets`` and merged in when a customer is shown or reported.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from madoguchi.sandbox.actions import ActionLog
from madoguchi.sandbox.data import JST, SeededCustomer
from madoguchi.sandbox.faults import Faults
from madoguchi.sandbox.records import NetworkNotice, SecurityEvent
from madoguchi.sandbox.sessions import Sessions


@dataclass
class SandboxState:
    """The back office's memory; lost when the process stops, rebuilt from the seed."""

    customers: tuple[SeededCustomer, ...]
    operators: Mapping[str, str]
    sessions: Sessions
    now: datetime
    notices: tuple[NetworkNotice, ...] = ()
    log: ActionLog = field(default_factory=ActionLog)
    faults: Faults = field(default_factory=Faults)
    resets: dict[str, list[datetime]] = field(default_factory=dict)
    requests: Counter[str] = field(default_factory=Counter)
    busy_served: int = 0
    by_id: dict[str, SeededCustomer] = field(init=False)
    by_email: dict[str, SeededCustomer] = field(init=False)

    def __post_init__(self) -> None:
        self.by_id = {customer.customer_id: customer for customer in self.customers}
        self.by_email = {customer.email: customer for customer in self.customers}

    @property
    def layout(self) -> int:
        return self.faults.layout

    def current(self, customer: SeededCustomer) -> SeededCustomer:
        """``customer`` with the reset mails sent since start among its events (newest first)."""
        sent = self.resets.get(customer.customer_id)
        if not sent:
            return customer
        events = [*customer.events, *(SecurityEvent("password_reset_sent", at) for at in sent)]
        return replace(customer, events=tuple(sorted(events, key=lambda e: e.at, reverse=True)))

    def record_reset(self, customer_id: str) -> datetime:
        """Note that a password-reset mail went to the customer now; returns when."""
        at = datetime.now(JST).replace(microsecond=0)
        self.resets.setdefault(customer_id, []).append(at)
        return at

    def forget(self) -> None:
        """Back to the seeded state: no actions, no sends, no request counts."""
        self.log.clear()
        self.resets.clear()
        self.requests.clear()
        self.busy_served = 0
