"""loop_header(): the HMAC every reply carries, and its check when mail comes back (B4)."""

from __future__ import annotations

import re

import pytest
from pydantic import SecretStr

from madoguchi.domain.errors import ConfigurationError
from madoguchi.triage import LOOP_HEADER, loop, loop_header, verify_loop_header

SECRET = SecretStr("loop-secret-for-tests")
REPLY_ID = "<reply-1.case-42@mail.exchange.example>"


def test_the_header_is_named_x_madoguchi_loop_and_versioned() -> None:
    name, value = loop_header(SECRET, REPLY_ID)

    assert name == LOOP_HEADER == "X-Madoguchi-Loop"
    assert re.fullmatch(r"v1=[0-9a-f]{64}", value)


def test_the_header_verifies_for_the_message_id_it_was_made_for() -> None:
    _, value = loop_header(SECRET, REPLY_ID)

    assert verify_loop_header((value,), secret=SECRET, message_id=REPLY_ID)


def test_a_plain_string_secret_gives_the_same_header() -> None:
    assert loop_header("loop-secret-for-tests", REPLY_ID) == loop_header(SECRET, REPLY_ID)


def test_angle_brackets_and_spaces_around_the_message_id_do_not_matter() -> None:
    _, value = loop_header(SECRET, REPLY_ID)

    assert verify_loop_header((value,), secret=SECRET, message_id=f"  {REPLY_ID[1:-1]} ")


def test_a_header_copied_onto_another_message_id_does_not_verify() -> None:
    _, value = loop_header(SECRET, REPLY_ID)

    assert not verify_loop_header((value,), secret=SECRET, message_id="<other@evil.example>")


def test_a_header_made_with_another_secret_does_not_verify() -> None:
    _, value = loop_header("guessed-secret", REPLY_ID)

    assert not verify_loop_header((value,), secret=SECRET, message_id=REPLY_ID)


@pytest.mark.parametrize("value", ["", "v1=", "v1=00", "yes", "v2=" + "0" * 64])
def test_garbage_values_do_not_verify(value: str) -> None:
    assert not verify_loop_header((value,), secret=SECRET, message_id=REPLY_ID)


def test_an_unknown_version_beside_ours_still_verifies() -> None:
    _, value = loop_header(SECRET, REPLY_ID)

    assert verify_loop_header((f"v9=abc, {value}",), secret=SECRET, message_id=REPLY_ID)


def test_an_empty_secret_is_refused_when_making_a_header() -> None:
    with pytest.raises(ConfigurationError):
        loop_header("", REPLY_ID)


def test_an_empty_secret_verifies_nothing_not_even_a_header_keyed_with_nothing() -> None:
    keyed_with_nothing = "v1=" + loop._digest(b"", REPLY_ID)

    assert not verify_loop_header((keyed_with_nothing,), secret="", message_id=REPLY_ID)
