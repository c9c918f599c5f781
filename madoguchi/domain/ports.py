"""The ports: the few verbs through which madoguchi touches each outside system.

Each connector in ``connectors/`` implements one of these; the composition root in
``workers/`` chooses which by configuration and injects it. Every method raises only
errors from ``domain.errors``.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

from madoguchi.domain.backoffice import (
    Customer,
    FeeCharge,
    FeeSchedule,
    KycRecord,
    NetworkNotice,
    ResetMail,
    SecurityEvent,
    Withdrawal,
    WithdrawalQuery,
)
from madoguchi.domain.cases import (
    Admission,
    AuditEvent,
    AuditReport,
    Case,
    CaseFile,
    CaseState,
    CaseUpdate,
    ExceptionTicket,
    Lease,
    Step,
    StepStatus,
    Ticket,
    TicketStatus,
)
from madoguchi.domain.mail import Checkpoint, Folder, RawMail, Reply


class Mailbox(Protocol):
    """One inbox folder to read, and the folders finished mail is filed into.

    Reading never changes a message's flags (``\\Seen`` belongs to humans); state
    lives in the case store.
    """

    name: str

    def uidvalidity(self) -> int:
        """The folder's current UIDVALIDITY."""
        ...

    def fetch_above(self, uid: int, *, limit: int) -> list[RawMail]:
        """Up to ``limit`` messages with a UID above ``uid``, in ascending UID order."""
        ...

    def file(self, uid: int, folder: Folder) -> None:
        """Move one message into ``folder``; a message no longer there is not an error."""
        ...

    def watch(self) -> MailWatch:
        """A separate listener that wakes up when the folder may have new mail."""
        ...

    def close(self) -> None: ...


class MailWatch(Protocol):
    """Waits for news from a mailbox (IMAP IDLE, or polling for a Maildir)."""

    def wait(self, timeout: float) -> bool:
        """Block up to ``timeout`` seconds; True when the folder may have changed.

        Raises ``MailboxUnavailable`` when the connection is found dead, so that a
        dead connection is never mistaken for a quiet mailbox.
        """
        ...

    def close(self) -> None: ...


class MailSender(Protocol):
    """Sends replies; the same ``Reply.message_id`` always means the same message."""

    def send(self, reply: Reply) -> None: ...

    def close(self) -> None: ...


class BackOffice(Protocol):
    """The exchange's back office, as the routines may use it (one case's session).

    Every verb reads, except ``send_password_reset``, which reads "last sent" first
    and acts only when no reset mail went out within ``not_within``: calling it again
    after a timeout or a crash never sends a second mail inside the window (F14).
    """

    def find_customer(self, email: str) -> Customer | None:
        """The customer whose registered address is exactly ``email``, or None."""
        ...

    def read_kyc(self, customer: Customer) -> KycRecord: ...

    def security_events(self, customer: Customer) -> tuple[SecurityEvent, ...]:
        """Recent security changes on the account, newest first."""
        ...

    def withdrawals(self, customer: Customer, query: WithdrawalQuery) -> list[Withdrawal]:
        """The customer's withdrawals matching ``query``, newest first, over all pages."""
        ...

    def network_notices(self, asset: str) -> list[NetworkNotice]:
        """Current and announced notices for ``asset``'s networks."""
        ...

    def fee_schedule(self) -> FeeSchedule: ...

    def fees_charged(
        self, customer: Customer, *, transaction_id: str | None = None
    ) -> list[FeeCharge]:
        """Fees charged to the customer, newest first; one transaction's when named."""
        ...

    def send_password_reset(self, customer: Customer, *, not_within: timedelta) -> ResetMail:
        """Presses "send password-reset mail" unless one went out within ``not_within``."""
        ...


class BackOfficeGateway(Protocol):
    """The long-lived connection to the back office, held once per worker process.

    Each case works in its own ``session()`` (a fresh browser context) and a logged-in
    operator session is reused across cases while it is valid.
    """

    def session(self) -> AbstractContextManager[BackOffice]: ...

    def probe(self) -> None:
        """Checks that the back office answers (its login screen), without logging in.

        Raises ``BackOfficeBusy`` when it does not; the circuit breaker calls it.
        """
        ...

    def close(self) -> None: ...


class Job(StrEnum):
    """The jobs of the pipeline, each on its own queue; a job carries only a case id."""

    TRIAGE = "triage"
    ROUTINE = "routine"
    SEND = "send"


class JobQueue(Protocol):
    def enqueue(self, job: Job, case_id: int, *, delay: float = 0.0) -> None:
        """Queue ``job`` for ``case_id``; raises ``TransientError`` when the broker fails."""
        ...


