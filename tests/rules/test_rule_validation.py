"""Loading reports each mistake in the rules at its file:line:column, all at once."""

from __future__ import annotations

from pathlib import Path

from madoguchi.rules import load_rulebook
from tests.rules.support import column_of, edit, line_of, problems_at, replace_rules

RUN = "  - id: routine_requests\n    run: by_intent\n"


def test_an_unknown_key_in_a_rule_is_reported_at_the_key(folder: Path) -> None:
    file = replace_rules(folder, "  - id: answer\n    runs: by_intent\n")
    line = line_of(file, "runs: by_intent")

    assert problems_at(folder) == [
        ("rulebook.yaml", line, 5, "rules.0.runs: unknown key 'runs'"),
    ]


def test_a_wrong_type_in_a_rule_is_reported_at_the_value(folder: Path) -> None:
    file = replace_rules(folder, "  - id: late\n    escalate: {reason: late, sla_hours: soon}\n")
    line = line_of(file, "sla_hours: soon")

    [(name, at, column, message)] = problems_at(folder)

    assert (name, at, column) == ("rulebook.yaml", line, column_of(file, line, "soon"))
    assert message.startswith("rules.0.escalate.sla_hours: Input should be a valid number")


def test_an_unknown_routine_is_reported_where_a_rule_runs_it(folder: Path) -> None:
    file = replace_rules(folder, "  - id: answer\n    run: kyc\n")
    line = line_of(file, "run: kyc")

    assert problems_at(folder) == [(
        "rulebook.yaml", line, 10, "unknown routine 'kyc' (one of password_reset, kyc_status, "
        "withdrawal_delay, fee_explanation, by_intent)",
    )]  # fmt: skip


def test_a_routine_not_listed_under_routines_is_reported(folder: Path) -> None:
    file = folder / "rulebook.yaml"
    text = file.read_text(encoding="utf-8")
    start, end = text.index("  fee_explanation:\n"), text.index("\nrules:")
    file.write_text(text[:start] + text[end:], encoding="utf-8")
    replace_rules(folder, "  - id: fees\n    run: fee_explanation\n")

    [(_, line, _, message)] = problems_at(folder)

    assert (line, message) == (
        line_of(file, "run: fee_explanation"),
        "routine fee_explanation is not listed under routines:",
    )


def test_an_unknown_queue_is_reported_where_a_rule_names_it(folder: Path) -> None:
    file = replace_rules(folder, "  - id: vip\n    escalate: {queue: vip, reason: a VIP}\n")
    line = line_of(file, "queue: vip")

    assert problems_at(folder) == [
        ("rulebook.yaml", line, column_of(file, line, "vip,"),
         "unknown queue 'vip' (support, security, legal)"),
    ]  # fmt: skip


def test_a_duplicate_rule_id_is_reported_at_the_second_one(folder: Path) -> None:
    file = replace_rules(folder, (
        "  - id: answer\n    when: {field: triage.intent, eq: kyc_status}\n    run: kyc_status\n"
        "  - id: answer\n    when: {field: triage.intent, eq: fee_explanation}\n"
        "    run: fee_explanation\n"
    ))  # fmt: skip
    second = [n for n, text in enumerate(file.read_text().splitlines(), 1) if "id: answer" in text]

    assert problems_at(folder) == [("rulebook.yaml", second[1], 9, "duplicate rule id 'answer'")]


def test_a_rule_after_an_unconditional_one_can_never_match(folder: Path) -> None:
    file = replace_rules(folder, RUN + "  - id: too_late\n    escalate: {reason: never}\n")
    line = line_of(file, "id: too_late")

    assert problems_at(folder) == [(
        "rulebook.yaml", line, 9,
        "rule too_late can never match: rule routine_requests before it matches whenever "
        "it would",
    )]  # fmt: skip


def test_a_rule_narrower_than_an_earlier_one_can_never_match(folder: Path) -> None:
    file = replace_rules(folder, (
        "  - id: routines\n"
        "    when: {field: triage.intent, in: [kyc_status, fee_explanation]}\n"
        "    run: by_intent\n"
        "  - id: kyc_at_night\n"
        "    when: {all: [{field: triage.intent, eq: kyc_status}, {field: now.hour, gt: 20}]}\n"
        "    escalate: {reason: night}\n"
    ))  # fmt: skip

    [(_, line, _, message)] = problems_at(folder)

    assert line == line_of(file, "id: kyc_at_night")
    assert message.startswith("rule kyc_at_night can never match: rule routines before it")


def test_an_unknown_field_in_a_condition_is_reported_at_its_value(folder: Path) -> None:
    file = replace_rules(folder, (
        "  - id: late\n"
        "    when:\n"
        "      all:\n"
        "        - {field: triage.intent, eq: kyc_status}\n"
        "        - {field: now.hours, gt: 20}\n"
        "    escalate: {reason: late}\n" + RUN
    ))  # fmt: skip
    line = line_of(file, "now.hours")

    assert problems_at(folder) == [(
        "rulebook.yaml", line, column_of(file, line, "now.hours"),
        "unknown field 'now.hours' (did you mean now.hour?)",
    )]  # fmt: skip


