"""The "send password-reset mail" action: one send per press, behind a confirm() dialog."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import httpx
import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.sandbox.screen_html import cell, rows
from tests.support.sandbox import RunningSandbox, csrf_token, page_text
from tests.support.services import require_binary


def press(client: httpx.Client, customer_id: str, token: str | None = None) -> httpx.Response:
    path = f"/customers/{customer_id}"
    token = csrf_token(client.get(path)) if token is None else token
    return client.post(f"{path}/password-reset", data={"csrf_token": token})


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = require_binary("/usr/bin/chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


def test_a_press_records_one_send_and_shows_it_on_the_screen(
    operator_client: httpx.Client, clean_sandbox: RunningSandbox
) -> None:
    truth = clean_sandbox.customer(scenario="events:quiet")
    response = press(operator_client, truth["customer_id"])
    assert response.status_code == 302
    html = page_text(operator_client.get(response.headers["location"]))
    [sent] = clean_sandbox.actions("send_password_reset")
    assert sent["customer_id"] == truth["customer_id"]
    shown = cell(html, "lastResetAt")
    assert abs(datetime.strptime(shown, "%Y/%m/%d %H:%M") - datetime.fromisoformat(
        sent["at"]).replace(tzinfo=None)) < timedelta(minutes=1)
    assert "パスワード再設定メールを送信しました。" in html
    assert rows(html, "eventRow")[0] == {"evAt": shown, "evKind": "パスワード再設定メール送信"}


def test_a_press_without_the_csrf_token_sends_nothing(
    operator_client: httpx.Client, clean_sandbox: RunningSandbox
) -> None:
    truth = clean_sandbox.customer(scenario="events:quiet")
    assert press(operator_client, truth["customer_id"], token="forged").status_code == 403
    assert clean_sandbox.actions("send_password_reset") == []


def test_each_press_is_one_send(
    operator_client: httpx.Client, clean_sandbox: RunningSandbox
) -> None:
    truth = clean_sandbox.customer(scenario="events:quiet")
    press(operator_client, truth["customer_id"])
    press(operator_client, truth["customer_id"])
    assert len(clean_sandbox.actions("send_password_reset")) == 2


@pytest.mark.services
@pytest.mark.parametrize(("accept", "sends"), [(False, 0), (True, 1)], ids=["dismiss", "accept"])
def test_the_button_sends_only_when_its_confirm_dialog_is_accepted(
    browser: Browser, clean_sandbox: RunningSandbox, accept: bool, sends: int
) -> None:
    truth = clean_sandbox.customer(scenario="events:quiet")
    context = browser.new_context()
    page = context.new_page()
    asked: list[str] = []
    page.on("dialog", lambda d: (asked.append(d.message), d.accept() if accept else d.dismiss()))
    page.goto(f"{clean_sandbox.base_url}/login")
    page.fill("input[name=operator_id]", clean_sandbox.operator[0])
    page.fill("input[name=password]", clean_sandbox.operator[1])
    with page.expect_navigation():
        page.click("input[name=btnLogin]")
    main = page.frame(name="main")
    assert main is not None
    main.goto(f"{clean_sandbox.base_url}/customers/{truth['customer_id']}")
    if accept:
        with main.expect_navigation():
            main.click("input[name=btnSendReset]")
    else:
        main.click("input[name=btnSendReset]")
    context.close()
    assert asked == ["パスワード再設定メールを送信します。よろしいですか？"]
    assert len(clean_sandbox.actions("send_password_reset")) == sends
