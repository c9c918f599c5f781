"""The rulebook's shape: what ``rulebook.yaml`` may say, and the loaded ``Rulebook``.

Every model is frozen and refuses unknown keys, so a misspelt setting is an error at
load time, never a silently ignored one. Scalars are strict (``enabled: "yes"`` is a
mistake, not true). Defaults fail closed: a routine is off, needs an authenticated
sender and a confidence of 1.0 unless the rulebook says otherwise, and with no rule
that matches, a mail goes to a human.

``rules`` is an ordered list: the first rule whose condition (``when``, see
``conditions``) holds decides, by running a routine, escalating or ignoring.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
)

from madoguchi.rules.conditions import Condition
from madoguchi.rules.hours import BusinessHours
from madoguchi.rules.intents import IntentExample

LanguageCode = Literal["ja", "en"]
RoutineName = Literal["password_reset", "kyc_status", "withdrawal_delay", "fee_explanation"]
Priority = Literal["low", "normal", "high", "urgent"]
PRIORITY_ORDER: tuple[Priority, ...] = ("low", "normal", "high", "urgent")
Name = Annotated[StrictStr, Field(pattern=r"^[a-z][a-z0-9_]*$")]
Confidence = Annotated[StrictFloat, Field(ge=0.0, le=1.0)]
Hours = Annotated[float, Field(gt=0, strict=True)]
Reason = Annotated[StrictStr, Field(min_length=1, max_length=300)]
# ``run: by_intent`` runs the routine named like the mail's intent.
BY_INTENT = "by_intent"
# Values every template may use besides its routine's facts (``Rulebook.template_globals``).
TEMPLATE_GLOBALS = frozenset({"signature"})


class Spec(BaseModel):
    """A part of the rulebook: frozen, unknown keys refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class RoutineSpec(Spec):
    """When a routine may answer: switched on, sure enough, sender authenticated.

    ``outcomes`` are the routine's resolved outcomes and its drafts for agents (named
    ``draft_...``); each needs a template in every language of the rulebook while the
    routine is enabled. ``options`` reach the routine as ``RoutineRequest.options``.
    """

    enabled: StrictBool = False
    min_confidence: Confidence = 1.0
    require_authenticated: StrictBool = True
    outcomes: tuple[Name, ...] = ()
    options: dict[StrictStr, Any] = Field(default_factory=dict)


class QueueSpec(Spec):
    """A queue of exception tickets: how urgent, and within how many hours it is answered."""

    priority: Priority = "normal"
    sla_hours: Hours | None = None


class EscalationSpec(Spec):
    """Where escalated cases go: a default queue, and a queue per signal."""

    default_queue: Name
    queues: dict[Name, QueueSpec]
    signal_queues: dict[Name, Name] = Field(default_factory=dict)


_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
# A host name in lower case with at least two labels ("exchange.example"): no scheme,
# path, port or wildcard, since a subdomain of a listed domain counts anyway.
Domain = Annotated[StrictStr, Field(pattern=rf"^(?:{_LABEL}\.)+{_LABEL}$", max_length=253)]
PhoneNumber = Annotated[StrictStr, Field(pattern=r"^\+?[0-9][0-9 ()\-]{6,24}[0-9]$")]


class ReplySpec(Spec):
    """How replies are signed and sent, and what the reply firewall lets them contain.

    ``signature`` is given to every template. ``allowed_link_domains`` (lower case; a
    subdomain of one counts) are the only domains a reply may link to, and
    ``allowed_phone_numbers`` the only phone numbers it may give; both are empty by
    default: no links, no phone numbers.
    """

    from_address: StrictStr | None = None
    signature: dict[LanguageCode, StrictStr]
    allowed_link_domains: tuple[Domain, ...] = ()
    allowed_phone_numbers: tuple[PhoneNumber, ...] = ()


class LimitsSpec(Spec):
    """Caps on automation: at most ``replies_per_sender_hour`` automated answers to one
    sender in an hour; their further mail gathers onto one ticket."""

    replies_per_sender_hour: Annotated[StrictInt, Field(ge=0)] = 5


class EscalateAction(Spec):
    """Hand the mail to a human: ``queue`` (default: the default queue), ``priority``
    (default: the queue's), ``sla_hours`` (default: the queue's), and why.

    ``reason`` may quote impersonal fields as ``{triage.intent}``.
    """

    reason: Reason
    queue: Name | None = None
    priority: Priority | None = None
    sla_hours: Hours | None = None


class IgnoreAction(Spec):
    """Finish the mail without an answer or a ticket, saying why."""

    reason: Reason


class RuleSpec(Spec):
    """One rule: when its condition holds (always, without ``when``), its action decides.

    Exactly one action: ``run`` (a routine's name, or ``by_intent``), ``escalate`` or
    ``ignore``. A routine still runs only past the routine checks (switched on, language
    served, sender authenticated if required, confidence at least ``min_confidence``).
    """

    id: Name
    note: StrictStr = ""
    when: Condition | None = None
    run: StrictStr | None = None
    escalate: EscalateAction | None = None
    ignore: IgnoreAction | None = None


class RulebookFile(Spec):
    """The contents of ``rulebook.yaml``."""

    languages: Annotated[tuple[LanguageCode, ...], Field(min_length=1)]
    routines: dict[RoutineName, RoutineSpec]
    escalation: EscalationSpec
    reply: ReplySpec
    rules: tuple[RuleSpec, ...] = ()
    limits: LimitsSpec = Field(default_factory=LimitsSpec)
    business_hours: BusinessHours = Field(default_factory=BusinessHours)


class Rulebook(RulebookFile):
    """A loaded, checked rulebook: its settings, its templates and its version.

    ``version`` is a short hash of every file of the rulebook, recorded with each
    decision. ``templates`` maps ``routine/outcome.language`` to template source.
    ``intent_examples`` are the phrasings under ``intents/`` that teach the intent
    classifier (``madoguchi.rules.intents``).
    """

    version: str
    templates: dict[str, str] = Field(default_factory=dict)
    intent_examples: tuple[IntentExample, ...] = ()

    def routine(self, name: str) -> RoutineSpec | None:
        """The settings of routine ``name``, or None when the rulebook does not list it."""
        return next((spec for key, spec in self.routines.items() if key == name), None)

    def routine_options(self, name: str) -> dict[str, Any]:
        """The options routine ``name`` receives (``RoutineRequest.options``); {} if unlisted."""
        spec = self.routine(name)
        return dict(spec.options) if spec else {}

    def template(self, routine: str, outcome: str, language: str) -> str | None:
        """The source of the reply template for ``routine``'s ``outcome`` in ``language``."""
        return self.templates.get(template_key(routine, outcome, language))

    def template_globals(self, language: str) -> dict[str, str]:
        """Values every template may use besides the routine's facts (the signature).

        Render with ``{**outcome.facts, **rulebook.template_globals(language)}``.
        """
        signature = next((s for key, s in self.reply.signature.items() if key == language), None)
        return {} if signature is None else {"signature": signature}

    def queue_priority(self, queue: str) -> Priority:
        """The priority of ``queue``; an unknown queue is ``normal``."""
        spec = self.escalation.queues.get(queue)
        return spec.priority if spec else "normal"

    def queue_sla_hours(self, queue: str) -> float | None:
        """The hours within which ``queue`` answers (None: no SLA, or an unknown queue)."""
        spec = self.escalation.queues.get(queue)
        return spec.sla_hours if spec else None


def template_key(routine: str, outcome: str, language: str) -> str:
    """The key of a template, which is also its path under ``templates/`` without ``.j2``."""
    return f"{routine}/{outcome}.{language}"
