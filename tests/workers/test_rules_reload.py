"""Hot reload: a changed rulebook takes effect without a restart; a broken one never does."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

import pytest

from madoguchi.domain.errors import StoreUnavailable
from madoguchi.domain.mail import Language, Message
from madoguchi.domain.understanding import Action, Intent, Triage
from madoguchi.rules import DEFAULT_PATH, RulebookError, decide
from madoguchi.tasks import CONTRACTS
from madoguchi.workers.rulebook_source import RELOAD_FAILED, RELOADED, RulebookSource


class Ticks:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Events(list[tuple[str, dict[str, Any]]]):
    def __call__(self, kind: str, data: dict[str, Any]) -> None:
        self.append((kind, data))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DEFAULT_PATH, tmp_path / "rulebook"))


@pytest.fixture
def ticks() -> Ticks:
    return Ticks()


@pytest.fixture
def events() -> Events:
    return Events()


@pytest.fixture
def source(folder: Path, ticks: Ticks, events: Events) -> RulebookSource:
    return RulebookSource(
        folder, contracts=CONTRACTS, interval=2.0, on_event=events, monotonic=ticks
    )


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def switch_off_password_reset(folder: Path) -> None:
    edit(folder / "rulebook.yaml", "  password_reset:\n    enabled: true",
         "  password_reset:\n    enabled: false")  # fmt: skip


RESET = Triage(
    message=Message(message_id="<r@example.com>", sender="jane@example.com",
                    language=Language.EN, authenticated=True, authentication="dmarc=pass"),
    intent=Intent.PASSWORD_RESET, confidence=0.9,
)  # fmt: skip


def test_a_worker_refuses_to_start_on_an_invalid_rulebook(folder: Path) -> None:
    edit(folder / "rulebook.yaml", "run: by_intent", "run: refunds")

    with pytest.raises(RulebookError, match="unknown routine 'refunds'"):
        RulebookSource(folder, contracts=CONTRACTS)


def test_a_kill_switch_takes_effect_without_a_restart(
    source: RulebookSource, folder: Path, ticks: Ticks
) -> None:
    before = decide(RESET, source())
    switch_off_password_reset(folder)
    ticks.now += 2.0

    after = decide(RESET, source())

    assert before.action is Action.ROUTINE
    assert (after.action, after.reason) == (
        Action.ESCALATE, "routine password_reset is switched off",
    )  # fmt: skip
    assert after.rulebook_version != before.rulebook_version


def test_a_reload_is_announced_with_both_versions(
    source: RulebookSource, folder: Path, ticks: Ticks, events: Events
) -> None:
    old = source().version
    switch_off_password_reset(folder)
    ticks.now += 2.0

    new = source().version

    assert events == [(RELOADED, {"rulebook_version": new, "previous": old})]


def test_the_folder_is_looked_at_only_every_interval(
    source: RulebookSource, folder: Path, ticks: Ticks
) -> None:
    old = source().version
    switch_off_password_reset(folder)
    ticks.now += 1.9

    assert source().version == old
    ticks.now += 0.1
    assert source().version != old


def test_a_failed_reload_keeps_the_last_good_rulebook(
    source: RulebookSource, folder: Path, ticks: Ticks, events: Events,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    good = source()
    edit(folder / "rulebook.yaml", "run: by_intent", "run: refunds")
    ticks.now += 2.0

    with caplog.at_level(logging.WARNING, logger="madoguchi.rules"):
        kept = source()

    assert kept is good
    assert decide(RESET, kept).action is Action.ROUTINE
    assert source.last_error is not None
    [(kind, data)] = events
    assert (kind, data["kept"], data["count"]) == (RELOAD_FAILED, good.version, 1)
    assert data["problems"][0].endswith("unknown routine 'refunds' (one of password_reset, "
                                        "kyc_status, withdrawal_delay, fee_explanation, "
                                        "by_intent)")  # fmt: skip
    assert f"still using {good.version}" in caplog.text
    assert "unknown routine 'refunds'" in caplog.text


def test_a_broken_rulebook_is_reported_once_until_it_changes(
    source: RulebookSource, folder: Path, ticks: Ticks, events: Events
) -> None:
    edit(folder / "rulebook.yaml", "run: by_intent", "run: refunds")
    for _ in range(3):
        ticks.now += 2.0
        source()

    assert [kind for kind, _ in events] == [RELOAD_FAILED]


def test_a_fixed_rulebook_is_loaded_after_a_failed_one(
    source: RulebookSource, folder: Path, ticks: Ticks, events: Events
) -> None:
    edit(folder / "rulebook.yaml", "run: by_intent", "run: refunds")
    ticks.now += 2.0
    source()
    edit(folder / "rulebook.yaml", "run: refunds", "run: by_intent")
    switch_off_password_reset(folder)
    ticks.now += 2.0

    decision = decide(RESET, source())

    assert decision.reason == "routine password_reset is switched off"
    assert [kind for kind, _ in events] == [RELOAD_FAILED, RELOADED]
    assert source.last_error is None


def test_an_unchanged_folder_is_not_loaded_again(
    source: RulebookSource, folder: Path, ticks: Ticks, events: Events
) -> None:
    first = source()
    (folder / "rulebook.yaml").touch()
    ticks.now += 2.0

    assert source() is first
    assert events == []


def test_a_new_template_or_intent_example_is_a_change(
    source: RulebookSource, folder: Path
) -> None:
    old = source().version
    with (folder / "intents" / "kyc_status.en.yaml").open("a", encoding="utf-8") as file:
        file.write("- Has my identity check finished yet?\n")

    assert source.refresh() is True
    assert source().version != old


def test_a_record_that_cannot_be_written_does_not_stop_the_reload(
    folder: Path, ticks: Ticks
) -> None:
    def failing(kind: str, data: dict[str, Any]) -> None:
        raise StoreUnavailable("the database is down")

    source = RulebookSource(folder, contracts=CONTRACTS, on_event=failing, monotonic=ticks)
    switch_off_password_reset(folder)
    ticks.now += 2.0

    assert decide(RESET, source()).action is Action.ESCALATE
