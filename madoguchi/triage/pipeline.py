"""The whole of triage for one raw mail: parse, guards, intent, signals, entities: a ``Triage``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from madoguchi.domain.understanding import OurIdentity, Triage
from madoguchi.triage.classify import read_intent
from madoguchi.triage.deadline import TIME_LIMIT, Deadline
from madoguchi.triage.entities import extract_entities
from madoguchi.triage.guards import detect_automated
from madoguchi.triage.parse import parse_mail
from madoguchi.triage.signals import find_signals

if TYPE_CHECKING:
    # Only for the annotation: the model (and scikit-learn) loads when one is trained.
    from madoguchi.triage.model import IntentModel


def understand(
    raw: bytes,
    *,
    authserv_id: str | None,
    ours: OurIdentity | None = None,
    model: IntentModel | None = None,
    time_limit: float = TIME_LIMIT,
) -> Triage:
    """What ``raw`` is and asks for; raises ``MalformedMail`` for the caller to escalate.

    ``authserv_id`` names our inbound MTA's Authentication-Results (None: nobody is
    authenticated); ``ours`` recognises our own replies coming back (B4; None: only by
    ``X-Loop``). ``model`` reads the intent (None: the keyword classifier does); a
    signal it names joins the keyword detectors' signals. A mail that takes longer
    than ``time_limit`` seconds to understand is refused as malformed. Automated mail
    is still classified and searched for signals, so that the record (and any human
    who looks) sees everything; the rulebook ignores it first anyway.
    """
    deadline = Deadline(time_limit)
    parsed = parse_mail(raw, authserv_id=authserv_id, ours=ours, deadline=deadline)
    message = parsed.message
    deadline.check("recognising automated mail")
    automated = detect_automated(message, report=parsed.report, ours=ours)
    reading = read_intent(message.subject, message.body, model)
    deadline.check("classifying the intent")
    signals = find_signals(
        message.subject,
        message.text,
        body=message.body,
        sender=message.sender,
        hidden=parsed.hidden_text,
        ours=ours.addresses if ours else (),
    )
    deadline.check("looking for signals")
    if reading.signal is not None and reading.signal not in signals:
        signals = (*signals, reading.signal)
    return Triage(
        message=message,
        automated=automated,
        intent=reading.intent,
        confidence=reading.confidence,
        signals=signals,
        entities=extract_entities(message.subject, message.body, sent=message.date),
    )
