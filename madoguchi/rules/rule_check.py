"""What can be wrong with a rulebook's ``rules:``, found before any mail meets them.

``compile_rules`` turns each rule's ``when`` into a compiled condition in place and
reports every problem inside it. ``rule_problems`` checks the rules against the rest of
the rulebook: duplicate ids, a missing or doubled action, a routine or queue that does
not exist, a reason quoting a field it may not, hours fields without business hours,
and a rule that can never match because an earlier one matches whenever it would.
Each problem is (path in ``rulebook.yaml``, at the key?, message).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, get_args

from madoguchi.rules.conditions import (
    AllOf,
    AnyOf,
    Condition,
    Loc,
    Not,
    Test,
    compile_condition,
    rule_order,
)
from madoguchi.rules.fields import FIELDS, HOURS_FIELDS
from madoguchi.rules.schema import BY_INTENT, RoutineName, RulebookFile, RuleSpec

Problem = tuple[Loc, bool, str]
ACTIONS = ("run", "escalate", "ignore")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
ROUTINE_NAMES: tuple[str, ...] = get_args(RoutineName)


def compile_rules(data: Any) -> list[Problem]:
    """Compiles each ``rules[i].when`` of the YAML ``data`` in place; the problems found.

    A condition with problems is removed, so that validation reports it only once.
    """
    rules = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(rules, list):
        return []
    problems: list[Problem] = []
    for index, rule in enumerate(rules):
        if isinstance(rule, dict) and rule.get("when") is not None:
            condition, found = compile_condition(rule["when"])
            at: Loc = ("rules", index, "when")
            problems += [((*at, *loc), at_key, message) for loc, at_key, message in found]
            if condition is None:
                del rule["when"]
            else:
                rule["when"] = condition
    return problems


def rule_problems(spec: RulebookFile, *, has_hours: bool, order: bool = True) -> list[Problem]:
    """Every problem of ``spec.rules`` against the rest of the rulebook; ``order``: also
    the rules that can never match."""
    problems = list(_duplicate_ids(spec.rules))
    for index, rule in enumerate(spec.rules):
        at: Loc = ("rules", index)
        problems += _action_problems(spec, rule, at)
        problems += _hours_problems(rule, at, has_hours)
    # A rule without an action is reported as such, not as shadowing the ones after it.
    complete = all(any(getattr(rule, name) is not None for name in ACTIONS) for rule in spec.rules)
    conditions = [rule.when for rule in spec.rules] if order and complete else []
    for later, earlier in rule_order(conditions):
        shadow = spec.rules[earlier].id
        message = (
            f"rule {spec.rules[later].id} can never match: rule {shadow} before it "
            "matches whenever it would"
        )
        problems.append((("rules", later, "id"), False, message))
    return problems


def _duplicate_ids(rules: tuple[RuleSpec, ...]) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, rule in enumerate(rules):
        if rule.id in seen:
            yield (("rules", index, "id"), False, f"duplicate rule id {rule.id!r}")
        seen.add(rule.id)


def _action_problems(spec: RulebookFile, rule: RuleSpec, at: Loc) -> list[Problem]:
    given = [name for name in ACTIONS if getattr(rule, name) is not None]
    if not given:
        return [(at, False, f"rule {rule.id} has no action: give one of run, escalate, ignore")]
    if len(given) > 1:
        return [((*at, given[1]), True, f"rule {rule.id} has two actions: {' and '.join(given)}")]
    if rule.run is not None:
        return _run_problems(spec, rule.run, (*at, "run"))
    action = rule.escalate or rule.ignore
    assert action is not None  # one of the three is given
    problems = _reason_problems(action.reason, (*at, given[0], "reason"))
    queue = rule.escalate.queue if rule.escalate else None
    if queue is not None and queue not in spec.escalation.queues:
        known = ", ".join(spec.escalation.queues)
        problems.append(((*at, "escalate", "queue"), False, f"unknown queue {queue!r} ({known})"))
    return problems


def _run_problems(spec: RulebookFile, routine: str, at: Loc) -> list[Problem]:
    if routine == BY_INTENT:
        return []
    if routine not in ROUTINE_NAMES:
        names = ", ".join((*ROUTINE_NAMES, BY_INTENT))
        return [(at, False, f"unknown routine {routine!r} (one of {names})")]
    if routine not in spec.routines:
        return [(at, False, f"routine {routine} is not listed under routines:")]
    return []


def _reason_problems(reason: str, at: Loc) -> list[Problem]:
    problems = []
    for found in PLACEHOLDER.finditer(reason):
        path = found.group(1)
        field = FIELDS.get(path)
        if field is None:
            problems.append((at, False, f"reason quotes unknown field {{{path}}}"))
        elif field.personal:
            message = f"reason may not quote {path}: reasons reach tickets and the audit trail"
            problems.append((at, False, message))
    return problems


def _hours_problems(rule: RuleSpec, at: Loc, has_hours: bool) -> list[Problem]:
    if has_hours:
        return []
    used = sorted(HOURS_FIELDS & set(fields_of(rule.when)))
    message = "needs a business_hours section in rulebook.yaml"
    return [((*at, "when"), False, f"{path} {message}") for path in used]


def fields_of(condition: Condition | None) -> Iterator[str]:
    """Every field path a condition reads."""
    if isinstance(condition, Test):
        yield condition.field
    elif isinstance(condition, AllOf | AnyOf):
        for part in condition.parts:
            yield from fields_of(part)
    elif isinstance(condition, Not):
        yield from fields_of(condition.part)
