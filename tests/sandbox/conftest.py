"""Fixtures of the sandbox suite: a running sandbox and logged-in HTTP clients."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.support.sandbox import RunningSandbox, log_in
from tests.support.sandbox import sandbox as sandbox  # the shared fixture, re-exported


@pytest.fixture
def clean_sandbox(sandbox: RunningSandbox) -> RunningSandbox:
    """The shared sandbox with an empty action log and no faults."""
    sandbox.reset()
    return sandbox


@pytest.fixture
def operator_client(clean_sandbox: RunningSandbox) -> Iterator[httpx.Client]:
    """An HTTP client logged in as the robot operator (logged out afterwards)."""
    with clean_sandbox.client() as client:
        assert log_in(client, clean_sandbox.operator).status_code == 302
        yield client
        client.get("/logout")
