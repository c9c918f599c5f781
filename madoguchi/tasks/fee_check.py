"""A fee charged, checked against the published schedule: the line it follows, or why not.

A withdrawal or deposit fee is the schedule's fixed fee for its asset and network,
exactly. A trade fee is the trade's amount times the tier's maker or taker rate; the
screen does not say which side the trade was on, so either rate is accepted when it
gives the fee charged, and the check says which. The exchange rounds a trade fee to
its fee asset's published number of decimals, so the exact product, or it rounded up
or down to those decimals, is a match; anything else is not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_UP, Decimal, InvalidOperation
from typing import Any

from madoguchi.domain.backoffice import FeeCharge, FeeKind, FeeSchedule, TradingFee, TransferFee
from madoguchi.tasks.facts import decimal_text

MISMATCH = "fee does not match the schedule"
OUTCOMES = {kind: f"{kind.value}_fee" for kind in FeeKind}


@dataclass(frozen=True, slots=True)
class FeeCheck:
    """The outcome the charge's kind answers with, the schedule facts, and any problem.

    ``problem`` is None when the charge follows the schedule; otherwise it says why the
    fee cannot be explained automatically.
    """

    outcome: str
    facts: dict[str, Any] = field(default_factory=dict)
    problem: str | None = None


def check_fee(
    charge: FeeCharge, schedule: FeeSchedule, tier: str | None, decimals: Mapping[str, int]
) -> FeeCheck:
    """``charge`` against ``schedule`` for the customer's ``tier`` (trades only)."""
    if charge.kind is FeeKind.TRADE:
        return _trade(charge, schedule, tier, decimals)
    lines = schedule.withdrawal if charge.kind is FeeKind.WITHDRAWAL else schedule.deposit
    return _transfer(charge, lines)


def _transfer(charge: FeeCharge, lines: tuple[TransferFee, ...]) -> FeeCheck:
    outcome = OUTCOMES[charge.kind]
    if charge.network is None:
        return FeeCheck(outcome, problem="the charge names no network")
    key = (charge.asset, charge.network)
    line = next((line for line in lines if (line.asset, line.network) == key), None)
    if line is None:
        where = f"{charge.asset} on {charge.network}"
        return FeeCheck(outcome, problem=f"the schedule has no {charge.kind.value} fee for {where}")
    facts = {"schedule_fee": decimal_text(line.fee)}
    if charge.fee_asset != line.asset or charge.fee != line.fee:
        return FeeCheck(outcome, facts, problem=MISMATCH)
    return FeeCheck(outcome, facts)


def _trade(
    charge: FeeCharge, schedule: FeeSchedule, tier: str | None, decimals: Mapping[str, int]
) -> FeeCheck:
    outcome = OUTCOMES[FeeKind.TRADE]
    terms = _trade_terms(charge, schedule, tier, decimals)
    if isinstance(terms, str):
        return FeeCheck(outcome, problem=terms)
    line, places = terms
    rates = {"maker": line.maker_percent, "taker": line.taker_percent}
    expected = {role: charge.amount * rate / 100 for role, rate in rates.items()}
    roles = [role for role, fee in expected.items() if _rounds_to(fee, charge.fee, places)]
    role = roles[0] if len(roles) == 1 else ("maker_or_taker" if roles else None)
    used = roles[0] if roles else "taker"
    facts = {
        "maker_percent": decimal_text(line.maker_percent),
        "taker_percent": decimal_text(line.taker_percent),
        "role": role,
        "rate_percent": decimal_text(rates[used]),
        "expected_fee": decimal_text(expected[used]),
        "rounded": charge.fee != expected[used],
        "fee_decimals": places,
    }
    return FeeCheck(outcome, facts, problem=None if roles else MISMATCH)


def _trade_terms(
    charge: FeeCharge, schedule: FeeSchedule, tier: str | None, decimals: Mapping[str, int]
) -> tuple[TradingFee, int] | str:
    """The tier's rates and the fee asset's decimals, or why the fee cannot be checked."""
    if tier is None:
        return "neither the charge nor the account names a fee tier"
    line = next((line for line in schedule.trading if line.tier == tier), None)
    if line is None:
        return f"the schedule has no trading fee for tier {tier}"
    places = decimals.get(charge.fee_asset)
    if places is None:
        return f"the rulebook gives no fee_decimals for {charge.fee_asset}"
    if charge.fee_asset != charge.asset:
        return f"fee charged in {charge.fee_asset}, trade counted in {charge.asset}"
    return line, places


def _rounds_to(exact: Decimal, fee: Decimal, places: int) -> bool:
    """``fee`` is ``exact``, or ``exact`` rounded up or down to ``places`` decimals."""
    unit = Decimal(1).scaleb(-places)
    try:
        rounded = (exact.quantize(unit, ROUND_DOWN), exact.quantize(unit, ROUND_UP))
    except InvalidOperation:
        # More digits than the decimal context holds: no honest fee needs rounding there.
        return fee == exact
    return fee in (exact, *rounded)
