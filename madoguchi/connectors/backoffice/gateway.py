"""The ``BackOfficeGateway`` port over Playwright: a browser context per case, one login reused.

A ``session()`` opens a fresh browser context that starts from the last logged-in state
(cookies), so consecutive cases share one operator login. A step that lands on the login
screen (the session expired) logs in again and is redone once. Steps only read, so
redoing one is safe. Use a gateway from one thread only (Playwright's sync API).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Page, StorageState
from pydantic import SecretStr

from madoguchi.connectors.backoffice.browser import Chromium
from madoguchi.connectors.backoffice.customer_page import CustomerPage
from madoguchi.connectors.backoffice.errors import LoginRequired, mapped_errors, unexpected
from madoguchi.connectors.backoffice.login_page import LoginPage
from madoguchi.connectors.backoffice.screens import Screens, load_screens
from madoguchi.connectors.backoffice.search_page import SearchPage
from madoguchi.domain.backoffice import Customer, KycRecord
from madoguchi.domain.errors import BackOfficeBusy, ConfigurationError
from madoguchi.domain.ports import BackOffice

logger = logging.getLogger(__name__)

T = TypeVar("T")


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
) -> PlaywrightBackOffice:
    """A gateway to the back office at ``base_url``; no browser starts until ``session()``.

    ``selectors`` is a screens file (default: the shipped ``selectors.yaml``);
    ``max_sessions`` is how many operator sessions this gateway may hold at once (its
    share of the back office's licence). Raises ``ConfigurationError`` for bad settings.
    """
    if urlsplit(base_url).scheme not in {"http", "https"} or not urlsplit(base_url).netloc:
        raise ConfigurationError("back office base URL must be an http(s) URL")
    if timeout_ms <= 0 or max_sessions < 1:
        raise ConfigurationError("back office timeout_ms and max_sessions must be positive")
    return PlaywrightBackOffice(
        base_url.rstrip("/") + "/",
        Credentials(username, SecretStr(password)),
        chromium=Chromium(chromium_path, headless=headless),
        screens=load_screens(selectors),
        timeout_ms=timeout_ms,
        max_sessions=max_sessions,
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
    """Implements ``BackOfficeGateway``; build it with ``open_backoffice``."""

    def __init__(
        self,
        base_url: str,
        credentials: Credentials,
        *,
        chromium: Chromium,
        screens: Screens,
        timeout_ms: int,
        max_sessions: int,
    ) -> None:
        self.base_url = base_url
        self.screens = screens
        self._credentials = credentials
        self._chromium = chromium
        self._timeout_ms = timeout_ms
        self._max_sessions = max_sessions
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
            context, page = self._new_context(login)
            try:
                yield BrowserSession(self, context, page, login)
            finally:
                _close_quietly(context)
        finally:
            self._in_use -= 1
            self._idle_logins.append(login)

    def close(self) -> None:
        """Close the browser and its driver; a later ``session()`` would launch anew."""
        self._chromium.close()

    def log_in(self, page: Page) -> None:
        credentials = self._credentials
        LoginPage(page, self.base_url, self.screens).log_in(
            credentials.username, credentials.password.get_secret_value()
        )

    def _new_context(self, login: OperatorLogin) -> tuple[BrowserContext, Page]:
        with mapped_errors("new session", None, ()):
            context = self._chromium.browser().new_context(storage_state=login.state)
            context.set_default_timeout(self._timeout_ms)
            context.set_default_navigation_timeout(self._timeout_ms)
            try:
                return context, context.new_page()
            except BaseException:
                _close_quietly(context)
                raise


class BrowserSession:
    """Implements ``BackOffice`` in one browser context; lives inside ``session()``."""

    def __init__(
        self,
        gateway: PlaywrightBackOffice,
        context: BrowserContext,
        page: Page,
        login: OperatorLogin,
    ) -> None:
        self._gateway = gateway
        self._context = context
        self._page = page
        self._login = login

    def find_customer(self, email: str) -> Customer | None:
        """The customer registered under exactly ``email`` (compared case-insensitively)."""
        return self._step("find customer", lambda: self._find(email.strip()))

    def read_kyc(self, customer: Customer) -> KycRecord:
        return self._step("read KYC", lambda: self._kyc(customer.customer_id))

    def _find(self, email: str) -> Customer | None:
        search = SearchPage(self._page, self._gateway.base_url, self._gateway.screens)
        if not search.search(email):
            return None
        search.open_result()
        customer = self._customer_page().customer()
        if customer.email.strip().lower() != email.lower():
            raise self._customer_page().unexpected("the customer found has another address")
        return customer

    def _kyc(self, customer_id: str) -> KycRecord:
        page = self._customer_page()
        page.show(customer_id)
        return page.kyc()

    def _customer_page(self) -> CustomerPage:
        return CustomerPage(self._page, self._gateway.base_url, self._gateway.screens)

    def _step(self, what: str, action: Callable[[], T]) -> T:
        """Run ``action`` logged in; on landing at login, log in and redo it once."""
        started = time.perf_counter()
        with mapped_errors(what, self._page, self._gateway.screens.personal_data):
            if self._login.state is None:
                self._log_in()
            try:
                result = action()
            except LoginRequired:
                logger.info("back office: operator session expired; logging in again")
                self._log_in()
                result = self._again(action)
        logger.debug("back office %s took %.0f ms", what, (time.perf_counter() - started) * 1e3)
        return result

    def _again(self, action: Callable[[], T]) -> T:
        try:
            return action()
        except LoginRequired:
            raise unexpected(
                "back office: sent back to the login screen right after logging in",
                self._page,
                self._gateway.screens.personal_data,
            ) from None

    def _log_in(self) -> None:
        started = time.perf_counter()
        self._gateway.log_in(self._page)
        self._login.state = self._context.storage_state()
        logger.debug("back office login took %.0f ms", (time.perf_counter() - started) * 1e3)


def _close_quietly(context: BrowserContext) -> None:
    try:
        context.close()
    except Exception:  # a crashed browser's context is gone anyway
        logger.debug("back office: error while closing a browser context", exc_info=True)
