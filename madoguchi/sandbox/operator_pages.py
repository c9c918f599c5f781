"""The operator's general screens: login, the frameset and menu, search, fees, network, logout.

The customer's own screens are in ``customer_pages``. After login the operator lands on
the frameset (``/``): the menu frame on the left, the ``main`` frame that screens open in.
A request without a live session is redirected to the login page (inside whatever frame
asked, as legacy frame applications do).
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import cast
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from madoguchi.sandbox import info_screens, screens
from madoguchi.sandbox.data import normalise_email
from madoguchi.sandbox.html import ENCODING, frameset, page
from madoguchi.sandbox.layout import name
from madoguchi.sandbox.sessions import OperatorSession, SessionCapReached
from madoguchi.sandbox.state import SandboxState

SESSION_COOKIE = "BOSESSID"
PRE_SESSION_COOKIE = "BOPRELOGIN"

Handler = Callable[[Request, OperatorSession], Awaitable[Response]]


def state_of(request: Request) -> SandboxState:
    return cast(SandboxState, request.app.state.sandbox)


async def form_of(request: Request) -> dict[str, str]:
    """The posted form, decoded as Shift_JIS (the page's charset); first value per name."""
    body = (await request.body()).decode("latin-1")
    fields = parse_qs(body, keep_blank_values=True, encoding=ENCODING, errors="replace")
    return {name: values[0] for name, values in fields.items()}


def to_login() -> Response:
    return RedirectResponse("/login", status_code=302)


def signed_in(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """Run ``handler`` with the caller's live session, or send the caller to the login page."""

    async def endpoint(request: Request) -> Response:
        session = state_of(request).sessions.touch(request.cookies.get(SESSION_COOKIE))
        if session is None:
            return to_login()
        return await handler(request, session)

    return endpoint


async def login_form(request: Request) -> Response:
    return _login_page(request)


async def login(request: Request) -> Response:
    state, form = state_of(request), await form_of(request)
    pre_id = request.cookies.get(PRE_SESSION_COOKIE)
    if not state.sessions.check_login_token(pre_id, form.get("csrf_token", "")):
        state.log.record("login_refused", operator=None, session_id=None, detail="csrf")
        return page("エラー", screens.error(state.layout, "不正なリクエストです。"), status=403)
    operator = form.get(name(state.layout, "operator_id"), "")
    if not _password_ok(state, operator, form.get(name(state.layout, "password"), "")):
        state.log.record("login_refused", operator=None, session_id=None, detail="credentials")
        return _login_page(request, "オペレーターIDまたはパスワードが正しくありません。")
    try:
        session = state.sessions.open(operator)
    except SessionCapReached:
        state.log.record("login_refused", operator=operator, session_id=None, detail="cap")
        message = "同時ログイン数の上限に達しています。しばらくしてから再度ログインしてください。"
        return page("エラー", screens.error(state.layout, message))
    state.log.record("login", operator=operator, session_id=session.session_id)
    response = RedirectResponse("/", status_code=302)
    response.set_cookie(SESSION_COOKIE, session.session_id, httponly=True, samesite="lax")
    response.delete_cookie(PRE_SESSION_COOKIE)
    return response


async def logout(request: Request) -> Response:
    state = state_of(request)
    session = state.sessions.touch(request.cookies.get(SESSION_COOKIE))
    if session is not None:
        state.sessions.close(session.session_id)
        state.log.record("logout", operator=session.operator, session_id=session.session_id)
    response = to_login()
    response.delete_cookie(SESSION_COOKIE)
    return response


@signed_in
async def home(request: Request, session: OperatorSession) -> Response:
    return frameset(name(state_of(request).layout, "main"))


@signed_in
async def menu(request: Request, session: OperatorSession) -> Response:
    return page("メニュー", screens.menu(state_of(request).layout), operator=session.operator)


@signed_in
async def welcome(request: Request, session: OperatorSession) -> Response:
    return page("業務選択", screens.welcome(), operator=session.operator)


@signed_in
async def search_form(request: Request, session: OperatorSession) -> Response:
    body = screens.search(state_of(request).layout, session.csrf_token)
    return page("顧客検索", body, operator=session.operator)


@signed_in
async def search(request: Request, session: OperatorSession) -> Response:
    state, form = state_of(request), await form_of(request)
    if not csrf_ok(form, session):
        return forbidden(state)
    email = form.get(name(state.layout, "email"), "")
    found = state.by_email.get(normalise_email(email))
    state.log.record(
        "search",
        operator=session.operator,
        session_id=session.session_id,
        customer_id=found.customer_id if found else None,
    )
    body = screens.search(state.layout, session.csrf_token, email, [found] if found else [])
    return page("顧客検索", body, operator=session.operator)


@signed_in
async def fees(request: Request, session: OperatorSession) -> Response:
    body = info_screens.fee_schedule(state_of(request).layout)
    return page("手数料表", body, operator=session.operator)


@signed_in
async def network(request: Request, session: OperatorSession) -> Response:
    state = state_of(request)
    body = info_screens.network(state.layout, state.notices)
    return page("ネットワーク情報", body, operator=session.operator)


def csrf_ok(form: dict[str, str], session: OperatorSession) -> bool:
    return hmac.compare_digest(form.get("csrf_token", ""), session.csrf_token)


def forbidden(state: SandboxState) -> Response:
    body = screens.error(state.layout, "不正なリクエストです。", back="/")
    return page("エラー", body, status=403)


def _password_ok(state: SandboxState, operator: str, password: str) -> bool:
    expected = state.operators.get(operator)
    return expected is not None and hmac.compare_digest(expected.encode(), password.encode())


def _login_page(request: Request, error: str | None = None) -> Response:
    """The login form with a fresh CSRF token tied to a new pre-session cookie."""
    pre_id, token = state_of(request).sessions.begin_login()
    response = page("ログイン", screens.login(state_of(request).layout, token, error))
    response.set_cookie(PRE_SESSION_COOKIE, pre_id, httponly=True, samesite="lax")
    return response


ROUTES = [
    Route("/", home),
    Route("/login", login_form, methods=["GET"]),
    Route("/login", login, methods=["POST"]),
    Route("/logout", logout, methods=["GET", "POST"]),
    Route("/menu", menu),
    Route("/welcome", welcome),
    Route("/fees", fees),
    Route("/network", network),
    Route("/customers/search", search_form, methods=["GET"]),
    Route("/customers/search", search, methods=["POST"]),
]
