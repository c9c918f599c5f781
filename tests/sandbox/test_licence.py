"""Idle expiry and the licence's session cap, on a sandbox started with tight settings."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.support.sandbox import RunningSandbox, log_in, page_text, running_sandbox

IDLE_SECONDS = 0.5


@pytest.fixture(scope="module")
def tight_sandbox() -> Iterator[RunningSandbox]:
    """Two licensed sessions that expire after half a second idle."""
    with running_sandbox(customers=50, session_idle=IDLE_SECONDS, max_sessions=2) as sandbox:
        yield sandbox


def test_an_idle_session_expires_and_redirects_to_login(tight_sandbox: RunningSandbox) -> None:
    with tight_sandbox.client() as client:
        log_in(client, tight_sandbox.operator)
        assert client.get("/menu").status_code == 200
        time.sleep(IDLE_SECONDS + 0.2)
        response = client.get("/menu")
    assert response.status_code == 302
    assert response.headers["location"] == "/login"


def test_a_login_beyond_the_cap_shows_the_licence_error(tight_sandbox: RunningSandbox) -> None:
    tight_sandbox.expire_sessions()
    with tight_sandbox.client() as a, tight_sandbox.client() as b, tight_sandbox.client() as c:
        assert log_in(a, tight_sandbox.operator).status_code == 302
        assert log_in(b, tight_sandbox.operator).status_code == 302
        refused = log_in(c, tight_sandbox.operator)
    assert "同時ログイン数の上限" in page_text(refused)
    assert "BOSESSID" not in refused.cookies


def test_idle_expired_sessions_free_their_licence(tight_sandbox: RunningSandbox) -> None:
    with tight_sandbox.client() as a, tight_sandbox.client() as b:
        log_in(a, tight_sandbox.operator)
        log_in(b, tight_sandbox.operator)
        time.sleep(IDLE_SECONDS + 0.2)
    with tight_sandbox.client() as c:
        assert log_in(c, tight_sandbox.operator).status_code == 302
