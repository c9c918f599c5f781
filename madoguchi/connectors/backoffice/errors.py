"""Playwright's exceptions mapped into the domain's error tree, with masked screenshots.

Timeouts, network errors, HTTP 5xx and a closed or crashed browser are ``BackOfficeBusy``
(try again later; a gone browser as ``BrowserGone``, which the connector does not retry
itself because the page is lost); anything else Playwright raises means the page is not
what the robot expects: ``UnexpectedPage`` with a PNG of it, personal data painted over
in every frame. Messages carry no personal data: never a Playwright message verbatim (it
quotes URLs with customer ids), only its kind.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from madoguchi.domain.errors import BackOfficeBusy, UnexpectedPage
from madoguchi.domain.redact import redact_text

logger = logging.getLogger(__name__)

_NET_ERROR = re.compile(r"net::ERR_[A-Z_]+")
_GONE = ("has been closed", "Target closed", "crashed", "disconnected", "Connection closed")
# A screenshot must not turn a failing case into a hung one.
_SCREENSHOT_TIMEOUT_MS = 5_000


class BrowserGone(BackOfficeBusy):
    """The browser page was closed or crashed: retry with a new session, not this one."""


class TimedOut(BackOfficeBusy):
    """The back office did not answer in time: whatever was submitted may have gone through."""


class LoginRequired(Exception):
    """The page landed on the login screen: the operator session has expired."""


class LoginRefused(UnexpectedPage):
    """The back office refused the operator's id or password (a configuration problem)."""


def screenshot(page: Page | None, personal_data: Sequence[str]) -> bytes | None:
    """A full-page PNG with ``personal_data`` elements painted over; None if impossible."""
    if page is None or page.is_closed():
        return None
    try:
        masks = [frame.locator(selector) for frame in page.frames for selector in personal_data]
        return page.screenshot(
            type="png", full_page=True, mask=masks, timeout=_SCREENSHOT_TIMEOUT_MS
        )
    except PlaywrightError:
        logger.warning("back office: could not take a screenshot of the failing page")
        return None


def unexpected(
    reason: str, page: Page | None, personal_data: Sequence[str]
) -> UnexpectedPage:
    """An ``UnexpectedPage`` for ``reason`` (redacted) with a screenshot of ``page``."""
    return UnexpectedPage(redact_text(reason), screenshot=screenshot(page, personal_data))


@contextmanager
def mapped_errors(what: str, page: Page | None, personal_data: Sequence[str]) -> Iterator[None]:
    """Run the block, turning Playwright's exceptions into domain errors about ``what``."""
    try:
        yield
    except PlaywrightTimeoutError:
        raise TimedOut(f"back office {what}: timed out") from None
    except PlaywrightError as error:
        raise _mapped(what, error, page, personal_data) from None


def _mapped(
    what: str, error: PlaywrightError, page: Page | None, personal_data: Sequence[str]
) -> Exception:
    message = error.message or ""
    net_error = _NET_ERROR.search(message)
    if net_error:
        return BackOfficeBusy(f"back office {what}: {net_error.group()}")
    if any(sign in message for sign in _GONE):
        return BrowserGone(f"back office {what}: the browser page was closed or crashed")
    kind = type(error).__name__
    return unexpected(f"back office {what}: browser error ({kind})", page, personal_data)
