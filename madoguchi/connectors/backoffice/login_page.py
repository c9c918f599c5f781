"""The login screen: logging the operator in, and telling a refusal from a full licence."""

from __future__ import annotations

from madoguchi.connectors.backoffice.errors import LoginRefused, screenshot
from madoguchi.connectors.backoffice.page_object import PageObject, press
from madoguchi.domain.errors import BackOfficeBusy


class LoginPage(PageObject):
    screen = "login screen"

    def log_in(self, username: str, password: str) -> None:
        """Log in and land on the frameset.

        Raises ``BackOfficeBusy`` at the session cap (after the connector's retries) and
        ``LoginRefused`` when the credentials are refused. Once the form went through, only
        the frameset is loaded again on trouble: posting it again would open a second
        operator session.
        """
        self.desk.attempt("login", lambda: self._submit(username, password))
        if self.desk.page.frame(name=self.screens.frames.main) is None:
            self.desk.attempt("frameset", self.desk.open_frameset)
        else:
            self.desk.find_main()

    def _submit(self, username: str, password: str) -> None:
        config, page, desk = self.screens.login, self.desk.page, self.desk
        desk.check(page.main_frame, page.goto(desk.url(config.path)), login_ok=True)
        desk.one(page.main_frame, config.username, "operator id field").fill(username)
        desk.one(page.main_frame, config.password, "password field").fill(password)
        button = desk.one(page.main_frame, config.submit, "login button")
        with page.expect_navigation(wait_until="load") as navigation:
            press(button)
        if not desk.at(page.main_frame, config.path):
            return  # sent on from the login screen: logged in, whatever the next page says
        desk.check(page.main_frame, navigation.value, login_ok=True)
        errors = page.locator(config.error).all_inner_texts()
        if any(config.session_cap_text in error for error in errors):
            raise BackOfficeBusy("back office login: every licensed operator session is in use")
        if errors:
            raise LoginRefused(
                "back office login: the operator id or password was refused",
                screenshot=screenshot(page, self.screens.personal_data),
            )
        raise self.unexpected("after login neither the frameset nor an error message is shown")
