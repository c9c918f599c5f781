"""The rulebook a worker decides with: reloaded when its files change, the last good one kept.

``RulebookSource`` is what ``Runtime.rulebook`` calls for each decision. Creating one
loads the rulebook and raises ``RulebookError`` when it is invalid: a worker refuses to
start on a broken rulebook. After that, at most every ``interval`` seconds, it hashes
the folder's files (about a millisecond for the shipped rulebook) and compares the
hash with the version it loaded; on a change it loads the folder again. A rulebook
that loads replaces the current one (a switched-off routine stops at the next mail,
without a restart); one that does not is logged with every problem and reported
through ``on_event``, and the last good rulebook stays in use until the folder changes
again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from madoguchi.domain.errors import ConfigurationError, MadoguchiError
from madoguchi.rules import Problem, RoutineFacts, Rulebook, RulebookError, load_rulebook
from madoguchi.rules.loader import rulebook_folder, version_of

log = logging.getLogger("madoguchi.rules")

RELOADED = "rulebook_reloaded"
RELOAD_FAILED = "rulebook_reload_failed"
# Problems carried in one event; the log has them all.
EVENT_PROBLEMS = 20

EventSink = Callable[[str, dict[str, Any]], None]


def folder_stamp(folder: Path) -> str | None:
    """The hash of the folder's files now (the version it would load as); None while a
    file cannot be read (removed or replaced mid-way: the next look sees it settled)."""
    try:
        return version_of(folder)
    except OSError:
        return None


class RulebookSource:
    """Callable giving the current rulebook; thread-safe."""

    def __init__(
        self,
        path: Path | None,
        *,
        contracts: Mapping[str, RoutineFacts] | None = None,
        interval: float = 2.0,
        on_event: EventSink | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        prepare: Callable[[Rulebook], None] | None = None,
    ) -> None:
        """Loads the rulebook at ``path`` (None: the shipped one); ``RulebookError`` if
        it is invalid. ``on_event(kind, data)`` hears of each reload and failed reload;
        ``prepare(rulebook)`` readies what a rulebook needs before it is used (its intent
        model): a ``ConfigurationError`` there refuses the rulebook like a bad file."""
        self._prepare = prepare
        self._path = path
        self._folder = rulebook_folder(path)
        self._contracts = contracts
        self._interval = interval
        self._on_event = on_event
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._current = self._load()
        self._stamp: str | None = self._current.version
        self._checked = monotonic()
        self.last_error: RulebookError | None = None

    def __call__(self) -> Rulebook:
        """The rulebook to decide with now, reloaded first if the folder changed."""
        if self._monotonic() - self._checked >= self._interval:
            self.refresh()
        return self._current

    @property
    def current(self) -> Rulebook:
        return self._current

    def refresh(self) -> bool:
        """Looks at the folder now; True when a changed rulebook was loaded."""
        with self._lock:
            self._checked = self._monotonic()
            stamp = folder_stamp(self._folder)
            if stamp is None or stamp == self._stamp:
                return False
            self._stamp = stamp
            return self._reload()

    def _reload(self) -> bool:
        previous = self._current
        try:
            rulebook = self._load()
        except RulebookError as exc:
            self._failed(exc)
            return False
        self.last_error = None
        if rulebook.version == previous.version:
            return False
        self._current = rulebook
        log.info("rulebook %s loaded from %s (was %s)", rulebook.version, self._folder,
                 previous.version)  # fmt: skip
        self._tell(RELOADED, {"rulebook_version": rulebook.version, "previous": previous.version})
        return True

    def _load(self) -> Rulebook:
        rulebook = load_rulebook(self._path, contracts=self._contracts)
        if self._prepare is not None:
            try:
                self._prepare(rulebook)
            except RulebookError:
                raise
            except ConfigurationError as exc:
                where = str(self._folder / "intents")
                raise RulebookError([Problem(where, 1, 1, str(exc))]) from exc
        return rulebook

    def _failed(self, exc: RulebookError) -> None:
        self.last_error = exc
        kept = self._current.version
        log.warning(
            "rulebook in %s not loaded, still using %s; %d problems:\n%s",
            self._folder, kept, len(exc.problems), exc,
        )  # fmt: skip
        problems = [str(problem) for problem in exc.problems[:EVENT_PROBLEMS]]
        data = {"kept": kept, "problems": problems, "count": len(exc.problems)}
        self._tell(RELOAD_FAILED, data)

    def _tell(self, kind: str, data: dict[str, Any]) -> None:
        if self._on_event is None:
            return
        try:
            self._on_event(kind, data)
        except MadoguchiError as exc:
            # The reload itself stands: a record that cannot be written (the store is
            # down) must not stop the decisions; the log above has what happened.
            log.warning("could not record %s: %s", kind, exc)
