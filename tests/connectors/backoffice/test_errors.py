"""Playwright's exceptions become domain errors: busy for transient trouble, else unexpected."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from madoguchi.connectors.backoffice.errors import mapped_errors
from madoguchi.domain.errors import BackOfficeBusy, MadoguchiError, UnexpectedPage


def raised_by(error: Exception) -> MadoguchiError:
    with pytest.raises(MadoguchiError) as caught, mapped_errors("find customer", None, ()):
        raise error
    return caught.value


def test_a_timeout_is_busy() -> None:
    error = raised_by(PlaywrightTimeoutError("Timeout 10000ms exceeded."))
    assert isinstance(error, BackOfficeBusy)


def test_a_network_error_is_busy_and_named() -> None:
    message = "Page.goto: net::ERR_CONNECTION_REFUSED at http://127.0.0.1:1/customers/C000001"
    error = raised_by(PlaywrightError(message))
    assert isinstance(error, BackOfficeBusy)
    assert "net::ERR_CONNECTION_REFUSED" in str(error)
    assert "C000001" not in str(error)


def test_a_closed_browser_is_busy() -> None:
    error = raised_by(PlaywrightError("Target page, context or browser has been closed"))
    assert isinstance(error, BackOfficeBusy)


def test_any_other_browser_error_is_an_unexpected_page() -> None:
    error = raised_by(PlaywrightError("strict mode violation: resolved to 2 elements"))
    assert isinstance(error, UnexpectedPage)
    assert "strict mode" not in str(error)


def test_the_original_exception_is_not_chained_into_logs() -> None:
    error = raised_by(PlaywrightError("net::ERR_CONNECTION_RESET at http://x/customers/C1"))
    assert error.__cause__ is None
    assert error.__suppress_context__


def test_domain_errors_pass_through_untouched() -> None:
    original = BackOfficeBusy("licence cap")
    assert raised_by(original) is original
