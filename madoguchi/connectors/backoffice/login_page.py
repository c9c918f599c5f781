"""The login screen: logging the operator in, and telling a refusal from a full licence."""

from __future__ import annotations

from madoguchi.connectors.backoffice.errors import LoginRefused, screenshot
from madoguchi.connectors.backoffice.page_object import PageObject
from madoguchi.domain.errors import BackOfficeBusy


class LoginPage(PageObject):
    screen = "login screen"

    def log_in(self, username: str, password: str) -> None:
        """Log in; raises ``BackOfficeBusy`` at the session cap, ``LoginRefused`` if refused."""
        config = self.screens.login
        self.go(config.path, login_ok=True)
        self.one(config.username, "operator id field").fill(username)
        self.one(config.password, "password field").fill(password)
        self.submit(config.submit, "login button", login_ok=True)
        if self.present(config.landed):
            return
        errors = self.page.locator(config.error).all_inner_texts()
        if any(config.session_cap_text in error for error in errors):
            raise BackOfficeBusy("back office login: every licensed operator session is in use")
        if errors:
            raise LoginRefused(
                "back office login: the operator id or password was refused",
                screenshot=screenshot(self.page, self.personal_data),
            )
        raise self.unexpected("after login neither the menu nor an error message is shown")