class CaseStore(Protocol):
    """The source of truth: cases, raw mail, steps, replies, tickets and the audit trail.

    Every method that changes a case takes the ``Lease`` that proves the caller may,
    and raises ``LeaseLost`` when the fencing token no longer matches. Every change
    appends its audit event in the same transaction.
    """

    # intake
    def checkpoint(self, mailbox: str) -> Checkpoint | None: ...

    def save_checkpoint(self, checkpoint: Checkpoint) -> None: ...

    def lease_mailbox(self, mailbox: str, *, owner: str, ttl: float) -> bool:
        """Take or renew ``owner``'s lease on reading ``mailbox``; False while another
        watcher holds it (two watchers never read the same mailbox)."""
        ...

    def release_mailbox(self, mailbox: str, *, owner: str) -> None: ...

    def admit(self, mail: RawMail, *, message_id: str, content_hash: str) -> Admission: ...

    def unfiled(self, mailbox: str, *, limit: int) -> list[Case]:
        """Final cases of ``mailbox`` whose mail is not yet filed into its folder."""
        ...

    def mark_filed(self, case_id: int, folder: Folder) -> None: ...

    # reading
    def case(self, case_id: int) -> Case: ...

    def raw(self, case_id: int) -> bytes: ...

    def steps(self, case_id: int) -> list[Step]: ...

    def reply(self, case_id: int) -> Reply | None: ...

    def unfinished(self, *, idle_since: datetime, limit: int) -> list[Case]:
        """Cases not final, not leased, and unchanged since ``idle_since`` (for the sweep)."""
        ...

    def cases(self, *, limit: int = 1000) -> list[Case]: ...

    # working a case
    def claim(self, case_id: int, *, owner: str, ttl: float) -> Lease | None:
        """Take the case's lease; None when the case is final or someone else holds it.

        Each claim counts one attempt at the case's current state.
        """
        ...

    def release(self, lease: Lease) -> None: ...

    def advance(
        self,
        lease: Lease,
        state: CaseState,
        *,
        event: str,
        data: dict[str, Any],
        update: CaseUpdate | None = None,
    ) -> None:
        """Move the case to ``state`` (final or not), resetting its attempt count."""
        ...

    def note(self, lease: Lease, *, event: str, data: dict[str, Any]) -> None:
        """Append an audit event about the case without changing it."""
        ...

    def escalate(self, lease: Lease, ticket: ExceptionTicket, *, state: CaseState) -> int:
        """Open the case's ticket (once per case) and finish the case in ``state``.

        A ticket with a ``group`` joins the open ticket of that group when there is one.
        """
        ...

    def escalate_replied(self, case_id: int, ticket: ExceptionTicket) -> int | None:
        """Escalate a case that was replied to after all (its reply bounced); needs no
        lease, since nobody works on a finished case. None when the case was not replied."""
        ...

    def case_of_reply(self, message_id: str) -> int | None:
        """The case whose reply has ``message_id``, if it is one of ours."""
        ...

    def automated_for(self, sender_key: str, *, since: datetime) -> int:
        """How many cases of the sender with ``sender_key``, received since ``since``,
        a routine answers or answered: the count behind per-sender reply caps (B5, L5)."""
        ...

    def begin_step(self, lease: Lease, name: str) -> Step:
        """The step row for ``name`` as it stood before this attempt, attempts raised.

        A new row is created as started. A row found ``started`` was interrupted: its
        effect is in doubt, and it stays started. A row found ``failed`` failed for
        certain, and is marked started again for this attempt. A ``done`` row stays done.
        """
        ...

    def complete_step(
        self, lease: Lease, step: Step, *, status: StepStatus, result: dict[str, Any]
    ) -> Step: ...

    def save_reply(self, lease: Lease, reply: Reply) -> None:
        """Keep the rendered reply (outbox style) before the case moves to replying."""
        ...

    def attach(self, lease: Lease, *, name: str, content_type: str, data: bytes) -> CaseFile:
        """Keep a file with the case (a screenshot); its name and size are audited."""
        ...

    def files(self, case_id: int) -> list[CaseFile]: ...

    def file_data(self, file_id: int) -> bytes: ...

    # the exception queue
    def tickets(self, *, status: TicketStatus | None = None, limit: int = 100) -> list[Ticket]: ...

    def ticket(self, ticket_id: int) -> Ticket:
        """One ticket; ``LookupError`` for an unknown id."""
        ...

    def close_ticket(self, ticket_id: int, *, by: str, note: str) -> bool:
        """Closes an open ticket (audited with who and why); False if it was not open."""
        ...

    # audit
    def audit_events(self, *, case_id: int | None = None) -> Sequence[AuditEvent]: ...

    def audit(self, *, case_id: int | None, event: str, data: dict[str, Any]) -> None:
        """Append an event that needs no lease (intake, the sweep, filing)."""
        ...

    def verify_audit(self) -> AuditReport: ...

    def close(self) -> None:
        """Releases the store's connections."""
        ...
