"""What goes into an exception ticket and into the audit trail about a triaged mail.

A ticket is for a human agent and carries everything gathered (it stays in the store);
the audit summary carries no personal data, only categories and scores.
"""

from __future__ import annotations

import base64
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
    screenshot: bytes | None = None,
    draft: str | None = None,
) -> dict[str, Any]:
    """The ticket's context: the mail, the understanding, the facts, the steps taken."""
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
    if screenshot:
        found["screenshot_png_base64"] = base64.b64encode(screenshot).decode()
    if draft:
        found["draft_reply"] = draft
    found["steps"] = [
        {"name": s.name, "status": s.status.value, "attempts": s.attempts, "result": s.result}
        for s in rt.store.steps(case.id)
    ]
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
