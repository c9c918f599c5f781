"""Test-only endpoints under ``/_sandbox/``: the action log, the seeded truth, fault knobs.

The product never calls these; tests and the demo use them to compute expected answers
and to break the back office on purpose. The truth includes what operators changed
(password-reset mails sent since start).
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from madoguchi.sandbox.customer_screens import last_reset
from madoguchi.sandbox.data import SeededCustomer, find_customers
from madoguchi.sandbox.faults import FaultError
from madoguchi.sandbox.operator_pages import state_of
from madoguchi.sandbox.records import iso
from madoguchi.sandbox.schedule import schedule_json


async def actions(request: Request) -> Response:
    return JSONResponse(state_of(request).log.as_json())


async def reset(request: Request) -> Response:
    """Back to the seeded state: clear the action log, forget reset mails sent, busy counts.

    Sessions and fault knobs are left as they are.
    """
    state_of(request).forget()
    return JSONResponse({"ok": True})


async def customers(request: Request) -> Response:
    """The customers matching ``email``, ``kyc_status``, ``rejection``, ``account_state``
    and ``scenario``, with their records as they stand now."""
    state, params = state_of(request), request.query_params
    found = find_customers(
        state.customers,
        email=params.get("email"),
        kyc_status=params.get("kyc_status"),
        rejection=params.get("rejection"),
        account_state=params.get("account_state"),
        scenario=params.get("scenario"),
    )
    return JSONResponse([_truth(state.current(customer)) for customer in found])


async def notices(request: Request) -> Response:
    return JSONResponse([notice.as_json() for notice in state_of(request).notices])


async def fees(request: Request) -> Response:
    return JSONResponse(schedule_json())


async def clock(request: Request) -> Response:
    """The ``now`` the seeded records count back from."""
    return JSONResponse({"now": state_of(request).now.isoformat()})


async def stats(request: Request) -> Response:
    """How many operator pages were asked for, and busy screens served, since the last reset."""
    state = state_of(request)
    return JSONResponse(
        {"pages": sum(state.requests.values()), "busy_served": state.busy_served}
    )


async def faults(request: Request) -> Response:
    """GET: the current knobs. POST a JSON object of knobs to change; the rest stay."""
    state = state_of(request)
    if request.method == "POST":
        try:
            state.faults = state.faults.updated(_json_object(await request.body()))
        except FaultError as error:
            return JSONResponse({"error": str(error)}, status_code=400)
    return JSONResponse(state.faults.as_json())


async def expire_sessions(request: Request) -> Response:
    expired = state_of(request).sessions.expire_all()
    return JSONResponse({"expired": expired})


async def sessions(request: Request) -> Response:
    return JSONResponse({"live": state_of(request).sessions.live()})


def _truth(customer: SeededCustomer) -> dict[str, object]:
    return {**customer.as_json(), "last_password_reset_at": iso(last_reset(customer))}


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        value = json.loads(body or b"{}")
    except ValueError as error:
        raise FaultError(f"body is not JSON: {error}") from error
    if not isinstance(value, dict):
        raise FaultError("body must be a JSON object")
    return value


ROUTES = [
    Route("/_sandbox/actions", actions, methods=["GET"]),
    Route("/_sandbox/reset", reset, methods=["POST"]),
    Route("/_sandbox/customers", customers, methods=["GET"]),
    Route("/_sandbox/faults", faults, methods=["GET", "POST"]),
    Route("/_sandbox/expire-sessions", expire_sessions, methods=["POST"]),
    Route("/_sandbox/sessions", sessions, methods=["GET"]),
    Route("/_sandbox/notices", notices, methods=["GET"]),
    Route("/_sandbox/fees", fees, methods=["GET"]),
    Route("/_sandbox/now", clock, methods=["GET"]),
    Route("/_sandbox/stats", stats, methods=["GET"]),
]
