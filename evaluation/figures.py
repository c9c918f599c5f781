"""The figures of an evaluation run: precision, recall, coverage, confusion, entities, language."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from evaluation.dataset import ENTITY_KINDS
from evaluation.measure import Outcome
from madoguchi.triage.labels import ROUTINE_INTENTS

ROUTINES = tuple(intent.value for intent in ROUTINE_INTENTS)


@dataclass(frozen=True, slots=True)
class Share:
    """``part`` of ``whole``; the ratio is None when there is no whole."""

    part: int
    whole: int

    @property
    def ratio(self) -> float | None:
        return self.part / self.whole if self.whole else None


@dataclass(frozen=True, slots=True)
class LabelFigures:
    label: str
    precision: Share  # right answers among those given this label
    recall: Share  # right answers among those expected to have it


@dataclass(frozen=True, slots=True)
class EntityFigures:
    kind: str
    exact: Share  # mails where the kind's values are exactly the expected ones
    precision: Share  # values found that were expected
    recall: Share  # values expected that were found


def labels(outcomes: Sequence[Outcome]) -> list[str]:
    """Every label expected or answered: the routines first, then other, then signals."""
    seen = {o.expected for o in outcomes} | {o.answer for o in outcomes}
    rest = sorted(seen - set(ROUTINES) - {"other"})
    return [*ROUTINES, "other", *rest]


def per_label(outcomes: Sequence[Outcome]) -> list[LabelFigures]:
    figures = []
    for label in labels(outcomes):
        given = [o for o in outcomes if o.answer == label]
        expected = [o for o in outcomes if o.expected == label]
        precision = Share(sum(o.right for o in given), len(given))
        recall = Share(sum(o.right for o in expected), len(expected))
        figures.append(LabelFigures(label, precision, recall))
    return figures


def routine_precision(outcomes: Sequence[Outcome]) -> Share:
    """Of every mail sent to a routine, those sent to the right one."""
    routed = [o for o in outcomes if o.routine is not None]
    return Share(sum(o.routine == o.expected for o in routed), len(routed))


def coverage(outcomes: Sequence[Outcome]) -> Share:
    """Of every mail whose answer is a routine, those sent to it."""
    routine_mail = [o for o in outcomes if o.expected in ROUTINES]
    return Share(sum(o.routine == o.expected for o in routine_mail), len(routine_mail))


def confusion(outcomes: Sequence[Outcome]) -> Counter[tuple[str, str]]:
    """How many mails expected as the first label were answered as the second."""
    return Counter((o.expected, o.answer) for o in outcomes)


def entities(outcomes: Sequence[Outcome]) -> list[EntityFigures]:
    figures = []
    for kind in ENTITY_KINDS:
        pairs = [(o.case.expected_entities[kind], o.entities[kind]) for o in outcomes]
        named = [(want, got) for want, got in pairs if want or got]
        exact = Share(sum(want == got for want, got in named), len(named))
        precision = Share(sum(len(want & got) for want, got in named),
                          sum(len(got) for _, got in named))  # fmt: skip
        recall = Share(sum(len(want & got) for want, got in named),
                       sum(len(want) for want, _ in named))  # fmt: skip
        figures.append(EntityFigures(kind, exact, precision, recall))
    return figures


def entity_exact(outcomes: Sequence[Outcome]) -> Share:
    """Mails whose every entity kind came out exactly as expected."""
    return Share(sum(o.entities == o.case.expected_entities for o in outcomes), len(outcomes))


def language(outcomes: Sequence[Outcome]) -> Share:
    return Share(sum(o.language == o.case.language for o in outcomes), len(outcomes))
