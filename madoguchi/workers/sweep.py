"""The reconciliation sweep: every unfinished case that sat idle is queued again (F5).

Redis may lose its queues (a restart without persistence, FLUSHALL); the store does
not. Queuing a case twice is harmless: the lease lets one copy act, the state check
turns the other into a no-op.
"""

from __future__ import annotations

from datetime import timedelta

from madoguchi.workers.pipeline import dispatch
from madoguchi.workers.runtime import Runtime


def sweep(rt: Runtime, *, idle_for: float | None = None, limit: int = 1000) -> int:
    """Queues the next job of every case idle for ``idle_for`` seconds; returns how many."""
    idle = idle_for if idle_for is not None else rt.settings.sweep_interval
    cases = rt.store.unfinished(idle_since=rt.clock() - timedelta(seconds=idle), limit=limit)
    for case in cases:
        dispatch(rt, case)
    if cases:
        rt.store.audit(case_id=None, event="sweep", data={"requeued": len(cases)})
    return len(cases)