def test_a_comparison_of_the_wrong_kind_is_reported_at_its_operator(folder: Path) -> None:
    file = replace_rules(folder, (
        "  - id: english\n    when: {field: message.language, gt: en}\n"
        "    escalate: {reason: english}\n" + RUN
    ))  # fmt: skip
    line = line_of(file, "gt: en")

    assert problems_at(folder) == [(
        "rulebook.yaml", line, column_of(file, line, "gt: en"),
        "gt does not apply to message.language, a choice (use eq, in, exists)",
    )]  # fmt: skip


def test_a_broken_condition_does_not_make_later_rules_look_unreachable(folder: Path) -> None:
    replace_rules(folder, (
        "  - id: odd\n    when: {field: nothing, eq: 1}\n    escalate: {reason: odd}\n" + RUN
    ))  # fmt: skip

    assert [message for *_, message in problems_at(folder)] == [
        "unknown field 'nothing' (see docs/rules.md for the list)"
    ]


def test_a_rule_without_an_action_is_reported(folder: Path) -> None:
    file = replace_rules(folder, "  - id: nothing\n    note: does nothing\n" + RUN)

    assert problems_at(folder) == [(
        "rulebook.yaml", line_of(file, "id: nothing"), 5,
        "rule nothing has no action: give one of run, escalate, ignore",
    )]  # fmt: skip


def test_a_rule_with_two_actions_is_reported_at_the_second(folder: Path) -> None:
    file = replace_rules(folder, "  - id: both\n    run: by_intent\n    ignore: {reason: x}\n")

    assert problems_at(folder) == [(
        "rulebook.yaml", line_of(file, "ignore: {reason: x}"), 5,
        "rule both has two actions: run and ignore",
    )]  # fmt: skip


def test_a_reason_may_not_quote_the_customers_data(folder: Path) -> None:
    file = replace_rules(folder, (
        "  - id: vip\n    when: {field: message.sender_domain, eq: vip.example}\n"
        "    escalate: {reason: 'VIP {message.sender}'}\n" + RUN
    ))  # fmt: skip

    [(_, line, _, message)] = problems_at(folder)

    assert line == line_of(file, "VIP {message.sender}")
    assert message == (
        "reason may not quote message.sender: reasons reach tickets and the audit trail"
    )


def test_a_reason_quoting_an_unknown_field_is_reported(folder: Path) -> None:
    replace_rules(folder, "  - id: any\n    escalate: {reason: 'about {triage.intnt}'}\n")

    assert [message for *_, message in problems_at(folder)] == [
        "reason quotes unknown field {triage.intnt}"
    ]


def test_hours_fields_need_a_business_hours_section(folder: Path) -> None:
    file = folder / "rulebook.yaml"
    text = file.read_text(encoding="utf-8")
    start, end = text.index("business_hours:\n"), text.index("\nreply:")
    file.write_text(text[:start] + text[end:], encoding="utf-8")
    replace_rules(folder, (
        "  - id: closed\n    when: {field: now.business_hours, eq: false}\n"
        "    escalate: {reason: closed}\n" + RUN
    ))  # fmt: skip

    [(_, line, _, message)] = problems_at(folder)

    assert line == line_of(file, "when: {field: now.business_hours")
    assert message == "now.business_hours needs a business_hours section in rulebook.yaml"


def test_business_hours_are_checked(folder: Path) -> None:
    file = folder / "rulebook.yaml"
    edit(file, 'mon: ["09:00-18:00"]', 'mon: ["18:00-09:00"]')
    edit(file, "timezone: Asia/Tokyo", "timezone: Asia/Tokio")

    found = problems_at(folder)

    assert [(line, message) for _, line, _, message in found] == [
        (line_of(file, "timezone:"), "business_hours.timezone: Value error, unknown time zone "
                                     "'Asia/Tokio' (e.g. Asia/Tokyo)"),
        (line_of(file, "mon: "), "business_hours.weekly.mon.0: Value error, 18:00-09:00: a "
                                 "range closes after it opens"),
    ]  # fmt: skip


def test_every_rule_problem_is_reported_at_once(folder: Path) -> None:
    replace_rules(folder, (
        "  - id: a\n    run: kyc\n"
        "  - id: a\n    escalate: {queue: nowhere, reason: x}\n"
        "  - id: b\n    when: {field: triage.intent, eq: nothing}\n    ignore: {reason: y}\n"
    ))  # fmt: skip

    assert len(problems_at(folder)) == 4


def test_a_rulebook_without_rules_loads_and_escalates_everything(folder: Path) -> None:
    file = folder / "rulebook.yaml"
    text = file.read_text(encoding="utf-8")
    start, end = text.index("rules:\n"), text.index("\nescalation:")
    file.write_text(text[:start] + text[end:], encoding="utf-8")

    assert load_rulebook(folder).rules == ()
