"""The ``BackOfficeGateway`` port over Playwright: a browser context per case, one login reused.

A ``session()`` opens a fresh browser context that starts from the last logged-in state
(cookies), so consecutive cases share one operator login; the verbs live in
``session.BrowserSession``. ``probe()`` tells the workers' circuit breaker whether the
back office answers at all. Use a gateway from one thread only (Playwright's sync API).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Page, StorageState
from pydantic import SecretStr

from madoguchi.connectors.backoffice.browser import Chromium
from madoguchi.connectors.backoffice.errors import mapped_errors
from madoguchi.connectors.backoffice.login_page import LoginPage
from madoguchi.connectors.backoffice.page_object import Desk
from madoguchi.connectors.backoffice.retry import RetryPolicy
from madoguchi.connectors.backoffice.screens import Screens, load_screens
from madoguchi.connectors.backoffice.session import BrowserSession
from madoguchi.connectors.backoffice.timing import Timings
from madoguchi.domain.errors import BackOfficeBusy, ConfigurationError
from madoguchi.domain.ports import BackOffice

logger = logging.getLogger(__name__)


def open_backoffice(
    base_url: str,
    username: str,
    password: str,
    *,
    chromium_path: str = "/usr/bin/chromium",
    headless: bool = True,
    selectors: Path | None = None,
    timeout_ms: int = 10_000,
    max_sessions: int = 1,
    attempts: int = 5,
) -> PlaywrightBackOffice:
    """A gateway to the back office at ``base_url``; no browser starts until it is used.

    ``selectors`` is a screens file (default: the shipped ``selectors.yaml``; the back
    office's layout 2 wants ``selectors-v2.yaml``); ``max_sessions`` is how many operator
    sessions this gateway may hold at once (its share of the back office's licence);
    ``attempts`` bounds the connector's own retries of one page on a busy back office.
    Raises ``ConfigurationError`` for bad settings.
    """
    if urlsplit(base_url).scheme not in {"http", "https"} or not urlsplit(base_url).netloc:
        raise ConfigurationError("back office base URL must be an http(s) URL")
    if timeout_ms <= 0 or max_sessions < 1 or attempts < 1:
        raise ConfigurationError(
            "back office timeout_ms, max_sessions and attempts must be positive"
        )
    return PlaywrightBackOffice(
        base_url.rstrip("/") + "/",
        Credentials(username, SecretStr(password)),
        chromium=Chromium(chromium_path, headless=headless),
        screens=load_screens(selectors),
        timeout_ms=timeout_ms,
        max_sessions=max_sessions,
        retry=RetryPolicy(attempts=attempts, budget=2 * timeout_ms / 1000),
    )


@dataclass(frozen=True)
class Credentials:
    username: str
    password: SecretStr


@dataclass
class OperatorLogin:
    """One operator session's cookies; None until logged in."""

    state: StorageState | None = None


class PlaywrightBackOffice:
    """Implements ``BackOfficeGateway`` (plus ``probe``); build it with ``open_backoffice``."""

    def __init__(
        self,
        base_url: str,
        credentials: Credentials,
        *,
        chromium: Chromium,
        screens: Screens,
        timeout_ms: int,
        max_sessions: int,
        retry: RetryPolicy | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.base_url = base_url
        self.screens = screens
        self.timings = Timings()
        self.retry = retry or RetryPolicy()
        self._credentials = credentials
        self._chromium = chromium
        self._timeout_ms = timeout_ms
        self._max_sessions = max_sessions
        self._clock = clock or (lambda: datetime.now(screens.values.zone()))
        self._idle_logins: list[OperatorLogin] = []
        self._in_use = 0

    @contextmanager
    def session(self) -> Iterator[BackOffice]:
        """A fresh browser context for one case, starting from a kept login when there is one.

        Raises ``BackOfficeBusy`` when all ``max_sessions`` are open or the browser fails.
        """
        if self._in_use >= self._max_sessions:
            raise BackOfficeBusy(f"all {self._max_sessions} back-office sessions are in use")
        login = self._idle_logins.pop() if self._idle_logins else OperatorLogin()
        self._in_use += 1
        try:
            context, page = self._new_context(login.state)
            try:
                desk = Desk(page, self.base_url, self.screens, self.retry)
                yield BrowserSession(self, context, desk, login)
            finally:
                _close_quietly(context)
        finally:
            self._in_use -= 1
            self._idle_logins.append(login)

    def probe(self) -> None:
        """Load the login page without logging in; raise if the back office is not answering.

        ``BackOfficeBusy`` for HTTP 5xx, the busy screen, a timeout or a refused
        connection; ``UnexpectedPage`` when the page answers but is no login page. Tried
        once: the circuit breaker that calls it decides about trying again.
        """
        context, page = self._new_context(None)
        try:
            with mapped_errors("probe", page, self.screens.personal_data):
                desk = Desk(page, self.base_url, self.screens, self.retry)
                login = self.screens.login
                desk.check(page.main_frame, page.goto(desk.url(login.path)), login_ok=True)
                desk.one(page.main_frame, login.username, "operator id field")
        finally:
            _close_quietly(context)

    def close(self) -> None:
        """Close the browser and its driver; a later ``session()`` would launch anew."""
        self._chromium.close()

    def now(self) -> datetime:
        """The time to compare the back office's times with (aware, in its zone)."""
        return self._clock()

    def log_in(self, desk: Desk) -> None:
        credentials = self._credentials
        LoginPage(desk).log_in(credentials.username, credentials.password.get_secret_value())

    def _new_context(self, state: StorageState | None) -> tuple[BrowserContext, Page]:
        with mapped_errors("new session", None, ()):
            context = self._chromium.browser().new_context(storage_state=state)
            context.set_default_timeout(self._timeout_ms)
            context.set_default_navigation_timeout(self._timeout_ms)
            try:
                return context, context.new_page()
            except BaseException:
                _close_quietly(context)
                raise


def _close_quietly(context: BrowserContext) -> None:
    try:
        context.close()
    except Exception:  # a crashed browser's context is gone anyway
        logger.debug("back office: error while closing a browser context", exc_info=True)
