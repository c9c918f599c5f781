"""The condition language: what each operator and combinator means, and what it refuses."""

from __future__ import annotations

from typing import Any

import pytest

from madoguchi.rules.conditions import (
    Condition,
    compile_condition,
    implies,
    parse_condition,
    rule_order,
)

FACTS: dict[str, Any] = {
    "triage.intent": "withdrawal_delay",
    "triage.confidence": 0.82,
    "triage.signals": (),
    "triage.entities.asset": ("BTC", "ETH"),
    "triage.entities.withdrawal_id": (),
    "message.language": "ja",
    "message.authenticated": True,
    "message.subject": "出金が遅い URGENT",
    "message.sender_domain": "example.jp",
    "now.hour": 22,
    "now.date": None,
}


def holds(data: Any) -> bool:
    return parse_condition(data).holds(FACTS)


def problems_of(data: Any) -> list[tuple[tuple[str | int, ...], str]]:
    condition, problems = compile_condition(data)
    assert condition is None
    return [(loc, message) for loc, _, message in problems]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"field": "triage.intent", "eq": "withdrawal_delay"}, True),
        ({"field": "triage.intent", "eq": "kyc_status"}, False),
        ({"field": "triage.intent", "in": ["kyc_status", "withdrawal_delay"]}, True),
        ({"field": "triage.confidence", "gt": 0.8}, True),
        ({"field": "triage.confidence", "gt": 0.82}, False),
        ({"field": "triage.confidence", "ge": 0.82}, True),
        ({"field": "triage.confidence", "lt": 0.9}, True),
        ({"field": "triage.confidence", "le": 0.5}, False),
        ({"field": "now.hour", "in": [22, 23, 0]}, True),
        ({"field": "message.authenticated", "eq": True}, True),
        ({"field": "message.subject", "matches": "(?i)urgent"}, True),
        ({"field": "message.subject", "matches": "urgent"}, False),
        ({"field": "message.sender_domain", "eq": "example.jp"}, True),
    ],
)
def test_each_operator_compares_the_field_with_its_value(data: Any, expected: bool) -> None:
    assert holds(data) is expected


def test_a_list_field_passes_when_any_of_its_values_does() -> None:
    assert holds({"field": "triage.entities.asset", "eq": "ETH"})
    assert holds({"field": "triage.entities.asset", "in": ["XRP", "BTC"]})
    assert not holds({"field": "triage.entities.asset", "eq": "XRP"})


def test_exists_tells_whether_a_field_has_a_value() -> None:
    assert holds({"field": "triage.entities.asset", "exists": True})
    assert holds({"field": "triage.entities.withdrawal_id", "exists": False})
    assert holds({"field": "now.date", "exists": False})


def test_a_field_without_a_value_fails_every_comparison() -> None:
    assert not holds({"field": "now.date", "eq": "2026-11-30"})
    assert not holds({"field": "triage.entities.withdrawal_id", "matches": "WD"})


def test_all_any_and_not_combine_conditions() -> None:
    late = {"field": "now.hour", "ge": 22}
    kyc = {"field": "triage.intent", "eq": "kyc_status"}

    assert holds({"all": [late, {"not": kyc}]})
    assert not holds({"all": [late, kyc]})
    assert holds({"any": [kyc, late]})
    assert not holds({"any": []})
    assert holds({"all": []})


def test_a_compiled_condition_is_written_back_as_it_was_read() -> None:
    data = {"all": [{"field": "triage.intent", "in": ["kyc_status"]},
                    {"not": {"field": "now.hour", "lt": 9}}]}  # fmt: skip

    assert parse_condition(data).data() == data


def test_an_unknown_field_is_named_with_a_suggestion() -> None:
    assert problems_of({"field": "message.langauge", "eq": "ja"}) == [
        (("field",), "unknown field 'message.langauge' (did you mean message.language?)")
    ]
    assert problems_of({"field": "sender", "eq": "x"}) == [
        (("field",), "unknown field 'sender' (did you mean message.sender?)")
    ]
    assert problems_of({"field": "weather", "eq": "x"}) == [
        (("field",), "unknown field 'weather' (see docs/rules.md for the list)")
    ]
    assert problems_of({"field": "intent", "eq": "other"}) == [
        (("field",), "unknown field 'intent' (did you mean triage.intent?)")
    ]


