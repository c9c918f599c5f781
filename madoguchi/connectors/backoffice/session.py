"""The ``BackOffice`` port in one browser context: every verb a routine may use.

Each verb is a step: logged in first if the context has no login yet; a step that lands
on the login screen (the operator session expired) logs in again and is redone once.
Reading steps are idempotent, so redoing them is safe; the password reset is redone
through its reading path, so it never presses twice inside its window (F14).

Screens are reused within a case: ``find_customer`` leaves the customer screen open, and
``read_kyc``/``security_events`` read it without loading it again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

from playwright.sync_api import BrowserContext

from madoguchi.connectors.backoffice.charges_page import ChargesPage
from madoguchi.connectors.backoffice.customer_page import CustomerPage
from madoguchi.connectors.backoffice.errors import (
    BrowserGone,
    LoginRequired,
    TimedOut,
    mapped_errors,
)
from madoguchi.connectors.backoffice.info_pages import FeeSchedulePage, NoticesPage
from madoguchi.connectors.backoffice.page_object import Desk
from madoguchi.connectors.backoffice.search_page import SearchPage
from madoguchi.connectors.backoffice.withdrawals_page import WithdrawalsPage
from madoguchi.domain.backoffice import (
    Customer,
    FeeCharge,
    FeeSchedule,
    KycRecord,
    NetworkNotice,
    ResetMail,
    SecurityEvent,
    Withdrawal,
    WithdrawalQuery,
)
from madoguchi.domain.errors import BackOfficeBusy, ConfigurationError, UnexpectedPage

if TYPE_CHECKING:
    from madoguchi.connectors.backoffice.gateway import OperatorLogin, PlaywrightBackOffice

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Rounds of "read last sent, maybe press" before giving up on a busy back office.
RESET_ROUNDS = 3
# 最終送信日時 is shown to the minute: a send shown as 10:00 may have been at 10:00:59.
_SHOWN_TO = timedelta(minutes=1)


class BrowserSession:
    """Implements ``BackOffice`` in one browser context; lives inside ``session()``."""

    def __init__(
        self,
        gateway: PlaywrightBackOffice,
        context: BrowserContext,
        desk: Desk,
        login: OperatorLogin,
    ) -> None:
        self._gateway = gateway
        self._context = context
        self._desk = desk
        self._login = login

    def find_customer(self, email: str) -> Customer | None:
        """The customer registered under exactly ``email`` (compared case-insensitively)."""
        return self._step("find_customer", lambda: self._find(email.strip()))

    def read_kyc(self, customer: Customer) -> KycRecord:
        return self._step("read_kyc", lambda: self._shown(customer).kyc())

    def security_events(self, customer: Customer) -> tuple[SecurityEvent, ...]:
        """The security history on the customer screen, newest first."""
        return self._step("security_events", lambda: self._shown(customer).events())

    def withdrawals(self, customer: Customer, query: WithdrawalQuery) -> list[Withdrawal]:
        """The customer's withdrawals matching ``query``, newest first, over all pages."""
        def read() -> list[Withdrawal]:
            listed = WithdrawalsPage(self._desk).listed(customer.customer_id, query)
            found = [w for w in listed if _matches(w, query)]
            return sorted(found, key=lambda w: w.requested_at, reverse=True)

        return self._step("withdrawals", read)

    def network_notices(self, asset: str) -> list[NetworkNotice]:
        """Notices for ``asset``'s networks under way or announced (ended ones left out)."""
        def read() -> list[NetworkNotice]:
            now = self._gateway.now()
            return [
                notice for notice in NoticesPage(self._desk).notices()
                if notice.asset == asset.strip().upper()
                and (notice.ends_at is None or notice.ends_at > now)
            ]

        return self._step("network_notices", read)

    def fee_schedule(self) -> FeeSchedule:
        return self._step("fee_schedule", lambda: FeeSchedulePage(self._desk).schedule())

    def fees_charged(
        self, customer: Customer, *, transaction_id: str | None = None
    ) -> list[FeeCharge]:
        """Fees charged to the customer, newest first; only ``transaction_id``'s when named."""
        def read() -> list[FeeCharge]:
            charges = ChargesPage(self._desk).charges(customer.customer_id)
            wanted = transaction_id.strip().upper() if transaction_id else None
            found = [c for c in charges if wanted is None or c.transaction_id == wanted]
            return sorted(found, key=lambda c: c.charged_at, reverse=True)

        return self._step("fees_charged", read)

    def send_password_reset(self, customer: Customer, *, not_within: timedelta) -> ResetMail:
        """Press "send password-reset mail" unless one went out within ``not_within``.

        Reads 最終送信日時 first (fresh from the back office); presses only when the last
        send is older than the window, accepts the confirm dialog, and confirms on the
        page that it went. After trouble on the submit it never presses blindly: it
        reads 最終送信日時 again, and a change means the earlier press went through. A
        submit that timed out and left no trace raises ``BackOfficeBusy`` (in doubt: a
        later call reads again first). ``not_within`` must be at least a minute, the
        screen's precision.
        """
        if not_within < _SHOWN_TO:
            raise ConfigurationError("not_within must be at least one minute")
        reset = _Reset(self._gateway, customer.customer_id, not_within)
        return self._step("send_password_reset", lambda: reset.run(self._desk))

    def _find(self, email: str) -> Customer | None:
        href = SearchPage(self._desk).search(email)
        if href is None:
            return None
        page = CustomerPage(self._desk)
        self._desk.attempt("customer screen", lambda: self._desk.go(href))
        customer = page.customer()
        if customer.email.strip().lower() != email.lower():
            raise page.unexpected("the customer found has another address")
        return customer

    def _shown(self, customer: Customer) -> CustomerPage:
        page = CustomerPage(self._desk)
        page.show(customer.customer_id)
        return page

    def _step(self, verb: str, action: Callable[[], T]) -> T:
        """Run ``action`` logged in; on landing at login, log in and redo it once."""
        started = time.perf_counter()
        with mapped_errors(verb, self._desk.page, self._desk.screens.personal_data):
            if self._login.state is None:
                self._log_in()
            try:
                result = action()
            except LoginRequired:
                logger.info("back office: operator session expired; logging in again")
                self._log_in()
                result = self._again(action)
        elapsed = (time.perf_counter() - started) * 1e3
        self._gateway.timings.record(verb, elapsed)
        logger.debug("back office %s took %.0f ms", verb, elapsed)
        return result

    def _again(self, action: Callable[[], T]) -> T:
        try:
            return action()
        except LoginRequired:
            raise self._desk.unexpected(
                "sent back to the login screen right after logging in"
            ) from None

    def _log_in(self) -> None:
        started = time.perf_counter()
        self._gateway.log_in(self._desk)
        self._login.state = self._context.storage_state()
        self._gateway.timings.record("login", (time.perf_counter() - started) * 1e3)


