"""render() in the sandbox with strict values; build_reply() threaded to the customer."""

from __future__ import annotations

from typing import Any

import pytest

from madoguchi.domain.errors import PermanentError
from madoguchi.domain.mail import Language, Message
from madoguchi.tasks import ReplyError, TemplateError, build_reply, render


def message(**changes: Any) -> Message:
    fields: dict[str, Any] = {
        "message_id": "<q3@example.jp>",
        "sender": "taro@example.jp",
        "reply_to": ("mallory@evil.example",),
        "subject": "本人確認について",
        "language": Language.JA,
    }
    return Message(**(fields | changes))


def reply_to(original: Message, **changes: Any) -> Any:
    fields: dict[str, Any] = {
        "text": "本文\n",
        "sender": "support@exchange.example",
        "message_id": "<r1@exchange.example>",
        "informational": True,
    }
    return build_reply(original, **(fields | changes))


def test_render_fills_in_the_facts() -> None:
    assert render("Status: {{ status }}", {"status": "approved"}) == "Status: approved"


def test_render_keeps_the_trailing_newline() -> None:
    assert render("Regards,\n{{ signature }}\n", {"signature": "Support"}) == "Regards,\nSupport\n"


def test_render_does_not_escape_plain_text() -> None:
    assert render("{{ name }}", {"name": "<Tom & Jerry>"}) == "<Tom & Jerry>"


def test_a_missing_fact_is_an_error_not_a_blank() -> None:
    with pytest.raises(TemplateError, match="signature"):
        render("Regards,\n{{ signature }}\n", {})


def test_a_missing_key_of_a_mapping_is_an_error() -> None:
    with pytest.raises(TemplateError):
        render("{{ names[code] }}", {"names": {"selfie": "Selfie"}, "code": "passport"})


def test_a_template_syntax_error_is_a_template_error() -> None:
    with pytest.raises(TemplateError):
        render("{% if %}", {})


def test_the_sandbox_refuses_unsafe_attribute_access() -> None:
    with pytest.raises(TemplateError, match="SecurityError"):
        render("{{ ''.__class__.__mro__[1].__subclasses__() }}", {})


def test_template_errors_are_permanent() -> None:
    assert issubclass(TemplateError, PermanentError)
    assert issubclass(ReplyError, PermanentError)


def test_the_reply_goes_to_the_from_address_never_reply_to() -> None:
    assert reply_to(message()).to == "taro@example.jp"


def test_the_reply_says_it_is_automatic() -> None:
    assert reply_to(message()).headers == {
        "Auto-Submitted": "auto-replied",
        "X-Auto-Response-Suppress": "All",
    }


def test_the_reply_carries_what_it_was_given() -> None:
    reply = reply_to(message(), informational=False)

    assert (reply.message_id, reply.sender, reply.text) == (
        "<r1@exchange.example>",
        "support@exchange.example",
        "本文\n",
    )
    assert reply.language is Language.JA
    assert reply.informational is False


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("本人確認について", "Re: 本人確認について"),
        ("Re: 本人確認について", "Re: 本人確認について"),
        ("RE: Re: re:KYC", "Re: KYC"),
        ("Re[2]: KYC", "Re: KYC"),
        ("Re：本人確認", "Re: 本人確認"),
        ("Ｒｅ：本人確認", "Re: 本人確認"),
        ("KYC\r\n status", "Re: KYC status"),
        ("Regarding my KYC", "Re: Regarding my KYC"),
    ],
)
def test_the_subject_has_exactly_one_re(subject: str, expected: str) -> None:
    assert reply_to(message(subject=subject)).subject == expected


@pytest.mark.parametrize(
    ("language", "expected"), [(Language.JA, "Re: お問い合わせ"), (Language.EN, "Re: Your message")]
)
def test_an_empty_subject_gets_one_in_the_customers_language(
    language: Language, expected: str
) -> None:
    assert reply_to(message(subject="", language=language)).subject == expected


def test_the_reply_threads_to_the_message() -> None:
    reply = reply_to(message(references=("<a@x>", "<b@x>")))

    assert reply.in_reply_to == "<q3@example.jp>"
    assert reply.references == ("<a@x>", "<b@x>", "<q3@example.jp>")


def test_without_references_the_parents_in_reply_to_starts_the_thread() -> None:
    reply = reply_to(message(in_reply_to="<a@x>"))

    assert reply.references == ("<a@x>", "<q3@example.jp>")


def test_a_long_thread_keeps_its_root_and_the_last_references() -> None:
    thread = tuple(f"<{n}@x>" for n in range(30))

    references = reply_to(message(references=thread)).references

    assert len(references) == 10
    assert references[0] == "<0@x>"
    assert references[-2:] == ("<29@x>", "<q3@example.jp>")


def test_a_message_without_a_sender_cannot_be_answered() -> None:
    with pytest.raises(ReplyError):
        reply_to(message(sender=""))


def test_a_mail_asking_for_a_read_receipt_gets_an_ordinary_reply_that_asks_for_none() -> None:
    # B3: a receipt would tell the sender a robot read the mail; we never send one, and
    # our replies never ask for one either.
    asking = message(headers={"disposition-notification-to": ("taro@example.jp",)})

    reply = build_reply(
        asking, text="x", sender="support@exchange.example", message_id="<r@x>",
        informational=True,
    )  # fmt: skip

    assert reply.to == "taro@example.jp"
    lowered = {name.lower() for name in reply.headers}
    assert not lowered & {"disposition-notification-to", "return-receipt-to", "read-receipt-to"}