def test_an_unknown_operator_is_reported_at_its_key() -> None:
    assert problems_of({"field": "triage.intent", "equals": "other"}) == [
        (("equals",), "unknown key 'equals' in a condition (operators: eq, in, gt, lt, ge, "
                      "le, matches, exists)"),
    ]  # fmt: skip


def test_an_operator_that_does_not_fit_the_field_is_refused() -> None:
    assert problems_of({"field": "message.language", "gt": 1}) == [
        (("gt",), "gt does not apply to message.language, a choice (use eq, in, exists)")
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"field": "triage.confidence", "gt": "0.5"},
         "gt on triage.confidence takes a number, not '0.5'"),
        ({"field": "triage.confidence", "eq": True},
         "eq on triage.confidence takes a number, not True"),
        ({"field": "message.authenticated", "eq": "yes"}, "message.authenticated is true or false"),
        ({"field": "triage.intent", "eq": "kyc"},
         "triage.intent is one of password_reset, kyc_status, withdrawal_delay, "
         "fee_explanation, other, never 'kyc'"),
        ({"field": "message.subject", "exists": "yes"}, "exists takes true or false"),
    ],
)  # fmt: skip
def test_a_value_of_the_wrong_kind_is_refused(data: Any, message: str) -> None:
    [(_, found)] = problems_of(data)

    assert found == message


def test_a_wrong_value_in_a_list_is_reported_at_its_index() -> None:
    found = problems_of({"field": "triage.intent", "in": ["kyc_status", "fees"]})

    assert [loc for loc, _ in found] == [("in", 1)]


def test_problems_deep_inside_are_reported_at_their_path() -> None:
    data = {"all": [{"field": "triage.intent", "eq": "other"},
                    {"not": {"field": "now.hours", "gt": 3}}]}  # fmt: skip

    assert [loc for loc, _ in problems_of(data)] == [("all", 1, "not", "field")]


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("(unclosed", "not a valid pattern: missing ), unterminated subpattern at position 0"),
        ("(a+)+$", "a repeated group that repeats inside can be made very slow: simplify it"),
        (r"(\w)\1", "back-references are not allowed in patterns"),
    ],
)
def test_a_pattern_that_is_broken_or_risky_is_refused(pattern: str, message: str) -> None:
    found = problems_of({"field": "message.subject", "matches": pattern})

    assert found == [(("matches",), message)]


def test_a_test_needs_exactly_one_operator() -> None:
    [(_, message)] = problems_of({"field": "triage.confidence", "gt": 0.1, "lt": 0.9})

    assert message.startswith("a test needs exactly one of")


def test_a_combinator_stands_alone() -> None:
    [(_, message)] = problems_of({"all": [], "field": "triage.intent", "eq": "other"})

    assert message.startswith("all stands alone")


def test_parse_condition_names_the_first_problem() -> None:
    with pytest.raises(ValueError, match=r"^any\.0\.field: unknown field 'x'"):
        parse_condition({"any": [{"field": "x", "eq": 1}]})


def condition(data: Any) -> Condition:
    return parse_condition(data)


def test_a_condition_implies_itself_and_any_wider_one() -> None:
    kyc = condition({"field": "triage.intent", "eq": "kyc_status"})
    routine = condition({"field": "triage.intent", "in": ["kyc_status", "fee_explanation"]})

    assert implies(kyc, kyc)
    assert implies(kyc, routine)
    assert not implies(routine, kyc)


def test_implication_sees_through_all_any_and_not() -> None:
    kyc = {"field": "triage.intent", "eq": "kyc_status"}
    late = {"field": "now.hour", "gt": 20}
    later = {"field": "now.hour", "gt": 22}

    assert implies(condition({"all": [kyc, late]}), condition(kyc))
    assert implies(condition(later), condition({"any": [kyc, late]}))
    assert implies(condition({"not": late}), condition({"not": later}))
    assert not implies(condition({"not": later}), condition({"not": late}))


def test_every_condition_implies_no_condition() -> None:
    assert implies(condition({"field": "now.hour", "gt": 1}), None)
    assert not implies(None, condition({"field": "now.hour", "gt": 1}))


def test_rule_order_names_each_rule_an_earlier_one_shadows() -> None:
    kyc = condition({"field": "triage.intent", "eq": "kyc_status"})
    fees = condition({"field": "triage.intent", "eq": "fee_explanation"})

    assert rule_order([kyc, fees, kyc]) == [(2, 0)]
    assert rule_order([kyc, None, fees]) == [(2, 1)]
    assert rule_order([fees, kyc]) == []
