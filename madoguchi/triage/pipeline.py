"""The whole of triage for one raw mail: parse, guards, intent, signals, entities: a ``Triage``."""

from __future__ import annotations

from madoguchi.domain.understanding import Triage
from madoguchi.triage.classify import classify
from madoguchi.triage.entities import extract_entities
from madoguchi.triage.guards import detect_automated
from madoguchi.triage.parse import parse_message
from madoguchi.triage.signals import find_signals


def understand(raw: bytes, *, authserv_id: str | None) -> Triage:
    """What ``raw`` is and asks for; raises ``MalformedMail`` for the caller to escalate.

    Automated mail is still classified and searched for signals, so that the record
    (and any human who looks) sees everything; the rulebook ignores it first anyway.
    """
    message = parse_message(raw, authserv_id=authserv_id)
    intent, confidence = classify(message.subject, message.body)
    return Triage(
        message=message,
        automated=detect_automated(message),
        intent=intent,
        confidence=confidence,
        signals=find_signals(message.subject, message.text),
        entities=extract_entities(message.subject, message.body, sent=message.date),
    )
