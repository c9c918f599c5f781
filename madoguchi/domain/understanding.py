"""What triage understood of a message, and what the rulebook decided to do about it."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, SecretStr

from madoguchi.domain.base import Value
from madoguchi.domain.mail import Message


class Intent(StrEnum):
    """What the customer asks for; the first four have a routine."""

    PASSWORD_RESET = "password_reset"  # noqa: S105 -- an intent name, not a secret
    KYC_STATUS = "kyc_status"
    WITHDRAWAL_DELAY = "withdrawal_delay"
    FEE_EXPLANATION = "fee_explanation"
    OTHER = "other"


class AutomatedKind(StrEnum):
    AUTO_REPLY = "auto_reply"
    BOUNCE = "bounce"
    MAILING_LIST = "mailing_list"
    READ_RECEIPT = "read_receipt"
    LOOP = "loop"


class Automated(Value):
    """Why a message was written by a machine and must never be answered.

    ``refers_to`` is the Message-ID of the mail a bounce or receipt is about, when it
    can be read: a bounce of one of our replies marks that reply undeliverable.
    """

    kind: AutomatedKind
    reason: str
    refers_to: str | None = None


class OurIdentity(Value):
    """How madoguchi recognises its own mail coming back (RELIABILITY B4).

    ``addresses`` are the addresses replies are sent from; ``message_id_domain`` the
    domain of their Message-IDs; ``loop_secret`` keys the HMAC in the loop header that
    every reply carries (``madoguchi.triage.loop``).
    """

    addresses: tuple[str, ...]
    message_id_domain: str
    loop_secret: SecretStr


class Triage(Value):
    """A message understood: automated or not, the intent with its confidence, entities.

    ``signals`` name things a human must see whatever the intent (account compromise,
    a request to change where credentials or funds go, instructions aimed at the robot).

    ``entities`` are what the mail names, normalised to strings by kind:
    ``withdrawal_id`` ("WD2611280042"), ``transaction_id`` ("TX2611280007"), ``tx_hash``,
    ``asset`` ("BTC", "JPY"), ``network`` ("ERC20"), ``amount`` ("0.5 BTC", "10000 JPY"),
    ``date`` (ISO "2026-11-28"), ``customer_id`` ("C000123"), ``transaction_kind``
    ("withdrawal", "trade", "deposit"). They are hints for finding records, never
    identity.
    """

    message: Message
    automated: Automated | None = None
    intent: Intent = Intent.OTHER
    confidence: float = 0.0
    signals: tuple[str, ...] = ()
    entities: dict[str, tuple[str, ...]] = Field(default_factory=dict)


class Action(StrEnum):
    ROUTINE = "routine"
    ESCALATE = "escalate"
    IGNORE = "ignore"


class Decision(Value):
    """What the rulebook decided for one triaged message, and which version decided it.

    ``sla_hours`` is how soon a human should answer an escalated mail (None: no SLA).
    """

    action: Action
    reason: str
    rulebook_version: str
    routine: str | None = None
    rule_id: str | None = None
    queue: str = "support"
    priority: str = "normal"
    sla_hours: float | None = None
