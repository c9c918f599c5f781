"""The body of each operator screen, as HTML fragments (escaped here)."""

from __future__ import annotations

from datetime import datetime
from html import escape

from madoguchi.sandbox import labels
from madoguchi.sandbox.data import SeededCustomer
from madoguchi.sandbox.html import text

MENU_BAR = (
    '<table border="0" cellpadding="2"><tr>'
    '<td>[<a href="/menu">メニュー</a>]</td>'
    '<td>[<a href="/customers/search">顧客検索</a>]</td>'
    '<td>[<a href="/logout">ログアウト</a>]</td>'
    "</tr></table>"
)


def login(csrf_token: str, error: str | None = None) -> str:
    """The login form; ``error`` is shown above it in red."""
    return f"""{_error(error)}
<form name="loginForm" method="post" action="/login" accept-charset="Shift_JIS">
<input type="hidden" name="csrf_token" value="{escape(csrf_token)}">
<table border="1" cellspacing="0" cellpadding="4" summary="ログイン">
<tr><th bgcolor="#cccccc">オペレーターID</th>
<td><input type="text" name="operator_id" size="20" maxlength="32"></td></tr>
<tr><th bgcolor="#cccccc">パスワード</th>
<td><input type="password" name="password" size="20" maxlength="64"></td></tr>
</table>
<br><input type="submit" name="btnLogin" value="ログイン">
</form>"""


def error(message: str, *, back: str = "/login") -> str:
    """An error screen with a way back."""
    return f'{_error(message)}\n<p><a href="{escape(back)}">戻る</a></p>'


def menu() -> str:
    return f"""{MENU_BAR}
<table border="1" cellspacing="0" cellpadding="6" summary="メニュー">
<tr><th bgcolor="#cccccc">業務メニュー</th></tr>
<tr><td><a href="/customers/search">顧客検索</a></td></tr>
<tr><td><a href="/logout">ログアウト</a></td></tr>
</table>"""


def search(
    csrf_token: str, email: str = "", results: list[SeededCustomer] | None = None
) -> str:
    """The search form, and below it the results when a search was made."""
    return f"""{MENU_BAR}
<form name="searchForm" method="post" action="/customers/search" accept-charset="Shift_JIS">
<input type="hidden" name="csrf_token" value="{escape(csrf_token)}">
<table border="1" cellspacing="0" cellpadding="4" summary="検索条件">
<tr><th bgcolor="#cccccc">メールアドレス</th>
<td><input type="text" name="email" size="40" value="{escape(email)}"></td></tr>
</table>
<br><input type="submit" name="btnSearch" value="検索">
</form>
{_results(results) if results is not None else ""}"""


def customer(person: SeededCustomer) -> str:
    """The customer screen: the account, then the identity verification section."""
    kyc = person.kyc
    rows = (
        ("顧客ID", text(person.customer_id)),
        ("氏名", text(person.name)),
        ("メールアドレス", text(person.email)),
        ("口座状態", text(labels.ACCOUNT_STATE[person.account_state])),
        ("登録日時", text(_time(person.registered_at))),
    )
    kyc_rows = (
        ("状態", text(labels.KYC_STATUS[kyc.status])),
        ("否認理由", text(labels.REJECTION.get(kyc.rejection or ""))),
        ("不足書類", _documents(kyc.missing_documents)),
        ("提出日時", text(_time(kyc.submitted_at))),
        ("更新日時", text(_time(kyc.updated_at))),
    )
    return f"""{MENU_BAR}
{_table("顧客情報", rows)}
<h3>本人確認</h3>
{_table("本人確認", kyc_rows)}"""


def _results(results: list[SeededCustomer]) -> str:
    if not results:
        return '<p class="nodata">該当する顧客はいません</p>'
    rows = "\n".join(
        f'<tr><td><a href="/customers/{escape(c.customer_id)}">{escape(c.customer_id)}</a></td>'
        f"<td>{text(c.name)}</td><td>{text(c.email)}</td>"
        f"<td>{text(labels.ACCOUNT_STATE[c.account_state])}</td></tr>"
        for c in results
    )
    return f"""<table border="1" cellspacing="0" cellpadding="4" summary="検索結果">
<tr bgcolor="#cccccc"><th>顧客ID</th><th>氏名</th><th>メールアドレス</th><th>口座状態</th></tr>
{rows}
</table>"""


def _table(summary: str, rows: tuple[tuple[str, str], ...]) -> str:
    cells = "\n".join(
        f'<tr><th bgcolor="#cccccc" align="left" width="160">{label}</th><td>{value}</td></tr>'
        for label, value in rows
    )
    return (
        f'<table border="1" cellspacing="0" cellpadding="4" width="600" summary="{summary}">'
        f"\n{cells}\n</table>"
    )


def _documents(codes: tuple[str, ...]) -> str:
    if not codes:
        return text(None)
    items = "".join(f"<li>{escape(labels.DOCUMENT[code])}</li>" for code in codes)
    return f"<ul>{items}</ul>"


def _error(message: str | None) -> str:
    if not message:
        return ""
    return f'<p><font color="#cc0000" class="errmsg"><b>{escape(message)}</b></font></p>'


def _time(moment: datetime | None) -> str | None:
    return moment.strftime(labels.TIMESTAMP_FORMAT) if moment is not None else None
