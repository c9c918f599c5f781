"""出金履歴: the customer's withdrawals, filtered on the screen where it can, over all pages.

The screen filters by asset, one status and a period of whole days; the robot uses those
filters to read fewer pages and filters the rest in code (``WithdrawalQuery.matches``
semantics live in the session). Next pages are followed by their link's address, so a busy
page is simply loaded again.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from madoguchi.connectors.backoffice.cells import Cells
from madoguchi.connectors.backoffice.page_object import PageObject
from madoguchi.domain.backoffice import Withdrawal, WithdrawalQuery, WithdrawalStatus

# A customer with more pages than this is not something the robot should page through.
MAX_PAGES = 50


class WithdrawalsPage(PageObject):
    screen = "withdrawal history"

    def listed(self, customer_id: str, query: WithdrawalQuery) -> list[Withdrawal]:
        """Every row the screen lists for the filters it supports from ``query``."""
        path = self.screens.withdrawals.path.format(customer_id=quote(customer_id, safe=""))
        self.desk.attempt("withdrawal history", lambda: self._open(path, query))
        found = self._read()
        for _ in range(MAX_PAGES):
            href = self._next_page()
            if href is None:
                return found
            self._go(href)
            found += self._read()
        raise self.unexpected(f"more than {MAX_PAGES} pages of withdrawals")

    def _go(self, href: str) -> None:
        self.desk.attempt("withdrawal history page", lambda: self.desk.go(href))

    def _open(self, path: str, query: WithdrawalQuery) -> None:
        self.desk.go(path)
        config, frame = self.screens.withdrawals.filter, self.desk.main
        asset = (query.asset or "").strip().upper()
        if not (asset.isalnum() and frame.locator(f"{config.asset} option[value={asset}]").count()):
            asset = ""  # an asset the screen cannot filter by is filtered in code
        status = query.statuses[0] if len(query.statuses) == 1 else None
        if not asset and status is None and not _period(query):
            return
        if asset:
            self.desk.one(frame, config.asset, "asset filter").select_option(value=asset)
        if status is not None:
            self.desk.one(frame, config.status, "status filter").select_option(
                label=self._status_label(status)
            )
        start, end = _period(query) or (None, None)
        for selector, moment, what in ((config.date_from, start, "from"),
                                       (config.date_to, end, "to")):
            if moment is not None:
                day = moment.astimezone(self.values.zone()).date()
                self.desk.one(frame, selector, f"period {what}").fill(self.values.format_date(day))
        self.desk.submit(frame, config.submit, "filter button")

    def _read(self) -> list[Withdrawal]:
        config = self.screens.withdrawals
        rows = self.desk.listed(config, config.cells.model_dump(), "withdrawal history")
        return [self._withdrawal(Cells(row, self.values, self.unexpected)) for row in rows]

    def _next_page(self) -> str | None:
        links = self.desk.main.locator(self.screens.withdrawals.next_page)
        if links.count() == 0:
            return None
        href = self.desk.one(self.desk.main, self.screens.withdrawals.next_page, "next page")
        address = href.get_attribute("href")
        if not address:
            raise self.unexpected("the next-page link has no address")
        return address

    def _status_label(self, status: WithdrawalStatus) -> str:
        labels = [label for label, meaning in self.values.withdrawal_status.items()
                  if meaning is status]
        if not labels:
            raise self.unexpected(f"no label is configured for status {status.value}")
        return labels[0]

    def _withdrawal(self, cells: Cells) -> Withdrawal:
        values = self.values
        confirmations = cells.fraction("confirmations", "confirmations")
        return Withdrawal(
            withdrawal_id=cells.text("withdrawal_id"),
            asset=cells.text("asset"),
            network=cells.text("network"),
            amount=cells.decimal("amount", "amount"),
            fee=cells.decimal("fee", "fee"),
            address=cells.text("address"),
            status=cells.label(values.withdrawal_status, "status", "withdrawal status"),
            requested_at=cells.time("requested_at", "requested at"),
            updated_at=cells.optional_time("updated_at", "updated at"),
            hold_type=cells.optional_label(values.hold_type, "hold_type", "hold type"),
            hold_until=cells.optional_time("hold_until", "hold until"),
            tx_hash=cells.optional("tx_hash"),
            confirmations=confirmations[0] if confirmations else None,
            required_confirmations=confirmations[1] if confirmations else None,
        )


def _period(query: WithdrawalQuery) -> tuple[datetime | None, datetime | None] | None:
    if query.requested_from is None and query.requested_until is None:
        return None
    return query.requested_from, query.requested_until
