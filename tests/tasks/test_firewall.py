"""check_reply(): no foreign links, no unlisted phone numbers, no asking for secrets."""

from __future__ import annotations

import pytest

from madoguchi.tasks import Allowances, UnsafeReply, check_reply, screen_reply

NOTHING = Allowances()
OURS = Allowances(
    allowed_link_domains=("exchange.example",), allowed_phone_numbers=("+81 3-1234-5678",)
)


def test_a_plain_reply_passes() -> None:
    assert check_reply("Your withdrawal WD2611280042 of 0.5 BTC was sent.", NOTHING) == []


# --- links ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "link",
    ["https://evil.example/login", "http://exchange.example.evil.example/", "www.evil.example",
     "evil-exchange.com", "ｈｔｔｐｓ：／／ｅｖｉｌ．ｅｘａｍｐｌｅ", "https://exchange.example@evil.com/x",
     "mailto:help@evil.example", "exchange-app://reset", "hxxp://evil.example/"],
)  # fmt: skip
def test_a_link_outside_the_allowed_domains_is_refused(link: str) -> None:
    [problem] = check_reply(f"Please visit {link} to continue.", OURS)

    assert "not an allowed link domain" in problem


def test_with_no_allowed_domains_even_our_own_site_may_not_be_linked() -> None:
    assert check_reply("See https://exchange.example/help", NOTHING) != []


@pytest.mark.parametrize(
    "link",
    ["https://exchange.example/help", "https://www.exchange.example/fees", "exchange.example"],
)
def test_links_to_an_allowed_domain_or_its_subdomains_pass(link: str) -> None:
    assert check_reply(f"See {link}.", OURS) == []


@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,<b>x</b>"])
def test_a_script_or_data_link_is_always_refused(link: str) -> None:
    [problem] = check_reply(f"Click {link}", OURS)

    assert "not to a web site" in problem


def test_an_e_mail_address_is_not_a_link() -> None:
    assert check_reply("Write to support@exchange.example.", NOTHING) == []


# --- phone numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    ["03-1234-5678", "0120-123-456", "090-1234-5678", "09012345678", "+81 90 1234 5678",
     "(03) 1234-5678", "+1 (555) 123-4567", "555-123-4567", "０３－１２３４－５６７８"],
)  # fmt: skip
def test_a_phone_number_not_configured_is_refused(number: str) -> None:
    [problem] = check_reply(f"Call us on {number}.", NOTHING)

    assert problem.startswith("a phone number that is not an allowed one")


@pytest.mark.parametrize("number", ["+81 3-1234-5678", "03-1234-5678", "+81312345678"])
def test_a_configured_phone_number_passes_however_it_is_written(number: str) -> None:
    assert check_reply(f"Call us on {number}.", OURS) == []


@pytest.mark.parametrize(
    "text",
    ["Amount: 0.000123456 BTC", "Requested: 2026-11-28T14:05:00+09:00", "2026/11/28 14:05",
     "Fee: 10,000 JPY", "Confirmations: 3/6", "Customer C000123", "Withdrawal WD2611280042",
     "Tx 0012345678abcdef0012345678abcdef0012345678abcdef0012345678abcdef",
     "28 November 2026, 14:05 JST (UTC+9)", "2026年11月28日 14:05（日本時間）"],
)  # fmt: skip
def test_amounts_dates_and_ids_are_not_phone_numbers(text: str) -> None:
    assert check_reply(text, NOTHING) == []


# --- secrets --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Please send us your password.",
        "To confirm your identity, reply with your seed phrase.",
        "We need your private key to recover the funds.",
        "Please enter the 6-digit code from your authenticator app in your reply.",
        "What is your 2FA code?",
        "Do not delay: send us your recovery phrase.",
        "Don't forget to include your password.",
        "パスワードを返信してください。",
        "認証コードをお知らせください。",
        "秘密鍵をご入力いただけますようお願いいたします。",
        "シードフレーズを教えていただけませんか。",
        "二段階認証のバックアップコードを教えていただけないでしょうか。",
    ],
)
def test_asking_for_a_secret_is_refused(text: str) -> None:
    [problem] = check_reply(text, NOTHING)

    assert problem.startswith("asks the customer for a secret")


@pytest.mark.parametrize(
    "text",
    [
        "Please note that we will never ask you for your password, any verification code, your\n"
        "private keys or your recovery (seed) phrase.",
        "Never share your password or seed phrase with anyone, including us.",
        "You do not need to send us your password.",
        "なお、当社からお客様のパスワード、認証コード、秘密鍵、リカバリーフレーズ（シードフレーズ）を\n"
        "お尋ねすることはございません。",
        "パスワードは誰にも教えないでください。",
        "パスワードをお送りいただく必要はございません。",
        "お送りしたご案内メールの手順に沿って、新しいパスワードをご設定ください。",
        "Please follow the instructions in that e-mail to set a new password.",
    ],
)
def test_our_safety_lines_and_instructions_pass(text: str) -> None:
    assert check_reply(text, NOTHING) == []


def test_a_safety_line_does_not_cover_a_request_in_the_next_sentence() -> None:
    text = "We will never ask for your password. Please reply with your 2FA code."

    assert len(check_reply(text, NOTHING)) == 1


def test_every_kind_of_problem_is_reported_once() -> None:
    text = "Visit https://evil.example and call 03-1234-5678. Please send your password."

    assert len(check_reply(text, NOTHING)) == 3


def test_screen_reply_passes_a_clean_reply_through() -> None:
    assert screen_reply("Thank you.", NOTHING) == "Thank you."


def test_screen_reply_refuses_an_unsafe_reply_with_its_problems() -> None:
    with pytest.raises(UnsafeReply) as refused:
        screen_reply("Please send us your password.", NOTHING)

    assert len(refused.value.problems) == 1
