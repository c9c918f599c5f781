"""What a routine promises its templates: its outcomes, its drafts, the facts each carries.

Each routine module declares one ``RoutineContract``; ``registry.CONTRACTS`` collects
them, and the composition root hands them to the rulebook loader, which then reports
a template that uses a value its routine does not provide, a template or listed outcome
the routine does not know, invalid options, and templates the reply firewall refuses
(rendered with sample facts), when the rulebook is loaded rather than when a customer's
reply fails to render or is held.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from madoguchi.tasks.firewall import ReplyPolicy
from madoguchi.tasks.options import RoutineOptions, option_problems
from madoguchi.tasks.template_check import template_problems


@dataclass(frozen=True, slots=True)
class RoutineContract:
    """A routine's outcomes and drafts, each with the facts it always carries.

    ``outcomes`` are the ``Resolved.outcome`` values; ``drafts`` the ``NeedsHuman.draft``
    values. Every outcome or draft of that name carries at least these facts (it may
    carry more for the agent, which templates must not rely on).
    """

    outcomes: Mapping[str, frozenset[str]]
    drafts: Mapping[str, frozenset[str]]
    options: type[RoutineOptions]

    def option_problems(self, options: Mapping[str, Any]) -> tuple[str, ...]:
        """What is wrong with the rulebook's ``options`` for this routine (none: valid)."""
        return option_problems(self.options, options)

    def reply_problems(
        self, name: str, source: str, values: Mapping[str, Any], policy: ReplyPolicy
    ) -> tuple[tuple[int, str], ...]:
        """What the reply firewall finds in template ``source`` of outcome or draft ``name``,
        rendered with sample facts and ``values`` (the signature): (line, message) each."""
        facts = {**self.outcomes, **self.drafts}.get(name, frozenset())
        return template_problems(source, name, facts, values, policy)
