"""The customer screen: account, identity verification, security history, the reset action."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from playwright.sync_api import Dialog

from madoguchi.connectors.backoffice.cells import Cells
from madoguchi.connectors.backoffice.page_object import PageObject
from madoguchi.domain.backoffice import (
    Customer,
    KycRecord,
    KycStatus,
    RejectionCategory,
    SecurityEvent,
)

_ACCOUNT = (
    "customer_id", "name", "email", "account_state", "security_hold", "tier",
    "anti_phishing_code",
)
_KYC = ("kyc_status", "rejection", "submitted_at", "updated_at")
# How a field is named in error messages, where its key does not say it well enough.
_WHAT = {"customer_id": "customer id", "kyc_status": "KYC status", "email": "e-mail"}


class CustomerPage(PageObject):
    screen = "customer screen"

    def show(self, customer_id: str, *, fresh: bool = False) -> None:
        """Load the customer's screen unless the main frame shows it already (or ``fresh``)."""
        path = self.screens.customer.path.format(customer_id=quote(customer_id, safe=""))
        if fresh or not self._showing(path):
            self.desk.attempt("customer screen", lambda: self.desk.go(path))
        if self._cells(("customer_id",)).text("customer_id") != customer_id:
            raise self.unexpected("the screen shows another customer than the one asked for")

    def customer(self) -> Customer:
        cells, values = self._cells(_ACCOUNT), self.values
        return Customer(
            customer_id=cells.text("customer_id"),
            name=cells.text("name"),
            email=cells.text("email"),
            account_state=cells.label(values.account_state, "account_state", "account state"),
            security_hold=cells.label(values.security_hold, "security_hold", "security hold"),
            anti_phishing_code=cells.optional("anti_phishing_code"),
            tier=cells.label(values.tier, "tier", "fee tier"),
        )

    def kyc(self) -> KycRecord:
        cells, values = self._cells(_KYC), self.values
        status: KycStatus = cells.label(values.kyc_status, "kyc_status", "KYC status")
        rejection: RejectionCategory | None = None
        if status is KycStatus.REJECTED:
            rejection = cells.label(values.rejection, "rejection", "rejection reason")
        return KycRecord(
            status=status,
            missing_documents=self._documents(),
            rejection=rejection,
            submitted_at=cells.optional_time("submitted_at", "submitted at"),
            updated_at=cells.optional_time("updated_at", "updated at"),
        )

    def events(self) -> tuple[SecurityEvent, ...]:
        """The security history as listed (newest first)."""
        listing = self.screens.customer.events
        rows = self.desk.listed(listing, listing.cells.model_dump(), "security history")
        return tuple(self._event(Cells(row, self.values, self.unexpected)) for row in rows)

    def last_reset(self) -> datetime | None:
        """最終送信日時: when the latest password-reset mail went out, or None."""
        selector = self.screens.customer.reset.last_sent
        text = self.single(self.desk.texts({"last": selector}), "last", "last reset sent")
        return Cells({"last": text}, self.values, self.unexpected).optional_time(
            "last", "last reset sent"
        )

    def press_reset(self) -> datetime | None:
        """Press "send password-reset mail", accept its confirm dialog, and read the result.

        Returns 最終送信日時 as the page shows it afterwards. Never retried here: a
        transient error leaves the send in doubt, for the caller to settle by reading.
        """
        config, desk = self.screens.customer.reset, self.desk
        seen: list[str] = []

        def answer(dialog: Dialog) -> None:
            seen.append(dialog.message)
            if config.confirm_text in dialog.message:
                dialog.accept()
            else:
                dialog.dismiss()

        desk.page.once("dialog", answer)
        desk.submit(desk.main, config.button, "reset button")
        if seen and config.confirm_text not in seen[0]:
            raise self.unexpected("the reset button asked a question the robot does not expect")
        if not desk.main.locator(config.done).count():
            raise self.unexpected("after pressing reset the page does not say it was sent")
        return self.last_reset()

    def _showing(self, path: str) -> bool:
        frame = self.desk.main
        return self.desk.at(frame, path) and self.screens.busy_text not in frame.title()

    def _cells(self, keys: tuple[str, ...]) -> Cells:
        """The single texts of the fields ``keys``, read in one round trip."""
        config = self.screens.customer
        selectors = {key: getattr(config, key) for key in keys}
        texts = self.desk.texts(selectors)
        single = {key: self.single(texts, key, _WHAT.get(key, key)) for key in selectors}
        return Cells(single, self.values, self.unexpected)

    def _documents(self) -> tuple[str, ...]:
        config, meanings = self.screens.customer, self.values.documents
        texts = self.desk.texts({
            "cell": config.missing_documents, "items": config.missing_document_items
        })
        self.single(texts, "cell", "missing documents")
        unknown = [label for label in texts["items"] if label not in meanings]
        if unknown:
            raise self.unexpected(f"{len(unknown)} missing-document labels are not configured")
        return tuple(meanings[label] for label in texts["items"])

    def _event(self, cells: Cells) -> SecurityEvent:
        return SecurityEvent(
            kind=cells.label(self.values.event_kind, "kind", "security event kind"),
            at=cells.time("at", "security event time"),
        )
