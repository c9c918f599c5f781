"""Operator sessions on a controlled clock: login tokens, idle expiry, the licence cap."""

from __future__ import annotations

import pytest

from madoguchi.sandbox.sessions import SessionCapReached, Sessions


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def sessions(clock: Clock) -> Sessions:
    return Sessions(idle=60, cap=2, clock=clock)


def test_a_login_token_works_only_with_its_own_pre_session(sessions: Sessions) -> None:
    first, _ = sessions.begin_login()
    _, other_token = sessions.begin_login()
    assert not sessions.check_login_token(first, other_token)


def test_a_login_token_works_once(sessions: Sessions) -> None:
    pre_id, token = sessions.begin_login()
    assert sessions.check_login_token(pre_id, token)
    assert not sessions.check_login_token(pre_id, token)


def test_a_session_stays_alive_while_used(sessions: Sessions, clock: Clock) -> None:
    session = sessions.open("robot")
    for _ in range(3):
        clock.now += 50
        assert sessions.touch(session.session_id) is session


def test_a_session_idle_too_long_is_gone(sessions: Sessions, clock: Clock) -> None:
    session = sessions.open("robot")
    clock.now += 61
    assert sessions.touch(session.session_id) is None


def test_a_login_beyond_the_cap_is_refused(sessions: Sessions) -> None:
    sessions.open("robot")
    sessions.open("robot")
    with pytest.raises(SessionCapReached):
        sessions.open("robot")


def test_idle_expired_sessions_are_freed_for_a_new_login(
    sessions: Sessions, clock: Clock
) -> None:
    oldest = sessions.open("robot")
    clock.now += 30
    sessions.open("robot")
    clock.now += 31  # the first is now idle for 61 s, the second for 31 s
    sessions.open("robot")
    assert sessions.touch(oldest.session_id) is None
    assert sessions.live() == 2


def test_expire_all_makes_every_session_unusable(sessions: Sessions) -> None:
    session = sessions.open("robot")
    assert sessions.expire_all() == 1
    assert sessions.touch(session.session_id) is None


def test_a_closed_session_frees_its_licence(sessions: Sessions) -> None:
    first = sessions.open("robot")
    sessions.open("robot")
    sessions.close(first.session_id)
    assert sessions.open("robot")
