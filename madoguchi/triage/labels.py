"""What the intent model can answer, and what one reading of a mail says.

The model learns the four routine intents, ``other``, and the signals only a human may
handle. A reading names exactly one of them: a routine intent sure enough for its
threshold, a signal, or ``other`` (unclear, not a routine request, or below the
threshold). ``multiple_requests`` is never taught by examples: it is read off the
probabilities when two routine intents are both likely (a mail asking two things).
"""

from __future__ import annotations

from dataclasses import dataclass

from madoguchi.domain.understanding import Intent

ROUTINE_INTENTS: tuple[Intent, ...] = tuple(i for i in Intent if i is not Intent.OTHER)
ACCOUNT_COMPROMISE = "account_compromise"
PHISHING_REPORT = "phishing_report"
CREDENTIAL_CHANGE = "credential_change"
LEGAL_THREAT = "legal_threat"
COMPLAINT = "complaint"
REFUND_DEMAND = "refund_demand"
MULTIPLE_REQUESTS = "multiple_requests"
# The signals taught by examples; the keyword detectors of ``signals.py`` stay in front.
SIGNAL_LABELS: tuple[str, ...] = (
    ACCOUNT_COMPROMISE,
    PHISHING_REPORT,
    CREDENTIAL_CHANGE,
    LEGAL_THREAT,
    COMPLAINT,
    REFUND_DEMAND,
)
# Every label an intent example may carry (``rules/default/intents/<label>.<lang>.yaml``).
LABELS: tuple[str, ...] = (*(i.value for i in Intent), *SIGNAL_LABELS)
# Every name a reading may give: the labels, and the one read off the probabilities.
ANSWERS: tuple[str, ...] = (*LABELS, MULTIPLE_REQUESTS)


@dataclass(frozen=True, slots=True)
class Reading:
    """One mail read: ``label`` is a routine intent, ``other`` or a signal's name.

    ``intent`` is the routine intent when ``label`` is one, else ``OTHER``; ``signal``
    the signal's name when ``label`` is one, else None. ``confidence`` (0..1) is the
    calibrated probability of ``label``; for ``other`` it is the probability that the
    mail is none of the routine requests (1 minus the likeliest routine's).
    """

    label: str
    confidence: float
    intent: Intent = Intent.OTHER
    signal: str | None = None

    @classmethod
    def of(cls, label: str, confidence: float) -> Reading:
        """The reading that names ``label``, with the intent or signal it stands for."""
        if label in _ROUTINE_VALUES:
            return cls(label, confidence, intent=Intent(label))
        if label == Intent.OTHER.value:
            return cls(label, confidence)
        return cls(label, confidence, signal=label)


_ROUTINE_VALUES = frozenset(i.value for i in ROUTINE_INTENTS)
