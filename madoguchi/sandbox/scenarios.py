"""Which customer holds which situation: security holds, events, withdrawals and fee charges.

Every named scenario below is given to a few Japanese-speaking and a few English-speaking
active customers without a security hold (so the demo and the tests always find one of
each, in either language); everyone else gets ordinary random records. A customer holds
at most one scenario of each group (``events:``, ``withdrawals:``, ``charges:``), listed
in ``SeededCustomer.scenarios``. The same seed always gives the same assignment.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

from madoguchi.sandbox import history
from madoguchi.sandbox.history import ChargeSpec, WithdrawalSpec
from madoguchi.sandbox.records import (
    EVENT_KINDS,
    HOLD_TYPES,
    FeeCharge,
    SecurityEvent,
    Withdrawal,
)

COPIES = 3  # customers per scenario and language
_CHANGES = EVENT_KINDS[:4]
_IN_TIME_ASSETS = (("BTC", "BTC"), ("ETH", "ETH"), ("XRP", "XRP"), ("USDT", "ERC20"),
                   ("USDT", "TRC20"))
_ALL_ASSETS = (*_IN_TIME_ASSETS, ("JPY", "BANK"))


def withdrawal_scenarios() -> dict[str, tuple[WithdrawalSpec, ...]]:
    """Scenario name -> the withdrawals it seeds (in any order; listed newest first)."""
    found: dict[str, tuple[WithdrawalSpec, ...]] = {"none": ()}
    for status in ("pending_review", "processing", "broadcast"):
        for asset, network in _IN_TIME_ASSETS:
            found[f"{status}-{network}"] = (WithdrawalSpec(status, asset, network),)
        for asset in ("BTC", "ETH"):
            found[f"{status}-late-{asset}"] = (WithdrawalSpec(status, asset, asset, late=True),)
    for status in ("pending_review", "processing", "completed"):
        found[f"{status}-BANK"] = (WithdrawalSpec(status, "JPY", "BANK"),)
    for asset, network in (("BTC", "BTC"), ("ETH", "ETH"), ("USDT", "TRC20")):
        found[f"completed-{network}"] = (WithdrawalSpec("completed", asset, network),)
    for asset in ("BTC", "ETH"):
        found[f"failed-{asset}"] = (WithdrawalSpec("failed", asset, asset),)
    for hold in HOLD_TYPES:
        for asset in ("BTC", "ETH"):
            found[f"held-{hold}-{asset}"] = (WithdrawalSpec("held", asset, asset, hold_type=hold),)
        found[f"held-{hold}-expired-BTC"] = (
            WithdrawalSpec("held", "BTC", "BTC", late=True, hold_type=hold),
        )
    for asset, network in (("BTC", "BTC"), ("ETH", "ETH"), ("XRP", "XRP"), ("USDT", "ERC20"),
                           ("JPY", "BANK")):
        found[f"large-{asset}"] = (WithdrawalSpec("pending_review", asset, network, large=True),)
    found["several-open"] = (
        WithdrawalSpec("processing", "BTC", "BTC"),
        WithdrawalSpec("pending_review", "ETH", "ETH"),
        WithdrawalSpec("completed", "BTC", "BTC"),
    )
    return found


WITHDRAWAL_SCENARIOS = withdrawal_scenarios()
# "many" is drawn by _many(): more than one page of history.
WITHDRAWAL_NAMES = (*WITHDRAWAL_SCENARIOS, "many")


CHARGE_SCENARIOS: dict[str, ChargeSpec | None] = {
    "none": None,
    "trade-match": ChargeSpec("trade", "BTC", None),
    "withdrawal-match": ChargeSpec("withdrawal", "ETH", "ETH"),
    "deposit-match": ChargeSpec("deposit", "JPY", "BANK"),
    "trade-mismatch": ChargeSpec("trade", "BTC", None, matches=False),
    "withdrawal-mismatch": ChargeSpec("withdrawal", "ETH", "ETH", matches=False),
    "deposit-mismatch": ChargeSpec("deposit", "JPY", "BANK", matches=False),
}

# name -> ((kind, age), ...)
EVENT_SCENARIOS: dict[str, tuple[tuple[str, str], ...]] = {
    "quiet": (),
    **{f"{kind}-{age}": ((kind, age),) for kind in _CHANGES for age in ("recent", "old")},
    "reset-minutes-ago": (("password_reset_sent", "minutes"),),
    "reset-old": (("password_reset_sent", "old"),),
}


def assign(
    rng: random.Random, names: Sequence[str], pools: Sequence[list[str]]
) -> dict[str, str]:
    """Customer id -> scenario name: ``COPIES`` customers of each pool per scenario.

    A pool too small for every scenario (a sandbox of a few customers) covers the first
    scenarios only.
    """
    chosen: dict[str, str] = {}
    for pool in pools:
        ids = list(pool)
        rng.shuffle(ids)
        wanted = [name for name in names for _ in range(COPIES)]
        chosen.update(zip(ids, wanted, strict=False))
    return chosen


def withdrawals_for(
    rng: random.Random, scenario: str | None, now: datetime, numbering: history.Numbering
) -> tuple[Withdrawal, ...]:
    """A scenario's withdrawals, or random ones (``None``), newest request first."""
    if scenario == "many":
        specs = list(_many(rng))
    elif scenario is not None:
        specs = list(WITHDRAWAL_SCENARIOS[scenario])
    else:
        specs = list(_random_withdrawals(rng))
    drawn = [history.withdrawal(rng, spec, now, numbering) for spec in specs]
    return tuple(sorted(drawn, key=lambda w: w.requested_at, reverse=True))


