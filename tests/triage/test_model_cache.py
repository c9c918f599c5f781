"""ModelCache: one trained model per rulebook version, kept in memory."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pytest

from madoguchi.domain.errors import ConfigurationError
from madoguchi.triage.model import MIN_PER_LABEL, Example
from madoguchi.triage.model_cache import ModelCache


@dataclass(frozen=True)
class Phrase:
    label: str
    text: str


class Examples:
    """Examples that count how often they were asked for."""

    def __init__(self, labels: Iterable[str] = ("other", "kyc_status", "password_reset")) -> None:
        self.phrases = [
            Phrase(label, f"{label} {n}") for label in labels for n in range(MIN_PER_LABEL)
        ]
        self.calls = 0

    def __call__(self) -> list[Example]:
        self.calls += 1
        return list(self.phrases)


def test_a_version_is_trained_once() -> None:
    cache, examples = ModelCache(), Examples()

    first = cache.model("v1", examples)

    assert first is not None
    assert cache.model("v1", examples) is first
    assert examples.calls == 1


def test_a_new_version_trains_a_new_model() -> None:
    cache = ModelCache()

    assert cache.model("v1", Examples()) is not cache.model("v2", Examples())


def test_only_the_latest_versions_are_kept() -> None:
    cache, examples = ModelCache(kept=2), Examples()
    cache.model("v1", examples)
    cache.model("v2", examples)
    cache.model("v3", examples)

    cache.model("v1", examples)

    assert examples.calls == 4  # v1 was dropped for v3 and trained again


def test_a_rulebook_without_examples_has_no_model() -> None:
    assert ModelCache().model("v1", list) is None


def test_examples_that_cannot_teach_raise() -> None:
    with pytest.raises(ConfigurationError):
        ModelCache().model("v1", Examples(labels=("other",)))
