"""The command line: serving, and refusing bad options."""

from __future__ import annotations

import pytest

from madoguchi.sandbox import main
from tests.support.sandbox import running_sandbox


def test_the_sandbox_announces_the_address_it_listens_on() -> None:
    with running_sandbox(customers=10) as sandbox:
        assert sandbox.base_url.startswith("http://127.0.0.1:")
        assert len(sandbox.customers()) == 10


def test_an_operator_without_a_password_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--operator", "robot"]) == 2
    assert "ID:PASSWORD" in capsys.readouterr().err
