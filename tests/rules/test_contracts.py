"""load_rulebook(contracts=...): templates, outcomes and options checked against each routine."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from madoguchi.rules import RoutineFacts, RulebookError, load_rulebook
from madoguchi.rules.contracts import ReplyAllowances
from tests.rules.support import edit, line_of, problems

KYC_FACTS = frozenset(
    {"status", "missing_documents", "submitted_at", "updated_at", "anti_phishing_code"}
)


@dataclass(frozen=True)
class Contract:
    """A routine's contract as the loader sees it; options are valid unless ``refuse`` says,
    templates pass the firewall (the real one is tested with the routines' contracts)."""

    outcomes: Mapping[str, frozenset[str]]
    drafts: Mapping[str, frozenset[str]] = field(default_factory=dict)
    refuse: tuple[str, ...] = ()

    def option_problems(self, options: Mapping[str, Any]) -> tuple[str, ...]:
        return self.refuse

    def reply_problems(
        self, name: str, source: str, values: Mapping[str, Any], policy: ReplyAllowances
    ) -> tuple[tuple[int, str], ...]:
        return ()


KYC = Contract(
    outcomes=dict.fromkeys(
        ("not_submitted", "in_review", "documents_required", "approved", "rejected"), KYC_FACTS
    ),
    drafts={"draft_hold": frozenset({"anti_phishing_code"})},
)  # fmt: skip


def checked(folder: Path, contract: RoutineFacts = KYC) -> list[tuple[str, int, str]]:
    return problems(folder, contracts={"kyc_status": contract})


def test_the_default_rulebook_meets_a_contract_it_was_written_for() -> None:
    assert load_rulebook(contracts={"kyc_status": KYC}).routines["kyc_status"].enabled


def test_a_template_value_the_routine_does_not_provide_is_reported_where_it_is_used(
    folder: Path,
) -> None:
    template = folder / "templates/kyc_status/approved.en.j2"
    edit(template, "Dear Customer,", "Dear {{ customer_name }},")

    assert checked(folder) == [
        ("approved.en.j2", line_of(template, "customer_name"),
         "'customer_name' is not a fact of kyc_status outcome approved")
    ]  # fmt: skip


def test_a_draft_may_use_only_the_facts_of_its_draft(folder: Path) -> None:
    template = folder / "templates/kyc_status/draft_hold.ja.j2"
    edit(template, "{{ signature }}", "{{ status }}\n{{ signature }}")

    [(name, _, message)] = checked(folder)

    assert (name, message) == ("draft_hold.ja.j2", "'status' is not a fact of kyc_status outcome "
                                                   "draft_hold")  # fmt: skip


def test_values_set_in_the_template_and_the_signature_need_no_fact(folder: Path) -> None:
    # documents_required.*.j2 sets document_names and loops over missing_documents.
    assert load_rulebook(folder, contracts={"kyc_status": KYC}).templates


def test_filters_the_loader_does_not_know_do_not_stop_the_analysis(folder: Path) -> None:
    template = folder / "templates/kyc_status/approved.en.j2"
    edit(template, "Dear Customer,", "Dear {{ nickname | politely }},")

    [(_, _, message)] = checked(folder)

    assert message == "'nickname' is not a fact of kyc_status outcome approved"


def test_a_listed_outcome_the_routine_does_not_have_is_reported_at_its_line(folder: Path) -> None:
    yaml = folder / "rulebook.yaml"
    edit(yaml, "approved, rejected, draft_hold]", "approved, rejected, draft_hold, aproved]")
    (folder / "templates/kyc_status/aproved.ja.j2").write_text("{{ signature }}\n")
    (folder / "templates/kyc_status/aproved.en.j2").write_text("{{ signature }}\n")

    found = checked(folder)

    assert ("rulebook.yaml", line_of(yaml, "aproved]"),
            "routine kyc_status has no outcome 'aproved' (it has approved, documents_required, "
            "draft_hold, in_review, not_submitted, rejected)") in found  # fmt: skip


def test_a_template_for_an_outcome_the_routine_does_not_have_is_reported(folder: Path) -> None:
    (folder / "templates/kyc_status/expired.en.j2").write_text("{{ signature }}\n")

    assert checked(folder) == [
        ("expired.en.j2", 1, "template for kyc_status outcome 'expired', which the routine "
                             "does not have")
    ]  # fmt: skip


def test_invalid_options_of_an_enabled_routine_are_reported_at_its_options(folder: Path) -> None:
    contract = Contract(KYC.outcomes, KYC.drafts, refuse=("review_sla_days: missing",))
    yaml = folder / "rulebook.yaml"

    assert checked(folder, contract) == [
        ("rulebook.yaml", line_of(yaml, "    options:"),
         "routines.kyc_status.options.review_sla_days: missing")
    ]  # fmt: skip


def test_options_of_a_disabled_routine_are_not_checked(folder: Path) -> None:
    edit(folder / "rulebook.yaml", "    enabled: true", "    enabled: false")
    contract = Contract(KYC.outcomes, KYC.drafts, refuse=("review_sla_days: missing",))

    assert load_rulebook(folder, contracts={"kyc_status": contract})


def test_without_contracts_templates_are_not_checked_for_facts(folder: Path) -> None:
    edit(folder / "templates/kyc_status/approved.en.j2", "Dear Customer,", "Dear {{ nickname }},")

    assert load_rulebook(folder).template("kyc_status", "approved", "en")


def test_contract_problems_are_reported_with_every_other_problem(folder: Path) -> None:
    edit(folder / "templates/kyc_status/approved.en.j2", "Dear Customer,", "Dear {{ nickname }},")
    edit(folder / "rulebook.yaml", "legal_threat: legal", "legal_threat: lawyers")

    with pytest.raises(RulebookError) as raised:
        load_rulebook(folder, contracts={"kyc_status": KYC})

    assert len(raised.value.problems) == 2
