"""One Chromium per worker process: launched lazily, relaunched when gone, closed without orphans.

Celery forks its worker processes after importing the app, and a browser (with the
Playwright driver that talks to it) cannot cross a fork. So nothing starts before the
first ``browser()`` call, and a forked child that inherits a launched browser forgets it
(it belongs to the parent) and launches its own. The sync API is bound to the thread that
started it: use one ``Chromium`` per thread.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from playwright.sync_api import Browser, Playwright, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from madoguchi.domain.errors import BackOfficeBusy, ConfigurationError

logger = logging.getLogger(__name__)

CHROMIUM_ARGS = (
    "--disable-gpu",
    "--disable-quic",
    "--no-sandbox",  # workers run as root in containers, where the sandbox cannot start
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Without this Chromium resolves dozens of Google hosts per run; we only talk to ours.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
)


class Chromium:
    """The process's browser; ``browser()`` hands out a live one, ``close()`` ends it."""

    def __init__(self, executable: str, *, headless: bool = True) -> None:
        self.executable = executable
        self.headless = headless
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self._owner_pid: int | None = None

    def browser(self) -> Browser:
        """A connected browser: the current one, or a new one if none runs or it died."""
        if self._owner_pid is not None and self._owner_pid != os.getpid():
            self._forget()
        if self._browser is not None and self._browser.is_connected():
            return self._browser
        self.close()
        return self._launch()

    def close(self) -> None:
        """Close the browser and stop the Playwright driver; never raises."""
        browser, playwright = self._browser, self._playwright
        self._forget()
        for end in (browser.close if browser else None, playwright.stop if playwright else None):
            if end is None:
                continue
            try:
                end()
            except Exception:  # closing goes on whatever a dead browser says
                logger.debug("back office: error while closing the browser", exc_info=True)

    def _launch(self) -> Browser:
        if not Path(self.executable).exists():
            raise ConfigurationError(f"Chromium not found at {self.executable}")
        try:
            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(
                executable_path=self.executable, headless=self.headless, args=list(CHROMIUM_ARGS)
            )
        except PlaywrightError as error:
            self.close()
            raise BackOfficeBusy(f"could not launch Chromium ({type(error).__name__})") from None
        self._owner_pid = os.getpid()
        logger.info("back office: Chromium %s launched", self._browser.version)
        return self._browser

    def _forget(self) -> None:
        self._browser, self._playwright, self._owner_pid = None, None, None
