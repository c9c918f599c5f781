"""``python -m madoguchi.sandbox``: serve the sandbox back office until interrupted."""

from __future__ import annotations

import argparse
import socket
import sys
from datetime import date, datetime

import uvicorn

from madoguchi.sandbox import demo_cli
from madoguchi.sandbox.app import create_app
from madoguchi.sandbox.data import JST


class _AnnouncingServer(uvicorn.Server):
    """Prints the listening line once the socket is bound (port 0 shows the real port)."""

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started:
            host, port = self.servers[0].sockets[0].getsockname()[:2]
            print(f"sandbox listening on http://{host}:{port}", flush=True)


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` (default: the command line), serve, and return the exit status.

    ``demo-mail ...`` as the first argument delivers the demo mail instead.
    """
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["demo-mail"]:
        return demo_cli.main(argv[1:])
    args = _parser().parse_args(argv)
    try:
        operators = dict(_operator(text) for text in args.operator or ["robot:robot-pass"])
    except ValueError as error:
        print(f"sandbox: {error}", file=sys.stderr)
        return 2
    app = create_app(
        seed=args.seed,
        customers=args.customers,
        operators=operators,
        session_idle=args.session_idle,
        max_sessions=args.max_sessions,
        today=args.today,
        now=args.now,
    )
    config = uvicorn.Config(
        app, host=args.host, port=args.port, log_level="warning", access_log=False
    )
    _AnnouncingServer(config).run()
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="madoguchi-sandbox", description="A legacy back office to practise on."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8900, help="0 picks a free port")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument(
        "--operator", action="append", metavar="ID:PASSWORD", help="repeatable"
    )
    parser.add_argument("--session-idle", type=float, default=900.0, metavar="SECONDS")
    parser.add_argument("--max-sessions", type=int, default=4)
    parser.add_argument(
        "--today", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
        help="the day KYC timestamps count back from (default: today in JST)",
    )
    parser.add_argument(
        "--now", type=_aware, default=None, metavar="ISO-DATETIME",
        help="the moment other records count back from (default: now, or noon of --today)",
    )
    return parser


def _operator(text: str) -> tuple[str, str]:
    operator, sep, password = text.partition(":")
    if not sep or not operator or not password:
        raise ValueError(f"--operator wants ID:PASSWORD, got {text.split(':')[0]!r}:...")
    return operator, password


def _aware(text: str) -> datetime:
    """An ISO datetime; one without a zone is read as JST."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=JST)
    return moment
