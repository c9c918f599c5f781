"""Chromium processes started by this test process (its descendants), read from /proc."""

from __future__ import annotations

import os
from pathlib import Path


def chromium_descendants() -> list[int]:
    """Pids of live descendants of this process whose command line runs Chromium."""
    children: dict[int, list[int]] = {}
    for pid, parent in _parents().items():
        children.setdefault(parent, []).append(pid)
    found, stack = [], [os.getpid()]
    while stack:
        for child in children.get(stack.pop(), []):
            stack.append(child)
            if "chromium" in _cmdline(child) and _alive(child):
                found.append(child)
    return found


def _parents() -> dict[int, int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # the process ended while we looked
            parents[int(entry.name)] = int(stat.rpartition(")")[2].split()[1])
    return parents


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    """True unless the process is a zombie (exited, not yet reaped) or gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False
