"""Server-rendered pages as a legacy back office sends them: Shift_JIS, frames, tables."""

from __future__ import annotations

from html import escape

from starlette.responses import Response

# cp932 is what "Shift_JIS" means in practice (Windows-era servers), and what browsers
# decode the label as; plain shift_jis lacks characters such as the full-width minus.
ENCODING = "cp932"
CONTENT_TYPE = "text/html; charset=Shift_JIS"

_PAGE = """<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">
<title>{title} - 顧客管理システム</title>
</head>
<body bgcolor="#ffffff" text="#000000">
<table width="100%" border="0" cellspacing="0" cellpadding="4" bgcolor="#003366">
<tr><td><font color="#ffffff"><b>顧客管理システム</b></font></td>
<td align="right"><font color="#ffffff" size="2">{operator}</font></td></tr>
</table>
<h2>{title}</h2>
{body}
<hr>
<font size="1">Copyright (C) 2004 Back Office Systems. All Rights Reserved.</font>
</body>
</html>
"""


def page(title: str, body: str, *, operator: str | None = None, status: int = 200) -> Response:
    """A whole page; ``title`` and ``operator`` are escaped here, ``body`` must already be."""
    who = f"オペレーター: {escape(operator)}" if operator else "&nbsp;"
    return _shift_jis(_PAGE.format(title=escape(title), operator=who, body=body), status)


def text(value: str | None) -> str:
    """A value for a table cell, escaped; nothing shows as the legacy full-width dash."""
    return escape(value) if value else "－"


_FRAMESET = """<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Frameset//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">
<title>顧客管理システム</title>
</head>
<frameset cols="190,*" border="1">
<frame name="menu" src="/menu" scrolling="auto">
<frame name="{main}" src="/welcome" scrolling="auto">
<noframes><body>フレーム対応のブラウザでご利用ください。</body></noframes>
</frameset>
</html>
"""


def frameset(main: str) -> Response:
    """The operator's top page: the menu frame and the ``main`` frame screens load into."""
    return _shift_jis(_FRAMESET.format(main=escape(main)), 200)


def bad_gateway() -> Response:
    """What the proxy in front of a dead back end answers (plain ASCII, no frames)."""
    body = (
        "<html><head><title>502 Bad Gateway</title></head>"
        "<body><h1>Bad Gateway</h1></body></html>"
    )
    return Response(body, status_code=502, media_type="text/html")


def _shift_jis(html: str, status: int) -> Response:
    return Response(
        html.encode(ENCODING, errors="xmlcharrefreplace"),
        status_code=status,
        headers={"Content-Type": CONTENT_TYPE, "Cache-Control": "no-store"},
    )
