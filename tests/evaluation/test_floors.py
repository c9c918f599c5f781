"""The figures of triage on the evaluation set, held to floors set from measurements.

Measured with the default rulebook's model (897 examples) on 707 mails: routine
precision 0.994 (315/317); coverage 0.847 (en 0.810, ja 0.883); recall password_reset
0.784, kyc_status 0.830, withdrawal_delay 0.853, fee_explanation 0.920, two requests in
one mail 0.808; language 0.996; every entity exactly as expected. The precision floor is
the product's promise (0.98); the others sit a little under what was measured, so that
a rulebook or code change that loses ground fails here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from evaluation import figures
from evaluation.dataset import load_cases
from evaluation.measure import Outcome, measure
from madoguchi.rules import DEFAULT_PATH, load_rulebook
from madoguchi.rules.intents import load_intent_examples
from madoguchi.triage.labels import ANSWERS, MULTIPLE_REQUESTS, ROUTINE_INTENTS
from madoguchi.triage.model import IntentModel
from madoguchi.triage.signals import EXPEDITE_REQUEST, ROBOT_INSTRUCTION

ROUTINES = [intent.value for intent in ROUTINE_INTENTS]
RECALL_FLOORS = {
    "password_reset": 0.76, "kyc_status": 0.80, "withdrawal_delay": 0.83, "fee_explanation": 0.90,
}  # fmt: skip
HUMAN_ONLY = set(ANSWERS) - {*ROUTINES, "other", MULTIPLE_REQUESTS} | {
    EXPEDITE_REQUEST, ROBOT_INSTRUCTION,
}  # fmt: skip
ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def outcomes() -> list[Outcome]:
    model = IntentModel.train(load_intent_examples(DEFAULT_PATH))
    return list(measure(load_cases(), load_rulebook(), model))


def in_language(outcomes: list[Outcome], language: str) -> list[Outcome]:
    return [o for o in outcomes if o.case.language == language]


def test_what_is_sent_to_routines_is_right_at_least_98_percent_of_the_time(
    outcomes: list[Outcome],
) -> None:
    precision = figures.routine_precision(outcomes)

    assert (precision.ratio or 0.0) >= 0.98, precision


@pytest.mark.parametrize("language", ["en", "ja"])
def test_routine_precision_holds_in_each_language(outcomes: list[Outcome], language: str) -> None:
    precision = figures.routine_precision(in_language(outcomes, language))

    assert (precision.ratio or 0.0) >= 0.98, precision


def test_mail_only_a_human_may_handle_is_never_sent_to_a_routine(outcomes: list[Outcome]) -> None:
    routed = [o.case.where for o in outcomes if o.expected in HUMAN_ONLY and o.routine]

    assert routed == []


@pytest.mark.parametrize(("language", "floor"), [(None, 0.83), ("en", 0.79), ("ja", 0.86)])
def test_routine_mail_covered(outcomes: list[Outcome], language: str | None, floor: float) -> None:
    chosen = outcomes if language is None else in_language(outcomes, language)

    coverage = figures.coverage(chosen)

    assert (coverage.ratio or 0.0) >= floor, coverage


@pytest.mark.parametrize("routine", ROUTINES)
def test_each_routine_intent_is_recalled(outcomes: list[Outcome], routine: str) -> None:
    row = next(row for row in figures.per_label(outcomes) if row.label == routine)

    assert (row.recall.ratio or 0.0) >= RECALL_FLOORS[routine], row


def test_two_requests_in_one_mail_are_mostly_recognised(outcomes: list[Outcome]) -> None:
    row = next(row for row in figures.per_label(outcomes) if row.label == MULTIPLE_REQUESTS)

    assert (row.recall.ratio or 0.0) >= 0.75, row


def test_the_language_is_recognised(outcomes: list[Outcome]) -> None:
    accuracy = figures.language(outcomes)

    assert (accuracy.ratio or 0.0) >= 0.99, accuracy


def test_entities_come_out_as_expected(outcomes: list[Outcome]) -> None:
    exact = figures.entity_exact(outcomes)

    assert (exact.ratio or 0.0) >= 0.98, exact
    for row in figures.entities(outcomes):
        assert row.recall.ratio is None or row.recall.ratio >= 0.95, row
        assert row.precision.ratio is None or row.precision.ratio >= 0.95, row


def test_the_report_prints_every_table_and_exits_0() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "evaluation"], capture_output=True, text=True, cwd=ROOT,
        check=False, timeout=120,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    for heading in ("routine precision", "routine coverage", "Per label", "Confusion",
                    "Entities", "Language en", "Language ja"):  # fmt: skip
        assert heading in result.stdout
