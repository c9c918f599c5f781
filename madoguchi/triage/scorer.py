"""Calibrated class probabilities for one text from a trained model's plain numbers.

scikit-learn pays about a millisecond of input checking per call, more than the whole
rest of triage; this computes the same probabilities (TF-IDF weights, the linear
decision values, one Platt sigmoid per class, normalised to sum to one) with a dict
lookup per n-gram and one small matrix product. ``tests/triage/test_model.py`` holds
it equal to scikit-learn's ``predict_proba``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class LinearScorer:
    """A fitted TF-IDF vocabulary and a one-vs-rest linear model with sigmoid calibration.

    ``weights`` has one row per vocabulary entry and one column per class; ``slopes``
    and ``offsets`` are each class's calibration: ``p = 1 / (1 + exp(slope * d + offset))``
    for the decision value ``d``.
    """

    analyzer: Callable[[str], list[str]]
    vocabulary: Mapping[str, int]
    idf: Floats
    weights: Floats
    intercepts: Floats
    slopes: Floats
    offsets: Floats
    sublinear_tf: bool = True

    def probabilities(self, text: str) -> Floats:
        """Each class's calibrated probability for ``text`` (already normalised), summing to 1."""
        return self._calibrated(self.decision(text))

    def decision(self, text: str) -> Floats:
        """The linear model's decision value per class."""
        columns, counts = self._counts(text)
        if not columns:
            return self.intercepts.copy()
        tf = np.asarray(counts, dtype=np.float64)
        if self.sublinear_tf:
            tf = np.log(tf) + 1.0
        index = np.asarray(columns, dtype=np.intp)
        values = tf * self.idf[index]
        values /= math.sqrt(float(values @ values))
        decision: Floats = values @ self.weights[index] + self.intercepts
        return decision

    def _counts(self, text: str) -> tuple[list[int], list[int]]:
        columns: list[int] = []
        counts: list[int] = []
        lookup = self.vocabulary.get
        for gram, count in Counter(self.analyzer(text)).items():
            column = lookup(gram)
            if column is not None:
                columns.append(column)
                counts.append(count)
        return columns, counts

    def _calibrated(self, decision: Floats) -> Floats:
        # A far-off decision value overflows exp to inf, and the probability is then 0
        # exactly, as scikit-learn's expit gives: nothing to warn about.
        with np.errstate(over="ignore"):
            raw: Floats = 1.0 / (1.0 + np.exp(self.slopes * decision + self.offsets))
        total = float(raw.sum())
        # The calibrators can all say 0 for a text unlike anything taught: no class wins.
        if total == 0.0:
            return np.full_like(raw, 1.0 / raw.size)
        return raw / total
