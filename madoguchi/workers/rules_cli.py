"""``madoguchi rules check|test|replay``: the operations team's checks on a rulebook.

- ``check [DIR]``: one ``file:line:column: message`` per problem of the rulebook and its
  tests, exit 1; a one-line summary and exit 0 when it is valid;
- ``test [DIR]``: runs the rulebook's own examples (``tests/*.yaml``) through triage and
  the rules, with no side effects, and prints a table of pass and fail; exit 1 on any
  failure;
- ``replay --rules DIR --since 7d``: decides the stored cases again with a candidate
  rulebook and prints which decisions would change, and how; exit 0.

Each is a plain function writing to a stream (``check``, ``run_tests``, ``replay``);
the click group ``rules`` wraps them for the ``madoguchi`` command.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

import click

from madoguchi.domain.cases import Case
from madoguchi.domain.errors import ConfigurationError, MadoguchiError, MalformedMail
from madoguchi.domain.ports import CaseStore
from madoguchi.domain.understanding import Action, Decision, OurIdentity
from madoguchi.rules import Problem, Rulebook, RulebookError, decide, load_rulebook
from madoguchi.rules.examples import Example, example_problems, load_examples
from madoguchi.rules.loader import rulebook_folder
from madoguchi.tasks import CONTRACTS
from madoguchi.triage import understand
from madoguchi.workers.intents import intent_model

# The authserv-id written into the examples' mails (an example with an .eml names its own).
TEST_AUTHSERV_ID = "rulebook-test.invalid"
# What the triage stage does with a mail it cannot read (``stages.triage_stage``).
UNREADABLE_RULE = "unreadable"
UNREADABLE_QUEUE = "triage"


def decide_mail(
    raw: bytes,
    rulebook: Rulebook,
    *,
    authserv_id: str | None,
    ours: OurIdentity | None = None,
    now: datetime | None = None,
) -> Decision:
    """Triage and decide one raw mail, with no side effects; unreadable mail escalates."""
    try:
        model = intent_model(rulebook)
        triage = understand(raw, authserv_id=authserv_id, ours=ours, model=model)
    except MalformedMail as exc:
        return Decision(
            action=Action.ESCALATE, reason=f"the mail cannot be read: {exc}",
            rulebook_version=rulebook.version, rule_id=UNREADABLE_RULE, queue=UNREADABLE_QUEUE,
        )  # fmt: skip
    return decide(triage, rulebook, now=now)


# check


def check(path: Path | None, out: TextIO) -> int:
    """Prints every problem of the rulebook at ``path`` (None: the shipped one) and its
    tests, one per line; or a one-line summary. Returns the exit status (1: problems)."""
    folder = rulebook_folder(path)
    problems: list[Problem] = []
    rulebook = None
    try:
        rulebook = load_rulebook(path, contracts=CONTRACTS)
    except RulebookError as exc:
        problems += exc.problems
    examples, wrong = load_examples(folder)
    problems += wrong
    if rulebook is not None:
        problems += example_problems(examples, rulebook)
    if problems:
        out.writelines(f"{problem}\n" for problem in sorted(set(problems)))
        return 1
    assert rulebook is not None  # no problems means it loaded
    out.write(_summary(folder, rulebook, len(examples)) + "\n")
    return 0


def _summary(folder: Path, rulebook: Rulebook, examples: int) -> str:
    enabled = sum(1 for spec in rulebook.routines.values() if spec.enabled)
    return (
        f"{folder}: valid, version {rulebook.version}: {len(rulebook.rules)} rules, "
        f"{enabled} of {len(rulebook.routines)} routines on, "
        f"{len(rulebook.escalation.queues)} queues, {len(rulebook.templates)} templates, "
        f"{examples} examples"
    )


# test


@dataclass(frozen=True, slots=True)
class ExampleResult:
    """One example run: the decision it got and what differs from its expectation."""

    example: Example
    decision: Decision
    failures: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failures


def run_example(example: Example, rulebook: Rulebook) -> ExampleResult:
    """Decides one example's mail and compares the decision with its expectation."""
    authserv_id = example.spec.authserv_id or TEST_AUTHSERV_ID
    raw = example.raw(authserv_id)
    decision = decide_mail(raw, rulebook, authserv_id=authserv_id, now=example.moment())
    return ExampleResult(example, decision, _differences(example, decision))


