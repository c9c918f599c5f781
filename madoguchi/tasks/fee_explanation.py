"""The ``fee_explanation`` routine: a fee charged to the sender, broken down by the schedule.

The charge is found among the sender's own (``fee_search``) and checked against the
published schedule (``fee_check``). A charge that follows the schedule is explained
line by line (``withdrawal_fee``, ``trade_fee``, ``deposit_fee``); one that does not,
or none found, goes to a human. A refund request never reaches this routine: triage
flags it as a human-only signal.
"""

from __future__ import annotations

from typing import Any

from madoguchi.domain.backoffice import FeeCharge
from madoguchi.domain.outcomes import NeedsHuman, Outcome, Resolved, RoutineRequest
from madoguchi.domain.ports import BackOffice
from madoguchi.tasks.account import start
from madoguchi.tasks.contract import RoutineContract
from madoguchi.tasks.facts import anti_phishing, decimal_text, iso
from madoguchi.tasks.fee_check import OUTCOMES, check_fee
from madoguchi.tasks.fee_search import pick, plan_charge_search
from madoguchi.tasks.options import AssetCode, NonNegativeInt, RoutineOptions

DRAFT_HOLD = "draft_hold"
DRAFT_NOT_FOUND = "draft_not_found"


class FeeOptions(RoutineOptions):
    # The decimals each fee asset is rounded to (JPY 0, BTC 8): how trade fees are checked.
    fee_decimals: dict[AssetCode, NonNegativeInt]


CHARGE_FACTS = frozenset({
    "anti_phishing_code", "transaction_id", "kind", "asset", "network", "amount", "fee",
    "fee_asset", "charged_at", "tier",
})  # fmt: skip
TRANSFER_FACTS = CHARGE_FACTS | {"schedule_fee"}
TRADE_FACTS = CHARGE_FACTS | {
    "maker_percent", "taker_percent", "role", "rate_percent", "expected_fee", "rounded",
    "fee_decimals",
}  # fmt: skip
CONTRACT = RoutineContract(
    outcomes={
        outcome: TRADE_FACTS if outcome == "trade_fee" else TRANSFER_FACTS
        for outcome in OUTCOMES.values()
    },
    drafts={
        DRAFT_HOLD: frozenset({"anti_phishing_code"}),
        DRAFT_NOT_FOUND: frozenset({"anti_phishing_code"}),
    },
    options=FeeOptions,
)


def fee_explanation(request: RoutineRequest, backoffice: BackOffice) -> Outcome:
    """The charge's breakdown as ``Resolved`` (named ``<kind>_fee``), or ``NeedsHuman``."""
    begun = start(request, backoffice, FeeOptions, "fee_explanation")
    if isinstance(begun, NeedsHuman):
        return begun
    options, customer = begun.options, begun.customer
    base: dict[str, Any] = anti_phishing(customer)
    search = plan_charge_search(request.entities)
    if isinstance(search, str):
        return NeedsHuman(reason=search, facts=base, draft=DRAFT_HOLD)
    charges = backoffice.fees_charged(customer, transaction_id=search.transaction_id)
    charge = pick(search, charges)
    if charge is None:
        reason = f"no fee charge of the sender matches the mail (searched by {search.searched_by})"
        return NeedsHuman(reason=reason, facts=base, draft=DRAFT_NOT_FOUND)
    tier = charge.tier or customer.tier
    check = check_fee(charge, backoffice.fee_schedule(), tier, options.fee_decimals)
    facts = {**base, **_facts(charge, tier), **check.facts}
    if check.problem is not None:
        return NeedsHuman(reason=check.problem, facts=facts, draft=DRAFT_HOLD)
    return Resolved(outcome=check.outcome, facts=facts)


def _facts(charge: FeeCharge, tier: str | None) -> dict[str, Any]:
    """The charge as the back office shows it; JSON-ready."""
    return {
        "transaction_id": charge.transaction_id,
        "kind": charge.kind.value,
        "asset": charge.asset,
        "network": charge.network,
        "amount": decimal_text(charge.amount),
        "fee": decimal_text(charge.fee),
        "fee_asset": charge.fee_asset,
        "charged_at": iso(charge.charged_at),
        "tier": tier,
    }
