"""The customer's screens: the account page (with the password-reset action) and its fees.

The reset button sits behind a JavaScript ``confirm()``, as such buttons do on old
screens: a browser that does not accept the dialog never posts the form.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from madoguchi.sandbox import labels
from madoguchi.sandbox.data import SeededCustomer
from madoguchi.sandbox.formats import amount, text, when
from madoguchi.sandbox.layout import names
from madoguchi.sandbox.screens import key_values, listing, message, nodata

RESET_CONFIRM = "パスワード再設定メールを送信します。よろしいですか？"
RESET_DONE = "パスワード再設定メールを送信しました。"


def customer(layout: int, person: SeededCustomer, csrf_token: str, *, reset_sent: bool) -> str:
    """The account, identity verification, security history and the reset action."""
    return "\n".join(
        (
            message(layout, RESET_DONE, key="resetDone") if reset_sent else "",
            _links(person.customer_id),
            "<h3>口座情報</h3>",
            _account(layout, person),
            "<h3>本人確認</h3>",
            _kyc(layout, person),
            "<h3>セキュリティ履歴</h3>",
            _events(layout, person),
            "<h3>パスワード再設定</h3>",
            _reset(layout, person, csrf_token),
        )
    )


def charges(layout: int, person: SeededCustomer) -> str:
    """手数料明細: every fee charged to the customer, newest first."""
    columns = (
        ("取引ID", "chTxId"), ("区分", "chKind"), ("通貨", "chAsset"),
        ("ネットワーク", "chNetwork"), ("数量", "chAmount"), ("手数料", "chFee"),
        ("手数料通貨", "chFeeAsset"), ("ティア", "chTier"), ("日時", "chAt"),
    )
    rows = [
        (
            escape(c.transaction_id), labels.FEE_KIND[c.kind], escape(c.asset),
            text(c.network), amount(c.asset, c.amount), amount(c.fee_asset, c.fee),
            escape(c.fee_asset), text(labels.TIER[c.tier] if c.tier else None), when(c.charged_at),
        )
        for c in person.charges
    ]
    table = listing(layout, "chargeList", "chargeRow", columns, rows) if rows else nodata(
        layout, "手数料の明細はありません"
    )
    return f"{_links(person.customer_id)}\n<p>顧客ID: {escape(person.customer_id)}</p>\n{table}"


def last_reset(person: SeededCustomer) -> datetime | None:
    """When the latest password-reset mail went out (``person`` with live sends merged)."""
    sent = [event.at for event in person.events if event.kind == "password_reset_sent"]
    return max(sent, default=None)


def _links(customer_id: str) -> str:
    base = f"/customers/{escape(customer_id)}"
    return (
        '<table border="0" cellpadding="2"><tr>'
        f'<td>[<a href="{base}">顧客情報</a>]</td>'
        f'<td>[<a href="{base}/withdrawals">出金履歴</a>]</td>'
        f'<td>[<a href="{base}/fees">手数料明細</a>]</td>'
        '<td>[<a href="/customers/search">顧客検索</a>]</td>'
        "</tr></table>"
    )


def _account(layout: int, person: SeededCustomer) -> str:
    n = names(layout)
    return key_values("顧客情報", (
        ("顧客ID", n("custId"), text(person.customer_id)),
        ("氏名", n("custName"), text(person.name)),
        ("メールアドレス", n("custEmail"), text(person.email)),
        ("口座状態", n("accountState"), text(labels.ACCOUNT_STATE[person.account_state])),
        ("セキュリティ保留", n("securityHold"), labels.SECURITY_HOLD[person.security_hold]),
        ("手数料ティア", n("feeTier"), text(labels.TIER[person.tier])),
        ("フィッシング対策コード", n("phishingCode"), text(person.anti_phishing_code)),
        ("登録日時", n("registeredAt"), when(person.registered_at)),
    ))


def _kyc(layout: int, person: SeededCustomer) -> str:
    n, kyc = names(layout), person.kyc
    return key_values("本人確認", (
        ("状態", n("kycStatus"), text(labels.KYC_STATUS[kyc.status])),
        ("否認理由", n("kycRejection"), text(labels.REJECTION.get(kyc.rejection or ""))),
        ("不足書類", n("kycMissing"), _documents(kyc.missing_documents)),
        ("提出日時", n("kycSubmitted"), when(kyc.submitted_at)),
        ("更新日時", n("kycUpdated"), when(kyc.updated_at)),
    ))


def _events(layout: int, person: SeededCustomer) -> str:
    if not person.events:
        return nodata(layout, "セキュリティ履歴はありません")
    rows = [(when(event.at), labels.EVENT_KIND[event.kind]) for event in person.events]
    return listing(layout, "secEvents", "eventRow", (("日時", "evAt"), ("種別", "evKind")), rows)


def _reset(layout: int, person: SeededCustomer, csrf_token: str) -> str:
    n = names(layout)
    table = key_values("パスワード再設定", (
        ("最終送信日時", n("lastResetAt"), when(last_reset(person))),
    ))
    action = f"/customers/{escape(person.customer_id)}/password-reset"
    return f"""{table}
<form name="{n('resetForm')}" method="post" action="{action}" accept-charset="Shift_JIS"
 onsubmit="return confirm('{RESET_CONFIRM}');">
<input type="hidden" name="csrf_token" value="{escape(csrf_token)}">
<br><input type="submit" name="{n('btnSendReset')}" value="パスワード再設定メールを送信">
</form>"""


def _documents(codes: tuple[str, ...]) -> str:
    if not codes:
        return text(None)
    items = "".join(f"<li>{escape(labels.DOCUMENT[code])}</li>" for code in codes)
    return f"<ul>{items}</ul>"
