"""``python -m evaluation``: the figures of triage on the evaluation set (``make eval``)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from evaluation import report
from evaluation.dataset import DATA, Case, load_cases
from evaluation.measure import Outcome, measure
from evaluation.sweep import sweep
from madoguchi.rules import DEFAULT_PATH, load_rulebook
from madoguchi.rules.intents import load_intent_examples
from madoguchi.triage.labels import LABELS
from madoguchi.triage.model import IntentModel


def main(argv: Sequence[str] | None = None) -> int:
    """Prints the report; always returns 0 (the tests hold the figures to their floors)."""
    args = _parser().parse_args(argv)
    rules = args.rules or DEFAULT_PATH
    rulebook = load_rulebook(rules)
    cases = load_cases(args.data)
    examples = load_intent_examples(rules, labels=LABELS)
    model = None if args.keywords else IntentModel.train(examples)
    started = time.perf_counter()
    outcomes = list(measure(cases, rulebook, model))
    elapsed = time.perf_counter() - started
    classifier = "keywords" if model is None else f"model of {len(examples)} examples"
    print(f"madoguchi evaluation: {len(cases)} mails, {classifier}, rulebook {rulebook.version}")
    print(f"({elapsed:.1f} s, {len(cases) / elapsed:.0f} mails/s through understand and decide)")
    _print_all(cases, outcomes, show_mistakes=args.mistakes)
    if args.sweep and model is not None:
        _section("Threshold sweep (rulebook min_confidence set to 0; per routine)")
        _lines(sweep(cases, rulebook, model))
    return 0


def _print_all(cases: Sequence[Case], outcomes: Sequence[Outcome], *, show_mistakes: bool) -> None:
    _section("All mails")
    _lines(report.headline(outcomes))
    for language in sorted({case.language for case in cases}):
        chosen = [o for o in outcomes if o.case.language == language]
        _section(f"Language {language}: {len(chosen)} mails")
        _lines(report.headline(chosen))
    _section("Per label (precision: of the mails given the label; recall: of those expected)")
    _lines(report.per_label(outcomes))
    _section("Confusion (rows: expected; columns: answered, numbered as the rows)")
    _lines(report.confusion(outcomes))
    _section("Entities (exact: mails where the kind came out exactly as expected)")
    _lines(report.entities(outcomes))
    if show_mistakes:
        _section("Mistakes")
        _lines(report.mistakes(outcomes))


def _section(title: str) -> None:
    print(f"\n{title}")


def _lines(lines: Iterable[str]) -> None:
    for line in lines:
        print(line)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m evaluation", description=__doc__)
    parser.add_argument("--data", type=Path, default=DATA, help="folder of <language>.yaml")
    parser.add_argument("--rules", type=Path, default=None, help="rulebook folder")
    parser.add_argument("--keywords", action="store_true", help="the keyword classifier")
    parser.add_argument("--mistakes", action="store_true", help="list every mistake")
    parser.add_argument("--sweep", action="store_true", help="precision by threshold")
    return parser


if __name__ == "__main__":
    sys.exit(main())
