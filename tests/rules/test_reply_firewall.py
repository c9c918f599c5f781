"""load_rulebook(contracts=...): a template the reply firewall refuses stops the rulebook."""

from __future__ import annotations

from pathlib import Path

from madoguchi.rules import load_rulebook
from madoguchi.tasks import CONTRACTS
from tests.rules.support import edit, line_of, problems

APPROVED = "templates/kyc_status/approved.en.j2"
LINK_LINE = "You can see it at https://exchange.example/kyc any time."


def checked(folder: Path) -> list[tuple[str, int, str]]:
    return problems(folder, contracts=CONTRACTS)


def test_the_default_rulebook_passes_the_firewall() -> None:
    assert load_rulebook(contracts=CONTRACTS).reply.allowed_link_domains == ()


def test_a_template_linking_to_an_unlisted_domain_is_refused_at_its_line(folder: Path) -> None:
    template = folder / APPROVED
    edit(template, "There is nothing more", f"{LINK_LINE}\nThere is nothing more")

    assert checked(folder) == [
        ("approved.en.j2", line_of(template, LINK_LINE),
         "reply firewall: a link to exchange.example, which is not an allowed link domain: "
         "https://exchange.example/kyc"),
    ]  # fmt: skip


def test_the_same_link_passes_once_its_domain_is_allowed(folder: Path) -> None:
    edit(folder / APPROVED, "There is nothing more", f"{LINK_LINE}\nThere is nothing more")
    edit(folder / "rulebook.yaml", "allowed_link_domains: []",
         "allowed_link_domains: [exchange.example]")  # fmt: skip

    assert load_rulebook(folder, contracts=CONTRACTS).reply.allowed_link_domains == (
        "exchange.example",
    )


def test_a_template_asking_for_a_password_is_refused(folder: Path) -> None:
    template = folder / "templates/password_reset/sent.ja.j2"
    edit(template, "{{ signature }}", "パスワードをご返信ください。\n\n{{ signature }}")

    [(name, line, message)] = checked(folder)

    assert (name, line) == ("sent.ja.j2", line_of(template, "パスワードをご返信ください"))
    assert message.startswith("reply firewall: asks the customer for a secret")


def test_a_phone_number_is_refused_unless_it_is_configured(folder: Path) -> None:
    template = folder / APPROVED
    edit(template, "Kind regards,", "Call us on 03-1234-5678.\n\nKind regards,")

    [(_, _, message)] = checked(folder)
    edit(folder / "rulebook.yaml", "allowed_phone_numbers: []",
         'allowed_phone_numbers: ["+81 3-1234-5678"]')  # fmt: skip

    assert message == "reply firewall: a phone number that is not an allowed one: 03-1234-5678"
    assert load_rulebook(folder, contracts=CONTRACTS)


def test_a_link_domain_written_as_a_url_is_a_settings_error(folder: Path) -> None:
    yaml_file = folder / "rulebook.yaml"
    edit(yaml_file, "allowed_link_domains: []", 'allowed_link_domains: ["https://exchange.example"]')

    [(name, line, message)] = problems(folder)

    assert (name, line) == ("rulebook.yaml", line_of(yaml_file, "allowed_link_domains"))
    assert message.startswith("reply.allowed_link_domains.0:")