def _differences(example: Example, decision: Decision) -> tuple[str, ...]:
    expect = example.spec.expect
    wanted = {
        "action": (expect.action, decision.action.value),
        "routine": (expect.routine, decision.routine),
        "queue": (expect.queue, decision.queue),
        "priority": (expect.priority, decision.priority),
        "rule": (expect.rule, decision.rule_id),
    }
    found = [
        f"{key} {expected!r}, got {got!r}"
        for key, (expected, got) in wanted.items()
        if expected is not None and expected != got
    ]
    if expect.reason is not None and expect.reason not in decision.reason:
        found.append(f"reason containing {expect.reason!r}, got {decision.reason!r}")
    return tuple(found)


def run_tests(path: Path | None, out: TextIO) -> int:
    """Runs the examples of the rulebook at ``path`` and prints a pass/fail table.

    Returns the exit status: 1 when the rulebook or an example is invalid or fails.
    """
    folder = rulebook_folder(path)
    try:
        rulebook = load_rulebook(path, contracts=CONTRACTS)
    except RulebookError as exc:
        out.writelines(f"{problem}\n" for problem in exc.problems)
        return 1
    examples, problems = load_examples(folder)
    problems += example_problems(examples, rulebook)
    if problems:
        out.writelines(f"{problem}\n" for problem in sorted(problems))
        return 1
    results = [run_example(example, rulebook) for example in examples]
    _table(results, folder, out)
    return _verdict(results, rulebook, out)


def _table(results: Sequence[ExampleResult], folder: Path, out: TextIO) -> None:
    for result in results:
        status = "PASS" if result.passed else "FAIL"
        where = _relative(result.example.where, folder)
        out.write(f"{status}  {where:<28} {result.example.spec.name}\n")
        for failure in result.failures:
            out.write(f"      expected {failure}\n")
        if result.failures:
            out.write(f"      ({result.decision.rule_id}: {result.decision.reason})\n")


def _verdict(results: Sequence[ExampleResult], rulebook: Rulebook, out: TextIO) -> int:
    failed = sum(1 for result in results if not result.passed)
    covered = {result.decision.rule_id for result in results}
    uncovered = [rule.id for rule in rulebook.rules if rule.id not in covered]
    line = f"{len(results) - failed} passed, {failed} failed"
    line += f"; rules without an example: {', '.join(uncovered)}" if uncovered else ""
    out.write(line + "\n")
    return 1 if failed or not results else 0


def _relative(where: str, folder: Path) -> str:
    prefix = f"{folder}/"
    return where[len(prefix) :] if where.startswith(prefix) else where


# replay


@dataclass(frozen=True, slots=True)
class Recorded:
    """What was decided for a case when it was triaged, as the store recorded it."""

    action: str
    routine: str | None
    queue: str | None
    version: str | None

    def label(self) -> str:
        return _label(self.action, self.routine, self.queue)


def recorded_decision(store: CaseStore, case: Case) -> Recorded | None:
    """The case's recorded decision, from its audit trail (None: not triaged yet)."""
    action = routine = queue = None
    for event in store.audit_events(case_id=case.id):
        if event.kind in ("triaged", "ignored") and "action" in event.data:
            action, routine = str(event.data["action"]), event.data.get("routine")
        elif event.kind == "case_escalated" and action is None:
            action = Action.ESCALATE.value  # escalated before any decision: unreadable
            queue = event.data.get("queue")
        elif event.kind == "case_escalated" and action == Action.ESCALATE.value:
            queue = event.data.get("queue")
    if action is None:
        return None
    return Recorded(action, routine, queue, case.rulebook_version)


def replay(
    store: CaseStore,
    candidate: Rulebook,
    *,
    since: datetime,
    out: TextIO,
    authserv_id: str | None,
    ours: OurIdentity | None = None,
    limit: int = 100_000,
) -> Counter[str]:
    """Decides every case received since ``since`` again with ``candidate`` (at the time
    each was received) and prints the changes and the counts; returns the counts."""
    counts: Counter[str] = Counter()
    cases = [case for case in store.cases(limit=limit) if case.received_at >= since]
    out.write(f"{'case':>6}  {'received (UTC)':<16}  {'recorded':<34} candidate\n")
    for case in reversed(cases):  # oldest first, as they arrived
        recorded = recorded_decision(store, case)
        if recorded is None:
            counts["not decided yet"] += 1
            continue
        decision = decide_mail(
            store.raw(case.id), candidate, authserv_id=authserv_id, ours=ours,
            now=case.received_at,
        )  # fmt: skip
        change = _change(recorded, decision)
        counts[change or "unchanged"] += 1
        if change:
            _change_line(case, recorded, decision, out)
    _counts(counts, len(cases), candidate, out)
    return counts


