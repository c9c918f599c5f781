"""``python -m madoguchi.sandbox demo-mail``: deliver the demo mail into a Maildir.

Also writes a manifest (Message-ID -> the final state the demo expects) so that the
demo can show whether each case ended as it should.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from email.parser import BytesHeaderParser
from email.policy import default
from pathlib import Path

from madoguchi.sandbox.demo_mail import demo_mails, write_maildir


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    mails = demo_mails(
        seed=args.seed, support_address=args.support_address, authserv_id=args.authserv_id,
        now=args.now,
    )
    write_maildir(args.maildir, mails)
    if args.manifest is not None:
        manifest = {_message_id(mail.raw): mail.expected for mail in mails}
        args.manifest.write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"{len(mails)} demo mails delivered to {args.maildir}")
    return 0


def _message_id(raw: bytes) -> str:
    headers = BytesHeaderParser(policy=default).parsebytes(raw)
    return str(headers["Message-ID"]).strip()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="madoguchi-sandbox demo-mail")
    parser.add_argument("--maildir", type=Path, required=True)
    parser.add_argument("--support-address", default="support@madoguchi.demo")
    parser.add_argument("--authserv-id", default="mx.madoguchi.demo")
    parser.add_argument("--manifest", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--now", type=datetime.fromisoformat, default=None, metavar="ISO-DATETIME",
        help="the moment the mail is dated (pass the sandbox's --now: the same records)",
    )
    return parser
