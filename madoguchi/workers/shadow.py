"""Shadow decisions: a candidate rulebook decides beside the live one, and is only recorded.

With ``MADOGUCHI_SHADOW_RULES_DIR`` set, the triage stage hands each triaged mail and
the live decision to ``Shadow.record``, which decides again with the candidate and
appends a ``shadow_decision`` audit event to the case: both decisions (action, routine,
queue, priority, rule, version; no reasons, which may quote the mail) and whether they
differ. Nothing else happens with the candidate's decision: the live one is what the
case does. The candidate is hot-reloaded like the live rulebook; a candidate that
cannot decide is logged and skipped, never in the way of the live work.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from madoguchi.domain.cases import Lease
from madoguchi.domain.ports import CaseStore
from madoguchi.domain.understanding import Decision, Triage
from madoguchi.rules import RoutineFacts, Rulebook, RulebookError, decide
from madoguchi.workers.rulebook_source import EventSink, RulebookSource

log = logging.getLogger("madoguchi.rules.shadow")

EVENT = "shadow_decision"


def summary(decision: Decision) -> dict[str, Any]:
    """What the audit trail keeps of a decision: no reason, since it may quote the mail."""
    return {
        "action": decision.action.value,
        "routine": decision.routine,
        "queue": decision.queue,
        "priority": decision.priority,
        "rule": decision.rule_id,
        "version": decision.rulebook_version,
    }


def differs(live: Decision, candidate: Decision) -> bool:
    """Whether the candidate would have done something else (action, routine, queue)."""
    def key(d: Decision) -> tuple[str, str | None, str, str]:
        return (d.action.value, d.routine, d.queue, d.priority)

    return key(live) != key(candidate)


class Shadow:
    """A candidate rulebook that decides beside the live one and is never acted on."""

    def __init__(self, candidate: Callable[[], Rulebook]) -> None:
        self._candidate = candidate

    def compare(self, triage: Triage, live: Decision, *, now: datetime) -> dict[str, Any]:
        """The ``shadow_decision`` event's data: both decisions and whether they differ."""
        decision = decide(triage, self._candidate(), now=now)
        return {
            "changed": differs(live, decision),
            "live": summary(live),
            "candidate": summary(decision),
        }

    def record(
        self, store: CaseStore, lease: Lease, triage: Triage, live: Decision, *, now: datetime
    ) -> dict[str, Any] | None:
        """Decides with the candidate and appends the event to the leased case; the data
        recorded, or None when the candidate could not decide (logged)."""
        try:
            data = self.compare(triage, live, now=now)
        except Exception:
            # The candidate is on trial: whatever goes wrong in it is logged for the
            # operators, and the live decision goes ahead untouched.
            log.exception("the shadow rulebook could not decide case %s", lease.case_id)
            return None
        store.note(lease, event=EVENT, data=data)
        return data


def open_shadow(
    path: Path | None,
    *,
    contracts: Mapping[str, RoutineFacts] | None = None,
    on_event: EventSink | None = None,
) -> Shadow | None:
    """The shadow of the candidate rulebook at ``path``; None when no path is set, or
    when the candidate is invalid (logged with every problem): a candidate on trial
    never keeps the live work from starting."""
    if path is None:
        return None
    try:
        source = RulebookSource(path, contracts=contracts, on_event=on_event)
    except RulebookError as exc:
        log.error("no shadow decisions: the candidate rulebook in %s is invalid:\n%s", path, exc)
        return None
    return Shadow(source)
