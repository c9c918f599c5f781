"""The intent model a rulebook teaches: trained once per rulebook version, kept in memory."""

from __future__ import annotations

from madoguchi.rules import Rulebook
from madoguchi.triage.model import IntentModel
from madoguchi.triage.model_cache import MODELS


def intent_model(rulebook: Rulebook) -> IntentModel | None:
    """The model taught by ``rulebook``'s examples; None when it has none (keywords)."""
    return MODELS.model(rulebook.version, lambda: rulebook.intent_examples)


def train_model(rulebook: Rulebook) -> None:
    """Trains before the rulebook is used, so that bad examples refuse the rulebook."""
    intent_model(rulebook)
