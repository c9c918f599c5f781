"""What goes into an exception ticket and into the audit trail about a triaged mail.

A ticket is for a human agent and carries everything gathered (it stays in the store);
the audit summary carries no personal data, only categories and scores.
"""

from __future__ import annotations

from typing import Any

from madoguchi.domain.cases import Case
from madoguchi.domain.understanding import Decision, Triage
from madoguchi.workers.runtime import Runtime

TEXT_LIMIT = 20_000


def context(
    rt: Runtime,
    case: Case,
    triage: Triage | None,
    *,
    decision: Decision | None = None,
    facts: dict[str, Any] | None = None,
    draft: str | None = None,
) -> dict[str, Any]:
    """The ticket's context: the mail, the understanding, the facts, the steps taken,
    the files kept with the case (screenshots), and the back office's state if it is down.
    """
    found: dict[str, Any] = {
        "case_id": case.id,
        "mailbox": case.key.mailbox,
        "message_id": case.message_id,
        "received_at": case.received_at.isoformat(),
    }
    if triage is not None:
        found |= _mail(triage)
    if decision is not None:
        found["decision"] = decision.model_dump(mode="json")
    if facts:
        found["facts"] = facts
    if draft:
        found["draft_reply"] = draft
    found["steps"] = [
        {"name": s.name, "status": s.status.value, "attempts": s.attempts, "result": s.result}
        for s in rt.store.steps(case.id)
    ]
    found["files"] = [
        {"file": f.id, "name": f.name, "content_type": f.content_type, "size": f.size}
        for f in rt.store.files(case.id)
    ]
    breaker = rt.breaker.status()
    if breaker.open and breaker.since is not None:
        found["backoffice_down_since"] = breaker.since.isoformat()
    return found


def triage_summary(triage: Triage, decision: Decision) -> dict[str, Any]:
    """What the audit trail records of a triage: no addresses, names or text."""
    return {
        "language": triage.message.language.value,
        "intent": triage.intent.value,
        "confidence": round(triage.confidence, 3),
        "signals": list(triage.signals),
        "automated": triage.automated.kind.value if triage.automated else None,
        "authenticated": triage.message.authenticated,
        "action": decision.action.value,
        "routine": decision.routine,
        "rule": decision.rule_id,
        "rulebook_version": decision.rulebook_version,
    }


def _mail(triage: Triage) -> dict[str, Any]:
    message = triage.message
    return {
        "sender": message.sender,
        "sender_name": message.sender_name,
        "subject": message.subject,
        "language": message.language.value,
        "authentication": message.authentication,
        "intent": triage.intent.value,
        "confidence": round(triage.confidence, 3),
        "signals": list(triage.signals),
        "entities": {key: list(values) for key, values in triage.entities.items()},
        "automated": triage.automated.model_dump(mode="json") if triage.automated else None,
        "attachments": [a.model_dump(mode="json") for a in message.attachments],
        "body": message.body[:TEXT_LIMIT],
        "text": message.text[:TEXT_LIMIT],
    }
