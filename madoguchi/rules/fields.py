"""The field paths a rule's condition may read, their kinds, and their values for one mail.

A condition names a field by its dotted path (``triage.intent``, ``message.language``,
``now.hour``); ``FIELDS`` lists every one with its kind, so that the loader can refuse
a path that does not exist or a comparison that cannot hold (``gt`` on a text), and
the engine reads the values from ``triage_facts`` (the mail) and ``hours.clock_facts``
(the time). ``personal`` fields hold the customer's data: a reason may not quote them,
since reasons reach tickets and the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from madoguchi.domain.mail import Language
from madoguchi.domain.understanding import Intent, Triage

ENTITY_PREFIX = "triage.entities."
# The kinds of entity triage extracts (``Triage.entities``).
ENTITY_KINDS = (
    "withdrawal_id", "transaction_id", "customer_id", "tx_hash", "asset", "network",
    "amount", "date", "transaction_kind",
)  # fmt: skip
_ENTITY_WORDS = (
    "withdrawal ids (WD...)", "transaction ids (TX...)", "customer ids (C...)",
    "transaction hashes", "assets (BTC, ETH, XRP, USDT, JPY)", "networks (ERC20, TRC20, BANK)",
    'amounts ("0.5 BTC")', "dates (YYYY-MM-DD)", "transaction kinds (withdrawal, trade, deposit)",
)  # fmt: skip
# Entities that identify nobody: a reason may quote them.
_IMPERSONAL_ENTITIES = frozenset({"asset", "network", "transaction_kind"})
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Text longer than this is cut before ``matches`` looks at it: the customer writes the
# text, the operator the pattern, and a long text must not make a pattern slow.
MATCH_LIMIT = 10_000

Value = str | int | float | bool | tuple[str, ...] | None


class Kind(StrEnum):
    """What a field holds, which decides the operators it may be compared with."""

    TEXT = "text"
    CHOICE = "choice"  # a text from a fixed list (``choices``)
    NUMBER = "number"
    FLAG = "flag"  # true or false
    LIST = "list"  # several texts; a comparison holds when it holds for any of them


@dataclass(frozen=True, slots=True)
class Field:
    """One readable field: its path, kind, meaning, and allowed values for a choice."""

    path: str
    kind: Kind
    meaning: str
    choices: tuple[str, ...] = ()
    personal: bool = False


def _fields(*fields: Field) -> dict[str, Field]:
    return {field.path: field for field in fields}


FIELDS: dict[str, Field] = _fields(
    Field("triage.intent", Kind.CHOICE, "what the customer asks for", tuple(Intent)),
    Field("triage.confidence", Kind.NUMBER, "the classifier's confidence in the intent, 0..1"),
    Field("triage.signals", Kind.LIST, "signals found (always empty here: signals escalate "
          "before the rules run)"),
    Field("message.language", Kind.CHOICE, "the language of the mail", tuple(Language)),
    Field("message.language_served", Kind.FLAG, "the rulebook's languages include the "
          "mail's"),
    Field("message.authenticated", Kind.FLAG, "the sender passed DMARC at our MTA"),
    Field("message.authentication", Kind.TEXT, "the authentication verdict, e.g. dmarc=pass"),
    Field("message.sender", Kind.TEXT, "the sender's address, lower case", personal=True),
    Field("message.sender_domain", Kind.TEXT, "the domain of the sender's address",
          personal=True),
    Field("message.subject", Kind.TEXT, "the subject", personal=True),
    Field("message.body", Kind.TEXT, "the customer's own words (quotes cut)", personal=True),
    Field("message.attachments", Kind.NUMBER, "how many attachments the mail has"),
    Field("message.is_reply", Kind.FLAG, "the mail answers an earlier one (In-Reply-To)"),
    Field("now.hour", Kind.NUMBER, "the hour, 0..23, in the rulebook's time zone"),
    Field("now.minute", Kind.NUMBER, "the minute, 0..59"),
    Field("now.weekday", Kind.CHOICE, "the day of the week", WEEKDAYS),
    Field("now.date", Kind.TEXT, "the date, YYYY-MM-DD"),
    Field("now.holiday", Kind.FLAG, "today is listed in business_hours.holidays"),
    Field("now.business_hours", Kind.FLAG, "within business_hours and not a holiday"),
    *(
        Field(f"{ENTITY_PREFIX}{kind}", Kind.LIST, f"the {words} the mail names",
              personal=kind not in _IMPERSONAL_ENTITIES)
        for kind, words in zip(ENTITY_KINDS, _ENTITY_WORDS, strict=True)
    ),
)  # fmt: skip
# Fields that only mean something when the rulebook has a ``business_hours`` section.
HOURS_FIELDS = frozenset({"now.holiday", "now.business_hours"})


def triage_facts(triage: Triage, languages: tuple[str, ...]) -> dict[str, Value]:
    """The value of every ``triage.*`` and ``message.*`` field for ``triage``, under a
    rulebook that serves ``languages``."""
    message = triage.message
    facts: dict[str, Value] = {
        "triage.intent": triage.intent.value,
        "triage.confidence": triage.confidence,
        "triage.signals": triage.signals,
        "message.language": message.language.value,
        "message.language_served": message.language.value in languages,
        "message.authenticated": message.authenticated,
        "message.authentication": message.authentication,
        "message.sender": message.sender,
        "message.sender_domain": message.sender.rpartition("@")[2],
        "message.subject": message.subject,
        "message.body": message.body,
        "message.attachments": len(message.attachments),
        "message.is_reply": message.in_reply_to is not None,
    }
    for kind in ENTITY_KINDS:
        facts[f"{ENTITY_PREFIX}{kind}"] = tuple(triage.entities.get(kind, ()))
    return facts


def shown(value: Value) -> str:
    """A value as a reason writes it: numbers to two decimals, lists joined by commas."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, tuple):
        return ", ".join(value) or "none"
    return "none" if value is None or value == "" else str(value)
