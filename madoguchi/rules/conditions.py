"""The condition language of rules: field tests combined with all, any and not; never eval.

A condition is YAML data, compiled once when the rulebook loads::

    {field: triage.intent, eq: kyc_status}          # eq, in, gt, lt, ge, le, matches, exists
    {all: [<condition>, ...]}  {any: [...]}  {not: <condition>}

``compile_condition`` checks every path, operator and value against ``fields.FIELDS``
and reports each problem at its place in the data; a compiled ``Condition`` only reads
values (``holds(facts)``). A field without a value (none) fails every test but
``exists: false``; a list field passes a test when any of its values does. ``implies``
tells, conservatively, whether one condition holding means another does, so that the
loader can name a rule an earlier one always shadows.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import CoreSchema, core_schema

from madoguchi.rules.fields import FIELDS, MATCH_LIMIT, Field, Kind, Value

Loc = tuple[str | int, ...]
Facts = Mapping[str, Value]
COMBINATORS = ("all", "any", "not")
COMPARISONS = ("gt", "lt", "ge", "le")
OPERATORS = ("eq", "in", *COMPARISONS, "matches", "exists")
_OPERATORS_OF: dict[Kind, tuple[str, ...]] = {
    Kind.TEXT: ("eq", "in", "matches", "exists"),
    Kind.CHOICE: ("eq", "in", "exists"),
    Kind.NUMBER: ("eq", "in", *COMPARISONS, "exists"),
    Kind.FLAG: ("eq", "exists"),
    Kind.LIST: ("eq", "in", "matches", "exists"),
}
PATTERN_LIMIT = 300
# A group that repeats and holds a repetition itself, "(a+)+", "(\w*\s?)*": the shape
# that can take exponential time on a crafted text. Refused rather than risked.
_NESTED_REPEAT = re.compile(r"\((?:[^()\\]|\\.)*(?:[+*]|\{\d*,\d*\})(?:[^()\\]|\\.)*\)[+*{]")
_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")


class Condition:
    """A compiled condition; pydantic validates YAML data into one with ``parse_condition``."""

    __slots__ = ()

    def holds(self, facts: Facts) -> bool:
        """Whether the condition holds for a mail with these field values."""
        raise NotImplementedError

    def data(self) -> Any:
        """The condition as it is written in YAML."""
        raise NotImplementedError

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        serialize = core_schema.plain_serializer_function_ser_schema(_data_of)
        return core_schema.no_info_plain_validator_function(
            parse_condition, serialization=serialize
        )


@dataclass(frozen=True, slots=True)
class Test(Condition):
    """``{field: <path>, <op>: <value>}``."""

    field: str
    op: str
    value: Any
    pattern: re.Pattern[str] | None = None

    def holds(self, facts: Facts) -> bool:
        value = facts.get(self.field)
        if self.op == "exists":
            return _present(value) is self.value
        if value is None:
            return False
        values = value if isinstance(value, tuple) else (value,)
        return any(self._one(item) for item in values)

    def _one(self, value: str | int | float | bool) -> bool:
        if self.pattern is not None:
            return self.pattern.search(str(value)[:MATCH_LIMIT]) is not None
        return _TESTS[self.op](value, self.value)

    def data(self) -> Any:
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {"field": self.field, self.op: value}


@dataclass(frozen=True, slots=True)
class AllOf(Condition):
    """``{all: [...]}``: every part holds (an empty list always holds)."""

    parts: tuple[Condition, ...]

    def holds(self, facts: Facts) -> bool:
        return all(part.holds(facts) for part in self.parts)

    def data(self) -> Any:
        return {"all": [part.data() for part in self.parts]}


@dataclass(frozen=True, slots=True)
class AnyOf(Condition):
    """``{any: [...]}``: at least one part holds (an empty list never holds)."""

    parts: tuple[Condition, ...]

    def holds(self, facts: Facts) -> bool:
        return any(part.holds(facts) for part in self.parts)

    def data(self) -> Any:
        return {"any": [part.data() for part in self.parts]}


@dataclass(frozen=True, slots=True)
class Not(Condition):
    """``{not: <condition>}``."""

    part: Condition

    def holds(self, facts: Facts) -> bool:
        return not self.part.holds(facts)

    def data(self) -> Any:
        return {"not": self.part.data()}


def _present(value: Value) -> bool:
    return value is not None and value != "" and value != ()


_TESTS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda value, target: bool(value == target),
    "in": lambda value, targets: value in targets,
    "gt": lambda value, target: bool(value > target),
    "lt": lambda value, target: bool(value < target),
    "ge": lambda value, target: bool(value >= target),
    "le": lambda value, target: bool(value <= target),
}


def _data_of(condition: Condition) -> Any:
    return condition.data()


def parse_condition(value: Any) -> Condition:
    """A condition from YAML data (or itself); ValueError naming the first problem."""
    if isinstance(value, Condition):
        return value
    condition, problems = compile_condition(value)
    if problems:
        loc, _, message = problems[0]
        where = ".".join(str(step) for step in loc)
        raise ValueError(f"{where}: {message}" if where else message)
    assert condition is not None  # no problems means a condition was built
    return condition


Problem = tuple[Loc, bool, str]  # (path within the condition, at the key?, message)


def compile_condition(data: Any) -> tuple[Condition | None, list[Problem]]:
    """The compiled condition, or None with every problem at its path within ``data``."""
    compiler = _Compiler()
    condition = compiler.condition(data, ())
    return (condition if not compiler.problems else None), compiler.problems


class _Compiler:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def condition(self, data: Any, loc: Loc) -> Condition | None:
        if not isinstance(data, dict) or not data:
            return self._fail(loc, False, _SHAPE)
        for key in data:
            if key not in (*COMBINATORS, "field", *OPERATORS):
                return self._fail((*loc, str(key)), True, _unknown_key(key))
        combinators = [key for key in COMBINATORS if key in data]
        if combinators:
            if len(data) > 1:
                return self._fail(loc, False, f"{combinators[0]} stands alone: {_SHAPE}")
            return self._combination(combinators[0], data[combinators[0]], loc)
        return self._test(data, loc)

    def _combination(self, key: str, data: Any, loc: Loc) -> Condition | None:
        at = (*loc, key)
        if key == "not":
            part = self.condition(data, at)
            return None if part is None else Not(part)
        if not isinstance(data, list):
            return self._fail(at, False, f"{key} takes a list of conditions")
        parts = [self.condition(item, (*at, index)) for index, item in enumerate(data)]
        if any(part is None for part in parts):
            return None
        built = tuple(part for part in parts if part is not None)
        return AllOf(built) if key == "all" else AnyOf(built)

    def _test(self, data: dict[str, Any], loc: Loc) -> Condition | None:
        operators = [key for key in OPERATORS if key in data]
        if "field" not in data:
            return self._fail(loc, False, f"a test needs a field: {_SHAPE}")
        if len(operators) != 1:
            return self._fail(loc, False, "a test needs exactly one of " + ", ".join(OPERATORS))
        path, op = data["field"], operators[0]
        field = FIELDS.get(path) if isinstance(path, str) else None
        if field is None:
            return self._fail((*loc, "field"), False, _unknown_field(path))
        if op not in _OPERATORS_OF[field.kind]:
            allowed = ", ".join(_OPERATORS_OF[field.kind])
            message = f"{op} does not apply to {path}, a {field.kind.value} (use {allowed})"
            return self._fail((*loc, op), True, message)
        return self._value(field, op, data[op], (*loc, op))

    def _value(self, field: Field, op: str, value: Any, loc: Loc) -> Condition | None:
        if op == "exists":
            if not isinstance(value, bool):
                return self._fail(loc, False, "exists takes true or false")
            return Test(field.path, op, value)
        if op == "matches":
            return self._matches(field, value, loc)
        if op == "in":
            return self._values(field, value, loc)
        problem = _value_problem(field, op, value)
        return self._fail(loc, False, problem) if problem else Test(field.path, op, value)

    def _values(self, field: Field, value: Any, loc: Loc) -> Condition | None:
        if not isinstance(value, list) or not value:
            return self._fail(loc, False, f"in takes a list of values for {field.path}")
        for index, item in enumerate(value):
            problem = _value_problem(field, "in", item)
            if problem:
                return self._fail((*loc, index), False, problem)
        return Test(field.path, "in", tuple(value))

    def _matches(self, field: Field, value: Any, loc: Loc) -> Condition | None:
        if not isinstance(value, str) or not value:
            return self._fail(loc, False, "matches takes a pattern (a regular expression)")
        problem = _pattern_problem(value)
        if problem:
            return self._fail(loc, False, problem)
        return Test(field.path, "matches", value, re.compile(value))

    def _fail(self, loc: Loc, at_key: bool, message: str) -> Condition | None:
        """Records a problem; the None to return in place of a condition."""
        self.problems.append((loc, at_key, message))
        return None


_SHAPE = "write {field: <path>, <operator>: <value>}, {all: [...]}, {any: [...]} or {not: ...}"


def _unknown_key(key: object) -> str:
    return f"unknown key {key!r} in a condition (operators: {', '.join(OPERATORS)})"


def _unknown_field(path: object) -> str:
    if not isinstance(path, str):
        return "field takes a field path such as triage.intent"
    close = difflib.get_close_matches(path, FIELDS, n=1, cutoff=0.8) or [
        name for name in FIELDS if name.rpartition(".")[2] == path.rpartition(".")[2]
    ]
    hint = f" (did you mean {close[0]}?)" if close else " (see docs/rules.md for the list)"
    return f"unknown field {path!r}{hint}"


def _value_problem(field: Field, op: str, value: Any) -> str | None:
    """What is wrong with comparing ``field`` to ``value`` with ``op`` (None: fine)."""
    if field.kind is Kind.NUMBER:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return None if ok else f"{op} on {field.path} takes a number, not {value!r}"
    if field.kind is Kind.FLAG:
        return None if isinstance(value, bool) else f"{field.path} is true or false"
    if not isinstance(value, str):
        return f"{op} on {field.path} takes a text, not {value!r}"
    if field.kind is Kind.CHOICE and value not in field.choices:
        return f"{field.path} is one of {', '.join(field.choices)}, never {value!r}"
    return None


def _pattern_problem(pattern: str) -> str | None:
    if len(pattern) > PATTERN_LIMIT:
        return f"pattern longer than {PATTERN_LIMIT} characters"
    try:
        re.compile(pattern)
    except re.error as exc:
        return f"not a valid pattern: {exc.msg} at position {exc.pos}"
    if _NESTED_REPEAT.search(pattern):
        return "a repeated group that repeats inside can be made very slow: simplify it"
    if _BACKREFERENCE.search(pattern):
        return "back-references are not allowed in patterns"
    return None


def always(condition: Condition | None) -> bool:
    """Whether the condition holds for every mail (none, or an empty ``all``)."""
    if condition is None:
        return True
    if isinstance(condition, AllOf):
        return all(always(part) for part in condition.parts)
    return False


def implies(a: Condition | None, b: Condition | None) -> bool:
    """True only when ``a`` holding certainly means ``b`` holds; False when unsure."""
    if always(b) or a == b:
        return True
    if a is None:
        return False
    if isinstance(b, AllOf):
        return all(implies(a, part) for part in b.parts)
    if isinstance(a, AnyOf):
        return bool(a.parts) and all(implies(part, b) for part in a.parts)
    if isinstance(a, AllOf) and any(implies(part, b) for part in a.parts):
        return True
    if isinstance(b, AnyOf) and any(implies(a, part) for part in b.parts):
        return True
    if isinstance(a, Not) and isinstance(b, Not):
        return implies(b.part, a.part)
    return isinstance(a, Test) and isinstance(b, Test) and _test_implies(a, b)


def _test_implies(a: Test, b: Test) -> bool:
    if a.field != b.field or a.op == "exists" or b.op == "matches" or a.op == "matches":
        return False
    if b.op == "exists":
        return b.value is True  # a value passed a's test, so the field has one
    accepted = _accepted(a)
    if accepted is not None and b.op in ("eq", "in"):
        return accepted <= _accepted_set(b)
    return a.op == b.op and a.op in COMPARISONS and _tighter(a.op, a.value, b.value)


def _accepted(test: Test) -> set[Any] | None:
    """The values a test accepts, when it accepts a finite set of them."""
    return _accepted_set(test) if test.op in ("eq", "in") else None


def _accepted_set(test: Test) -> set[Any]:
    return set(test.value) if test.op == "in" else {test.value}


def _tighter(op: str, a: float, b: float) -> bool:
    return a >= b if op in ("gt", "ge") else a <= b


def rule_order(conditions: Sequence[Condition | None]) -> list[tuple[int, int]]:
    """(later, earlier) index pairs where the earlier condition shadows the later one."""
    shadowed = []
    for later, condition in enumerate(conditions):
        earlier = next((i for i in range(later) if implies(condition, conditions[i])), None)
        if earlier is not None:
            shadowed.append((later, earlier))
    return shadowed
