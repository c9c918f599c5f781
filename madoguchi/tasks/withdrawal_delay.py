"""The ``withdrawal_delay`` routine: where the sender's withdrawal is, told with live facts.

The withdrawal is found among the sender's own (``withdrawal_search``); the customer
is told its stage, amounts, tx hash and confirmations, an explainable hold and its end,
and the network notices for its asset and network. A human answers instead when the
mail names no withdrawal found or several, the withdrawal failed, is held for AML or
compliance reasons (never explained), is larger than the rulebook allows to answer
automatically, or is past its stage's SLA or its hold's end.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from madoguchi.domain.backoffice import HoldType, NetworkNotice, Withdrawal, WithdrawalStatus
from madoguchi.domain.outcomes import NeedsHuman, Outcome, Resolved, RoutineRequest
from madoguchi.domain.ports import BackOffice
from madoguchi.tasks.account import start
from madoguchi.tasks.contract import RoutineContract
from madoguchi.tasks.facts import anti_phishing, aware, decimal_text, iso
from madoguchi.tasks.options import AssetCode, PositiveDecimal, RoutineOptions
from madoguchi.tasks.withdrawal_search import WithdrawalSearch, narrow, plan_search

DRAFT_HOLD = "draft_hold"
DRAFT_WHICH = "draft_which_withdrawal"
DRAFT_NOT_FOUND = "draft_not_found"
EXPLAINED_HOLDS = frozenset({HoldType.NEW_ADDRESS, HoldType.SECURITY, HoldType.TRAVEL_RULE})
# A Travel Rule hold waits for the beneficiary's information, not for a time.
HOLDS_WITHOUT_END = frozenset({HoldType.TRAVEL_RULE})
MAX_CANDIDATES = 10  # listed in a draft; the reason counts the rest


class SlaHours(RoutineOptions):
    """How long a withdrawal may stay in each stage before a human looks (hours)."""

    pending_review: PositiveDecimal
    processing: PositiveDecimal
    broadcast: PositiveDecimal

    def hours(self, status: WithdrawalStatus) -> Decimal | None:
        """The SLA of ``status`` in hours; None for a stage without one."""
        hours: Decimal | None = getattr(self, status.value, None)
        return hours


class WithdrawalOptions(RoutineOptions):
    max_amount: dict[AssetCode, PositiveDecimal]  # larger withdrawals: a human answers
    sla_hours: SlaHours


FACTS = frozenset({
    "anti_phishing_code", "withdrawal_id", "asset", "network", "amount", "fee", "address",
    "status", "requested_at", "updated_at", "tx_hash", "confirmations",
    "required_confirmations", "hold_type", "hold_until", "notices",
})  # fmt: skip
ANSWERED = (
    WithdrawalStatus.PENDING_REVIEW,
    WithdrawalStatus.PROCESSING,
    WithdrawalStatus.BROADCAST,
    WithdrawalStatus.COMPLETED,
    WithdrawalStatus.HELD,
)
CONTRACT = RoutineContract(
    outcomes={status.value: FACTS for status in ANSWERED},
    drafts={
        DRAFT_HOLD: frozenset({"anti_phishing_code"}),
        DRAFT_NOT_FOUND: frozenset({"anti_phishing_code"}),
        DRAFT_WHICH: frozenset({"anti_phishing_code", "candidates", "candidate_details"}),
    },
    options=WithdrawalOptions,
)


def withdrawal_delay(request: RoutineRequest, backoffice: BackOffice) -> Outcome:
    """The withdrawal's stage as a ``Resolved`` outcome named after it, or ``NeedsHuman``."""
    begun = start(request, backoffice, WithdrawalOptions, "withdrawal_delay")
    if isinstance(begun, NeedsHuman):
        return begun
    options, customer = begun.options, begun.customer
    base: dict[str, Any] = anti_phishing(customer)
    search = plan_search(request.entities)
    if isinstance(search, str):
        return NeedsHuman(reason=search, facts=base, draft=DRAFT_HOLD)
    base["searched_by"] = search.searched_by
    found = narrow(search, backoffice.withdrawals(customer, search.query))
    if len(found) != 1:
        return _not_one(found, search, base)
    return _answer(found[0], options, request.now, backoffice, base)


