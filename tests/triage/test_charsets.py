"""Japanese and unknown charsets in bodies and headers decode to the right text."""

from __future__ import annotations

import pytest

from madoguchi.triage import parse_message
from madoguchi.triage.charsets import decode
from tests.triage.mails import build, encoded_text, encoded_word

TEXT = "本人確認の審査状況を教えてください。"
CHARSETS = ["iso-2022-jp", "shift_jis", "euc-jp", "utf-8"]


@pytest.mark.parametrize("charset", CHARSETS)
def test_body_in_a_japanese_charset_is_decoded(charset: str) -> None:
    headers, body = encoded_text(TEXT, charset)

    message = parse_message(build(body, headers=headers), authserv_id=None)

    assert message.text == TEXT
    assert message.defects == ()


@pytest.mark.parametrize("charset", CHARSETS)
def test_encoded_word_subject_is_decoded(charset: str) -> None:
    raw = build(headers={"Subject": encoded_word("本人確認について", charset)})

    assert parse_message(raw, authserv_id=None).subject == "本人確認について"


@pytest.mark.parametrize("charset", ["iso-2022-jp", "utf-8"])
def test_encoded_word_display_name_is_decoded(charset: str) -> None:
    raw = build(headers={"From": f"{encoded_word('山田 太郎', charset)} <taro@example.jp>"})

    message = parse_message(raw, authserv_id=None)

    assert (message.sender_name, message.sender) == ("山田 太郎", "taro@example.jp")


@pytest.mark.parametrize("codec", ["utf-8", "cp932"])
def test_raw_8bit_subject_is_decoded(codec: str) -> None:
    head = "Subject: 出金について\r\n".encode(codec)
    raw = build(headers={"Subject": None}).replace(b"To:", head + b"To:", 1)

    assert parse_message(raw, authserv_id=None).subject == "出金について"


def test_iso_2022_jp_with_windows_extensions_is_decoded() -> None:
    # ① and ㈱ are NEC row 13 characters that Windows mailers put in ISO-2022-JP.
    body = b"\x1b$B-!\x1b(B \x1b$B-j\x1b(B \x1b$B$\"\x1b(B"
    raw = build(body, headers={"Content-Type": "text/plain; charset=ISO-2022-JP",
                               "Content-Transfer-Encoding": "7bit"})  # fmt: skip

    message = parse_message(raw, authserv_id=None)

    assert message.text == "① ㈱ あ"
    assert message.defects == ()


def test_shift_jis_with_windows_extensions_is_decoded() -> None:
    raw = build("髙橋です①".encode("cp932"),
                headers={"Content-Type": "text/plain; charset=Shift_JIS"})  # fmt: skip

    assert parse_message(raw, authserv_id=None).text == "髙橋です①"


def test_unknown_charset_is_decoded_as_well_as_possible_with_a_defect() -> None:
    raw = build("日本語のテキスト", headers={"Content-Type": "text/plain; charset=x-klingon"})

    message = parse_message(raw, authserv_id=None)

    assert message.text == "日本語のテキスト"
    assert "unknown charset x-klingon" in message.defects


def test_undeclared_shift_jis_body_is_sniffed() -> None:
    raw = build("出金が届きません".encode("cp932"), headers={"Content-Type": "text/plain"})

    assert parse_message(raw, authserv_id=None).text == "出金が届きません"


def test_wrongly_declared_charset_falls_back_to_one_that_fits() -> None:
    raw = build("手数料".encode("euc_jp"), headers={"Content-Type": "text/plain; charset=utf-8"})

    assert parse_message(raw, authserv_id=None).text == "手数料"


def test_undecodable_bytes_are_replaced_and_reported() -> None:
    decoded = decode(b"\x1b$B\xff\xff\x1b(B", "iso-2022-jp")

    assert "\ufffd" in decoded.text
    assert decoded.defect == "undecodable text in charset iso-2022-jp"


def test_ascii_is_decoded_without_any_attempt() -> None:
    assert decode(b"plain", "x-klingon").text == "plain"
