"""The evaluation's figures as plain-text tables for a terminal or a CI log."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from evaluation import figures
from evaluation.figures import Share
from evaluation.measure import Outcome


def ratio(share: Share) -> str:
    """``0.987 (308/312)``, or ``-`` with nothing to measure."""
    value = share.ratio
    shown = "  -  " if value is None else f"{value:.3f}"
    return f"{shown} ({share.part}/{share.whole})"


def headline(outcomes: Sequence[Outcome]) -> Iterator[str]:
    yield f"  routine precision  {ratio(figures.routine_precision(outcomes))}"
    yield f"  routine coverage   {ratio(figures.coverage(outcomes))}"
    yield f"  language           {ratio(figures.language(outcomes))}"
    yield f"  entities exact     {ratio(figures.entity_exact(outcomes))}"


def per_label(outcomes: Sequence[Outcome]) -> Iterator[str]:
    yield f"  {'label':<20} {'precision':<20} {'recall':<20}"
    for row in figures.per_label(outcomes):
        yield f"  {row.label:<20} {ratio(row.precision):<20} {ratio(row.recall):<20}"


def confusion(outcomes: Sequence[Outcome]) -> Iterator[str]:
    """Rows are the expected labels, columns the answers, numbered as the rows."""
    names = figures.labels(outcomes)
    counts = figures.confusion(outcomes)
    yield "  " + " " * 24 + "".join(f"{n:>4}" for n in range(1, len(names) + 1))
    for row, expected in enumerate(names, 1):
        cells = "".join(
            f"{counts[(expected, answer)] or '.':>4}" for answer in names
        )
        yield f"  {row:>2} {expected:<21}{cells}"


def entities(outcomes: Sequence[Outcome]) -> Iterator[str]:
    yield f"  {'kind':<16} {'exact':<20} {'precision':<20} {'recall':<20}"
    for row in figures.entities(outcomes):
        yield (
            f"  {row.kind:<16} {ratio(row.exact):<20} {ratio(row.precision):<20} "
            f"{ratio(row.recall):<20}"
        )


def mistakes(outcomes: Sequence[Outcome]) -> Iterator[str]:
    """Every mail answered wrongly, and every mail with an entity not as expected."""
    for o in outcomes:
        if not o.right:
            yield (
                f"  {o.case.where:<12} expected {o.expected}, answered {o.answer} "
                f"(read: {o.reading}; signals: {', '.join(o.signals) or '-'})"
                f"  {o.case.mail.subject[:40]!r}"
            )
    for o in outcomes:
        for kind, want in o.case.expected_entities.items():
            got = o.entities[kind]
            if want != got:
                yield f"  {o.case.where:<12} {kind}: expected {sorted(want)}, found {sorted(got)}"
