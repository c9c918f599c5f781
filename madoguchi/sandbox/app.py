"""The sandbox back office as an ASGI app: operator screens, test endpoints, fault knobs."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import date, datetime

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from madoguchi.sandbox import control, customer_pages, operator_pages, screens
from madoguchi.sandbox.data import generate_customers, sandbox_now
from madoguchi.sandbox.html import bad_gateway, page
from madoguchi.sandbox.notices import network_notices
from madoguchi.sandbox.sessions import Sessions
from madoguchi.sandbox.state import SandboxState

DEFAULT_OPERATORS = {"robot": "robot-pass"}
# Requests a browser makes on its own; they are not screens, so faults leave them alone.
_NOT_SCREENS = ("/_sandbox/", "/favicon.ico")


def create_app(
    *,
    seed: int = 7,
    customers: int = 1000,
    operators: Mapping[str, str] | None = None,
    session_idle: float = 900.0,
    max_sessions: int = 4,
    today: date | None = None,
    now: datetime | None = None,
) -> Starlette:
    """A fresh back office seeded with ``customers`` customers from ``seed``.

    ``operators`` maps operator ids to passwords; ``session_idle`` is in seconds;
    ``max_sessions`` is the licence's cap on concurrent operator sessions; ``today`` and
    ``now`` anchor the seeded timestamps (see ``madoguchi.sandbox.data``).
    """
    clock = sandbox_now(today, now)
    state = SandboxState(
        customers=generate_customers(seed, customers, today=today, now=clock),
        operators=dict(operators or DEFAULT_OPERATORS),
        sessions=Sessions(idle=session_idle, cap=max_sessions),
        now=clock,
        notices=network_notices(clock),
    )
    app = Starlette(
        routes=[*operator_pages.ROUTES, *customer_pages.ROUTES, *control.ROUTES]
    )
    app.state.sandbox = state
    app.add_middleware(FaultInjection, state=state)
    return app


class FaultInjection:
    """Applies the current fault knobs to operator pages (never to ``/_sandbox/``).

    Latency first, then an outage (502), then the busy screen: a busy page is answered
    before the screen's handler runs, so it never does anything.
    """

    def __init__(self, app: ASGIApp, *, state: SandboxState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(_NOT_SCREENS):
            await self.app(scope, receive, send)
            return
        faults = self.state.faults
        if faults.latency_ms:
            await asyncio.sleep(faults.latency_ms / 1000)
        if faults.outage:
            await bad_gateway()(scope, receive, send)
            return
        if self._busy(scope):
            self.state.busy_served += 1
            body = screens.busy(self.state.layout)
            await page(screens.BUSY_TITLE, body)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _busy(self, scope: Scope) -> bool:
        """Draws whether this page is busy; every operator page asked for is counted."""
        request = Request(scope)
        key = f"{request.method} {request.url.path}?{request.url.query}"
        self.state.requests[key] += 1
        return self.state.faults.busy(key, self.state.requests[key])
