"""The login screen over real HTTP: CSRF token, credentials, session cookie, logout."""

from __future__ import annotations

import httpx

from tests.support.sandbox import RunningSandbox, csrf_token, log_in, page_text


def test_pages_are_shift_jis(clean_sandbox: RunningSandbox) -> None:
    with clean_sandbox.client() as client:
        response = client.get("/login")
    assert response.headers["content-type"] == "text/html; charset=Shift_JIS"
    assert b'<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">' in (
        response.content
    )
    assert "ログイン" in page_text(response)
    assert "ログイン".encode("cp932") in response.content


def test_a_login_without_the_csrf_token_is_refused(clean_sandbox: RunningSandbox) -> None:
    with clean_sandbox.client() as client:
        client.get("/login")
        response = client.post("/login", data={"operator_id": "robot", "password": "robot-pass"})
    assert response.status_code == 403
    assert "BOSESSID" not in response.cookies


def test_a_token_without_its_pre_session_cookie_is_refused(
    clean_sandbox: RunningSandbox,
) -> None:
    with clean_sandbox.client() as first, clean_sandbox.client() as second:
        token = csrf_token(first.get("/login"))
        response = second.post(
            "/login", data={"csrf_token": token, "operator_id": "robot", "password": "robot-pass"}
        )
    assert response.status_code == 403


def test_a_wrong_password_is_refused(clean_sandbox: RunningSandbox) -> None:
    with clean_sandbox.client() as client:
        response = log_in(client, ("robot", "wrong"))
        after = client.get("/menu")
    assert "正しくありません" in page_text(response)
    assert "BOSESSID" not in response.cookies
    assert after.status_code == 302


def test_a_login_sets_an_http_only_session_cookie_and_opens_the_frameset(
    clean_sandbox: RunningSandbox,
) -> None:
    with clean_sandbox.client() as client:
        response = log_in(client, clean_sandbox.operator)
        frameset = page_text(client.get(response.headers["location"]))
        menu = page_text(client.get("/menu"))
    assert response.status_code == 302
    assert response.headers["location"] == "/"
    assert "BOSESSID=" in response.headers["set-cookie"]
    assert "httponly" in response.headers["set-cookie"].lower()
    assert '<frame name="menu" src="/menu"' in frameset
    assert '<frame name="main" src="/welcome"' in frameset
    for screen in ("顧客検索", "手数料表", "ネットワーク情報", "ログアウト"):
        assert f'target="main">{screen}<' in menu or f'target="_top">{screen}<' in menu


def test_without_a_session_pages_redirect_to_login(clean_sandbox: RunningSandbox) -> None:
    with clean_sandbox.client() as client:
        response = client.get("/customers/C000001")
    assert response.status_code == 302
    assert response.headers["location"] == "/login"


def test_an_unknown_session_cookie_redirects_to_login(clean_sandbox: RunningSandbox) -> None:
    with clean_sandbox.client(cookies={"BOSESSID": "forged"}) as client:
        response = client.get("/menu")
    assert response.headers["location"] == "/login"


def test_logout_ends_the_session(operator_client: httpx.Client) -> None:
    operator_client.get("/logout")
    assert operator_client.get("/menu").status_code == 302
