"""What every page object does: open a path, submit, read cells, and fail precisely.

Pages are server-rendered, so once navigation has finished loading every element is
there: reading never waits for a selector, and a missing element fails at once as
``UnexpectedPage`` instead of burning the whole timeout.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from playwright.sync_api import Locator, Page, Response

from madoguchi.connectors.backoffice.errors import LoginRequired, unexpected
from madoguchi.connectors.backoffice.screens import Screens
from madoguchi.domain.errors import BackOfficeBusy, UnexpectedPage


class PageObject:
    """One screen of the back office, driven through one browser page."""

    screen = "screen"  # names the screen in error messages

    def __init__(self, page: Page, base_url: str, screens: Screens) -> None:
        self.page = page
        self.base_url = base_url
        self.screens = screens

    def go(self, path: str, *, login_ok: bool = False) -> None:
        """Load ``path``; raises ``LoginRequired`` on landing at login (unless ``login_ok``)."""
        response = self.page.goto(urljoin(self.base_url, path), wait_until="load")
        self.check(response, login_ok=login_ok)

    def submit(self, selector: str, what: str, *, login_ok: bool = False) -> None:
        """Click ``selector`` and wait for the page it leads to."""
        button = self.one(selector, what)
        with self.page.expect_navigation(wait_until="load") as navigation:
            button.click()
        self.check(navigation.value, login_ok=login_ok)

    def check(self, response: Response | None, *, login_ok: bool) -> None:
        status = response.status if response is not None else 200
        if status >= 500:
            raise BackOfficeBusy(f"back office {self.screen}: HTTP {status}")
        if not login_ok and self.on_login_screen():
            raise LoginRequired
        if status >= 400:
            raise self.unexpected(f"HTTP {status}")

    def on_login_screen(self) -> bool:
        return urlsplit(self.page.url).path == self.screens.login.path

    def at(self, path: str) -> bool:
        return urlsplit(self.page.url).path == path

    def one(self, selector: str, what: str) -> Locator:
        """The single element ``selector`` matches; none or several is an unexpected page."""
        found = self.page.locator(selector)
        count = found.count()
        if count != 1:
            raise self.unexpected(f"{what}: {count} elements match its selector, expected 1")
        return found

    def text(self, selector: str, what: str) -> str:
        """The text of the single element ``selector`` matches (one round trip to Chromium)."""
        texts = self.page.locator(selector).all_inner_texts()
        if len(texts) != 1:
            raise self.unexpected(f"{what}: {len(texts)} elements match its selector, expected 1")
        return texts[0].strip()

    def present(self, selector: str) -> bool:
        return self.page.locator(selector).count() > 0

    def unexpected(self, reason: str) -> UnexpectedPage:
        """An ``UnexpectedPage`` about this screen, with a masked screenshot."""
        return unexpected(f"back office {self.screen}: {reason}", self.page, self.personal_data)

    @property
    def personal_data(self) -> tuple[str, ...]:
        return self.screens.personal_data
