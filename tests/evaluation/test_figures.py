"""The evaluation's figures, computed from outcomes written by hand."""

from __future__ import annotations

from datetime import UTC, datetime

from evaluation import figures
from evaluation.dataset import ENTITY_KINDS, Case, EvalMail
from evaluation.figures import Share
from evaluation.measure import Outcome


def outcome(
    expect: str,
    answer: str,
    *,
    routed: bool = False,
    entities: dict[str, tuple[str, ...]] | None = None,
    found: dict[str, tuple[str, ...]] | None = None,
    language: str = "en",
) -> Outcome:
    mail = EvalMail(subject="", body="text", expect=expect, entities=entities or {})
    case = Case(where="x.yaml:1", mail=mail, language="en", sent=datetime(2026, 12, 1, tzinfo=UTC))
    return Outcome(
        case=case,
        answer=answer,
        routine=answer if routed else None,
        intent=answer,
        confidence=0.9,
        signals=(),
        language=language,
        entities={kind: frozenset((found or {}).get(kind, ())) for kind in ENTITY_KINDS},
        reading=answer,
    )


def test_routine_precision_counts_only_what_was_sent_to_a_routine() -> None:
    outcomes = [
        outcome("kyc_status", "kyc_status", routed=True),
        outcome("other", "kyc_status", routed=True),
        outcome("kyc_status", "other"),
    ]

    assert figures.routine_precision(outcomes) == Share(1, 2)


def test_coverage_is_the_share_of_routine_mail_sent_to_its_routine() -> None:
    outcomes = [
        outcome("kyc_status", "kyc_status", routed=True),
        outcome("fee_explanation", "kyc_status", routed=True),
        outcome("password_reset", "other"),
        outcome("other", "other"),
    ]

    assert figures.coverage(outcomes) == Share(1, 3)


def test_precision_and_recall_per_label() -> None:
    outcomes = [
        outcome("kyc_status", "kyc_status", routed=True),
        outcome("other", "kyc_status", routed=True),
        outcome("kyc_status", "other"),
        outcome("legal_threat", "legal_threat"),
    ]

    rows = {row.label: row for row in figures.per_label(outcomes)}

    assert (rows["kyc_status"].precision, rows["kyc_status"].recall) == (Share(1, 2), Share(1, 2))
    assert (rows["legal_threat"].precision, rows["legal_threat"].recall) == (
        Share(1, 1), Share(1, 1),
    )  # fmt: skip
    assert rows["fee_explanation"].precision.ratio is None


def test_the_confusion_matrix_counts_expected_against_answered() -> None:
    outcomes = [
        outcome("other", "kyc_status"), outcome("other", "kyc_status"), outcome("other", "other"),
    ]  # fmt: skip

    counts = figures.confusion(outcomes)

    assert counts[("other", "kyc_status")] == 2
    assert counts[("kyc_status", "other")] == 0


def test_labels_list_routines_then_other_then_signals() -> None:
    outcomes = [outcome("refund_demand", "other"), outcome("complaint", "complaint")]

    assert figures.labels(outcomes) == [
        "password_reset", "kyc_status", "withdrawal_delay", "fee_explanation", "other",
        "complaint", "refund_demand",
    ]  # fmt: skip


def test_entities_are_compared_as_sets_per_kind() -> None:
    outcomes = [
        outcome("other", "other", entities={"asset": ("BTC", "ETH")}, found={"asset": ("ETH",)}),
        outcome("other", "other", entities={"asset": ("XRP",)}, found={"asset": ("XRP",)}),
        outcome("other", "other", found={"date": ("2026-12-01",)}),
    ]

    rows = {row.kind: row for row in figures.entities(outcomes)}

    assert rows["asset"].exact == Share(1, 2)
    assert (rows["asset"].precision, rows["asset"].recall) == (Share(2, 2), Share(2, 3))
    assert rows["date"].precision == Share(0, 1)
    assert figures.entity_exact(outcomes) == Share(1, 3)


def test_language_accuracy() -> None:
    outcomes = [outcome("other", "other"), outcome("other", "other", language="ja")]

    assert figures.language(outcomes) == Share(1, 2)
