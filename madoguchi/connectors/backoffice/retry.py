"""The connector's own bounded retries of transient trouble, with tenacity.

Only idempotent units are retried: loading a screen, a read-only search, the login. A
unit is tried at most ``attempts`` times, and not again once ``budget`` seconds have gone
(so a back office that times out every page fails in about two timeouts, not five), with
short exponential backoff and jitter. What is retried is ``BackOfficeBusy`` (busy screen,
5xx, timeout, network error), except ``BrowserGone``: the page is lost, only a new
session can help. The last error is re-raised as it was.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential,
    wait_random,
)

from madoguchi.connectors.backoffice.errors import BrowserGone
from madoguchi.domain.errors import BackOfficeBusy

logger = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5
    budget: float = 20.0  # seconds
    first_wait: float = 0.05
    max_wait: float = 1.0

    def run(self, what: str, unit: Callable[[], T]) -> T:
        """``unit()``, tried again on transient errors within the policy's bounds."""
        retrying = Retrying(
            stop=stop_after_attempt(self.attempts) | stop_after_delay(self.budget),
            # Exponential plus jitter, spelled in terms every tenacity >= 8.2 knows.
            wait=wait_exponential(multiplier=self.first_wait, max=self.max_wait)
            + wait_random(0, self.first_wait),
            retry=retry_if_exception(_transient),
            before_sleep=lambda state: _note(what, state),
            reraise=True,
        )
        return retrying(unit)


def _transient(error: BaseException) -> bool:
    return isinstance(error, BackOfficeBusy) and not isinstance(error, BrowserGone)


def _note(what: str, state: RetryCallState) -> None:
    outcome = state.outcome
    error = outcome.exception() if outcome is not None else None
    logger.info(
        "back office %s: attempt %d failed (%s); retrying",
        what, state.attempt_number, type(error).__name__,
    )
