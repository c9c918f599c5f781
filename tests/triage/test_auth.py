"""Sender authentication from the topmost Authentication-Results header of our MTA."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from madoguchi.domain.mail import Message
from madoguchi.triage import parse_message
from madoguchi.triage.auth import check_sender
from tests.triage.mails import build

OURS = "mx.exchange.example"
PASS = f"{OURS}; spf=pass smtp.mailfrom=example.com; dmarc=pass header.from=example.com"
FAIL = f"{OURS}; spf=fail smtp.mailfrom=example.com; dmarc=fail (p=reject) header.from=example.com"


def received(results: Sequence[str], *, authserv_id: str | None = OURS) -> Message:
    """A mail from alice@example.com carrying ``results`` as A-R headers, topmost first."""
    top = [("Authentication-Results", value) for value in results]
    return parse_message(build(top=top), authserv_id=authserv_id)


def test_dmarc_pass_from_our_mta_authenticates() -> None:
    message = received([PASS])

    assert message.authenticated
    assert message.authentication == "dmarc=pass"


def test_dmarc_fail_does_not_authenticate() -> None:
    message = received([FAIL])

    assert not message.authenticated
    assert message.authentication == "dmarc=fail"


def test_no_header_from_our_mta_does_not_authenticate() -> None:
    message = received([])

    assert not message.authenticated
    assert message.authentication == f"no Authentication-Results from {OURS}"


def test_without_an_authserv_id_nobody_is_authenticated() -> None:
    message = received([PASS], authserv_id=None)

    assert not message.authenticated
    assert message.authentication == "sender authentication is not configured"


def test_a_blank_authserv_id_trusts_no_header() -> None:
    assert not received(["; dmarc=pass header.from=example.com"], authserv_id=" ").authenticated


def test_a_forged_pass_below_our_real_fail_does_not_count() -> None:
    assert not received([FAIL, PASS]).authenticated


def test_a_forged_pass_with_another_authserv_id_does_not_count() -> None:
    forged = "mx.evil.example; dmarc=pass header.from=example.com"

    assert not received([forged, FAIL]).authenticated


def test_a_forged_pass_with_another_authserv_id_alone_does_not_count() -> None:
    message = received(["mx.evil.example; dmarc=pass header.from=example.com"])

    assert not message.authenticated
    assert message.authentication == f"no Authentication-Results from {OURS}"


def test_our_real_pass_counts_above_a_forged_fail() -> None:
    assert received([PASS, FAIL]).authenticated


def test_a_pass_for_another_domain_does_not_authenticate() -> None:
    message = received([f"{OURS}; dmarc=pass header.from=evil.example"])

    assert not message.authenticated
    assert "not the From domain example.com" in message.authentication


def test_a_pass_without_header_from_does_not_authenticate() -> None:
    assert not received([f"{OURS}; dmarc=pass"]).authenticated


def test_results_without_dmarc_do_not_authenticate() -> None:
    message = received([f"{OURS}; spf=pass smtp.mailfrom=example.com; dkim=pass"])

    assert not message.authenticated
    assert message.authentication == f"no dmarc result from {OURS}"


def test_a_pass_inside_a_comment_does_not_count() -> None:
    assert not received([f"{OURS}; dmarc=fail (dmarc=pass) header.from=example.com"]).authenticated


def test_a_header_from_inside_a_quoted_reason_does_not_count() -> None:
    value = f'{OURS}; dmarc=pass reason="header.from=example.com" header.from=evil.example'

    assert not received([value]).authenticated


def test_authserv_id_and_results_are_case_insensitive() -> None:
    assert received(["MX.Exchange.Example; DMARC=Pass header.from=Example.COM"]).authenticated


def test_a_version_after_the_authserv_id_is_allowed() -> None:
    assert received([f"{OURS} 1; dmarc=pass header.from=example.com"]).authenticated


def test_two_from_addresses_are_never_authenticated() -> None:
    raw = build(
        headers={"From": "alice@example.com, bob@example.com"},
        top=[("Authentication-Results", PASS)],
    )

    message = parse_message(raw, authserv_id=OURS)

    assert not message.authenticated
    assert "several From addresses" in message.defects


def test_two_from_headers_are_never_authenticated() -> None:
    raw = build(top=[("Authentication-Results", PASS), ("From", "alice@example.com")])

    assert not parse_message(raw, authserv_id=OURS).authenticated


@pytest.mark.parametrize("results", [";;;", "", "(((", '"unclosed', "id; =pass; dmarc"])
def test_garbage_results_never_raise_and_never_authenticate(results: str) -> None:
    check = check_sender([results], from_domain="example.com", authserv_id=OURS)

    assert not check.authenticated


# --- S2: where a forged header sits --------------------------------------------------


def test_s2_a_forged_pass_with_our_id_below_our_real_fail_does_not_count() -> None:
    # The sender wrote it into the mail; our MTA prepended its real verdict above it.
    message = received([FAIL, PASS])

    assert not message.authenticated
    assert message.authentication == "dmarc=fail"


@pytest.mark.parametrize(
    "lookalike",
    ["mx.exchange.example.evil.example", "mx-exchange.example", "exchange.example",
     '"mx.exchange.example "', "mx.exchange.examp1e"],
)  # fmt: skip
def test_s2_a_forged_pass_instead_of_ours_under_a_lookalike_id_does_not_count(
    lookalike: str,
) -> None:
    message = received([f"{lookalike}; dmarc=pass header.from=example.com"])

    assert not message.authenticated
    assert message.authentication == f"no Authentication-Results from {OURS}"


def test_s2_a_pass_prepended_above_ours_by_another_relay_does_not_count() -> None:
    relay = "relay.internal.example; dmarc=pass header.from=example.com"

    assert not received([relay, FAIL]).authenticated


def test_s2_above_ours_the_topmost_header_with_our_id_is_the_one_that_counts() -> None:
    # Only our own infrastructure prepends after our MTA, so the topmost with our id is
    # the latest verdict of ours: a fail there stands, whatever an older header says.
    assert not received([FAIL, PASS, PASS]).authenticated
    assert received([PASS, FAIL]).authenticated


# --- S3: identity is the exact From address with an aligned DMARC pass -----------------


def from_(sender: str, *, results: str = PASS, **headers: str) -> Message:
    raw = build(headers={"From": sender, **headers}, top=[("Authentication-Results", results)])
    return parse_message(raw, authserv_id=OURS)


def test_s3_a_lookalike_domain_is_not_aligned_with_the_pass() -> None:
    message = from_("Alice <alice@examp1e.com>")

    assert not message.authenticated
    assert message.sender == "alice@examp1e.com"


def test_s3_a_subdomain_is_not_aligned_either() -> None:
    assert not from_("alice@mail.example.com").authenticated


def test_s3_a_display_name_is_never_the_identity() -> None:
    message = from_('"support@exchange.example" <alice@example.com>')

    assert message.sender == "alice@example.com"
    assert message.sender_name == "support@exchange.example"


def test_s3_reply_to_and_sender_headers_change_nothing() -> None:
    message = from_("alice@example.com", **{"Reply-To": "bob@evil.example",
                                             "Sender": "bob@evil.example"})  # fmt: skip

    assert (message.sender, message.authenticated) == ("alice@example.com", True)


def test_s3_case_is_folded_in_the_domain_and_the_local_part() -> None:
    message = from_("Alice <ALICE@Example.COM>")

    assert (message.sender, message.authenticated) == ("alice@example.com", True)


def test_s3_a_plus_address_is_its_own_identity() -> None:
    assert from_("taro+shop@example.com").sender == "taro+shop@example.com"


def test_s3_the_body_naming_another_address_changes_nothing() -> None:
    raw = build(
        "I am alice@example.com, my other address is bob@example.com.",
        headers={"From": "carol@example.com"},
        top=[("Authentication-Results", f"{OURS}; dmarc=pass header.from=example.com")],
    )

    assert parse_message(raw, authserv_id=OURS).sender == "carol@example.com"


@pytest.mark.parametrize(
    "sender",
    ["alice@", "alice", "alice@example", "<alice@example.com", "alice@@example.com",
     "alice@exa mple.com"],
)  # fmt: skip
def test_a_from_that_does_not_parse_is_never_authenticated(sender: str) -> None:
    message = from_(sender)

    assert not message.authenticated
