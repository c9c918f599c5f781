"""The ``madoguchi`` command: run the worker, the watcher, the demo; inspect and triage.

Every command reads the settings first; a wrong setting ends the command with the
variable's name and what was expected, and exit status 2, never a traceback.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from madoguchi.domain.errors import ConfigurationError
from madoguchi.domain.ports import CaseStore
from madoguchi.workers import desk_cli
from madoguchi.workers.logs import configure_logging
from madoguchi.workers.rules_cli import rules
from madoguchi.workers.settings import Settings, hide_password, load_settings

F = TypeVar("F", bound=Callable[..., Any])


def explained(command: F) -> F:
    """Turns a ConfigurationError into a clear message and exit status 2."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ConfigurationError as exc:
            click.echo(f"madoguchi: {exc}", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]  # functools.wraps keeps the signature


@click.group()
@click.version_option(package_name="madoguchi")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """madoguchi: reads support mail, drives the back office, answers or escalates."""
    ctx.obj = {"store": explained(_store)}


for command in (desk_cli.tickets, desk_cli.cases, desk_cli.files, desk_cli.stats, rules):
    cli.add_command(command)


@cli.command()
@click.option("--queues", "-Q", default="intake,triage,backoffice,outbound", show_default=True)
@click.option("--concurrency", "-c", type=int, default=2, show_default=True)
@click.option("--hostname", "-n", default=None, help="Celery node name, e.g. browser@%h.")
@click.option("--beat", is_flag=True, help="Also run the scheduler (the sweep) in this worker.")
@explained
def worker(queues: str, concurrency: int, hostname: str | None, beat: bool) -> None:
    """Run a Celery worker on the given queues."""
    settings = _settings()
    from madoguchi.connectors.store import upgrade
    from madoguchi.workers.celery_app import make_app

    upgrade(settings.database)
    app = make_app(settings)
    argv = ["worker", "-Q", queues, "-c", str(concurrency), "-l", settings.log_level]
    argv += ["-n", hostname] if hostname else []
    argv += ["-B", "-s", str(_beat_file(settings))] if beat else []
    app.worker_main(argv)


@cli.command()
@explained
def beat() -> None:
    """Run the scheduler alone (exactly one per installation)."""
    from madoguchi.workers.celery_app import make_app

    settings = _settings()
    make_app(settings).start(["beat", "-l", settings.log_level, "-s", str(_beat_file(settings))])


@cli.command()
@explained
def watch() -> None:
    """Watch every configured mailbox: admit new mail, queue it, file finished mail."""
    from madoguchi.connectors.mailbox import open_mailbox
    from madoguchi.connectors.store import upgrade
    from madoguchi.workers.celery_app import make_app
    from madoguchi.workers.queue import CeleryJobQueue
    from madoguchi.workers.runtime import build_runtime
    from madoguchi.workers.watcher import Watcher

    settings = _settings()
    upgrade(settings.database)
    rt = build_runtime(settings, CeleryJobQueue(make_app(settings)))
    stop = _stop_on_signals()
    threads: list[threading.Thread] = []
    for url in settings.mailbox_urls:
        watcher = Watcher(rt, functools.partial(open_mailbox, url, idle_renew=settings.idle_renew))
        thread = threading.Thread(target=watcher.run, args=(stop,), name=f"watch-{len(threads)}")
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()


@cli.command()
@click.option("--once", is_flag=True, help="Exit when every demo mail reached a final state.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON summary at the end.")
@click.option("--dir", "base", type=click.Path(path_type=Path), default=Path("var/demo"))
@explained
def demo(once: bool, as_json: bool, base: Path) -> None:
    """Run the whole flow on the embedded default with demo mail."""
    from madoguchi.workers.demo import run_demo

    sys.exit(run_demo(once=once, as_json=as_json, base=base, out=sys.stdout))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@explained
def triage(paths: tuple[Path, ...], as_json: bool) -> None:
    """What would be decided for .eml files or folders, with no side effects."""
    from madoguchi.rules import load_rulebook
    from madoguchi.tasks import CONTRACTS
    from madoguchi.workers import triage_cli
    from madoguchi.workers.identity import our_identity

    settings = _settings()
    rulebook = load_rulebook(settings.rules_dir, contracts=CONTRACTS)
    ours = our_identity(settings)
    triage_cli.run(
        paths, rulebook, settings.authserv_id, sys.stdout, as_json=as_json, ours=ours
    )


@cli.command("classify")
@click.option("--keywords", is_flag=True, help="Use the keyword classifier instead of the model.")
@explained
def classify(keywords: bool) -> None:
    """Classify JSON lines {"id", "text"} on stdin: one JSON line per input on stdout."""
    from madoguchi.workers import classify_cli  # scikit-learn loads only for this command

    sys.exit(classify_cli.main(keywords=keywords, rules_dir=_settings().rules_dir))


@cli.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.pass_context
def sandbox(ctx: click.Context) -> None:
    """Serve the sandbox back office (arguments go to python -m madoguchi.sandbox)."""
    # The sandbox is a separate program: the product never imports it.
    argv = [sys.executable, "-m", "madoguchi.sandbox", *ctx.args]
    os.execv(sys.executable, argv)  # noqa: S606 -- replaces this process by the sandbox


@cli.group()
def db() -> None:
    """The case store."""


@db.command("upgrade")
@explained
def db_upgrade() -> None:
    """Apply the store's migrations."""
    from madoguchi.connectors.store import upgrade

    upgrade(_settings().database)
    click.echo("the case store is up to date")


@cli.group()
def audit() -> None:
    """The audit trail."""


@audit.command("verify")
@explained
def audit_verify() -> None:
    """Walk the hash chain; exit 1 when any link is broken."""
    report = _store().verify_audit()
    for problem in report.problems:
        click.echo(problem)
    click.echo(f"{'ok' if report.ok else 'BROKEN'}: {report.events} events")
    sys.exit(0 if report.ok else 1)


@cli.command("settings")
@explained
def show_settings() -> None:
    """Print the effective settings (secrets hidden)."""
    for name, value in _settings().model_dump().items():
        shown = "" if value is None else hide_password(str(value))
        click.echo(f"MADOGUCHI_{name.upper()}={shown}")


def _settings() -> Settings:
    settings = load_settings()
    configure_logging(settings.log_level)
    return settings


def _store() -> CaseStore:
    from madoguchi.connectors.store import open_store, upgrade

    settings = _settings()
    upgrade(settings.database)
    return open_store(settings.database)


def _beat_file(settings: Settings) -> Path:
    path = settings.var_dir / "celerybeat-schedule"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _stop_on_signals() -> threading.Event:
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    return stop


def main() -> None:
    cli(prog_name="madoguchi")
