"""Every shipped reply and draft template renders, for every routine's outcomes, in ja and en.

The facts come from the routines themselves (on the fake back office, ``scenarios``), so
a template and its routine cannot drift apart unnoticed.
"""

from __future__ import annotations

import re

import pytest

from madoguchi.rules import Rulebook, load_rulebook
from madoguchi.tasks import CONTRACTS, TemplateError
from madoguchi.tasks.reply import render
from madoguchi.triage import find_signals
from tests.tasks.scenarios import CODE, SCENARIOS, Scenario, scenarios

LANGUAGES = ("ja", "en")
EVERY = [pytest.param(s, lang, id=f"{s.id}.{lang}") for s in SCENARIOS for lang in LANGUAGES]
DOCUMENT_NAMES = {
    "ja": ["本人確認書類（表面）", "本人確認書類（裏面）", "住所確認書類", "セルフィー",
           "マイナンバー確認書類"],
    "en": ["Identity document (front)", "Identity document (back)", "Proof of address",
           "selfie", "My Number"],
}  # fmt: skip
SECRETS = re.compile(
    r"(?:send|tell|give|enter|reply with|provide|share)\b[^.。\n]{0,40}"
    r"(?:password|passcode|code|seed|private key|recovery)"
    r"|(?:パスワード|認証コード|秘密鍵|シードフレーズ|リカバリーフレーズ)[^。\n]{0,10}"
    r"(?:お知らせ|ご返信|ご入力|ご提示|お送り|ご送付)(?:ください|いただけ)",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def rulebook() -> Rulebook:
    return load_rulebook()


def by_id(routine: str, name: str, label: str = "") -> Scenario:
    return next(
        s for s in scenarios(routine) if (s.name, s.label) == (name, label)
    )


def test_the_scenarios_reach_every_outcome_and_draft_of_every_routine() -> None:
    reached = {(s.routine, s.name) for s in SCENARIOS}

    declared = {
        (routine, name)
        for routine, contract in CONTRACTS.items()
        for name in (*contract.outcomes, *contract.drafts)
    }
    assert reached == declared


@pytest.mark.parametrize(("scenario", "language"), EVERY)
def test_every_template_renders_signed_and_complete(
    rulebook: Rulebook, scenario: Scenario, language: str
) -> None:
    text = scenario.reply(rulebook, language)

    signature = rulebook.template_globals(language)["signature"]
    assert text.rstrip().endswith(signature)
    assert text.endswith("\n")
    assert "{" not in text
    assert "}" not in text
    assert "None" not in text
    assert "\n\n\n" not in text


@pytest.mark.parametrize(("scenario", "language"), EVERY)
def test_no_reply_contains_a_link(rulebook: Rulebook, scenario: Scenario, language: str) -> None:
    text = scenario.reply(rulebook, language).lower()

    assert "http" not in text
    assert "www." not in text


@pytest.mark.parametrize(("scenario", "language"), EVERY)
def test_every_reply_says_we_never_ask_for_secrets_and_asks_for_none(
    rulebook: Rulebook, scenario: Scenario, language: str
) -> None:
    text = scenario.reply(rulebook, language)

    never_ask = "お尋ねすることはございません" if language == "ja" else "will never ask you"
    assert never_ask in text
    assert "シードフレーズ" in text if language == "ja" else "seed" in text
    assert SECRETS.search(text) is None


@pytest.mark.parametrize(("scenario", "language"), EVERY)
def test_our_replies_quoted_back_raise_no_signal(
    rulebook: Rulebook, scenario: Scenario, language: str
) -> None:
    # Signals are searched in quoted history too: a customer who answers "thanks" above
    # our quoted reply must not look compromised.
    assert find_signals("", scenario.reply(rulebook, language)) == ()


@pytest.mark.parametrize(
    "scenario", [s for s in SCENARIOS if s.routine != "password_reset"], ids=lambda s: s.id
)
@pytest.mark.parametrize(
    ("language", "line"),
    [("ja", f"フィッシング対策コード: {CODE}\n"), ("en", f"Your anti-phishing code: {CODE}\n")],
)
def test_replies_quote_the_anti_phishing_code_first_when_the_customer_has_one(
    rulebook: Rulebook, scenario: Scenario, language: str, line: str
) -> None:
    if not scenario.registered:
        pytest.skip("no account, no code")

    assert scenario.reply(rulebook, language).startswith(line + "\n")
    assert "anti-phishing" not in scenario.reply(rulebook, language, code=None)
    assert "フィッシング" not in scenario.reply(rulebook, language, code=None)


@pytest.mark.parametrize("scenario", scenarios("password_reset"), ids=lambda s: s.id)
@pytest.mark.parametrize("language", LANGUAGES)
def test_password_reset_replies_never_quote_the_code(
    rulebook: Rulebook, scenario: Scenario, language: str
) -> None:
    # The code would tell an account exists: the reply for no account must look the same.
    assert CODE not in scenario.reply(rulebook, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_reset_reply_for_no_account_is_the_reply_for_a_sent_link_byte_for_byte(
    rulebook: Rulebook, language: str
) -> None:
    sent = by_id("password_reset", "sent", "registered").reply(rulebook, language)
    nobody = by_id("password_reset", "sent", "no-account").reply(rulebook, language)

    assert nobody.encode() == sent.encode()


def test_japanese_replies_are_written_in_business_keigo(rulebook: Rulebook) -> None:
    for scenario in SCENARIOS:
        text = scenario.reply(rulebook, "ja")

        assert "いつもご利用いただき、誠にありがとうございます。" in text, scenario.id
        assert "今後とも何卒よろしくお願い申し上げます。" in text, scenario.id
        assert "です。" not in text, scenario.id  # "でございます" in a reply to a customer
        assert "だ。" not in text, scenario.id


@pytest.mark.parametrize(("language", "date"), [("ja", "2024年7月12日"), ("en", "12 July 2024")])
def test_in_review_says_when_the_documents_arrived_in_the_customers_format(
    rulebook: Rulebook, language: str, date: str
) -> None:
    # The fake back office's submission was three days before 15 July 2024.
    assert date in by_id("kyc_status", "in_review").reply(rulebook, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_missing_documents_are_listed_by_name_in_the_customers_language(
    rulebook: Rulebook, language: str
) -> None:
    text = by_id("kyc_status", "documents_required").reply(rulebook, language)

    for name in DOCUMENT_NAMES[language]:
        assert name in text
    assert "id_document_front" not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unknown_document_code_fails_instead_of_leaving_a_blank(
    rulebook: Rulebook, language: str
) -> None:
    outcome = by_id("kyc_status", "documents_required").run(rulebook, language)
    source = rulebook.template("kyc_status", "documents_required", language)
    assert source is not None
    facts = {**outcome.facts, **rulebook.template_globals(language)}

    with pytest.raises(TemplateError):
        render(source, {**facts, "missing_documents": ["blood_sample"]})


@pytest.mark.parametrize(
    ("language", "phrases"),
    [
        ("ja", ["2024年7月15日 12:00（日本時間）", "15分に1回"]),
        ("en", ["15 July 2024, 12:00 JST (UTC+9)", "every 15 minutes"]),
    ],
)
def test_already_sent_says_when_the_last_link_went_out_and_the_window(
    rulebook: Rulebook, language: str, phrases: list[str]
) -> None:
    # The fake's earlier reset went out five minutes before NOW, 12:05 JST.
    text = by_id("password_reset", "already_sent").reply(rulebook, language)

    for phrase in [phrases[0].replace("12:00", "11:55"), phrases[1]]:
        assert phrase in text


@pytest.mark.parametrize(
    ("language", "phrases"),
    [
        ("ja", ["出金ID：WD2407150042", "出金額：0.5 BTC", "出金手数料：0.0005 BTC",
                "出金先：bc1q…7h3k", "受付日時：2024年7月15日 10:00（日本時間）",
                "承認数：1 / 3", "ネットワークの混雑", "実施を予定しております",
                "終了予定：2024年7月16日 14:00（日本時間）"]),
        ("en", ["Withdrawal ID: WD2407150042", "Amount: 0.5 BTC", "Withdrawal fee: 0.0005 BTC",
                "Destination: bc1q…7h3k", "Requested: 15 July 2024, 10:00 JST (UTC+9)",
                "Confirmations: 1 of 3", "Network congestion since", "Maintenance scheduled",
                "until 16 July 2024, 14:00 JST (UTC+9)"]),
    ],
)  # fmt: skip
def test_a_broadcast_withdrawal_is_told_with_its_live_facts_and_notices(
    rulebook: Rulebook, language: str, phrases: list[str]
) -> None:
    text = by_id("withdrawal_delay", "broadcast").reply(rulebook, language)

    for phrase in phrases:
        assert phrase in text
    assert "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" in text


@pytest.mark.parametrize(
    ("label", "language", "phrase"),
    [
        ("new-address", "ja", "新たにご登録いただいた出金先"),
        ("new-address", "en", "added to your account recently"),
        ("security", "ja", "二段階認証の設定が最近更新された"),
        ("security", "en", "two-step verification settings were updated"),
        ("travel-rule", "ja", "トラベルルール"),
        ("travel-rule", "en", "Travel Rule"),
    ],
)
def test_a_hold_is_explained_by_its_type(
    rulebook: Rulebook, label: str, language: str, phrase: str
) -> None:
    assert phrase in by_id("withdrawal_delay", "held", label).reply(rulebook, language)


@pytest.mark.parametrize(("language", "end"), [("ja", "2024年7月16日 08:00（日本時間）に解除"),
                                              ("en", "due to end on 16 July 2024, 08:00 JST")])
def test_a_hold_with_an_end_says_when_it_ends(rulebook: Rulebook, language: str, end: str) -> None:
    assert end in by_id("withdrawal_delay", "held", "new-address").reply(rulebook, language)


@pytest.mark.parametrize(("language", "money"), [("ja", "出金額：100,000円"),
                                                ("en", "Amount: 100,000 JPY")])
def test_yen_withdrawals_are_bank_transfers_in_whole_yen(
    rulebook: Rulebook, language: str, money: str
) -> None:
    text = by_id("withdrawal_delay", "processing", "bank").reply(rulebook, language)

    assert money in text
    assert ("お振込み" if language == "ja" else "bank transfer") in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_which_withdrawal_draft_lists_the_candidates(
    rulebook: Rulebook, language: str
) -> None:
    text = by_id("withdrawal_delay", "draft_which_withdrawal").reply(rulebook, language)

    assert "WD2407150001" in text
    assert "WD2407150002" in text


@pytest.mark.parametrize(
    ("label", "language", "phrases"),
    [
        ("taker-rounded", "ja", ["テイカーの手数料率0.15%", "123,456円 × 0.15% ＝ 185.184円",
                                 "1円単位に端数処理した185円"]),
        ("taker-rounded", "en", ["taker rate of 0.15%", "123,456 JPY x 0.15% = 185.184 JPY",
                                 "Rounded to a whole JPY, this gives the fee charged: 185 JPY"]),
        ("maker", "ja", ["メイカーの手数料率0.1%", "0.5 BTC × 0.1% ＝ 0.0005 BTC"]),
        ("maker", "en", ["maker rate of 0.1%", "0.5 BTC x 0.1% = 0.0005 BTC"]),
        ("maker-or-taker", "ja", ["いずれの手数料率で計算いたしましても同額"]),
        ("maker-or-taker", "en", ["the maker and the taker rate give the same fee"]),
    ],
)  # fmt: skip
def test_a_trade_fee_is_broken_down_by_rate_and_rounding(
    rulebook: Rulebook, label: str, language: str, phrases: list[str]
) -> None:
    text = by_id("fee_explanation", "trade_fee", label).reply(rulebook, language)

    for phrase in phrases:
        assert phrase in text


@pytest.mark.parametrize(
    ("language", "phrases"),
    [
        ("ja", ["取引ID：TX2407140007", "出金手数料：0.0005 BTC", "1回あたり0.0005 BTC"]),
        ("en", ["Transaction ID: TX2407140007", "Withdrawal fee: 0.0005 BTC",
                "at 0.0005 BTC\nper withdrawal"]),
    ],
)
def test_a_withdrawal_fee_is_shown_against_its_schedule_line(
    rulebook: Rulebook, language: str, phrases: list[str]
) -> None:
    text = by_id("fee_explanation", "withdrawal_fee").reply(rulebook, language)

    for phrase in phrases:
        assert phrase in text


@pytest.mark.parametrize(("language", "free"), [("ja", "無料としております"),
                                               ("en", "free of charge")])
def test_a_free_deposit_is_called_free(rulebook: Rulebook, language: str, free: str) -> None:
    assert free in by_id("fee_explanation", "deposit_fee").reply(rulebook, language)


def test_every_shipped_template_belongs_to_a_scenario(rulebook: Rulebook) -> None:
    rendered = {f"{s.routine}/{s.name}.{lang}" for s in SCENARIOS for lang in LANGUAGES}

    assert set(rulebook.templates) == rendered


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_kyc_outcome_stored_before_codes_were_quoted_still_renders(
    rulebook: Rulebook, language: str
) -> None:
    # A case in flight across the upgrade has the facts of the earlier kyc_status.
    source = rulebook.template("kyc_status", "approved", language)
    assert source is not None
    facts = {"status": "approved", "missing_documents": [], "submitted_at": None,
             "updated_at": None, **rulebook.template_globals(language)}  # fmt: skip

    text = render(source, facts)

    assert text.startswith("お客様" if language == "ja" else "Dear Customer,")
