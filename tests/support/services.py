"""The rule for tests that need a real service: skip on a laptop without it, fail in CI.

CI sets ``CI=true`` (``.ci/run`` does); there a missing service is a failure, because
a skipped contract test proves nothing.
"""

from __future__ import annotations

import os
import shutil
import socket

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def unavailable(reason: str) -> None:
    """Skip the test locally; fail it in CI."""
    if in_ci():
        pytest.fail(f"required service unavailable in CI: {reason}")
    pytest.skip(reason)


def require_binary(path_or_name: str) -> str:
    found = shutil.which(path_or_name)
    if found is None:
        unavailable(f"{path_or_name} is not installed")
        raise AssertionError("unreachable")
    return found


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
