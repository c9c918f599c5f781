"""A case is one inbound mail on its way to a final state, with its steps, ticket and audit."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import Field

from madoguchi.domain.base import Value
from madoguchi.domain.mail import Folder, MailKey


class CaseState(StrEnum):
    """Where a case stands. The last four are final: nothing happens to the case after.

    received -> routine -> replying -> replied; any non-final state may end escalated,
    ignored (automated mail, duplicates) or quarantined (a mail that keeps killing workers).
    """

    RECEIVED = "received"
    ROUTINE = "routine"
    REPLYING = "replying"
    REPLIED = "replied"
    ESCALATED = "escalated"
    IGNORED = "ignored"
    QUARANTINED = "quarantined"

    @property
    def final(self) -> bool:
        return self in FINAL_STATES

    @property
    def folder(self) -> Folder | None:
        """The folder a case in this state is filed into; None while unfinished."""
        return _FOLDERS.get(self)


FINAL_STATES = frozenset(
    {CaseState.REPLIED, CaseState.ESCALATED, CaseState.IGNORED, CaseState.QUARANTINED}
)
_FOLDERS = {
    CaseState.REPLIED: Folder.DONE,
    CaseState.ESCALATED: Folder.ESCALATED,
    CaseState.QUARANTINED: Folder.ESCALATED,
    CaseState.IGNORED: Folder.IGNORED,
}


class Case(Value):
    """One inbound mail and what has been decided about it so far."""

    id: int
    key: MailKey
    message_id: str
    content_hash: str
    state: CaseState
    attempts: int = 0
    received_at: datetime
    updated_at: datetime
    finished_at: datetime | None = None
    lease_expires_at: datetime | None = None
    filed_folder: Folder | None = None
    language: str | None = None
    intent: str | None = None
    confidence: float | None = None
    routine: str | None = None
    reason: str | None = None
    rulebook_version: str | None = None


class AdmissionStatus(StrEnum):
    """What the store did with a mail handed to it by intake."""

    NEW = "new"  # a new case was created
    KNOWN = "known"  # this exact location was admitted before (intake re-read it)
    DUPLICATE = "duplicate"  # the same mail sits at another UID of the same folder (B7)
    RELOCATED = "relocated"  # same mail under a new UIDVALIDITY (F9): the case moved


class Admission(Value):
    status: AdmissionStatus
    case: Case


class CaseUpdate(Value):
    """Fields of a case that a transition may set; None leaves a field unchanged."""

    language: str | None = None
    intent: str | None = None
    confidence: float | None = None
    routine: str | None = None
    reason: str | None = None
    rulebook_version: str | None = None
    sender_key: str | None = None  # a digest of the sender's address, never the address


class Lease(Value):
    """The right to work on a case, proven by the fencing token on every write."""

    case_id: int
    owner: str
    fence: int
    attempts: int
    expires_at: datetime


class StepStatus(StrEnum):
    STARTED = "started"  # the side effect may or may not have happened: in doubt
    DONE = "done"
    FAILED = "failed"


class Step(Value):
    """A side effect of a case, written before it is attempted and completed after."""

    id: int
    case_id: int
    name: str
    status: StepStatus
    attempts: int
    started_at: datetime
    finished_at: datetime | None = None
    result: dict[str, Any] = Field(default_factory=dict)


class ExceptionTicket(Value):
    """What a human agent needs: why the robot stopped, and everything it gathered.

    Tickets with the same ``group`` gather into one while it is open: every mail over
    one sender's reply cap lands on a single ticket instead of a ticket each (B5, L5).
    """

    case_id: int
    queue: str
    priority: str
    reason: str
    context: dict[str, Any] = Field(default_factory=dict)
    group: str | None = None


class TicketStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Ticket(Value):
    """An exception ticket as stored in the built-in queue; ``gathered`` lists the other
    cases its group brought onto it."""

    id: int
    case_id: int
    gathered: tuple[int, ...] = ()
    group: str | None = None
    queue: str
    priority: str
    reason: str
    status: TicketStatus
    created_at: datetime
    context: dict[str, Any] = Field(default_factory=dict)


class CaseFile(Value):
    """A file kept with a case (a screenshot of a failed back-office screen); data apart."""

    id: int
    case_id: int
    name: str
    content_type: str
    size: int
    created_at: datetime


class AuditEvent(Value):
    """One append-only entry of the audit trail, chained to the one before by its hash."""

    seq: int
    at: datetime
    case_id: int | None
    kind: str
    data: dict[str, Any]
    rulebook_version: str | None
    prev_hash: str
    hash: str


class AuditReport(Value):
    """The result of walking the audit chain: ``ok`` only when every link holds."""

    ok: bool
    events: int
    problems: tuple[str, ...] = ()
