"""The sandbox back office as an ASGI app: operator screens, test endpoints, fault knobs."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import date

from starlette.applications import Starlette
from starlette.types import ASGIApp, Receive, Scope, Send

from madoguchi.sandbox import control, operator_pages
from madoguchi.sandbox.data import generate_customers
from madoguchi.sandbox.sessions import Sessions
from madoguchi.sandbox.state import SandboxState

DEFAULT_OPERATORS = {"robot": "robot-pass"}


def create_app(
    *,
    seed: int = 7,
    customers: int = 1000,
    operators: Mapping[str, str] | None = None,
    session_idle: float = 900.0,
    max_sessions: int = 4,
    today: date | None = None,
) -> Starlette:
    """A fresh back office seeded with ``customers`` customers from ``seed``.

    ``operators`` maps operator ids to passwords; ``session_idle`` is in seconds;
    ``max_sessions`` is the licence's cap on concurrent operator sessions; ``today``
    anchors the seeded timestamps (default: the current day in JST).
    """
    state = SandboxState(
        customers=generate_customers(seed, customers, today=today),
        operators=dict(operators or DEFAULT_OPERATORS),
        sessions=Sessions(idle=session_idle, cap=max_sessions),
    )
    app = Starlette(routes=[*operator_pages.ROUTES, *control.ROUTES])
    app.state.sandbox = state
    app.add_middleware(FaultInjection, state=state)
    return app


class FaultInjection:
    """Applies the current fault knobs to operator pages (never to ``/_sandbox/``)."""

    def __init__(self, app: ASGIApp, *, state: SandboxState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope["path"].startswith("/_sandbox/"):
            faults = self.state.faults
            if faults.latency_ms:
                await asyncio.sleep(faults.latency_ms / 1000)
        await self.app(scope, receive, send)
