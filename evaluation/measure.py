"""Each mail of the evaluation set through triage and the rulebook, and what came out.

The mail goes through ``understand`` (parse, guards, signals, the model or the keywords,
entities) and ``decide`` exactly as in production, with a DMARC-passed sender so that
only understanding stands between a mail and its routine.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from evaluation.dataset import AUTHSERV_ID, ENTITY_KINDS, Case, raw_mail
from madoguchi.domain.understanding import Action, Intent, Triage
from madoguchi.rules import Rulebook, decide
from madoguchi.triage import understand
from madoguchi.triage.classify import read_intent
from madoguchi.triage.model import IntentModel

OTHER = Intent.OTHER.value


@dataclass(frozen=True, slots=True)
class Outcome:
    """What triage and the rulebook made of one case.

    ``answer`` is what the mail was taken for: the routine it was sent to, else the
    expected signal when it was among those found, else the first signal found, else
    ``other``. ``routine`` is set only when the rulebook sent the mail to a routine.
    ``reading`` is the classifier's own answer with its confidence, for the mistakes list.
    """

    case: Case
    answer: str
    routine: str | None
    intent: str
    confidence: float
    signals: tuple[str, ...]
    language: str
    entities: dict[str, frozenset[str]]
    reading: str

    @property
    def expected(self) -> str:
        return self.case.mail.expect

    @property
    def right(self) -> bool:
        return self.answer == self.expected


def measure(
    cases: Iterable[Case], rulebook: Rulebook, model: IntentModel | None
) -> Iterator[Outcome]:
    """The outcome of each case, in order; ``model`` None measures the keyword classifier."""
    for number, case in enumerate(cases):
        triage = understand(raw_mail(case, number), authserv_id=AUTHSERV_ID, model=model)
        reading = read_intent(triage.message.subject, triage.message.body, model)
        yield _outcome(case, triage, rulebook, f"{reading.label} {reading.confidence:.2f}")


def _outcome(case: Case, triage: Triage, rulebook: Rulebook, reading: str) -> Outcome:
    decision = decide(triage, rulebook)
    routine = decision.routine if decision.action is Action.ROUTINE else None
    return Outcome(
        case=case,
        answer=routine or _signal_answer(case.mail.expect, triage.signals),
        routine=routine,
        intent=triage.intent.value,
        confidence=triage.confidence,
        signals=triage.signals,
        language=triage.message.language.value,
        entities={kind: frozenset(triage.entities.get(kind, ())) for kind in ENTITY_KINDS},
        reading=reading,
    )


def _signal_answer(expected: str, signals: tuple[str, ...]) -> str:
    if expected in signals:
        return expected
    return signals[0] if signals else OTHER
