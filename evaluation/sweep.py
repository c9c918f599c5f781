"""Routine precision and coverage at each model threshold: how the thresholds were chosen.

The rulebook's own ``min_confidence`` is set to 0 for the sweep, so that the model's
threshold alone decides; each routine's threshold is then the lowest at which what it
receives is right at least 98% of the time.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from evaluation.dataset import Case
from evaluation.figures import ROUTINES, Share, coverage, routine_precision
from evaluation.measure import Outcome, measure
from evaluation.report import ratio
from madoguchi.domain.understanding import Intent
from madoguchi.rules import Rulebook
from madoguchi.triage.model import IntentModel

THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)


def sweep(cases: Sequence[Case], rulebook: Rulebook, model: IntentModel) -> Iterator[str]:
    """One line per threshold: each routine's precision, then all routines' and coverage."""
    open_rulebook = _without_min_confidence(rulebook)
    yield "  " + "".join(f"{name:<22}" for name in ("threshold", *ROUTINES, "all", "coverage"))
    for threshold in THRESHOLDS:
        at = IntentModel(model.scorer, model.labels, dict.fromkeys(Intent, threshold))
        outcomes = list(measure(cases, open_rulebook, at))
        cells = [ratio(_precision_of(outcomes, r)) for r in ROUTINES]
        cells += [ratio(routine_precision(outcomes)), ratio(coverage(outcomes))]
        yield f"  {threshold:<22}" + "".join(f"{cell:<22}" for cell in cells)


def _precision_of(outcomes: Sequence[Outcome], routine: str) -> Share:
    routed = [o for o in outcomes if o.routine == routine]
    return Share(sum(o.expected == routine for o in routed), len(routed))


def _without_min_confidence(rulebook: Rulebook) -> Rulebook:
    routines = {
        name: spec.model_copy(update={"min_confidence": 0.0})
        for name, spec in rulebook.routines.items()
    }
    return rulebook.model_copy(update={"routines": routines})
