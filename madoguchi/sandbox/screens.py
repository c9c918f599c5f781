"""The body of the general screens (login, menu, search, busy, errors) and shared pieces.

Every id, name and class the robot reads comes from ``layout.name(layout, key)``; the
words on the screens never change between layouts.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from madoguchi.sandbox import labels
from madoguchi.sandbox.data import SeededCustomer
from madoguchi.sandbox.html import text
from madoguchi.sandbox.layout import name, names

BUSY_TITLE = "システム混雑中"


def login(layout: int, csrf_token: str, error: str | None = None) -> str:
    """The login form; ``error`` is shown above it in red."""
    n = names(layout)
    return f"""{_error(layout, error)}
<form name="{n('loginForm')}" method="post" action="/login" accept-charset="Shift_JIS">
<input type="hidden" name="csrf_token" value="{escape(csrf_token)}">
<table border="1" cellspacing="0" cellpadding="4" summary="ログイン">
<tr><th bgcolor="#cccccc">オペレーターID</th>
<td><input type="text" name="{n('operator_id')}" size="20" maxlength="32"></td></tr>
<tr><th bgcolor="#cccccc">パスワード</th>
<td><input type="password" name="{n('password')}" size="20" maxlength="64"></td></tr>
</table>
<br><input type="submit" name="{n('btnLogin')}" value="ログイン">
</form>"""


def error(layout: int, message: str, *, back: str = "/login") -> str:
    """An error screen with a way back."""
    return f'{_error(layout, message)}\n<p><a href="{escape(back)}">戻る</a></p>'


def busy(layout: int) -> str:
    """What a busy back office shows instead of the screen asked for."""
    message = "現在システムが混雑しています。しばらくしてから再度お試しください。"
    return (
        f'<p><font color="#cc0000" id="{name(layout, "sysBusy")}"><b>{message}</b></font></p>'
        '\n<p><a href="javascript:history.back()">戻る</a></p>'
    )


def menu(layout: int) -> str:
    """The menu frame: each entry opens its screen in the main frame."""
    main = name(layout, "main")
    entries = (
        ("/customers/search", "顧客検索", main),
        ("/fees", "手数料表", main),
        ("/network", "ネットワーク情報", main),
        ("/logout", "ログアウト", "_top"),
    )
    rows = "\n".join(
        f'<tr><td><a href="{href}" target="{target}">{label}</a></td></tr>'
        for href, label, target in entries
    )
    return f"""<table border="1" cellspacing="0" cellpadding="6" summary="メニュー">
<tr><th bgcolor="#cccccc">業務メニュー</th></tr>
{rows}
</table>"""


def welcome() -> str:
    return "<p>左のメニューから業務を選択してください。</p>"


def search(
    layout: int, csrf_token: str, email: str = "", results: list[SeededCustomer] | None = None
) -> str:
    """The search form, and below it the results when a search was made."""
    n = names(layout)
    return f"""<form name="{n('searchForm')}" method="post" action="/customers/search"
 accept-charset="Shift_JIS">
<input type="hidden" name="csrf_token" value="{escape(csrf_token)}">
<table border="1" cellspacing="0" cellpadding="4" summary="検索条件">
<tr><th bgcolor="#cccccc">メールアドレス</th>
<td><input type="text" name="{n('email')}" size="40" value="{escape(email)}"></td></tr>
</table>
<br><input type="submit" name="{n('btnSearch')}" value="検索">
</form>
{_results(layout, results) if results is not None else ""}"""


def nodata(layout: int, message: str) -> str:
    return f'<p class="{name(layout, "nodata")}">{escape(message)}</p>'


def key_values(summary: str, rows: Sequence[tuple[str, str, str]]) -> str:
    """A two-column table of (label, cell id, escaped value) rows."""
    cells = "\n".join(
        f'<tr><th bgcolor="#cccccc" align="left" width="160">{label}</th>'
        f'<td id="{cell_id}">{value}</td></tr>'
        for label, cell_id, value in rows
    )
    return (
        f'<table border="1" cellspacing="0" cellpadding="4" width="640" summary="{summary}">'
        f"\n{cells}\n</table>"
    )


def listing(
    layout: int, table_id: str, row_class: str, columns: Sequence[tuple[str, str]],
    rows: Sequence[Sequence[str]],
) -> str:
    """A list table: a header of (label, cell class) columns, then rows of escaped cells."""
    n = names(layout)
    header = "".join(f"<th>{label}</th>" for label, _ in columns)
    body = "\n".join(
        f'<tr class="{n(row_class)}">'
        + "".join(f'<td class="{n(cls)}">{cell}</td>' for (_, cls), cell in zip(
            columns, row, strict=True))
        + "</tr>"
        for row in rows
    )
    return (
        f'<table border="1" cellspacing="0" cellpadding="3" id="{n(table_id)}">\n'
        f'<tr bgcolor="#cccccc">{header}</tr>\n{body}\n</table>'
    )


def message(layout: int, text_: str, *, key: str) -> str:
    """An information line (blue), e.g. after an action went through."""
    return (
        f'<p><font color="#003399" class="{name(layout, "infomsg")}" id="{name(layout, key)}">'
        f"<b>{escape(text_)}</b></font></p>"
    )


def _results(layout: int, results: list[SeededCustomer]) -> str:
    n = names(layout)
    if not results:
        return nodata(layout, "該当する顧客はいません")
    rows = "\n".join(
        f'<tr><td><a class="{n("resultLink")}" href="/customers/{escape(c.customer_id)}">'
        f"{escape(c.customer_id)}</a></td>"
        f"<td>{text(c.name)}</td><td>{text(c.email)}</td>"
        f"<td>{text(labels.ACCOUNT_STATE[c.account_state])}</td></tr>"
        for c in results
    )
    return f"""<table border="1" cellspacing="0" cellpadding="4" summary="検索結果"
 id="{n('searchResults')}">
<tr bgcolor="#cccccc"><th>顧客ID</th><th>氏名</th><th>メールアドレス</th><th>口座状態</th></tr>
{rows}
</table>"""


def _error(layout: int, message: str | None) -> str:
    if not message:
        return ""
    return (
        f'<p><font color="#cc0000" class="{name(layout, "errmsg")}">'
        f"<b>{escape(message)}</b></font></p>"
    )
