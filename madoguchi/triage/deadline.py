"""The time limit on understanding one mail: a cooperative deadline our own loops check.

Why cooperative, not a signal: ``signal.setitimer`` works only on the main thread of a
process (Celery's thread and gevent pools, the console and the tests run triage
elsewhere), and an exception raised from a signal handler can land inside the stdlib
parser's half-built state. So time is bounded in two ways instead:

- structural limits bound what the stdlib parser, which we cannot interrupt, is given:
  the message size, the number of multipart boundaries, the nesting depth entered, the
  length of text kept (``parse``, ``mime``);
- every loop of ours that grows with the input (walking MIME parts, converting HTML,
  stripping quotes, scanning text) calls ``Deadline.check`` now and then, which raises
  ``MalformedMail`` once the limit has passed.

A mail over the limit is refused as malformed with the reason; its raw bytes are kept
by the store and a human reads it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from madoguchi.domain.errors import MalformedMail

TIME_LIMIT = 5.0  # seconds; the whole corpus averages about 3 ms a mail

Clock = Callable[[], float]


class Deadline:
    """A point in time after which ``check`` raises ``MalformedMail``."""

    __slots__ = ("_clock", "_ends", "seconds")

    def __init__(self, seconds: float = TIME_LIMIT, *, clock: Clock = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._ends = clock() + seconds

    def check(self, stage: str) -> None:
        """Raise ``MalformedMail`` naming ``stage`` when the time is up."""
        if self._clock() >= self._ends:
            raise MalformedMail(
                f"understanding the mail took longer than the limit of {self.seconds:g} s"
                f" (stopped while {stage})"
            )


def unlimited() -> Deadline:
    """A deadline that never passes, for callers of the parts that bring no limit."""
    return Deadline(float("inf"))
