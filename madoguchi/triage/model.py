"""The learned intent model: character n-grams, a calibrated linear classifier, taught by examples.

Training (``IntentModel.train``) fits scikit-learn's TF-IDF over character n-grams of
one to four (no Japanese tokenizer needed: the n-grams are the words) and a linear
SVM wrapped in ``CalibratedClassifierCV`` (Platt sigmoids fitted on five-fold
cross-validated decision values), with fixed seeds: the same examples always give the
same model. Reading a mail then uses the fitted numbers only (``scorer.py``).

A reading is ``multiple_requests`` when the likeliest label is a routine intent and a
second routine intent reaches ``MULTIPLE_SHARE`` (the mail asks two things); else the
routine intent when its probability reaches the intent's threshold (``THRESHOLDS``,
chosen on the evaluation set so that what goes to a routine is right at least 98% of
the time); else a signal when a signal class wins with ``SIGNAL_THRESHOLD``; else
``other``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from madoguchi.domain.errors import ConfigurationError
from madoguchi.domain.understanding import Intent
from madoguchi.triage.features import example_text, model_text
from madoguchi.triage.labels import LABELS, MULTIPLE_REQUESTS, ROUTINE_INTENTS, Reading
from madoguchi.triage.scorer import Floats, LinearScorer

# The probability a routine intent needs; below it the mail is ``other``. Chosen on the
# evaluation set (``python -m evaluation --sweep``): at each, and at every higher one, at
# least 98% of the mails read as that intent were right. Each is the lowest such step,
# but fee_explanation's, one step higher (0.65 qualified too) for a margin.
THRESHOLDS: Mapping[Intent, float] = {
    Intent.PASSWORD_RESET: 0.8,
    Intent.KYC_STATUS: 0.75,
    Intent.WITHDRAWAL_DELAY: 0.7,
    Intent.FEE_EXPLANATION: 0.7,
}
SIGNAL_THRESHOLD = 0.5  # a signal class that wins with this much is named
# A second routine intent at least this likely beside the first: the mail asks two things.
MULTIPLE_SHARE = 0.25
SEED = 0
FOLDS = 5
MIN_PER_LABEL = FOLDS  # cross-validated calibration needs an example per fold
MIN_LABELS = 3


class Example(Protocol):
    """One phrasing of a label (``madoguchi.rules.intents.IntentExample`` is one)."""

    @property
    def label(self) -> str: ...

    @property
    def text(self) -> str: ...


class IntentModel:
    """A trained model; ``read`` a mail's text, ``predict`` its intent."""

    def __init__(
        self, scorer: LinearScorer, labels: Sequence[str], thresholds: Mapping[Intent, float]
    ) -> None:
        self.scorer = scorer
        self.labels = tuple(labels)
        self.thresholds = dict(thresholds)
        self._routine = np.array([label in _ROUTINE for label in self.labels])

    @classmethod
    def train(
        cls, examples: Iterable[Example], *, thresholds: Mapping[Intent, float] = THRESHOLDS
    ) -> IntentModel:
        """A model taught by ``examples``; raises ``ConfigurationError`` when they cannot.

        Every label needs at least ``MIN_PER_LABEL`` examples, labels must be in
        ``LABELS``, and ``other`` and a routine intent must be among at least three labels.
        """
        vectorizer, calibrated = fit(examples)
        labels = [str(label) for label in calibrated.classes_]
        return cls(_scorer(vectorizer, calibrated), labels, thresholds)

    def read(self, subject: str, body: str = "") -> Reading:
        """What a mail with ``subject`` and ``body`` (the customer's words) asks for."""
        return self._answer(self.probabilities(subject, body))

    def read_many(self, mails: Iterable[tuple[str, str]]) -> list[Reading]:
        """``read`` for each (subject, body), in order."""
        return [self.read(subject, body) for subject, body in mails]

    def predict(self, text: str) -> tuple[Intent, float]:
        """The routine intent of ``text`` (read as an intent example is: a first line
        followed by more is the subject) and its confidence; ``OTHER`` for anything else."""
        reading = self._answer(self.scorer.probabilities(example_text(text)))
        return reading.intent, reading.confidence

    def predict_many(self, texts: Iterable[str]) -> list[tuple[Intent, float]]:
        """``predict`` for each text, in order."""
        return [self.predict(text) for text in texts]

    def probabilities(self, subject: str, body: str = "") -> Floats:
        """Each label's calibrated probability (in ``labels`` order) for a mail."""
        return self.scorer.probabilities(model_text(subject, body))

    def _answer(self, probabilities: Floats) -> Reading:
        best = self.labels[int(np.argmax(probabilities))]
        if best in _ROUTINE:
            second = self._second_request(Intent(best), probabilities)
            if second is not None:
                return Reading.of(MULTIPLE_REQUESTS, second)
        return self.reading(probabilities)

    def reading(self, probabilities: Floats) -> Reading:
        """The answer the whole mail's probabilities give (see the module docstring)."""
        best = int(np.argmax(probabilities))
        label, confidence = self.labels[best], float(probabilities[best])
        if label in _ROUTINE and confidence >= self.thresholds.get(Intent(label), 1.0):
            return Reading.of(label, confidence)
        if label not in _ROUTINE and label != OTHER and confidence >= SIGNAL_THRESHOLD:
            return Reading.of(label, confidence)
        not_routine = 1.0 - float(np.where(self._routine, probabilities, 0.0).max())
        return Reading.of(OTHER, not_routine)

    def _second_request(self, intent: Intent, probabilities: Floats) -> float | None:
        """The probability of the likeliest routine request besides ``intent`` when it
        reaches ``MULTIPLE_SHARE`` (the mail asks two things); else None."""
        routine = np.where(self._routine, probabilities, 0.0)
        routine[self.labels.index(intent.value)] = 0.0
        second = float(routine.max())
        return second if second >= MULTIPLE_SHARE else None


