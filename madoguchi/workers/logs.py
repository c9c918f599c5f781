"""Logging for every madoguchi process: one format, and personal data redacted on the way out.

Celery's own logging setup is replaced (its ``setup_logging`` signal), so worker logs
pass through the same redaction as everything else (RELIABILITY S7).
"""

from __future__ import annotations

import logging
from typing import Any

from celery.signals import setup_logging

from madoguchi.domain.redact import redact_text

FORMAT = "%(asctime)s %(levelname)s %(processName)s %(name)s: %(message)s"


class RedactingFilter(logging.Filter):
    """Rewrites each record's message with addresses and long numbers replaced."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact_text(record.getMessage())
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact_text(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


def configure_logging(level: str = "INFO") -> None:
    """Sends every log record through the redacting filter to standard error."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # imapclient logs every command at DEBUG, the login name included; Alembic
    # announces each of its plugins at INFO on every start.
    logging.getLogger("imapclient").setLevel(max(logging.INFO, root.level))
    logging.getLogger("alembic").setLevel(max(logging.WARNING, root.level))


@setup_logging.connect
def _celery_logging(loglevel: Any = None, **_: Any) -> None:
    configure_logging(logging.getLevelName(loglevel) if isinstance(loglevel, int) else "INFO")