def _not_one(found: list[Withdrawal], search: WithdrawalSearch, base: dict[str, Any]) -> NeedsHuman:
    if not found:
        reason = f"no withdrawal of the sender matches the mail (searched by {search.searched_by})"
        return NeedsHuman(reason=reason, facts=base, draft=DRAFT_NOT_FOUND)
    ids = [row.withdrawal_id for row in found]
    more = len(ids) - MAX_CANDIDATES
    reason = "several candidates: " + ", ".join(ids[:MAX_CANDIDATES])
    reason += f" and {more} more" if more > 0 else ""
    details = [_candidate(row) for row in found[:MAX_CANDIDATES]]
    facts = {**base, "candidates": ids, "candidate_details": details}
    return NeedsHuman(reason=reason, facts=facts, draft=DRAFT_WHICH)


def _answer(
    row: Withdrawal,
    options: WithdrawalOptions,
    now: datetime,
    backoffice: BackOffice,
    base: dict[str, Any],
) -> Outcome:
    facts = {**base, **_facts(row)}
    refusal = _refusal(row, options, aware(now))
    if refusal is not None:
        return NeedsHuman(reason=refusal, facts=facts, draft=DRAFT_HOLD)
    notices: list[dict[str, Any]] = []
    if row.status is not WithdrawalStatus.COMPLETED:
        notices = _notices(backoffice.network_notices(row.asset), row, aware(now))
    return Resolved(outcome=row.status.value, facts={**facts, "notices": notices})


def _refusal(row: Withdrawal, options: WithdrawalOptions, now: datetime) -> str | None:
    """Why a human must answer about ``row``, or None when the customer may be told."""
    if row.status is WithdrawalStatus.HELD and row.hold_type not in EXPLAINED_HOLDS:
        # AML and compliance holds are never explained, nor is a hold without a type.
        kind = row.hold_type.value if row.hold_type else "unknown"
        return f"held ({kind} hold): a human must answer"
    if row.status is WithdrawalStatus.FAILED:
        return "the withdrawal failed"
    limit = options.max_amount.get(row.asset)
    if limit is None:
        return f"the rulebook gives no max_amount for {row.asset}"
    if row.amount > limit:
        return f"amount {decimal_text(row.amount)} {row.asset} is over {decimal_text(limit)}"
    return _overdue(row, options.sla_hours, now)


def _overdue(row: Withdrawal, sla: SlaHours, now: datetime) -> str | None:
    if row.status is WithdrawalStatus.HELD:
        return _hold_over(row, now)
    hours = sla.hours(row.status)
    if hours is None:
        return None
    # A review counts from the request; a later stage from when it last changed.
    started = row.requested_at
    if row.status is not WithdrawalStatus.PENDING_REVIEW:
        started = row.updated_at or row.requested_at
    waited = now - aware(started)
    if waited <= timedelta(seconds=int(hours * 3600)):
        return None
    waited_hours = waited.total_seconds() / 3600
    sla_text = f"past its SLA of {decimal_text(hours)} hours"
    return f"{row.status.value} for {waited_hours:.1f} hours, {sla_text}"


def _hold_over(row: Withdrawal, now: datetime) -> str | None:
    if row.hold_until is None:
        return None if row.hold_type in HOLDS_WITHOUT_END else "held with no end time"
    if now > aware(row.hold_until):
        return f"held past its end ({iso(row.hold_until)})"
    return None


def _facts(row: Withdrawal) -> dict[str, Any]:
    """The withdrawal as the back office shows it; JSON-ready."""
    return {
        "withdrawal_id": row.withdrawal_id,
        "asset": row.asset,
        "network": row.network,
        "amount": decimal_text(row.amount),
        "fee": decimal_text(row.fee),
        "address": row.address,
        "status": row.status.value,
        "requested_at": iso(row.requested_at),
        "updated_at": iso(row.updated_at),
        "tx_hash": row.tx_hash,
        "confirmations": row.confirmations,
        "required_confirmations": row.required_confirmations,
        "hold_type": row.hold_type.value if row.hold_type else None,
        "hold_until": iso(row.hold_until),
    }


def _notices(notices: list[NetworkNotice], row: Withdrawal, now: datetime) -> list[dict[str, Any]]:
    """The notices for the withdrawal's network that are current or still to come."""
    relevant = [
        notice
        for notice in notices
        if notice.asset == row.asset
        and notice.network == row.network
        and (notice.ends_at is None or aware(notice.ends_at) > now)
    ]
    relevant.sort(key=lambda notice: aware(notice.starts_at))
    return [
        {
            "kind": notice.kind.value,
            "starts_at": iso(notice.starts_at),
            "ends_at": iso(notice.ends_at),
            "current": aware(notice.starts_at) <= now,
        }
        for notice in relevant
    ]


def _candidate(row: Withdrawal) -> dict[str, Any]:
    return {
        "withdrawal_id": row.withdrawal_id,
        "asset": row.asset,
        "amount": decimal_text(row.amount),
        "requested_at": iso(row.requested_at),
    }
