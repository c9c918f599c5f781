"""Fixtures of the back-office connector suite: the sandbox, Chromium, and gateways to it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from madoguchi.connectors.backoffice import PlaywrightBackOffice, open_backoffice
from madoguchi.connectors.backoffice.screens import DEFAULT_SELECTORS
from tests.support.sandbox import RunningSandbox
from tests.support.sandbox import sandbox as sandbox  # the shared fixture, re-exported
from tests.support.services import require_binary

CHROMIUM = "/usr/bin/chromium"

GatewayFactory = Callable[..., PlaywrightBackOffice]


@pytest.fixture(scope="session")
def chromium() -> str:
    """The Chromium binary; skips locally and fails in CI when it is missing."""
    return require_binary(CHROMIUM)


@pytest.fixture
def clean_sandbox(sandbox: RunningSandbox) -> RunningSandbox:
    """The shared sandbox with an empty action log and no faults."""
    sandbox.reset()
    return sandbox


@pytest.fixture
def make_gateway(chromium: str) -> Iterator[GatewayFactory]:
    """Builds gateways (closed after the test) to a sandbox, with options for open_backoffice."""
    made: list[PlaywrightBackOffice] = []

    def make(sandbox: RunningSandbox, **options: Any) -> PlaywrightBackOffice:
        username, password = options.pop("operator", sandbox.operator)
        gateway = open_backoffice(
            sandbox.base_url, username, password, chromium_path=chromium, **options
        )
        made.append(gateway)
        return gateway

    yield make
    for gateway in made:
        gateway.close()


@pytest.fixture
def gateway(make_gateway: GatewayFactory, clean_sandbox: RunningSandbox) -> PlaywrightBackOffice:
    """A fresh gateway (own browser, not yet logged in) to the shared sandbox."""
    return make_gateway(clean_sandbox)


@pytest.fixture(scope="module")
def shared_gateway(chromium: str, sandbox: RunningSandbox) -> Iterator[PlaywrightBackOffice]:
    """One gateway for a module's read-only tests, so they share one browser and login."""
    gateway = open_backoffice(sandbox.base_url, *sandbox.operator, chromium_path=chromium)
    yield gateway
    gateway.close()


@pytest.fixture
def broken_selectors(tmp_path: Path) -> Callable[[str, str], Path]:
    """Writes a copy of the shipped selectors.yaml with one line replaced."""
    def write(old: str, new: str) -> Path:
        text = DEFAULT_SELECTORS.read_text(encoding="utf-8")
        assert old in text
        path = tmp_path / "selectors.yaml"
        path.write_text(text.replace(old, new), encoding="utf-8")
        return path

    return write
