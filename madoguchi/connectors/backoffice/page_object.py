"""What every page object stands on: the operator's desk (one page, its frameset, ``main``).

Screens open in the frameset's ``main`` frame, as an operator's clicks would open them;
the desk loads the frameset once per browser context and navigates ``main`` by URL.
Pages are server-rendered, so once navigation has finished loading every element is
there: reading never waits for a selector, and a missing element fails at once as
``UnexpectedPage`` instead of burning the whole timeout. A screen is read in one round
trip to Chromium (``texts``, ``rows``).

Every navigation is checked: HTTP 5xx or the "system busy" screen is ``BackOfficeBusy``,
landing on the login screen is ``LoginRequired``, other HTTP errors are unexpected.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

from playwright.sync_api import Frame, Locator, Page, Response

from madoguchi.connectors.backoffice.errors import LoginRequired, mapped_errors, unexpected
from madoguchi.connectors.backoffice.retry import RetryPolicy
from madoguchi.connectors.backoffice.screens import Listing, Screens
from madoguchi.domain.errors import BackOfficeBusy, UnexpectedPage

T = TypeVar("T")

# All matches' texts for each named selector, in one evaluation.
_TEXTS = """(selectors) => Object.fromEntries(Object.entries(selectors).map(
  ([key, css]) => [key, Array.from(document.querySelectorAll(css), e => e.innerText.trim())]))"""

# A list table: how many tables and "nothing to list" markers match, and each row's cells
# (null for a cell that is missing or ambiguous).
_ROWS = """([table, rows, empty, cells]) => {
  const tables = document.querySelectorAll(table);
  const none = empty === null ? 0 : document.querySelectorAll(empty).length;
  const found = {tables: tables.length, empty: none, rows: []};
  if (tables.length !== 1) return found;
  found.rows = Array.from(tables[0].querySelectorAll(rows), row => Object.fromEntries(
    Object.entries(cells).map(([key, css]) => {
      const hits = row.querySelectorAll(css);
      return [key, hits.length === 1 ? hits[0].innerText.trim() : null];
    })));
  return found;
}"""


class Desk:
    """One browser page of a case, with the frameset loaded and its ``main`` frame found."""

    def __init__(self, page: Page, base_url: str, screens: Screens, retry: RetryPolicy) -> None:
        self.page = page
        self.base_url = base_url
        self.screens = screens
        self.retry = retry
        self._main: Frame | None = None

    def attempt(self, what: str, unit: Callable[[], T]) -> T:
        """Run an idempotent ``unit`` with Playwright's errors mapped, retried when transient."""
        return self.retry.run(what, lambda: self.once(what, unit))

    def once(self, what: str, unit: Callable[[], T]) -> T:
        """Run ``unit`` once with Playwright's errors mapped into the domain's."""
        with mapped_errors(what, self.page, self.screens.personal_data):
            return unit()

    @property
    def main(self) -> Frame:
        """The frame screens open in, loading the frameset first when needed."""
        if self._main is None or self._main.is_detached():
            self.open_frameset()
        assert self._main is not None  # open_frameset() found it or raised
        return self._main

    def open_frameset(self) -> None:
        response = self.page.goto(self.url(self.screens.frames.path), wait_until="load")
        self.check(self.page.main_frame, response)
        self.find_main()

    def find_main(self) -> None:
        """Find the ``main`` frame on the current page; unexpected when there is none."""
        self._main = self.page.frame(name=self.screens.frames.main)
        if self._main is None:
            raise self.unexpected("the frameset has no frame named as configured in frames.main")

    def go(self, path: str) -> None:
        """Open ``path`` in the main frame."""
        frame = self.main
        self.check(frame, frame.goto(self.url(path), wait_until="load"))

    def submit(self, frame: Frame, selector: str, what: str, *, login_ok: bool = False) -> None:
        """Click ``selector`` in ``frame`` and wait for the page it leads to."""
        button = self.one(frame, selector, what)
        with frame.expect_navigation(wait_until="load") as navigation:
            press(button)
        self.check(frame, navigation.value, login_ok=login_ok)

    def check(self, frame: Frame, response: Response | None, *, login_ok: bool = False) -> None:
        status = response.status if response is not None else 200
        if status >= 500:
            raise BackOfficeBusy(f"back office: HTTP {status}")
        if not login_ok and self.at(frame, self.screens.login.path):
            raise LoginRequired
        if self.screens.busy_text in frame.title():
            raise BackOfficeBusy("back office: the system-busy screen was shown")
        if status >= 400:
            raise self.unexpected(f"HTTP {status}")

    def at(self, frame: Frame, path: str) -> bool:
        return urlsplit(frame.url).path == path

    def url(self, path: str) -> str:
        return urljoin(self.base_url, path.lstrip("/"))

    def one(self, frame: Frame, selector: str, what: str) -> Locator:
        """The single element ``selector`` matches; none or several is an unexpected page."""
        found = frame.locator(selector)
        count = found.count()
        if count != 1:
            raise self.unexpected(f"{what}: {count} elements match its selector, expected 1")
        return found

    def texts(self, selectors: Mapping[str, str]) -> dict[str, list[str]]:
        """Every match's text for each selector in the main frame, in one round trip."""
        found: dict[str, list[str]] = self.main.evaluate(_TEXTS, dict(selectors))
        return found

    def listed(self, listing: Listing, cells: Mapping[str, str], what: str) -> list[dict[str, str]]:
        """The rows of a list table that may show "nothing listed" instead (see ``rows``)."""
        return self.rows(listing.table, listing.rows, cells, what, empty=listing.empty)

    def rows(
        self,
        table: str,
        rows: str,
        cells: Mapping[str, str],
        what: str,
        *,
        empty: str | None = None,
    ) -> list[dict[str, str]]:
        """The rows of a list table, each a dict of its cells' texts; [] when none listed.

        Neither the table nor the ``empty`` ("nothing listed") marker, or a row missing a
        cell, is an unexpected page: an empty list must never come from a broken selector.
        """
        found: dict[str, Any] = self.main.evaluate(_ROWS, [table, rows, empty, dict(cells)])
        if found["tables"] == 0 and found["empty"] > 0:
            return []
        if found["tables"] != 1:
            raise self.unexpected(f"{what}: {found['tables']} tables match, expected 1")
        listed: list[dict[str, str | None]] = found["rows"]
        for row in listed:
            missing = sorted(key for key, value in row.items() if value is None)
            if missing:
                raise self.unexpected(f"{what}: a row has no single cell for {missing}")
        return [{key: value or "" for key, value in row.items()} for row in listed]

    def unexpected(self, reason: str) -> UnexpectedPage:
        """An ``UnexpectedPage`` about the current screen, with a masked screenshot."""
        return unexpected(f"back office: {reason}", self.page, self.screens.personal_data)


class PageObject:
    """One screen of the back office, worked at a desk."""

    screen = "screen"  # names the screen in error messages

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.screens = desk.screens
        self.values = desk.screens.values

    def unexpected(self, reason: str) -> UnexpectedPage:
        return self.desk.unexpected(f"{self.screen}: {reason}")

    def single(self, texts: Mapping[str, list[str]], key: str, what: str) -> str:
        """The one text found for ``key``; none or several is an unexpected page."""
        found = texts[key]
        if len(found) != 1:
            raise self.unexpected(f"{what}: {len(found)} elements match its selector, expected 1")
        return found[0]


def press(button: Locator) -> None:
    """Click a form's button as a script would: the form's own handlers (a ``confirm()``
    in ``onsubmit``) run, without Playwright's actionability checks, which cost about a
    hundred milliseconds per click and serve nothing on a server-rendered form."""
    button.dispatch_event("click")
