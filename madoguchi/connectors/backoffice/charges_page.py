"""手数料明細: the fees charged to a customer, one row per transaction, newest first."""

from __future__ import annotations

from urllib.parse import quote

from madoguchi.connectors.backoffice.cells import Cells
from madoguchi.connectors.backoffice.page_object import PageObject
from madoguchi.domain.backoffice import FeeCharge


class ChargesPage(PageObject):
    screen = "fee statement"

    def charges(self, customer_id: str) -> list[FeeCharge]:
        config = self.screens.charges
        path = config.path.format(customer_id=quote(customer_id, safe=""))
        self.desk.attempt("fee statement", lambda: self.desk.go(path))
        rows = self.desk.listed(config, config.cells.model_dump(), "fee statement")
        return [self._charge(Cells(row, self.values, self.unexpected)) for row in rows]

    def _charge(self, cells: Cells) -> FeeCharge:
        return FeeCharge(
            transaction_id=cells.text("transaction_id"),
            kind=cells.label(self.values.fee_kind, "kind", "fee kind"),
            asset=cells.text("asset"),
            network=cells.optional("network"),
            amount=cells.decimal("amount", "amount"),
            fee=cells.decimal("fee", "fee"),
            fee_asset=cells.text("fee_asset"),
            tier=cells.optional_label(self.values.tier, "tier", "fee tier"),
            charged_at=cells.time("charged_at", "charged at"),
        )
