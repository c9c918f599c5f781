"""What the loader needs to know of each routine to check a rulebook against it.

The routines live in ``tasks``, which the rules may not import; the composition root
passes each routine's contract (``tasks.CONTRACTS``) to ``load_rulebook``, which then
reports templates that use a value their routine does not provide, templates and
listed outcomes the routine does not know, invalid options, and templates the reply
firewall refuses (the firewall and the facts to render with live with the routines).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol


class ReplyAllowances(Protocol):
    """What replies may contain: the rulebook's ``reply`` settings."""

    @property
    def allowed_link_domains(self) -> Sequence[str]: ...

    @property
    def allowed_phone_numbers(self) -> Sequence[str]: ...


class RoutineFacts(Protocol):
    """A routine's outcomes and drafts with the facts each carries, and its option check."""

    @property
    def outcomes(self) -> Mapping[str, frozenset[str]]:
        """Each ``Resolved.outcome`` and the facts it always carries."""
        ...

    @property
    def drafts(self) -> Mapping[str, frozenset[str]]:
        """Each ``NeedsHuman.draft`` and the facts it always carries."""
        ...

    def option_problems(self, options: Mapping[str, Any]) -> tuple[str, ...]:
        """What is wrong with ``options``, one line per problem (none: valid)."""
        ...

    def reply_problems(
        self, name: str, source: str, values: Mapping[str, Any], policy: ReplyAllowances
    ) -> tuple[tuple[int, str], ...]:
        """What the reply firewall finds in template ``source`` of outcome or draft
        ``name``, rendered with sample facts and ``values`` (the signature), under
        ``policy``: (line in the template, message) each; none: the template is safe."""
        ...


def known_templates(contract: RoutineFacts) -> dict[str, frozenset[str]]:
    """Every template name (outcome or draft) of a routine, with the facts it may use."""
    return {**contract.outcomes, **contract.drafts}
