"""Our own mail coming back is never answered (B4); our internal headers never raise trust (S6)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from pydantic import SecretStr

from madoguchi.domain.understanding import AutomatedKind, OurIdentity
from madoguchi.triage import loop_header, parse_message, understand
from tests.triage.mails import build

OURS = OurIdentity(
    addresses=("Support@Exchange.example",),
    message_id_domain="mail.exchange.example",
    loop_secret=SecretStr("loop-secret-for-tests"),
)
OUR_ID = "<reply-7.case-42@mail.exchange.example>"
AUTHSERV_ID = "mx.exchange.example"
PASS = f"{AUTHSERV_ID}; dmarc=pass header.from=example.com"


def looped(
    headers: dict[str, str | None], extra: Sequence[tuple[str, str]] = ()
) -> AutomatedKind | None:
    triage = understand(build(headers=headers, extra=extra), authserv_id=None, ours=OURS)
    return triage.automated.kind if triage.automated else None


def test_our_reply_coming_back_with_its_loop_header_is_a_loop() -> None:
    # Forwarded back unchanged by a customer's mail rule: our Message-ID and header.
    header = loop_header(OURS.loop_secret, OUR_ID)

    triage = understand(
        build(headers={"Message-ID": OUR_ID}, extra=[header]), authserv_id=None, ours=OURS
    )

    assert triage.automated is not None
    assert triage.automated.kind is AutomatedKind.LOOP
    assert triage.automated.reason == "our own loop header (verified)"


def test_our_loop_header_wins_over_the_auto_submitted_our_replies_carry() -> None:
    extra = [loop_header(OURS.loop_secret, "<r@elsewhere.example>"),
             ("Auto-Submitted", "auto-replied")]  # fmt: skip

    kind = looped({"Message-ID": "<r@elsewhere.example>"}, extra)

    assert kind is AutomatedKind.LOOP


def test_a_loop_header_copied_onto_another_mail_is_forged_and_ignored() -> None:
    forged = loop_header(OURS.loop_secret, OUR_ID)  # valid for OUR_ID, not for this mail

    assert looped({"Message-ID": "<m1@customer.example>"}, [forged]) is None


def test_a_loop_header_with_a_made_up_hmac_is_ignored() -> None:
    assert looped({}, [("X-Madoguchi-Loop", "v1=" + "ab" * 32)]) is None


def test_mail_with_our_message_id_domain_is_a_loop() -> None:
    assert looped({"Message-ID": "<x1@MAIL.exchange.example>"}) is AutomatedKind.LOOP


def test_a_message_id_in_a_subdomain_of_ours_is_not_ours() -> None:
    assert looped({"Message-ID": "<x1@eu.mail.exchange.example>"}) is None


def test_mail_from_our_own_address_is_a_loop() -> None:
    assert looped({"From": "Support <support@exchange.example>"}) is AutomatedKind.LOOP


def test_a_customer_quoting_our_message_id_in_references_is_a_customer() -> None:
    headers = {"In-Reply-To": OUR_ID, "References": OUR_ID}

    assert looped(headers) is None


def test_without_our_identity_only_x_loop_says_loop() -> None:
    raw = build(headers={"Message-ID": OUR_ID}, extra=[loop_header(OURS.loop_secret, OUR_ID)])

    assert understand(raw, authserv_id=None).automated is None


# --- S6: our internal headers from outside --------------------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [("X-Madoguchi-Authenticated", "yes"), ("X-Madoguchi-Trusted", "1"),
     ("X-Madoguchi-Loop", "v1=" + "00" * 32)],
)  # fmt: skip
def test_inbound_internal_headers_are_dropped_and_said_so(name: str, value: str) -> None:
    message = parse_message(build(extra=[(name, value)]), authserv_id=AUTHSERV_ID, ours=OURS)

    assert not any(key.startswith("x-madoguchi-") for key in message.headers)
    assert f"internal header {name.lower()} from outside, ignored" in message.defects


def test_internal_headers_never_authenticate_a_sender() -> None:
    extra = [("X-Madoguchi-Authenticated", "dmarc=pass"),
             ("X-Madoguchi-Authentication", PASS)]  # fmt: skip

    message = parse_message(build(extra=extra), authserv_id=AUTHSERV_ID, ours=OURS)

    assert not message.authenticated


def test_a_verified_loop_header_is_the_only_internal_header_kept() -> None:
    header = loop_header(OURS.loop_secret, OUR_ID)
    raw = build(headers={"Message-ID": OUR_ID}, extra=[header, ("X-Madoguchi-Case", "42")])

    message = parse_message(raw, authserv_id=None, ours=OURS)

    assert message.headers["x-madoguchi-loop"] == (header[1],)
    assert "x-madoguchi-case" not in message.headers
