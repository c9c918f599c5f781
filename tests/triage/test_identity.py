"""identify(): a mail's Message-ID and content hash, from its headers alone."""

from __future__ import annotations

import random

import pytest

from madoguchi.triage import identify
from tests.triage.mails import build

TRACE_HEADERS = [
    ("Received", "from mx2.example.net by mx.exchange.example; Mon, 1 Jul 2024 10:00:05 +0900"),
    ("Return-Path", "<alice@example.com>"),
    ("Delivered-To", "support@exchange.example"),
    ("Authentication-Results", "mx.exchange.example; dmarc=pass header.from=example.com"),
    ("X-Original-To", "help@exchange.example"),
]


def test_message_id_is_the_header_value() -> None:
    assert identify(build()).message_id == "<m1.alice@example.com>"


def test_missing_message_id_becomes_a_synthetic_one() -> None:
    message_id = identify(build(headers={"Message-ID": None})).message_id

    assert message_id.startswith("<")
    assert message_id.endswith("@synthetic.madoguchi.invalid>")


def test_empty_message_id_becomes_a_synthetic_one() -> None:
    message_id = identify(build(headers={"Message-ID": "   "})).message_id

    assert message_id.endswith("@synthetic.madoguchi.invalid>")


def test_synthetic_message_id_is_stable_for_the_same_mail() -> None:
    raw = build(headers={"Message-ID": None})

    assert identify(raw).message_id == identify(bytes(raw)).message_id


def test_synthetic_message_id_differs_for_different_mails() -> None:
    first = identify(build("one", headers={"Message-ID": None}))
    second = identify(build("two", headers={"Message-ID": None}))

    assert first.message_id != second.message_id


def test_trace_headers_do_not_change_the_identity() -> None:
    plain = identify(build())
    delivered = identify(build(top=TRACE_HEADERS))

    assert delivered == plain


def test_line_endings_do_not_change_the_content_hash() -> None:
    crlf = build("line one\r\nline two\r\n")

    assert identify(crlf.replace(b"\r\n", b"\n")).content_hash == identify(crlf).content_hash


def test_header_folding_does_not_change_the_content_hash() -> None:
    folded = build(headers={"Subject": "A question\r\n about my account"})
    unfolded = build(headers={"Subject": "A question about my account"})

    assert identify(folded).content_hash == identify(unfolded).content_hash


@pytest.mark.parametrize(
    "changes",
    [
        {"From": "Bob <bob@example.com>"},
        {"To": "other@exchange.example"},
        {"Subject": "Another question"},
        {"Date": "Tue, 02 Jul 2024 10:00:00 +0900"},
    ],
    ids=["from", "to", "subject", "date"],
)
def test_content_headers_change_the_content_hash(changes: dict[str, str | None]) -> None:
    assert identify(build(headers=changes)).content_hash != identify(build()).content_hash


def test_cc_changes_the_content_hash() -> None:
    with_cc = build(extra=[("Cc", "carol@example.com")])

    assert identify(with_cc).content_hash != identify(build()).content_hash


def test_body_changes_the_content_hash() -> None:
    assert identify(build("one")).content_hash != identify(build("two")).content_hash


def test_different_garbage_without_headers_hashes_differently() -> None:
    # No blank line and no headers: the whole input must be hashed, or every such mail
    # would look like a duplicate of the first and be dropped.
    assert identify(b"garbage one").content_hash != identify(b"garbage two").content_hash


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\r\n\r\n",
        b"\x00\xff\xfe" * 1000,
        b"Subject: " + b"x" * 200_000,
        b"From: \xff\xfe\r\nMessage-ID: <\xe3\x81\x82@x>\r\n\r\nbody",
        random.Random(7).randbytes(5000),  # noqa: S311 -- reproducible noise, not a secret
    ],
    ids=["empty", "blank", "binary", "huge-header", "8bit-headers", "random"],
)
def test_identify_never_raises(raw: bytes) -> None:
    identity = identify(raw)

    assert identity.message_id
    assert len(identity.content_hash) == 64
