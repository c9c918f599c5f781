"""Everything one running sandbox holds: its customers, sessions, action log and faults."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from madoguchi.sandbox.actions import ActionLog
from madoguchi.sandbox.data import SeededCustomer
from madoguchi.sandbox.faults import Faults
from madoguchi.sandbox.sessions import Sessions


@dataclass
class SandboxState:
    """The back office's memory; lost when the process stops, rebuilt from the seed."""

    customers: tuple[SeededCustomer, ...]
    operators: Mapping[str, str]
    sessions: Sessions
    log: ActionLog = field(default_factory=ActionLog)
    faults: Faults = field(default_factory=Faults)
    by_id: dict[str, SeededCustomer] = field(init=False)
    by_email: dict[str, SeededCustomer] = field(init=False)

    def __post_init__(self) -> None:
        self.by_id = {customer.customer_id: customer for customer in self.customers}
        self.by_email = {customer.email: customer for customer in self.customers}