def charges_for(
    rng: random.Random,
    scenario: str | None,
    tier: str,
    now: datetime,
    numbering: history.Numbering,
) -> tuple[FeeCharge, ...]:
    """Older matching charges in other assets, then the scenario's charge as the latest."""
    if scenario == "none":
        return ()
    count = rng.randint(1, 3) if scenario else rng.choice((0, 0, 1, 2, 3, 4))
    days = sorted((rng.uniform(2, 90) for _ in range(count)), reverse=True)
    charges = [
        history.charge(rng, _ordinary_charge(rng, scenario), tier, _days_ago(now, d), numbering)
        for d in days
    ]
    latest = CHARGE_SCENARIOS.get(scenario or "")
    if latest is not None:
        at = _days_ago(now, rng.uniform(0.1, 1.5))
        charges.append(history.charge(rng, latest, tier, at, numbering))
    return tuple(reversed(charges))


def events_for(
    rng: random.Random, scenario: str | None, now: datetime
) -> tuple[SecurityEvent, ...]:
    """The scenario's events, or up to two old random ones, newest first."""
    if scenario is not None:
        pairs = EVENT_SCENARIOS[scenario]
    else:
        pairs = tuple((rng.choice(_CHANGES), "old") for _ in range(rng.choice((0, 0, 1, 2))))
    drawn = [history.event(rng, kind, age, now) for kind, age in pairs]
    return tuple(sorted(drawn, key=lambda e: e.at, reverse=True))


def _many(rng: random.Random) -> Iterator[WithdrawalSpec]:
    """More than a page: one open withdrawal and 14 to 27 finished ones in every asset."""
    yield WithdrawalSpec("processing", "BTC", "BTC")
    for _ in range(rng.randint(14, 27)):
        asset, network = rng.choice(_ALL_ASSETS)
        yield WithdrawalSpec(rng.choice(("completed",) * 4 + ("failed",)), asset, network)


def _random_withdrawals(rng: random.Random) -> Iterator[WithdrawalSpec]:
    for _ in range(rng.choice((0, 0, 0, 1, 1, 2, 3))):
        asset, network = rng.choice(_ALL_ASSETS)
        status = rng.choice(("completed",) * 6 + ("processing", "failed"))
        yield WithdrawalSpec(status, asset, network)


def _ordinary_charge(rng: random.Random, scenario: str | None) -> ChargeSpec:
    """A matching charge; scenario customers' older ones avoid the scenario's assets."""
    if scenario:
        return rng.choice((ChargeSpec("trade", "XRP", None), ChargeSpec("withdrawal", "USDT",
                                                                        "TRC20")))
    kind = rng.choice(("trade", "trade", "withdrawal", "deposit"))
    if kind == "trade":
        return ChargeSpec(kind, rng.choice(("BTC", "ETH", "XRP")), None)
    if kind == "deposit":
        return ChargeSpec(kind, "JPY", "BANK")
    asset, network = rng.choice(_ALL_ASSETS)
    return ChargeSpec(kind, asset, network)


def _days_ago(now: datetime, days: float) -> datetime:
    return (now - timedelta(days=days)).replace(second=0, microsecond=0)