OTHER = Intent.OTHER.value
_ROUTINE = frozenset(intent.value for intent in ROUTINE_INTENTS)


def fit(examples: Iterable[Example]) -> tuple[TfidfVectorizer, CalibratedClassifierCV]:
    """scikit-learn's fitted vectorizer and calibrated classifier for ``examples``."""
    texts, targets = _checked(examples)
    vectorizer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(1, 4), lowercase=False, sublinear_tf=True,
        dtype=np.float64,
    )  # fmt: skip
    matrix = vectorizer.fit_transform([example_text(text) for text in texts])
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    svm = LinearSVC(C=0.5, class_weight="balanced", random_state=SEED)
    calibrated = CalibratedClassifierCV(svm, method="sigmoid", cv=folds, ensemble=False)
    calibrated.fit(matrix, targets)
    return vectorizer, calibrated


def _checked(examples: Iterable[Example]) -> tuple[list[str], list[str]]:
    """The examples' texts and labels; ``ConfigurationError`` if they cannot teach."""
    texts: list[str] = []
    targets: list[str] = []
    for example in examples:
        if example.label not in LABELS:
            raise ConfigurationError(f"intent examples: unknown label {example.label!r}")
        texts.append(example.text)
        targets.append(example.label)
    counts = {label: targets.count(label) for label in set(targets)}
    few = sorted(label for label, count in counts.items() if count < MIN_PER_LABEL)
    if few:
        raise ConfigurationError(
            f"intent examples: fewer than {MIN_PER_LABEL} examples for {', '.join(few)}"
        )
    # Two labels would make a binary model, whose one decision value ``LinearScorer`` does
    # not read; no useful rulebook teaches fewer than three anyway.
    if OTHER not in counts or not _ROUTINE & set(counts) or len(counts) < MIN_LABELS:
        raise ConfigurationError(
            f"intent examples must teach other, a routine intent and {MIN_LABELS} labels in all"
        )
    return texts, targets


def _scorer(vectorizer: TfidfVectorizer, calibrated: CalibratedClassifierCV) -> LinearScorer:
    """The fitted numbers of a one-calibrator-per-class model, for ``LinearScorer``."""
    (fitted,) = calibrated.calibrated_classifiers_
    svm, calibrators = fitted.estimator, fitted.calibrators
    return LinearScorer(
        analyzer=vectorizer.build_analyzer(),
        vocabulary={str(gram): int(column) for gram, column in vectorizer.vocabulary_.items()},
        idf=np.asarray(vectorizer.idf_, dtype=np.float64),
        weights=np.ascontiguousarray(svm.coef_.T, dtype=np.float64),
        intercepts=np.asarray(svm.intercept_, dtype=np.float64),
        slopes=np.array([c.a_ for c in calibrators], dtype=np.float64),
        offsets=np.array([c.b_ for c in calibrators], dtype=np.float64),
    )
