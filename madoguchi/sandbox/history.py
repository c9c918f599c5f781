"""Drawing one customer's withdrawals, fee charges and security events from a seeded rng.

Each record is described by a small spec (status and timing, kind and whether it matches
the schedule, event kind and age) and drawn relative to an anchor time ``now``:
"in time" records sit well inside the routines' SLAs (pending review 24 h, processing 6 h,
broadcast 3 h, a hold's expiry in the future), "late" ones well outside. Ids come from a
``Numbering`` shared by all customers so that they are unique.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from madoguchi.sandbox import schedule
from madoguchi.sandbox.records import FeeCharge, SecurityEvent, Withdrawal

# Ordinary amounts, and amounts above the routines' automatic-answer thresholds.
AMOUNTS: dict[str, tuple[str, ...]] = {
    "BTC": ("0.01", "0.05", "0.1", "0.25", "0.5"),
    "ETH": ("0.5", "1", "2.5", "5", "10"),
    "XRP": ("100", "500", "1000", "2500", "10000"),
    "USDT": ("100", "250", "500", "1000", "5000"),
    "JPY": ("10000", "50000", "100000", "300000", "1000000"),
}
LARGE_AMOUNTS: dict[str, tuple[str, ...]] = {
    "BTC": ("2.5", "3"),
    "ETH": ("45", "60"),
    "XRP": ("80000", "120000"),
    "USDT": ("75000", "100000"),
    "JPY": ("8000000", "12000000"),
}
# Trade sizes whose fee at every tier's rate is exact to 8 decimals.
TRADE_AMOUNTS: dict[str, tuple[str, ...]] = {
    "BTC": ("0.1", "0.2", "0.5", "1"),
    "ETH": ("1", "2", "5", "10"),
    "XRP": ("1000", "2000", "5000"),
    "USDT": ("1000", "2000", "5000"),
}
_BANKS = ("みずほ銀行", "三井住友銀行", "三菱UFJ銀行", "ゆうちょ銀行")
_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

# status -> hours ago the request was made: (in time, late). In time stays in time for an
# hour after the records' anchor (the top of the hour): pending review 24 h, processing
# 6 h, broadcast 3 h.
_REQUESTED_HOURS = {
    "pending_review": ((1, 20), (30, 60)),
    "processing": ((1, 4), (10, 20)),
    "broadcast": ((0.5, 1.5), (5, 10)),
    "held": ((24, 72), (24, 72)),
    "completed": ((24, 720), (24, 720)),
    "failed": ((24, 120), (24, 120)),
}


@dataclass(frozen=True)
class WithdrawalSpec:
    status: str
    asset: str
    network: str
    late: bool = False
    hold_type: str | None = None
    large: bool = False


@dataclass(frozen=True)
class ChargeSpec:
    kind: str
    asset: str
    network: str | None
    matches: bool = True


@dataclass
class Numbering:
    """Hands out ``WD``/``TX`` + yymmdd + a 4-digit number unique per prefix and day."""

    used: Counter[str] = field(default_factory=Counter)

    def next(self, prefix: str, day: datetime) -> str:
        key = f"{prefix}{day:%y%m%d}"
        self.used[key] += 1
        return f"{key}{self.used[key]:04d}"


def withdrawal(
    rng: random.Random, spec: WithdrawalSpec, now: datetime, numbering: Numbering
) -> Withdrawal:
    requested = _hours_ago(rng, now, _REQUESTED_HOURS[spec.status][spec.late])
    amount = Decimal(rng.choice((LARGE_AMOUNTS if spec.large else AMOUNTS)[spec.asset]))
    hold_until = None
    if spec.status == "held":
        ahead = (6, 72) if not spec.late else (-30, -3)
        hold_until = _minute(now + timedelta(hours=rng.uniform(*ahead)))
    tx_hash, confirmations, required = _chain(rng, spec)
    return Withdrawal(
        withdrawal_id=numbering.next("WD", requested),
        asset=spec.asset,
        network=spec.network,
        amount=amount,
        fee=schedule.WITHDRAWAL[(spec.asset, spec.network)],
        address=masked_address(rng, spec.network),
        status=spec.status,
        requested_at=requested,
        updated_at=_updated(rng, spec.status, requested, now),
        hold_type=spec.hold_type,
        hold_until=hold_until,
        tx_hash=tx_hash,
        confirmations=confirmations,
        required_confirmations=required,
    )


def charge(
    rng: random.Random,
    spec: ChargeSpec,
    tier: str,
    at: datetime,
    numbering: Numbering,
) -> FeeCharge:
    """A charge of ``spec.kind``; a mismatching one is off the schedule on purpose."""
    if spec.kind == "trade":
        amount = Decimal(rng.choice(TRADE_AMOUNTS[spec.asset]))
        fee = amount * schedule.TRADING[tier][1] / 100
        if not spec.matches:
            fee = amount * Decimal("0.25") / 100  # no tier has a 0.25 % rate
    else:
        amount = Decimal(rng.choice(AMOUNTS[spec.asset]))
        table = schedule.WITHDRAWAL if spec.kind == "withdrawal" else schedule.DEPOSIT
        fee = table[(spec.asset, spec.network or "")]
        if not spec.matches:
            fee = fee * 2
    return FeeCharge(
        transaction_id=numbering.next("TX", at),
        kind=spec.kind,
        asset=spec.asset,
        network=spec.network,
        amount=amount,
        fee=fee,
        fee_asset=spec.asset,
        tier=tier if spec.kind == "trade" else None,
        charged_at=at,
        matches_schedule=spec.matches,
    )


def event(rng: random.Random, kind: str, age: str, now: datetime) -> SecurityEvent:
    """An event ``age`` ago: ``minutes`` (5-10), ``recent`` (1-5 days) or ``old`` (20-300 days)."""
    if age == "minutes":
        return SecurityEvent(kind, _minute(now - timedelta(minutes=rng.randint(5, 10))))
    days = (1, 5) if age == "recent" else (20, 300)
    return SecurityEvent(kind, _hours_ago(rng, now, (24 * days[0], 24 * days[1])))


def masked_address(rng: random.Random, network: str) -> str:
    """A destination as the screen masks it: head, an ellipsis, the last four characters."""
    if network == "BANK":
        return f"{rng.choice(_BANKS)} 普通 ****{rng.randint(0, 9999):04d}"
    if network in {"ETH", "ERC20"}:
        return f"0x{_pick(rng, '0123456789abcdef', 4)}…{_pick(rng, '0123456789abcdef', 4)}"
    if network == "BTC":
        return f"bc1q{_pick(rng, _BECH32, 2)}…{_pick(rng, _BECH32, 4)}"
    head = "r" if network == "XRP" else "T"
    return f"{head}{_pick(rng, _BASE58, 3)}…{_pick(rng, _BASE58, 4)}"


def tx_hash(rng: random.Random, network: str) -> str:
    """A hash in the network's usual spelling (0x-prefixed on Ethereum, upper-case on XRP)."""
    digits = f"{rng.getrandbits(256):064x}"
    if network in {"ETH", "ERC20"}:
        return f"0x{digits}"
    return digits.upper() if network == "XRP" else digits


def _chain(rng: random.Random, spec: WithdrawalSpec) -> tuple[str | None, int | None, int | None]:
    """Hash and confirmations x/y: only once broadcast, and never for bank transfers."""
    if spec.status not in {"broadcast", "completed"} or spec.network == "BANK":
        return None, None, None
    required = schedule.CONFIRMATIONS[spec.network]
    seen = required if spec.status == "completed" else rng.randint(0, required - 1)
    return tx_hash(rng, spec.network), seen, required


def _updated(rng: random.Random, status: str, requested: datetime, now: datetime) -> datetime:
    if status == "pending_review":
        return requested
    step = timedelta(minutes=rng.randint(10, 30) if status != "completed" else rng.randint(60, 180))
    return min(requested + step, _minute(now - timedelta(minutes=5)))


def _hours_ago(rng: random.Random, now: datetime, hours: tuple[float, float]) -> datetime:
    return _minute(now - timedelta(hours=rng.uniform(*hours)))


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def _pick(rng: random.Random, alphabet: str, size: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(size))
