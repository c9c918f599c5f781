"""``python -m bench``: mails through the real pipeline, and the figures that come out.

Dovecot, a private Redis, two Celery workers (triage/outbound and back office), the
sandbox back office driven by Chromium (``--page-ms`` of latency on every page), an
SMTP server and the case store. The mail covers all four routines in both languages,
other requests and auto-replies. First a few mails one at a time (the latency a
customer sees on a quiet day), then a burst of ``--mails`` at once (throughput, and
latency under a backlog), then the time each step took.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from bench.mails import BenchMail, bench_mails
from bench.triage_speed import triage_speed
from madoguchi.domain.cases import Case
from tests.support.databases import postgres_database, sqlite_database
from tests.support.pipeline import AUTHSERV_ID, Pipeline, running_pipeline


def main() -> None:
    args = _parser().parse_args()
    speed = triage_speed()
    print(
        f"triage on one core (parse, guards, signals, model, entities):"
        f" {speed['evaluation_per_s']:,} mails/s on the {speed['evaluation_mails']}"
        f" evaluation mails, {speed['corpus_per_s']:,} mails/s on the"
        f" {speed['corpus_mails']} real-world corpus mails",
        flush=True,
    )
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="madoguchi-bench-")))
        url = stack.enter_context(
            postgres_database() if args.database == "postgres" else sqlite_database(tmp)
        )
        pipeline = stack.enter_context(running_pipeline(url, tmp, workers=0))
        pipeline.sandbox.set_faults(latency_ms=args.page_ms)
        pipeline.start_worker("intake,triage,outbound", concurrency=2)
        pipeline.start_worker("backoffice", concurrency=args.browsers)
        truth = pipeline.sandbox.customers()
        mails = list(bench_mails(args.singles + args.mails, truth, AUTHSERV_ID))
        singles = _run(pipeline, mails[: args.singles], one_at_a_time=True)
        burst = _run(pipeline, mails[args.singles :], one_at_a_time=False)
        _report(args, singles, burst, _step_timings(pipeline))


def _step_timings(pipeline: Pipeline) -> dict[str, dict[str, float | int | None]]:
    """Per step name: how many, and the p50 and p95 of their durations in ms."""
    durations: dict[str, list[float]] = {}
    for case in pipeline.store.cases(limit=100_000):
        for step in pipeline.store.steps(case.id):
            if step.finished_at is not None:
                ms = (step.finished_at - step.started_at).total_seconds() * 1000
                durations.setdefault(step.name, []).append(ms)
    return {
        name: {"count": len(ms), "p50_ms": _quantile(ms, 0.5), "p95_ms": _quantile(ms, 0.95)}
        for name, ms in sorted(durations.items())
    }


def _run(pipeline: Pipeline, mails: list[BenchMail], *, one_at_a_time: bool) -> dict[str, Any]:
    arrivals: dict[str, float] = {}
    started = time.time()
    for mail in mails:
        pipeline.deliver(mail.raw)
        arrivals[mail.message_id] = time.time()
        if one_at_a_time:
            pipeline.wait_final(mail.message_id, timeout=120)
    pipeline.wait_until(lambda: _all_final(pipeline, arrivals), timeout=3600)
    return _figures(pipeline, arrivals, time.time() - started)


def _all_final(pipeline: Pipeline, arrivals: dict[str, float]) -> bool:
    cases = {c.message_id: c for c in pipeline.store.cases(limit=100_000)}
    return all(m in cases and cases[m].state.final for m in arrivals)


def _figures(pipeline: Pipeline, arrivals: dict[str, float], wall: float) -> dict[str, Any]:
    cases = {
        c.message_id: c for c in pipeline.store.cases(limit=100_000) if c.message_id in arrivals
    }
    replies = {r.message["In-Reply-To"]: r.at for r in pipeline.smtp.sink.received}
    latencies = [(replies[m] if m in replies else _ended(cases[m])) - arrivals[m] for m in arrivals]
    waiting = sum(_backoffice_seconds(pipeline, c) for c in cases.values())
    busy = sum(
        (c.finished_at - c.received_at).total_seconds() for c in cases.values() if c.finished_at
    )
    return {
        "mails": len(arrivals),
        "wall_s": round(wall, 1),
        "cases_per_hour": round(len(arrivals) / wall * 3600),
        "outcomes": {
            s: sum(1 for c in cases.values() if c.state.value == s)
            for s in ("replied", "escalated", "ignored", "quarantined")
        },
        "latency_s": {"p50": _quantile(latencies, 0.5), "p95": _quantile(latencies, 0.95)},
        "backoffice_share": round(waiting / busy, 3) if busy else None,
        "escalation_reasons": dict(
            Counter(
                _reason(c.reason) for c in cases.values() if c.state.value == "escalated"
            ).most_common()
        ),
    }


def _reason(reason: str | None) -> str:
    """A reason without its particulars (ids, counts), so that alike reasons count as one."""
    return re.sub(r"\d[\d.,:]*", "N", reason or "?")[:80]


def _ended(case: Case) -> float:
    return case.finished_at.timestamp() if case.finished_at else time.time()


def _backoffice_seconds(pipeline: Pipeline, case: Case) -> float:
    return sum(
        (s.finished_at - s.started_at).total_seconds()
        for s in pipeline.store.steps(case.id)
        if s.name.startswith("routine.") and s.finished_at
    )


def _quantile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 2)


def _report(
    args: argparse.Namespace,
    singles: dict[str, Any],
    burst: dict[str, Any],
    steps: dict[str, dict[str, float | int | None]],
) -> None:
    print(
        f"madoguchi bench: store {args.database}, {args.browsers} back-office processes,"
        f" {args.page_ms} ms per back-office page"
    )
    for title, figures in (("one at a time", singles), (f"burst of {args.mails}", burst)):
        latency = figures["latency_s"]
        outcomes = figures["outcomes"]
        print(f"  {title}:")
        print(
            f"    mails {figures['mails']} in {figures['wall_s']} s"
            f" = {figures['cases_per_hour']:,} cases/hour"
        )
        print(
            f"    replied {outcomes['replied']}, escalated {outcomes['escalated']},"
            f" ignored {outcomes['ignored']}, quarantined {outcomes['quarantined']}"
        )
        print(
            f"    latency arrival -> reply (or final state): p50 {latency['p50']} s,"
            f" p95 {latency['p95']} s"
        )
        print(f"    share of case time in the back office: {figures['backoffice_share']:.0%}")
        for reason, count in figures["escalation_reasons"].items():
            print(f"    escalated {count:>4} x {reason}")
    print("  steps (all mails):")
    for name, figures in steps.items():
        print(
            f"    {name:<26} {figures['count']:>5}  p50 {figures['p50_ms']:>7} ms"
            f"  p95 {figures['p95_ms']:>7} ms"
        )
    print(json.dumps({"singles": singles, "burst": burst, "steps": steps}))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--mails", type=int, default=200, help="mails in the burst")
    parser.add_argument("--singles", type=int, default=5, help="mails sent one at a time first")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="postgres")
    parser.add_argument("--browsers", type=int, default=2, help="back-office worker processes")
    parser.add_argument("--page-ms", type=int, default=100, help="sandbox latency per page")
    return parser


if __name__ == "__main__":
    main()
