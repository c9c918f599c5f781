"""The screens every customer shares: ネットワーク情報 (notices) and 手数料表 (the schedule)."""

from __future__ import annotations

from madoguchi.connectors.backoffice.cells import Cells
from madoguchi.connectors.backoffice.page_object import PageObject
from madoguchi.connectors.backoffice.screens import TransferTable
from madoguchi.domain.backoffice import FeeSchedule, NetworkNotice, TradingFee, TransferFee


class NoticesPage(PageObject):
    screen = "network information"

    def notices(self) -> list[NetworkNotice]:
        """Every notice listed, past ones included, in screen order."""
        config = self.screens.notices
        self.desk.attempt("network information", lambda: self.desk.go(config.path))
        rows = self.desk.listed(config, config.cells.model_dump(), "network notices")
        return [self._notice(Cells(row, self.values, self.unexpected)) for row in rows]

    def _notice(self, cells: Cells) -> NetworkNotice:
        return NetworkNotice(
            asset=cells.text("asset"),
            network=cells.text("network"),
            kind=cells.label(self.values.notice_kind, "kind", "notice kind"),
            starts_at=cells.time("starts_at", "notice start"),
            ends_at=cells.optional_time("ends_at", "notice end"),
            message=cells.text("message"),
        )


class FeeSchedulePage(PageObject):
    screen = "fee schedule"

    def schedule(self) -> FeeSchedule:
        config = self.screens.fee_schedule
        self.desk.attempt("fee schedule", lambda: self.desk.go(config.path))
        return FeeSchedule(
            trading=tuple(self._trading()),
            withdrawal=tuple(self._transfers(config.withdrawal, "withdrawal fees")),
            deposit=tuple(self._transfers(config.deposit, "deposit fees")),
        )

    def _trading(self) -> list[TradingFee]:
        table = self.screens.fee_schedule.trading
        fees = []
        for row in self._rows(table.table, table.rows, table.cells.model_dump(), "trading fees"):
            cells = Cells(row, self.values, self.unexpected)
            fees.append(TradingFee(
                tier=cells.label(self.values.tier, "tier", "fee tier"),
                maker_percent=cells.decimal("maker", "maker fee"),
                taker_percent=cells.decimal("taker", "taker fee"),
            ))
        return fees

    def _transfers(self, table: TransferTable, what: str) -> list[TransferFee]:
        rows = self._rows(table.table, table.rows, table.cells.model_dump(), what)
        return [
            TransferFee(asset=row["asset"], network=row["network"],
                        fee=Cells(row, self.values, self.unexpected).decimal("fee", what))
            for row in rows
        ]

    def _rows(
        self, table: str, rows: str, cells: dict[str, str], what: str
    ) -> list[dict[str, str]]:
        # A schedule is never empty: no "nothing listed" marker can stand in for a table.
        found = self.desk.rows(table, rows, cells, what)
        if not found:
            raise self.unexpected(f"{what}: the table lists nothing")
        return found
