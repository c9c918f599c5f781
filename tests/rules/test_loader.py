"""load_rulebook(): the shipped default loads; every mistake is reported at its file:line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from madoguchi.domain.errors import ConfigurationError
from madoguchi.rules import load_rulebook
from tests.rules.support import edit, line_of, problems

OUTCOMES = ["not_submitted", "in_review", "documents_required", "approved", "rejected"]
KYC_OUTCOMES = (
    "    outcomes: [not_submitted, in_review, documents_required, approved, rejected, draft_hold]\n"
)


def test_the_default_rulebook_loads() -> None:
    rulebook = load_rulebook()

    assert rulebook.languages == ("ja", "en")
    kyc = rulebook.routines["kyc_status"]
    assert kyc.enabled
    assert kyc.require_authenticated
    assert kyc.min_confidence == 0.75
    assert kyc.options == {"review_sla_days": 14}
    assert kyc.outcomes == (*OUTCOMES, "draft_hold")


@pytest.mark.parametrize(
    ("routine", "threshold"),
    [("password_reset", 0.8), ("withdrawal_delay", 0.7), ("fee_explanation", 0.7)],
)
def test_the_other_routines_are_switched_on_for_authenticated_senders(
    routine: str, threshold: float
) -> None:
    spec = load_rulebook().routines[routine]

    assert (spec.enabled, spec.require_authenticated, spec.min_confidence) == (
        True, True, threshold,
    )  # fmt: skip


def test_the_default_options_are_the_documented_ones() -> None:
    rulebook = load_rulebook()

    assert rulebook.routine_options("password_reset") == {
        "recent_change_days": 7, "reset_window_minutes": 15,
    }  # fmt: skip
    assert rulebook.routine_options("withdrawal_delay") == {
        "max_amount": {"BTC": 1, "ETH": 30, "XRP": 50000, "USDT": 50000, "JPY": 5000000},
        "sla_hours": {"pending_review": 24, "processing": 6, "broadcast": 3},
    }
    assert rulebook.routine_options("fee_explanation") == {
        "fee_decimals": {"BTC": 8, "ETH": 8, "XRP": 6, "USDT": 6, "JPY": 0},
    }


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("outcome", OUTCOMES)
def test_the_default_has_a_template_for_every_kyc_outcome(outcome: str, language: str) -> None:
    source = load_rulebook().template("kyc_status", outcome, language)

    assert source is not None
    assert "{{ signature }}" in source


def test_routine_options_are_what_the_routine_receives() -> None:
    rulebook = load_rulebook()

    assert rulebook.routine_options("kyc_status") == {"review_sla_days": 14}
    assert rulebook.routine_options("no_such_routine") == {}


def test_an_unknown_template_is_none() -> None:
    assert load_rulebook().template("kyc_status", "approved", "fr") is None


def test_templates_get_the_signature_of_their_language() -> None:
    rulebook = load_rulebook()

    assert rulebook.template_globals("en") == {"signature": "Customer Support Team"}
    assert rulebook.template_globals("fr") == {}


def test_the_version_is_a_short_stable_hash(folder: Path) -> None:
    version = load_rulebook(folder).version

    assert re.fullmatch(r"[0-9a-f]{12}", version)
    assert load_rulebook(folder).version == version
    assert load_rulebook().version == version  # a copy has the same contents


def test_the_version_changes_when_a_template_changes(folder: Path) -> None:
    before = load_rulebook(folder).version
    edit(folder / "templates/kyc_status/approved.en.j2", "Dear Customer", "Dear customer")

    assert load_rulebook(folder).version != before


def test_the_version_changes_when_the_settings_change(folder: Path) -> None:
    before = load_rulebook(folder).version
    edit(folder / "rulebook.yaml", "min_confidence: 0.75", "min_confidence: 0.7")

    assert load_rulebook(folder).version != before


def test_the_version_changes_when_a_file_is_added(folder: Path) -> None:
    before = load_rulebook(folder).version
    (folder / "templates/kyc_status/notes.txt").write_text("a note")

    assert load_rulebook(folder).version != before


def test_editor_leftovers_do_not_change_the_version(folder: Path) -> None:
    before = load_rulebook(folder).version
    (folder / "templates/kyc_status/.approved.en.j2.swp").write_bytes(b"\0swap")
    (folder / "rulebook.yaml~").write_text("backup")

    assert load_rulebook(folder).version == before


def test_a_rulebook_yaml_path_loads_its_folder(folder: Path) -> None:
    assert load_rulebook(folder / "rulebook.yaml").version == load_rulebook(folder).version


def test_errors_are_configuration_errors(folder: Path) -> None:
    (folder / "rulebook.yaml").unlink()

    with pytest.raises(ConfigurationError, match=r"rulebook\.yaml:1:1: rulebook file not found"):
        load_rulebook(folder)


def test_an_unknown_key_is_reported_at_its_line(folder: Path) -> None:
    yaml = folder / "rulebook.yaml"
    edit(yaml, "    require_authenticated: true\n    outcomes",
         "    requires_auth: true\n    outcomes")  # fmt: skip

    assert problems(folder) == [
        ("rulebook.yaml", line_of(yaml, "requires_auth"),
         "routines.kyc_status.requires_auth: unknown key 'requires_auth'")
    ]  # fmt: skip


def test_a_wrong_type_is_reported_at_its_line(folder: Path) -> None:
    yaml = folder / "rulebook.yaml"
    edit(yaml, "    enabled: true", '    enabled: "yes"')

    [(name, line, message)] = problems(folder)

    assert (name, line) == ("rulebook.yaml", line_of(yaml, 'enabled: "yes"'))
    assert message.startswith("routines.kyc_status.enabled:")


def test_a_confidence_above_one_is_reported(folder: Path) -> None:
    yaml = folder / "rulebook.yaml"
    edit(yaml, "min_confidence: 0.75", "min_confidence: 6")

    [(_, line, message)] = problems(folder)

    assert line == line_of(yaml, "min_confidence: 6")
    assert "less than or equal to 1" in message


def test_an_unknown_routine_is_reported_at_its_key(folder: Path) -> None:
    yaml = folder / "rulebook.yaml"
    edit(yaml, "  password_reset:", "  pasword_reset:")

    [(_, line, message)] = problems(folder)

    assert line == line_of(yaml, "pasword_reset:")
    assert message.startswith("routines.pasword_reset:")


def test_an_unserved_language_is_reported(folder: Path) -> None:
    edit(folder / "rulebook.yaml", "languages: [ja, en]", "languages: [ja, fr]")

    [(_, line, message)] = problems(folder)

    assert line == line_of(folder / "rulebook.yaml", "languages:")
    assert message.startswith("languages.1:")


def test_a_missing_key_is_reported_at_its_mapping(folder: Path) -> None:
    yaml = folder / "rulebook.yaml"
    edit(yaml, "  default_queue: support\n", "")

    assert problems(folder) == [
        ("rulebook.yaml", line_of(yaml, "escalation:"),
         "escalation.default_queue: missing key 'default_queue'")
    ]  # fmt: skip


def test_an_unknown_queue_is_reported_where_it_is_named(folder: Path) -> None:
    yaml = folder / "rulebook.yaml"
    edit(yaml, "legal_threat: legal", "legal_threat: lawyers")

    assert problems(folder) == [
        ("rulebook.yaml", line_of(yaml, "legal_threat: lawyers"), "unknown queue 'lawyers'")
    ]


def test_a_language_without_a_signature_is_reported(folder: Path) -> None:
    yaml = folder / "rulebook.yaml"
    edit(yaml, "    en: |-\n      Customer Support Team\n", "")

    assert problems(folder) == [
        ("rulebook.yaml", line_of(yaml, "signature:"), "no signature for en")
    ]


def test_a_duplicate_key_is_reported_at_the_second_one(folder: Path) -> None:
    yaml = folder / "rulebook.yaml"
    edit(yaml, "    min_confidence: 0.75\n", "    min_confidence: 0.75\n    min_confidence: 0.9\n")

    assert problems(folder) == [
        ("rulebook.yaml", line_of(yaml, "min_confidence: 0.9"),
         "duplicate key 'min_confidence'")
    ]  # fmt: skip


def test_a_yaml_syntax_error_is_reported_at_its_line(folder: Path) -> None:
    yaml = folder / "rulebook.yaml"
    edit(yaml, "languages: [ja, en]", "languages: [ja, en")

    [(name, line, message)] = problems(folder)

    assert name == "rulebook.yaml"
    assert line > line_of(yaml, "languages:")
    assert message.startswith("YAML syntax:")


def test_a_missing_template_is_reported_at_the_outcome(folder: Path) -> None:
    (folder / "templates/kyc_status/approved.ja.j2").unlink()

    assert problems(folder) == [
        ("rulebook.yaml", line_of(folder / "rulebook.yaml", "outcomes:"),
         "no ja template for kyc_status outcome approved "
         "(expected templates/kyc_status/approved.ja.j2)")
    ]  # fmt: skip


def test_templates_of_a_disabled_routine_are_not_required(folder: Path) -> None:
    edit(folder / "rulebook.yaml", "    enabled: true", "    enabled: false")
    (folder / "templates/kyc_status/approved.ja.j2").unlink()

    assert not load_rulebook(folder).routines["kyc_status"].enabled


def test_an_enabled_routine_without_outcomes_is_reported(folder: Path) -> None:
    yaml = folder / "rulebook.yaml"
    edit(yaml, KYC_OUTCOMES, "")

    assert problems(folder) == [
        ("rulebook.yaml", line_of(yaml, "  kyc_status:"),
         "enabled routine kyc_status lists no outcomes")
    ]  # fmt: skip


def test_a_template_syntax_error_is_reported_at_its_line(folder: Path) -> None:
    template = folder / "templates/kyc_status/in_review.en.j2"
    edit(template, "{{ signature }}", "{{ signature }")

    [(name, line, message)] = problems(folder)

    assert (name, line) == ("in_review.en.j2", line_of(template, "{{ signature }"))
    assert "unexpected" in message


def test_every_problem_is_reported_at_once(folder: Path) -> None:
    edit(folder / "rulebook.yaml", "    enabled: true", "    enabled: maybe")
    edit(folder / "rulebook.yaml", "legal_threat: legal", "legal_threat: 42")
    edit(folder / "templates/kyc_status/in_review.ja.j2", "{{ signature }}", "{% if %}")

    assert len(problems(folder)) == 3
