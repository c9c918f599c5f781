"""The customer search screen: finding a customer by registered e-mail address."""

from __future__ import annotations

from madoguchi.connectors.backoffice.page_object import PageObject


class SearchPage(PageObject):
    screen = "search screen"

    def search(self, email: str) -> bool:
        """Search for ``email``; True when exactly one customer is listed, False for none.

        Several results for one address would mean the robot cannot tell whose account
        it is, so that is an unexpected page, never a guess.
        """
        config = self.screens.search
        self.go(config.path)
        self.one(config.email, "e-mail field").fill(email)
        self.submit(config.submit, "search button")
        if self.present(config.no_result):
            return False
        self.one(config.result_links, "result link")
        return True

    def open_result(self) -> None:
        """Follow the single result's link to the customer screen."""
        self.submit(self.screens.search.result_links, "result link")
