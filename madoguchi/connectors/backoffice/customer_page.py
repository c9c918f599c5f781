"""The customer screen: the account and its identity-verification section, as domain values."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TypeVar
from urllib.parse import quote

from madoguchi.connectors.backoffice.page_object import PageObject
from madoguchi.domain.backoffice import Customer, KycRecord, KycStatus, RejectionCategory

T = TypeVar("T")


class CustomerPage(PageObject):
    screen = "customer screen"

    def show(self, customer_id: str) -> None:
        """Load the customer's screen unless the page already shows it."""
        path = self.screens.customer.path.format(customer_id=quote(customer_id, safe=""))
        if not self.at(path):
            self.go(path)
        if self.text(self.screens.customer.customer_id, "customer id") != customer_id:
            raise self.unexpected("the screen shows another customer than the one asked for")

    def customer(self) -> Customer:
        config = self.screens.customer
        return Customer(
            customer_id=self.text(config.customer_id, "customer id"),
            name=self.text(config.name, "name"),
            email=self.text(config.email, "e-mail"),
            account_state=self._meaning(
                self.screens.values.account_state, config.account_state, "account state"
            ),
        )

    def kyc(self) -> KycRecord:
        config, values = self.screens.customer, self.screens.values
        status: KycStatus = self._meaning(values.kyc_status, config.kyc_status, "KYC status")
        rejection: RejectionCategory | None = None
        if status is KycStatus.REJECTED:
            rejection = self._meaning(values.rejection, config.rejection, "rejection reason")
        return KycRecord(
            status=status,
            missing_documents=self._documents(),
            rejection=rejection,
            submitted_at=self._time(config.submitted_at, "submitted at"),
            updated_at=self._time(config.updated_at, "updated at"),
        )

    def _meaning(self, meanings: Mapping[str, T], selector: str, what: str) -> T:
        """What the label in ``selector`` means; a label not configured is unexpected."""
        label = self.text(selector, what)
        if label not in meanings:
            raise self.unexpected(f"{what} shows a label that selectors.yaml does not know")
        return meanings[label]

    def _documents(self) -> tuple[str, ...]:
        config, meanings = self.screens.customer, self.screens.values.documents
        cell = self.one(config.missing_documents, "missing documents")
        items = cell.locator(config.missing_document_items).all_inner_texts()
        labels = [label.strip() for label in items]
        unknown = [label for label in labels if label not in meanings]
        if unknown:
            raise self.unexpected(f"{len(unknown)} missing-document labels are not configured")
        return tuple(meanings[label] for label in labels)

    def _time(self, selector: str, what: str) -> datetime | None:
        text = self.text(selector, what)
        if text in self.screens.values.empty:
            return None
        try:
            return self.screens.values.parse_time(text)
        except ValueError:
            raise self.unexpected(f"{what} is not a time in the configured format") from None
