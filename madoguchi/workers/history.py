"""What earlier mail changes about this one: per-sender reply caps and bounced replies.

These decisions need the case store, so they are made here rather than in the pure
rulebook: a sender who already got the rulebook's ``limits.replies_per_sender_hour``
automated answers in the last hour goes to a human, every further mail of theirs onto the same
ticket (B5, L5: another robot that never says Auto-Submitted stops here); a bounce of
one of our replies escalates the case that was answered (B2).
"""

from __future__ import annotations

from datetime import timedelta

from madoguchi.domain.cases import ExceptionTicket
from madoguchi.domain.redact import digest
from madoguchi.domain.understanding import AutomatedKind, Triage
from madoguchi.workers.runtime import Runtime


def sender_key(triage: Triage) -> str | None:
    """The digest cases of one sender share; None for a mail without a sender."""
    sender = triage.message.sender
    return digest(sender) if sender else None


def over_reply_cap(rt: Runtime, triage: Triage) -> bool:
    """True when the sender already had their automated answers for this hour."""
    key = sender_key(triage)
    if key is None:
        return True
    since = rt.clock() - timedelta(hours=1)
    cap = rt.rulebook().limits.replies_per_sender_hour
    return rt.store.automated_for(key, since=since) >= cap


def cap_group(triage: Triage) -> str:
    return f"reply-cap:{sender_key(triage)}"


def follow_bounce(rt: Runtime, triage: Triage) -> int | None:
    """Escalates the case whose reply this bounce is about; that case's id, if any."""
    automated = triage.automated
    if automated is None or automated.kind is not AutomatedKind.BOUNCE:
        return None
    if automated.refers_to is None:
        return None
    case_id = rt.store.case_of_reply(automated.refers_to)
    if case_id is None:
        return None
    ticket = ExceptionTicket(
        case_id=case_id,
        queue="support",
        priority="high",
        reason="our reply bounced: the customer did not receive the answer",
        context={"bounce": automated.reason, "reply_message_id": automated.refers_to},
    )
    rt.store.escalate_replied(case_id, ticket)
    return case_id
