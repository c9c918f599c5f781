"""A reply template through the firewall at load: every branch, rendered with sample facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from madoguchi.rules import DEFAULT_PATH
from madoguchi.tasks import CONTRACTS, Allowances, render
from madoguchi.tasks.samples import samples
from madoguchi.tasks.template_check import template_problems

NOTHING = Allowances()
SIGNED = {"signature": "Customer Support Team"}
HOLD_FACTS = CONTRACTS["withdrawal_delay"].outcomes["held"]
TEMPLATES = sorted((DEFAULT_PATH / "templates").rglob("*.j2"))


def problems(source: str, values: dict[str, str] = SIGNED) -> tuple[tuple[int, str], ...]:
    return template_problems(source, "held", HOLD_FACTS, values, NOTHING)


@pytest.mark.parametrize("file", TEMPLATES, ids=lambda f: f"{f.parent.name}/{f.name}")
def test_every_shipped_template_renders_with_every_sample_and_passes(file: Path) -> None:
    routine, name = file.parent.name, file.name.split(".")[0]
    contract = CONTRACTS[routine]
    facts = {**contract.outcomes, **contract.drafts}[name]
    source = file.read_text(encoding="utf-8")

    for sample in samples(name, facts):
        render(source, {**sample, **SIGNED})
    assert contract.reply_problems(name, source, SIGNED, NOTHING) == ()


def test_a_link_in_a_branch_the_base_sample_does_not_take_is_found_at_its_line() -> None:
    source = (
        'Dear Customer,\n{% if hold_type == "travel_rule" %}\n'
        "Please fill in the form at https://forms.evil.example/travel\n{% endif %}\n{{ signature }}"
    )

    assert problems(source) == (
        (3, "a link to forms.evil.example, which is not an allowed link domain: "
            "https://forms.evil.example/travel"),
    )  # fmt: skip


def test_a_request_spread_over_lines_is_found_where_it_starts() -> None:
    source = "Dear Customer,\n\nTo continue, please send\nus your seed phrase.\n{{ signature }}"

    [(line, message)] = problems(source)

    assert line == 3
    assert message.startswith("asks the customer for a secret")


def test_a_link_put_together_by_an_expression_is_found_by_rendering() -> None:
    source = 'Dear Customer,\nSee {{ "https://" ~ "evil" ~ ".example" }}\n{{ signature }}'

    [(_, message)] = problems(source)

    assert "evil.example" in message


def test_a_phone_number_in_the_signature_is_reported_where_the_signature_is_used() -> None:
    source = "Dear Customer,\n\nThank you.\n\n{{ signature }}\n"

    found = problems(source, {"signature": "Support Team\nTel: 03-1234-5678"})

    assert found == ((5, "a phone number that is not an allowed one: 03-1234-5678"),)


def test_a_template_that_renders_with_no_sample_is_reported() -> None:
    [(line, message)] = problems("{{ withdrawal_id | no_such_filter }}")

    assert line == 1
    assert message.startswith("does not render with any sample facts")


def test_a_template_failing_only_on_some_samples_is_not_the_firewalls_business() -> None:
    source = "{% if hold_type == 'security' %}{{ 1 // 0 }}{% endif %}Dear Customer"

    assert problems(source) == ()
