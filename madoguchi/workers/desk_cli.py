"""The agent's desk on the command line: the exception queue, cases, their files, figures.

``madoguchi tickets`` lists the open tickets; ``tickets show`` gives an agent what the
robot gathered (the mail, the facts, the steps, the draft reply, the screenshots);
``tickets close`` ends one. ``cases show``/``cases raw`` and ``files get`` look at a case
and export what it keeps; ``stats`` prints the figures an operator watches.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import click

from madoguchi.domain.cases import Case, CaseState, Ticket, TicketStatus
from madoguchi.domain.errors import CaseNotFound
from madoguchi.domain.ports import CaseStore

_TEXT_SHOWN = 4000
T = TypeVar("T")


@click.group(invoke_without_command=True)
@click.option("--all", "show_all", is_flag=True, help="Closed tickets too.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def tickets(ctx: click.Context, show_all: bool, as_json: bool) -> None:
    """The exception tickets (open ones, oldest first, unless a subcommand is given)."""
    if ctx.invoked_subcommand is not None:
        return
    status = None if show_all else TicketStatus.OPEN
    for ticket in _store(ctx).tickets(status=status, limit=1000):
        if as_json:
            click.echo(json.dumps(ticket.model_dump(mode="json"), ensure_ascii=False))
        else:
            click.echo(_ticket_line(ticket))


@tickets.command("show")
@click.argument("ticket_id", type=int)
@click.pass_context
def show_ticket(ctx: click.Context, ticket_id: int) -> None:
    """Everything the robot gathered for one ticket."""
    store = _store(ctx)
    ticket = _found(lambda: store.ticket(ticket_id), f"no ticket {ticket_id}")
    context = ticket.context
    click.echo(_ticket_line(ticket))
    if ticket.gathered:
        click.echo(f"also gathers cases: {', '.join(map(str, ticket.gathered))}")
    for label, key in (("from", "sender"), ("subject", "subject"), ("language", "language"),
                       ("intent", "intent"), ("authentication", "authentication")):
        if context.get(key) is not None:
            click.echo(f"{label}: {context[key]}")
    _section("the mail", str(context.get("text") or context.get("body") or "")[:_TEXT_SHOWN])
    facts = context.get("facts")
    _section("facts", json.dumps(facts, ensure_ascii=False, indent=2) if facts else "")
    steps = context.get("steps") or []
    _section("steps", "\n".join(f"{s['name']}: {s['status']} ({s['attempts']})" for s in steps))
    files = context.get("files") or []
    _section("files", "\n".join(f"#{f['file']} {f['name']} {f['size']} bytes" for f in files))
    _section("draft reply", str(context.get("draft_reply") or ""))


@tickets.command("close")
@click.argument("ticket_id", type=int)
@click.option("--by", required=True, help="Who closes it (recorded in the audit trail).")
@click.option("--note", default="", help="Why, in a few words.")
@click.pass_context
def close_ticket(ctx: click.Context, ticket_id: int, by: str, note: str) -> None:
    """Close a ticket once the customer has been answered."""
    if not _store(ctx).close_ticket(ticket_id, by=by, note=note):
        raise click.ClickException(f"ticket {ticket_id} is not open")
    click.echo(f"ticket {ticket_id} closed")


@click.group()
def cases() -> None:
    """The cases: one per inbound mail."""


@cases.command("show")
@click.argument("case_id", type=int)
@click.pass_context
def show_case(ctx: click.Context, case_id: int) -> None:
    """A case's state, decision, steps and audit trail."""
    store = _store(ctx)
    case = _found(lambda: store.case(case_id), f"no case {case_id}")
    click.echo(_case_line(case))
    click.echo(f"rulebook {case.rulebook_version or '-'}; reason: {case.reason or '-'}")
    for step in store.steps(case_id):
        click.echo(f"  step {step.name}: {step.status.value} ({step.attempts})")
    for event in store.audit_events(case_id=case_id):
        click.echo(f"  {event.at:%Y-%m-%d %H:%M:%S} #{event.seq} {event.kind}")


@cases.command("raw")
@click.argument("case_id", type=int)
@click.pass_context
def raw_case(ctx: click.Context, case_id: int) -> None:
    """Write the case's mail, byte for byte, to standard output (e.g. > mail.eml)."""
    store = _store(ctx)
    sys.stdout.buffer.write(_found(lambda: store.raw(case_id), f"no case {case_id}"))


@click.group()
def files() -> None:
    """Files kept with cases (screenshots of failed back-office screens)."""


@files.command("get")
@click.argument("file_id", type=int)
@click.pass_context
def get_file(ctx: click.Context, file_id: int) -> None:
    """Write a case file to standard output (e.g. > screen.png)."""
    store = _store(ctx)
    sys.stdout.buffer.write(_found(lambda: store.file_data(file_id), f"no file {file_id}"))


@click.command()
@click.pass_context
def stats(ctx: click.Context) -> None:
    """Cases by state, open tickets by queue, and the last day's latency."""
    store = _store(ctx)
    found = store.cases(limit=100_000)
    by_state = Counter(case.state.value for case in found)
    click.echo("cases: " + ", ".join(f"{s.value} {by_state.get(s.value, 0)}" for s in CaseState))
    queues = Counter(t.queue for t in store.tickets(status=TicketStatus.OPEN, limit=100_000))
    click.echo("open tickets: " + (", ".join(f"{q} {n}" for q, n in queues.items()) or "none"))
    day = datetime.now(UTC) - timedelta(days=1)
    latencies = sorted(
        (c.finished_at - c.received_at).total_seconds()
        for c in found if c.finished_at and c.finished_at > day
    )
    if latencies:
        p50, p95 = (latencies[int(q * (len(latencies) - 1))] for q in (0.5, 0.95))
        click.echo(f"last 24 h: {len(latencies)} finished, p50 {p50:.1f} s, p95 {p95:.1f} s")


def _store(ctx: click.Context) -> CaseStore:
    store: CaseStore = ctx.obj["store"]()
    return store


def _found(load: Callable[[], T], missing: str) -> T:
    try:
        return load()
    except (LookupError, CaseNotFound) as exc:
        raise click.ClickException(missing) from exc


def _ticket_line(ticket: Ticket) -> str:
    return (f"#{ticket.id} case {ticket.case_id} [{ticket.queue}/{ticket.priority}] "
            f"{ticket.status.value} {ticket.created_at:%Y-%m-%d %H:%M}: {ticket.reason}")


def _case_line(case: Case) -> str:
    return (f"case {case.id} {case.state.value}: {case.language or '-'} "
            f"{case.intent or '-'} -> {case.routine or '-'} (filed: {case.filed_folder or '-'})")


def _section(title: str, body: str) -> None:
    if body.strip():
        click.echo(f"--- {title}\n{body.rstrip()}")
