"""How long each back-office verb takes: running count, mean and maximum per verb.

Aggregates only (no list that grows with every case), so a worker that runs for weeks
keeps a few numbers per verb.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class _Tally:
    count: int = 0
    total_ms: float = 0.0
    max_ms: float = 0.0


class Timings:
    def __init__(self) -> None:
        self._tallies: dict[str, _Tally] = {}

    def record(self, verb: str, elapsed_ms: float) -> None:
        tally = self._tallies.setdefault(verb, _Tally())
        tally.count += 1
        tally.total_ms += elapsed_ms
        tally.max_ms = max(tally.max_ms, elapsed_ms)

    def snapshot(self) -> dict[str, dict[str, float]]:
        """``{verb: {"count": n, "mean_ms": m, "max_ms": x}}`` for every verb seen."""
        return {
            verb: {
                "count": tally.count,
                "mean_ms": round(tally.total_ms / tally.count, 1),
                "max_ms": round(tally.max_ms, 1),
            }
            for verb, tally in self._tallies.items()
        }
