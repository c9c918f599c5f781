"""HTML mail bodies as plain text: the visible words with their line breaks, and the hidden ones.

Scripts, styles and the document head are dropped; block elements and ``<br>`` become
line breaks so that quotations and signatures can still be recognised line by line.
Text a reader cannot see (``display:none``, ``visibility:hidden``, a zero font size,
zero opacity, text pushed off screen, white on white, the ``hidden`` attribute) is not
part of what the customer says: it is collected apart, so that instructions hidden
for a robot (RELIABILITY B9) are flagged instead of obeyed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from madoguchi.triage.css import Rgb, hides, parse_color, style_of
from madoguchi.triage.deadline import Deadline, unlimited

_SKIPPED = frozenset({"script", "style", "head", "title", "template", "noscript"})
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
        "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
# Elements that never have an end tag: they open no scope.
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr"}
)  # fmt: skip
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")
_SOURCE_BREAKS = re.compile(r"[\r\n]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*\n+")
_WHITE: Rgb = (255, 255, 255)
# Open elements tracked; deeper ones inherit their parent's visibility. Bounds the work an
# end tag costs on hostile markup (thousands of unclosed <div>s).
MAX_OPEN = 256
_END_TAG_SEARCH = 32  # open elements an end tag looks back through for its start tag
CHUNK = 65_536  # characters fed to the parser between deadline checks


@dataclass(frozen=True, slots=True)
class HtmlText:
    """The visible text of an HTML document, and the text hidden from its reader."""

    visible: str
    hidden: str


@dataclass(frozen=True, slots=True)
class _Scope:
    tag: str
    hidden: bool
    background: Rgb


class _TextCollector(HTMLParser):
    """Collects the visible and the hidden text of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.visible: list[str] = []
        self.hidden: list[str] = []
        self._open: list[_Scope] = []
        self._overflow = 0
        self._skipping = 0
        self._preformatted = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
            return
        if tag in _BLOCKS:
            self._preformatted += tag == "pre"
            self._break()
        if tag not in _VOID:
            self._enter(tag, dict(attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
            return
        if tag in _BLOCKS:
            self._preformatted = max(0, self._preformatted - (tag == "pre"))
            self._break()
        self._leave(tag)

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        # Outside <pre>, a line break in the source is only a space on the screen.
        text = data if self._preformatted else _SOURCE_BREAKS.sub(" ", data)
        (self.hidden if self._hidden() else self.visible).append(text)

    def _enter(self, tag: str, attrs: dict[str, str | None]) -> None:
        if len(self._open) >= MAX_OPEN:
            self._overflow += 1
            return
        parent_background = self._open[-1].background if self._open else _WHITE
        style = style_of(attrs)
        background = parse_color(style.get("background-color") or style.get("background"))
        background = background or parse_color(attrs.get("bgcolor")) or parent_background
        hidden = self._hidden() or "hidden" in attrs or hides(style, attrs, background)
        self._open.append(_Scope(tag, hidden, background))

    def _leave(self, tag: str) -> None:
        if self._overflow:
            self._overflow -= 1
            return
        recent = self._open[-_END_TAG_SEARCH:]
        for back, scope in enumerate(reversed(recent), start=1):
            if scope.tag == tag:
                del self._open[-back:]
                return

    def _hidden(self) -> bool:
        return bool(self._open) and self._open[-1].hidden

    def _break(self) -> None:
        (self.hidden if self._hidden() else self.visible).append("\n")


def html_to_text(html: str) -> str:
    """The visible text of ``html``, one line per block, whitespace tidied."""
    return convert_html(html).visible


def convert_html(html: str, deadline: Deadline | None = None) -> HtmlText:
    """The visible and the hidden text of ``html``, each tidied.

    Raises ``MalformedMail`` when ``deadline`` passes during the conversion.
    """
    deadline = deadline or unlimited()
    collector = _TextCollector()
    for start in range(0, len(html), CHUNK):
        deadline.check("converting HTML to text")
        collector.feed(html[start : start + CHUNK])
    collector.close()
    return HtmlText(tidy("".join(collector.visible)), tidy("".join(collector.hidden)))


def tidy(text: str) -> str:
    """Runs of spaces collapsed, lines stripped, at most one blank line in a row."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
