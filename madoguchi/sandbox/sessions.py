"""Operator sessions: login tokens, idle expiry and the licence's cap on concurrent logins."""

from __future__ import annotations

import hmac
import math
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

# Login forms opened but never submitted are forgotten beyond this many.
_MAX_PENDING_LOGINS = 10_000


class SessionCapReached(Exception):
    """Every licensed operator session is in use and none has gone idle."""


@dataclass
class OperatorSession:
    """A logged-in operator; ``csrf_token`` guards the session's own forms."""

    session_id: str
    operator: str
    csrf_token: str
    last_seen: float


class Sessions:
    """The sessions of one back office, on an injected monotonic clock (seconds)."""

    def __init__(
        self, *, idle: float, cap: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._idle = idle
        self._cap = cap
        self._clock = clock
        self._open: dict[str, OperatorSession] = {}
        self._pending: OrderedDict[str, str] = OrderedDict()

    def begin_login(self) -> tuple[str, str]:
        """A new pre-session id (for a cookie) and the CSRF token its login form carries."""
        pre_id, token = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
        self._pending[pre_id] = token
        while len(self._pending) > _MAX_PENDING_LOGINS:
            self._pending.popitem(last=False)
        return pre_id, token

    def check_login_token(self, pre_id: str | None, token: str) -> bool:
        """True when ``token`` is the one issued to ``pre_id``; a token works once."""
        issued = self._pending.get(pre_id or "")
        if issued is None or not hmac.compare_digest(issued, token):
            return False
        del self._pending[pre_id or ""]
        return True

    def open(self, operator: str) -> OperatorSession:
        """A new session; raises ``SessionCapReached`` when all licences are in use."""
        self._free_expired()
        if len(self._open) >= self._cap:
            raise SessionCapReached
        session = OperatorSession(
            secrets.token_urlsafe(24), operator, secrets.token_urlsafe(16), self._clock()
        )
        self._open[session.session_id] = session
        return session

    def touch(self, session_id: str | None) -> OperatorSession | None:
        """The live session with this id, its idle timer restarted; None if unknown or idle."""
        session = self._open.get(session_id or "")
        if session is None:
            return None
        if self._expired(session):
            del self._open[session.session_id]
            return None
        session.last_seen = self._clock()
        return session

    def close(self, session_id: str) -> None:
        self._open.pop(session_id, None)

    def expire_all(self) -> int:
        """Make every session idle-expired at once (for relogin tests); returns how many."""
        for session in self._open.values():
            session.last_seen = -math.inf
        return len(self._open)

    def live(self) -> int:
        return sum(not self._expired(session) for session in self._open.values())

    def _expired(self, session: OperatorSession) -> bool:
        return self._clock() - session.last_seen > self._idle

    def _free_expired(self) -> None:
        """Free idle-expired sessions, oldest first, while the cap is reached."""
        expired = sorted(
            (s for s in self._open.values() if self._expired(s)), key=lambda s: s.last_seen
        )
        for session in expired:
            if len(self._open) < self._cap:
                return
            del self._open[session.session_id]
