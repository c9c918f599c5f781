"""Reading the sandbox's HTML in tests: cells by id, rows by class, as the screens write them."""

from __future__ import annotations

import re


def cell(html: str, cell_id: str) -> str:
    match = re.search(rf'<td id="{cell_id}">(.*?)</td>', html, re.S)
    assert match, f"no cell {cell_id}"
    return match.group(1)


def rows(html: str, row_class: str) -> list[dict[str, str]]:
    """Each ``<tr class=row_class>`` as {cell class: text}."""
    found = []
    for row in re.findall(rf'<tr class="{row_class}">(.*?)</tr>', html, re.S):
        found.append(dict(re.findall(r'<td class="([^"]+)">(.*?)</td>', row, re.S)))
    return found


def jst(iso: str | None) -> str:
    """2026-11-28T10:00:00+09:00 -> 2026/11/28 10:00, as the screens show it."""
    return iso[:16].replace("-", "/").replace("T", " ") if iso else "－"
