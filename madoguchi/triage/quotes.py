"""The customer's own words: a reply's quoted history and signature cut away.

First cut, line based: ``>`` lines go; the text stops at the first marker of quoted
history ("On ... wrote:", "-----Original Message-----", Outlook's underscore rule,
Japanese "2024年1月1日 ... :" headers and "以下、元のメッセージ") or at the "-- "
signature separator. What is cut stays in ``Message.text`` for the human agent.
"""

from __future__ import annotations

import re

_QUOTED = re.compile(r"^\s*[>＞]")
# A line that by itself starts quoted history.
_MARKERS = re.compile(
    r"""^\s*(?:
        -{2,}\s*(?:original\s+message|forwarded\s+message|元のメッセージ|転送されたメッセージ)\s*-{2,}
      | _{10,}
      | 以下、?元の(?:メッセージ|メール)
      | on\s.{0,200}\swrote:
      | \d{4}年\s*\d{1,2}月\s*\d{1,2}日.{0,200}[:：]
      | \d{4}/\d{1,2}/\d{1,2}.{0,200}(?:wrote|のメール|書きました).{0,5}[:：]
      | -{2}\s?
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# "On Mon, 1 Jan 2024 at 10:00, Alice <alice@example.com>" / "wrote:" split over two lines.
_ON_LINE = re.compile(r"^\s*on\s.{0,200}$", re.IGNORECASE)
_WROTE_LINE = re.compile(r"^.{0,120}wrote:\s*$", re.IGNORECASE)


def strip_quotes(text: str) -> str:
    """``text`` up to the first quoted-history or signature marker, without ``>`` lines."""
    lines = text.split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        if _starts_history(line, lines[index + 1] if index + 1 < len(lines) else ""):
            break
        if not _QUOTED.match(line):
            kept.append(line)
    return "\n".join(kept).strip()


def _starts_history(line: str, next_line: str) -> bool:
    if _MARKERS.match(line):
        return True
    return bool(_ON_LINE.match(line) and _WROTE_LINE.match(next_line))