class _Reset:
    """One ``send_password_reset`` call: what was read before pressing survives redoes."""

    def __init__(self, gateway: PlaywrightBackOffice, customer_id: str, window: timedelta):
        self._gateway = gateway
        self._customer_id = customer_id
        self._window = window
        self._pressed = False
        self._before: datetime | None = None

    def run(self, desk: Desk) -> ResetMail:
        page = CustomerPage(desk)
        for _ in range(RESET_ROUNDS):
            page.show(self._customer_id, fresh=True)
            last = page.last_reset()
            if self._pressed and last != self._before:
                return ResetMail(sent=True, last_sent_at=last)  # an earlier press went through
            if last is not None and self._gateway.now() < last + _SHOWN_TO + self._window:
                return ResetMail(sent=False, last_sent_at=last)
            self._pressed, self._before = True, last
            sent = self._press(page)
            if sent is not None:
                return sent
        raise BackOfficeBusy("back office password reset: still busy after pressing")

    def _press(self, page: CustomerPage) -> ResetMail | None:
        """The result of pressing, or None when the page said "busy" (nothing was done)."""
        try:
            return ResetMail(sent=True, last_sent_at=page.desk.once("reset", page.press_reset))
        except TimedOut:
            return self._settle(page, "timed out")
        except BrowserGone:
            raise
        except BackOfficeBusy:
            logger.info("back office password reset: busy after pressing; reading again")
            return None
        except UnexpectedPage:
            settled = self._settle(page, None)
            if settled is None:
                raise
            return settled

    def _settle(self, page: CustomerPage, failure: str | None) -> ResetMail | None:
        """Read 最終送信日時 again: a change means the press went through."""
        page.show(self._customer_id, fresh=True)
        last = page.last_reset()
        if last != self._before:
            return ResetMail(sent=True, last_sent_at=last)
        if failure is None:
            return None
        raise BackOfficeBusy(f"back office password reset: {failure}; no send recorded yet")


def _matches(withdrawal: Withdrawal, query: WithdrawalQuery) -> bool:
    """Every filter set in ``query`` holds (hashes compared case-insensitively)."""
    checks = (
        query.withdrawal_id is None or withdrawal.withdrawal_id == query.withdrawal_id.upper(),
        query.tx_hash is None or (withdrawal.tx_hash or "").lower() == query.tx_hash.lower(),
        query.asset is None or withdrawal.asset == query.asset.upper(),
        not query.statuses or withdrawal.status in query.statuses,
        query.requested_from is None or withdrawal.requested_at >= query.requested_from,
        query.requested_until is None or withdrawal.requested_at <= query.requested_until,
    )
    return all(checks)