def _change(recorded: Recorded, decision: Decision) -> str | None:
    """``"before -> after"`` when the candidate decides otherwise; None when it agrees.

    Queues are compared only when the recorded escalation names its queue.
    """
    action, routine = decision.action.value, decision.routine
    queue = decision.queue if recorded.queue is not None else None
    if recorded.label() == _label(action, routine, queue):
        return None
    return f"{recorded.label()} -> {_label(action, routine, decision.queue)}"


def _label(action: str, routine: str | None, queue: str | None) -> str:
    if action == Action.ROUTINE.value:
        return f"routine {routine}"
    return f"{action} {queue}" if action == Action.ESCALATE.value and queue else action


def _change_line(case: Case, recorded: Recorded, decision: Decision, out: TextIO) -> None:
    received = case.received_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
    after = _label(decision.action.value, decision.routine, decision.queue)
    why = f"{after} ({decision.rule_id}: {decision.reason})"
    out.write(f"{case.id:>6}  {received:<16}  {recorded.label():<34} {why}\n")


def _counts(counts: Counter[str], total: int, candidate: Rulebook, out: TextIO) -> None:
    changed = sum(n for key, n in counts.items() if "->" in key)
    out.write(
        f"{total} cases replayed with rulebook {candidate.version}: {changed} would change, "
        f"{counts['unchanged']} unchanged, {counts['not decided yet']} not decided yet\n"
    )
    for key, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        if "->" in key:
            out.write(f"  {n:>5}  {key}\n")


_DURATION = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(text: str) -> timedelta:
    """``"7d"`` as a timedelta: a whole number of minutes (m), hours (h), days (d) or
    weeks (w); ValueError otherwise."""
    found = _DURATION.match(text)
    if found is None:
        raise ValueError(f"expected a duration such as 30m, 12h, 7d or 2w, not {text!r}")
    return timedelta(**{_UNITS[found.group(2)]: int(found.group(1))})


# the click commands


@click.group("rules")
def rules() -> None:
    """Check, test and replay a rulebook (docs/rules.md)."""


_FOLDER = click.argument(
    "folder", required=False, type=click.Path(path_type=Path, file_okay=False)
)


@rules.command("check")
@_FOLDER
def check_command(folder: Path | None) -> None:
    """Print each problem of the rulebook as file:line:column: message (exit 1), or a
    summary (exit 0). FOLDER: default MADOGUCHI_RULES_DIR, else the shipped rulebook."""
    sys.exit(check(folder or _configured_rules_dir(), sys.stdout))


@rules.command("test")
@_FOLDER
def test_command(folder: Path | None) -> None:
    """Run the rulebook's example mails (tests/*.yaml) and print pass or fail for each."""
    sys.exit(run_tests(folder or _configured_rules_dir(), sys.stdout))


@rules.command("replay")
@click.option(
    "--rules", "candidate", required=True, type=click.Path(path_type=Path, file_okay=False),
    help="The candidate rulebook folder.",
)  # fmt: skip
@click.option("--since", default="7d", show_default=True, help="How far back: 30m, 12h, 7d, 2w.")
def replay_command(candidate: Path, since: str) -> None:
    """Decide the stored cases again with a candidate rulebook; show what would change."""
    try:
        back = parse_since(since)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--since") from None
    try:
        rulebook = load_rulebook(candidate, contracts=CONTRACTS)
    except RulebookError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    _guarded(lambda: _replay_stored(rulebook, datetime.now(UTC) - back))


def _replay_stored(rulebook: Rulebook, since: datetime) -> None:
    from madoguchi.connectors.store import open_store
    from madoguchi.workers.identity import our_identity
    from madoguchi.workers.settings import load_settings

    settings = load_settings()
    store = open_store(settings.database)
    try:
        replay(
            store, rulebook, since=since, out=sys.stdout, authserv_id=settings.authserv_id,
            ours=our_identity(settings),
        )  # fmt: skip
    finally:
        store.close()


def _configured_rules_dir() -> Path | None:
    from madoguchi.workers.settings import load_settings

    try:
        return load_settings().rules_dir
    except ConfigurationError as exc:
        click.echo(f"madoguchi: {exc}", err=True)
        sys.exit(2)


def _guarded(action: Callable[[], None]) -> None:
    """Runs ``action``; a setting or an outside system that fails ends with its message."""
    try:
        action()
    except ConfigurationError as exc:
        click.echo(f"madoguchi: {exc}", err=True)
        sys.exit(2)
    except MadoguchiError as exc:
        click.echo(f"madoguchi: {type(exc).__name__}: {exc}", err=True)
        sys.exit(1)
