"""The customer search screen: finding a customer by registered e-mail address."""

from __future__ import annotations

from madoguchi.connectors.backoffice.page_object import PageObject


class SearchPage(PageObject):
    screen = "search screen"

    def search(self, email: str) -> str | None:
        """The link to the one customer registered under ``email``, or None for none.

        Several results for one address would mean the robot cannot tell whose account
        it is, so that is an unexpected page, never a guess. A search only reads, so the
        whole form round trip is retried on a busy back office.
        """
        return self.desk.attempt("customer search", lambda: self._search(email))

    def _search(self, email: str) -> str | None:
        config, desk = self.screens.search, self.desk
        desk.go(config.path)
        desk.one(desk.main, config.email, "e-mail field").fill(email)
        desk.submit(desk.main, config.submit, "search button")
        if desk.main.locator(config.no_result).count():
            return None
        href = desk.one(desk.main, config.result_links, "result link").get_attribute("href")
        if not href:
            raise self.unexpected("the result link has no address")
        return href
