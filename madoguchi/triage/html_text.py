"""HTML mail bodies as plain text: visible words with their line breaks, no markup.

Scripts, styles and the document head are dropped; block elements and ``<br>`` become
line breaks so that quotations and signatures can still be recognised line by line.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIPPED = frozenset({"script", "style", "head", "title", "template", "noscript"})
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
        "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")
_SOURCE_BREAKS = re.compile(r"[\r\n]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*\n+")


class _TextCollector(HTMLParser):
    """Collects the visible text of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skipping = 0
        self._preformatted = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag in _BLOCKS:
            self._preformatted += tag == "pre"
            self.chunks.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.chunks.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self._preformatted = max(0, self._preformatted - (tag == "pre"))
            self.chunks.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        # Outside <pre>, a line break in the source is only a space on the screen.
        self.chunks.append(data if self._preformatted else _SOURCE_BREAKS.sub(" ", data))


def html_to_text(html: str) -> str:
    """The visible text of ``html``, one line per block, whitespace tidied."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return tidy("".join(collector.chunks))


def tidy(text: str) -> str:
    """Runs of spaces collapsed, lines stripped, at most one blank line in a row."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
