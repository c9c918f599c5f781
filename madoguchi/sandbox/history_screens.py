"""出金履歴: a customer's withdrawals, filtered by asset, status and period, ten to a page.

The filter form is a GET form, so the pager's 前へ/次へ links carry the filters along.
The status filter posts the legacy numeric codes, not the words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from urllib.parse import urlencode

from madoguchi.sandbox import labels
from madoguchi.sandbox.data import SeededCustomer
from madoguchi.sandbox.formats import amount, text, when
from madoguchi.sandbox.layout import names
from madoguchi.sandbox.records import Withdrawal
from madoguchi.sandbox.screens import listing, nodata

PAGE_SIZE = 10
STATUS_CODES = {
    "pending_review": "10",
    "processing": "20",
    "broadcast": "30",
    "completed": "40",
    "held": "50",
    "failed": "90",
}
ASSETS = ("BTC", "ETH", "XRP", "USDT", "JPY")
_COLUMNS = (
    ("出金ID", "wdId"), ("通貨", "wdAsset"), ("ネットワーク", "wdNetwork"), ("数量", "wdAmount"),
    ("手数料", "wdFee"), ("出金先", "wdAddress"), ("状態", "wdStatus"), ("保留種別", "wdHold"),
    ("保留期限", "wdHoldUntil"), ("トランザクションID", "wdTxHash"), ("承認数", "wdConf"),
    ("申請日時", "wdRequested"), ("更新日時", "wdUpdated"),
)


@dataclass(frozen=True)
class Filters:
    """The filter form's values as typed (strings; empty means "all")."""

    asset: str = ""
    status: str = ""
    date_from: str = ""
    date_to: str = ""

    def valid(self) -> bool:
        """False when a date is not ``YYYY/MM/DD`` (the screen then says so)."""
        try:
            for typed in (self.date_from, self.date_to):
                if typed:
                    _day(typed)
        except ValueError:
            return False
        return True

    def matches(self, withdrawal: Withdrawal) -> bool:
        """Raises ``ValueError`` when a date is not ``YYYY/MM/DD``."""
        day = withdrawal.requested_at.date()
        return (
            (not self.asset or withdrawal.asset == self.asset)
            and (not self.status or STATUS_CODES[withdrawal.status] == self.status)
            and (not self.date_from or day >= _day(self.date_from))
            and (not self.date_to or day <= _day(self.date_to))
        )


def withdrawals(
    layout: int, person: SeededCustomer, filters: Filters, page: int, error: str | None = None
) -> str:
    """The filter form, the count, one page of rows and the pager."""
    found = [] if error else [w for w in person.withdrawals if filters.matches(w)]
    pages = max(1, -(-len(found) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    shown = found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    base = f"/customers/{escape(person.customer_id)}"
    parts = [
        f'<table border="0" cellpadding="2"><tr><td>[<a href="{base}">顧客情報</a>]</td>'
        f'<td>[<a href="{base}/fees">手数料明細</a>]</td></tr></table>',
        f"<p>顧客ID: {escape(person.customer_id)}</p>",
        _form(layout, base, filters),
        f'<p><font color="#cc0000">{escape(error)}</font></p>' if error else "",
    ]
    if not shown:
        parts.append(nodata(layout, "該当する出金はありません"))
        return "\n".join(parts)
    n = names(layout)
    first = (page - 1) * PAGE_SIZE + 1
    parts += [
        f'<p id="{n("wdCount")}">全 {len(found)} 件中 {first}～{first + len(shown) - 1} 件を表示'
        f"（{page}/{pages} ページ）</p>",
        listing(layout, "wdList", "wdRow", _COLUMNS, [_row(w) for w in shown]),
        _pager(layout, base, filters, page, pages),
    ]
    return "\n".join(parts)


def parse_page(value: str) -> int:
    return int(value) if value.isdigit() else 1


def _row(w: Withdrawal) -> tuple[str, ...]:
    confirmations = (
        f"{w.confirmations}/{w.required_confirmations}"
        if w.confirmations is not None else None
    )
    return (
        escape(w.withdrawal_id), escape(w.asset), escape(w.network), amount(w.asset, w.amount),
        amount(w.asset, w.fee), text(w.address), labels.WITHDRAWAL_STATUS[w.status],
        text(labels.HOLD_TYPE[w.hold_type] if w.hold_type else None), when(w.hold_until),
        text(w.tx_hash), text(confirmations), when(w.requested_at), when(w.updated_at),
    )


def _form(layout: int, base: str, filters: Filters) -> str:
    n = names(layout)
    assets = _options(((a, a) for a in ASSETS), filters.asset)
    statuses = _options(
        ((code, labels.WITHDRAWAL_STATUS[status]) for status, code in STATUS_CODES.items()),
        filters.status,
    )
    return f"""<form name="{n('wdFilter')}" method="get" action="{base}/withdrawals">
<table border="1" cellspacing="0" cellpadding="4" summary="絞り込み条件">
<tr><th bgcolor="#cccccc">通貨</th><td><select name="{n('asset')}">{assets}</select></td>
<th bgcolor="#cccccc">状態</th><td><select name="{n('status')}">{statuses}</select></td></tr>
<tr><th bgcolor="#cccccc">申請日</th><td colspan="3">
<input type="text" name="{n('from')}" size="12" value="{escape(filters.date_from)}"> ～
<input type="text" name="{n('to')}" size="12" value="{escape(filters.date_to)}">
（YYYY/MM/DD）</td></tr>
</table>
<input type="submit" name="{n('btnFilter')}" value="絞り込み">
</form>"""


def _options(choices: Iterable[tuple[str, str]], selected: str) -> str:
    rows = ['<option value="">すべて</option>']
    for value, label in choices:
        mark = " selected" if value == selected else ""
        rows.append(f'<option value="{escape(value)}"{mark}>{escape(label)}</option>')
    return "".join(rows)


def _pager(layout: int, base: str, filters: Filters, page: int, pages: int) -> str:
    n = names(layout)

    def link(key: str, label: str, target: int) -> str:
        if target < 1 or target > pages:
            return f"<span>{label}</span>"
        query = urlencode({
            n("asset"): filters.asset, n("status"): filters.status,
            n("from"): filters.date_from, n("to"): filters.date_to, n("page"): target,
        })
        return f'<a id="{n(key)}" href="{base}/withdrawals?{escape(query)}">{label}</a>'

    return (
        f"<p>{link('prevPage', '前へ', page - 1)} | {page}/{pages} | "
        f"{link('nextPage', '次へ', page + 1)}</p>"
    )


def _day(text_: str) -> date:
    return datetime.strptime(text_, labels.DATE_FORMAT).date()
