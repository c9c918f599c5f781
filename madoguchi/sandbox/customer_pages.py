"""The customer's screens: account page, withdrawal history, fee statement, password reset.

Viewing and the reset are recorded in the action log (``view_customer``,
``view_withdrawals``, ``view_fees``, ``send_password_reset``); the reset also becomes a
security event. With the ``reset_delay_ms`` knob the reset is recorded first and answered
late, the way a slow back end lets a browser's submit time out after it went through.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from madoguchi.sandbox import customer_screens, history_screens, screens
from madoguchi.sandbox.data import SeededCustomer
from madoguchi.sandbox.html import page
from madoguchi.sandbox.layout import name
from madoguchi.sandbox.operator_pages import csrf_ok, forbidden, form_of, signed_in, state_of
from madoguchi.sandbox.sessions import OperatorSession

CustomerHandler = Callable[[Request, OperatorSession, SeededCustomer], Awaitable[Response]]


def with_customer(handler: CustomerHandler) -> Callable[[Request], Awaitable[Response]]:
    """Run ``handler`` signed in, with the customer named in the path (as now), or a 404."""

    async def endpoint(request: Request, session: OperatorSession) -> Response:
        state = state_of(request)
        found = state.by_id.get(request.path_params["customer_id"])
        if found is None:
            body = screens.error(state.layout, "指定された顧客は存在しません。", back="/")
            return page("エラー", body, operator=session.operator, status=404)
        return await handler(request, session, state.current(found))

    return signed_in(endpoint)


@with_customer
async def customer(request: Request, session: OperatorSession, person: SeededCustomer) -> Response:
    state = state_of(request)
    _record(request, session, "view_customer", person)
    sent = request.query_params.get("reset") == "sent"
    body = customer_screens.customer(state.layout, person, session.csrf_token, reset_sent=sent)
    return page("顧客情報", body, operator=session.operator)


@with_customer
async def withdrawals(
    request: Request, session: OperatorSession, person: SeededCustomer
) -> Response:
    layout, params = state_of(request).layout, request.query_params
    filters = history_screens.Filters(
        *(params.get(name(layout, key), "").strip() for key in ("asset", "status", "from", "to"))
    )
    error = None if filters.valid() else "申請日は YYYY/MM/DD の形式で入力してください。"
    _record(request, session, "view_withdrawals", person)
    number = history_screens.parse_page(params.get(name(layout, "page"), "1"))
    body = history_screens.withdrawals(layout, person, filters, number, error)
    return page("出金履歴", body, operator=session.operator)


@with_customer
async def charges(request: Request, session: OperatorSession, person: SeededCustomer) -> Response:
    _record(request, session, "view_fees", person)
    body = customer_screens.charges(state_of(request).layout, person)
    return page("手数料明細", body, operator=session.operator)


@with_customer
async def password_reset(
    request: Request, session: OperatorSession, person: SeededCustomer
) -> Response:
    state = state_of(request)
    if not csrf_ok(await form_of(request), session):
        return forbidden(state)
    state.record_reset(person.customer_id)
    _record(request, session, "send_password_reset", person)
    if state.faults.reset_delay_ms:
        await asyncio.sleep(state.faults.reset_delay_ms / 1000)
    return RedirectResponse(f"/customers/{person.customer_id}?reset=sent", status_code=302)


def _record(
    request: Request, session: OperatorSession, action: str, person: SeededCustomer
) -> None:
    state_of(request).log.record(
        action,
        operator=session.operator,
        session_id=session.session_id,
        customer_id=person.customer_id,
    )


ROUTES = [
    Route("/customers/{customer_id}", customer, methods=["GET"]),
    Route("/customers/{customer_id}/withdrawals", withdrawals, methods=["GET"]),
    Route("/customers/{customer_id}/fees", charges, methods=["GET"]),
    Route("/customers/{customer_id}/password-reset", password_reset, methods=["POST"]),
]
