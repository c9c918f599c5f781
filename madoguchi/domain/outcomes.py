"""What a routine is given and what it gives back: resolved with facts, or needs a human."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from madoguchi.domain.base import Value
from madoguchi.domain.mail import Language


class RoutineRequest(Value):
    """Everything a routine may know about the request; identity comes from ``sender`` only.

    ``sender`` is the authenticated, normalised From address. Entities are hints
    from the mail body: a routine uses them to find records, never to decide whose
    account it touches. ``options`` are the rulebook's settings for the routine
    (an SLA in days, say); ``now`` is the time the routine reasons about.
    """

    case_id: int
    sender: str
    language: Language
    now: datetime
    entities: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    options: dict[str, Any] = Field(default_factory=dict)


class Resolved(Value):
    """The routine answered the request; ``outcome`` picks the reply template.

    ``facts`` are the values the template may use. ``account_action`` is true when the
    routine changed something in the back office (a reset mail was sent), which
    forbids blind resending of the reply.
    """

    outcome: str
    facts: dict[str, Any] = Field(default_factory=dict)
    account_action: bool = False


class NeedsHuman(Value):
    """The routine cannot or must not answer; an agent takes over with these facts.

    ``draft`` names the template (an outcome of the same routine) from which a draft
    reply for the agent is rendered with ``facts``, when one can be written.
    """

    reason: str
    facts: dict[str, Any] = Field(default_factory=dict)
    draft: str | None = None


Outcome = Resolved | NeedsHuman
