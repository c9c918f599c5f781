"""Every shipped reply template renders, for every kyc_status outcome and language.

The facts come from the routine itself (on the fake back office), so a template and the
routine cannot drift apart unnoticed.
"""

from __future__ import annotations

from typing import Any

import pytest

from madoguchi.domain.backoffice import KycStatus, RejectionCategory
from madoguchi.domain.mail import Language
from madoguchi.domain.outcomes import Resolved, RoutineRequest
from madoguchi.rules import Rulebook, load_rulebook
from madoguchi.tasks import ROUTINES, TemplateError, render
from madoguchi.triage import find_signals
from tests.tasks.fakes import NOW, FakeBackOffice, record

DOCUMENTS = ("id_document_front", "id_document_back", "proof_of_address", "selfie", "my_number")
RECORDS = {
    "not_submitted": record(KycStatus.NOT_SUBMITTED, submitted_days_ago=None),
    "in_review": record(KycStatus.IN_REVIEW),
    "documents_required": record(KycStatus.DOCUMENTS_REQUIRED, missing=DOCUMENTS),
    "approved": record(KycStatus.APPROVED),
    "rejected": record(KycStatus.REJECTED, rejection=RejectionCategory.DOCUMENTS),
}
DOCUMENT_NAMES = {
    "ja": ["本人確認書類（表面）", "本人確認書類（裏面）", "住所確認書類", "セルフィー",
           "マイナンバー確認書類"],
    "en": ["Identity document (front)", "Identity document (back)", "Proof of address",
           "selfie", "My Number"],
}  # fmt: skip


@pytest.fixture(scope="module")
def rulebook() -> Rulebook:
    return load_rulebook()


def rendered(rulebook: Rulebook, outcome: str, language: str, **facts: Any) -> str:
    """The reply text for ``outcome``, with the routine's own facts for a matching record."""
    backoffice = FakeBackOffice()
    backoffice.add("taro@example.jp", RECORDS[outcome])
    request = RoutineRequest(
        case_id=1,
        sender="taro@example.jp",
        language=Language(language),
        now=NOW,
        options=rulebook.routines["kyc_status"].options,
    )
    result = ROUTINES["kyc_status"](request, backoffice)
    assert isinstance(result, Resolved)
    assert result.outcome == outcome
    source = rulebook.template("kyc_status", outcome, language)
    assert source is not None
    return render(source, {**result.facts, **rulebook.template_globals(language), **facts})


def every_template(rulebook: Rulebook) -> list[tuple[str, str]]:
    spec = rulebook.routines["kyc_status"]
    return [(o, lang) for o in spec.outcomes for lang in rulebook.languages]


def test_the_rulebook_lists_every_outcome_the_routine_resolves(rulebook: Rulebook) -> None:
    assert set(rulebook.routines["kyc_status"].outcomes) == set(RECORDS)


def test_every_template_renders_signed_and_complete(rulebook: Rulebook) -> None:
    for outcome, language in every_template(rulebook):
        text = rendered(rulebook, outcome, language)

        signature = rulebook.template_globals(language)["signature"]
        assert text.rstrip().endswith(signature), (outcome, language)
        assert text.endswith("\n")
        assert "{" not in text
        assert "}" not in text
        assert "None" not in text


def test_no_reply_contains_a_link(rulebook: Rulebook) -> None:
    for outcome, language in every_template(rulebook):
        text = rendered(rulebook, outcome, language).lower()

        assert "http" not in text, (outcome, language)
        assert "www." not in text, (outcome, language)


def test_every_reply_says_we_never_ask_for_secrets(rulebook: Rulebook) -> None:
    for outcome, language in every_template(rulebook):
        text = rendered(rulebook, outcome, language)
        never_ask = "お尋ねすることはございません" if language == "ja" else "will never ask you"

        assert never_ask in text, (outcome, language)


def test_japanese_replies_are_written_in_business_keigo(rulebook: Rulebook) -> None:
    for outcome in rulebook.routines["kyc_status"].outcomes:
        text = rendered(rulebook, outcome, "ja")

        assert "いつもご利用いただき、誠にありがとうございます。" in text
        assert "今後とも何卒よろしくお願い申し上げます。" in text
        assert "です。" not in text  # "でございます" in a reply to a customer


@pytest.mark.parametrize("language", ["ja", "en"])
def test_missing_documents_are_listed_by_name_in_the_customers_language(
    rulebook: Rulebook, language: str
) -> None:
    text = rendered(rulebook, "documents_required", language)

    for name in DOCUMENT_NAMES[language]:
        assert name in text
    assert "id_document_front" not in text


@pytest.mark.parametrize("language", ["ja", "en"])
def test_an_unknown_document_code_fails_instead_of_leaving_a_blank(
    rulebook: Rulebook, language: str
) -> None:
    with pytest.raises(TemplateError):
        rendered(rulebook, "documents_required", language, missing_documents=["blood_sample"])


def test_our_replies_quoted_back_raise_no_signal(rulebook: Rulebook) -> None:
    # Signals are searched in quoted history too: a customer who answers "thanks" above
    # our quoted reply must not look compromised.
    for outcome, language in every_template(rulebook):
        text = rendered(rulebook, outcome, language)

        assert find_signals("", text) == (), (outcome, language)


@pytest.mark.parametrize(("language", "date"), [("ja", "2024年7月12日"), ("en", "12 July 2024")])
def test_in_review_says_when_the_documents_arrived_in_the_customers_format(
    rulebook: Rulebook, language: str, date: str
) -> None:
    # The fake back office's submission was three days before 15 July 2024.
    assert date in rendered(rulebook, "in_review", language)
