"""The customer's screens, the fee schedule and network notices over HTTP, against the truth."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.sandbox.screen_html import cell, jst, rows
from tests.support.sandbox import RunningSandbox, page_text

EVENT_LABELS = {
    "password_change": "パスワード変更", "email_change": "メールアドレス変更",
    "two_factor_change": "二段階認証の変更", "withdrawal_address_change": "出金先アドレスの変更",
    "password_reset_sent": "パスワード再設定メール送信",
}


def get(client: httpx.Client, path: str, **params: str) -> str:
    # httpx replaces a URL's own query with params, even empty ones.
    response = client.get(path, params=params) if params else client.get(path)
    assert response.status_code == 200
    return page_text(response)


@pytest.fixture(scope="module")
def many(sandbox: RunningSandbox) -> dict[str, Any]:
    """A customer with more than two pages of withdrawals."""
    return next(
        c for c in sandbox.customers(scenario="withdrawals:many") if len(c["withdrawals"]) > 20
    )


def test_the_customer_screen_shows_hold_tier_and_anti_phishing_code(
    operator_client: httpx.Client, clean_sandbox: RunningSandbox
) -> None:
    held = next(c for c in clean_sandbox.customers(account_state="frozen") if c["security_hold"])
    html = get(operator_client, f"/customers/{held['customer_id']}")
    assert cell(html, "accountState") == "凍結"
    assert cell(html, "securityHold") == "あり"
    assert cell(html, "feeTier") in {"スタンダード", "シルバー", "ゴールド", "VIP"}
    assert cell(html, "phishingCode") == (held["anti_phishing_code"] or "－")


def test_a_customer_without_an_anti_phishing_code_shows_the_dash(
    operator_client: httpx.Client, clean_sandbox: RunningSandbox
) -> None:
    plain = next(c for c in clean_sandbox.customers(kyc_status="approved")
                 if c["anti_phishing_code"] is None)
    html = get(operator_client, f"/customers/{plain['customer_id']}")
    assert cell(html, "phishingCode") == "－"


def test_the_customer_screen_lists_security_events_newest_first(
    operator_client: httpx.Client, clean_sandbox: RunningSandbox
) -> None:
    truth = clean_sandbox.customer(scenario="events:email_change-recent")
    html = get(operator_client, f"/customers/{truth['customer_id']}")
    assert [(r["evAt"], r["evKind"]) for r in rows(html, "eventRow")] == [
        (jst(e["at"]), EVENT_LABELS[e["kind"]]) for e in truth["events"]
    ]


def test_the_customer_screen_shows_when_the_last_reset_mail_went_out(
    operator_client: httpx.Client, clean_sandbox: RunningSandbox
) -> None:
    truth = clean_sandbox.customer(scenario="events:reset-minutes-ago")
    html = get(operator_client, f"/customers/{truth['customer_id']}")
    assert cell(html, "lastResetAt") == jst(truth["last_password_reset_at"])
    assert "return confirm('パスワード再設定メールを送信します。よろしいですか？');" in html


def test_withdrawal_history_shows_ten_rows_a_page_newest_first(
    operator_client: httpx.Client, many: dict[str, Any]
) -> None:
    html = get(operator_client, f"/customers/{many['customer_id']}/withdrawals")
    ids = [r["wdId"] for r in rows(html, "wdRow")]
    assert ids == [w["withdrawal_id"] for w in many["withdrawals"][:10]]
    assert f"全 {len(many['withdrawals'])} 件中 1～10 件" in html
    assert 'id="nextPage"' in html
    assert 'id="prevPage"' not in html


def test_the_next_page_links_walk_through_every_withdrawal_once(
    operator_client: httpx.Client, many: dict[str, Any]
) -> None:
    path, seen = f"/customers/{many['customer_id']}/withdrawals", []
    html = get(operator_client, path)
    for _ in range(10):
        seen += [r["wdId"] for r in rows(html, "wdRow")]
        link = re.search(r'<a id="nextPage" href="([^"]+)">次へ</a>', html)
        if link is None:
            break
        html = get(operator_client, link.group(1).replace("&amp;", "&"))
    assert seen == [w["withdrawal_id"] for w in many["withdrawals"]]
    assert 'id="prevPage"' in html


def test_a_withdrawal_row_shows_every_column(
    operator_client: httpx.Client, clean_sandbox: RunningSandbox
) -> None:
    truth = clean_sandbox.customer(scenario="withdrawals:broadcast-ERC20")
    [w] = truth["withdrawals"]
    [row] = rows(get(operator_client, f"/customers/{truth['customer_id']}/withdrawals"), "wdRow")
    assert row == {
        "wdId": w["withdrawal_id"], "wdAsset": "USDT", "wdNetwork": "ERC20",
        "wdAmount": f"{float(w['amount']):,.8f}", "wdFee": "10.00000000",
        "wdAddress": w["address"], "wdStatus": "ブロードキャスト済み", "wdHold": "－",
        "wdHoldUntil": "－", "wdTxHash": w["tx_hash"],
        "wdConf": f"{w['confirmations']}/{w['required_confirmations']}",
        "wdRequested": jst(w["requested_at"]), "wdUpdated": jst(w["updated_at"]),
    }


def test_a_held_withdrawal_shows_its_hold_type_and_expiry(
    operator_client: httpx.Client, clean_sandbox: RunningSandbox
) -> None:
    truth = clean_sandbox.customer(scenario="withdrawals:held-travel_rule-ETH")
    [w] = truth["withdrawals"]
    [row] = rows(get(operator_client, f"/customers/{truth['customer_id']}/withdrawals"), "wdRow")
    assert (row["wdStatus"], row["wdHold"]) == ("保留", "トラベルルール")
    assert row["wdHoldUntil"] == jst(w["hold_until"])


@pytest.mark.parametrize(
    ("params", "keep"),
    [
        ({"asset": "XRP"}, lambda w: w["asset"] == "XRP"),
        ({"status": "90"}, lambda w: w["status"] == "failed"),
        ({"asset": "USDT", "status": "40"},
         lambda w: w["asset"] == "USDT" and w["status"] == "completed"),
    ],
    ids=["asset", "status", "asset-and-status"],
)
def test_withdrawal_history_filters_by_asset_and_status(
    operator_client: httpx.Client, many: dict[str, Any], params: dict[str, str], keep: Any
) -> None:
    html = get(operator_client, f"/customers/{many['customer_id']}/withdrawals", **params)
    expected = [w["withdrawal_id"] for w in many["withdrawals"] if keep(w)][:10]
    assert [r["wdId"] for r in rows(html, "wdRow")] == expected


def test_withdrawal_history_filters_by_a_period_of_whole_days(
    operator_client: httpx.Client, many: dict[str, Any]
) -> None:
    day = many["withdrawals"][3]["requested_at"][:10]
    slash = day.replace("-", "/")
    html = get(operator_client, f"/customers/{many['customer_id']}/withdrawals",
               **{"from": slash, "to": slash})
    expected = [w["withdrawal_id"] for w in many["withdrawals"] if w["requested_at"][:10] == day]
    assert [r["wdId"] for r in rows(html, "wdRow")] == expected


def test_a_malformed_period_is_refused_on_the_screen(
    operator_client: httpx.Client, many: dict[str, Any]
) -> None:
    html = get(operator_client, f"/customers/{many['customer_id']}/withdrawals",
               **{"from": "28-11-2026"})
    assert "YYYY/MM/DD の形式で" in html
    assert rows(html, "wdRow") == []


def test_a_customer_without_withdrawals_sees_the_no_data_line(
    operator_client: httpx.Client, clean_sandbox: RunningSandbox
) -> None:
    truth = clean_sandbox.customer(scenario="withdrawals:none")
    html = get(operator_client, f"/customers/{truth['customer_id']}/withdrawals")
    assert '<p class="nodata">該当する出金はありません</p>' in html


def test_the_fee_statement_lists_every_charge_newest_first(
    operator_client: httpx.Client, clean_sandbox: RunningSandbox
) -> None:
    truth = clean_sandbox.customer(scenario="charges:trade-mismatch")
    html = get(operator_client, f"/customers/{truth['customer_id']}/fees")
    listed = rows(html, "chargeRow")
    assert [r["chTxId"] for r in listed] == [c["transaction_id"] for c in truth["charges"]]
    assert (listed[0]["chKind"], listed[0]["chAsset"], listed[0]["chNetwork"]) == (
        "取引", "BTC", "－"
    )


def test_the_fee_schedule_lists_tiers_withdrawal_and_deposit_fees(
    operator_client: httpx.Client, clean_sandbox: RunningSandbox
) -> None:
    html = get(operator_client, "/fees")
    schedule = clean_sandbox.fee_schedule()
    assert len(rows(html, "feeRow")) == sum(len(table) for table in schedule.values())
    assert '<td class="tier">ゴールド</td><td class="maker">0.05%</td>' in html
    assert '<td class="feeAsset">JPY</td><td class="feeNetwork">BANK</td>' in html


def test_network_information_lists_every_notice(
    operator_client: httpx.Client, clean_sandbox: RunningSandbox
) -> None:
    listed = rows(get(operator_client, "/network"), "noticeRow")
    notices = clean_sandbox.notices()
    assert [(r["ntAsset"], r["ntNetwork"], r["ntStart"]) for r in listed] == [
        (n["asset"], n["network"], jst(n["starts_at"])) for n in notices
    ]
    assert {r["ntKind"] for r in listed} == {"定期メンテナンス", "混雑"}
    assert "未定" in [r["ntEnd"] for r in listed]


def test_layout_two_renames_ids_names_and_classes_but_keeps_the_words(
    operator_client: httpx.Client, clean_sandbox: RunningSandbox
) -> None:
    truth = clean_sandbox.customer(scenario="withdrawals:many")
    before = get(operator_client, f"/customers/{truth['customer_id']}")
    clean_sandbox.set_faults(layout=2)
    after = get(operator_client, f"/customers/{truth['customer_id']}")
    assert 'id="custId"' in before
    assert 'id="custId"' not in after
    assert 'id="cst-number"' in after
    assert 'name="frmPasswordReset"' in after
    words = re.compile(r">([^<>]+)<")
    assert words.findall(after) == words.findall(before)


def test_pages_of_customers_that_do_not_exist_are_not_found(
    operator_client: httpx.Client,
) -> None:
    for path in ("/customers/C999999/withdrawals", "/customers/C999999/fees"):
        assert operator_client.get(path).status_code == 404
