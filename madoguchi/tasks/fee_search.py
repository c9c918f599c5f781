"""Which fee charge a mail asks about: by its transaction id, else the latest that fits.

A transaction id decides alone. Otherwise the latest charge is taken among those that
fit what the mail names: its assets, its kind of transaction when it names exactly one
(withdrawal, trade or deposit), the days it names, and its amounts (the transaction's
amount or the fee itself, in the same asset). A mail that names nothing gets the latest
charge; one whose hints fit no charge gets none (a human looks).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from madoguchi.domain.backoffice import FeeCharge, FeeKind
from madoguchi.tasks.facts import aware
from madoguchi.tasks.hints import Amount, Entities, amounts, days, span


@dataclass(frozen=True, slots=True)
class ChargeSearch:
    """What picks the charge; ``searched_by`` is ``transaction_id``, ``hints`` or ``latest``."""

    searched_by: str
    transaction_id: str | None = None
    assets: frozenset[str] = frozenset()
    kind: FeeKind | None = None
    window: tuple[datetime, datetime] | None = None
    amounts: tuple[Amount, ...] = ()


def plan_charge_search(entities: Entities) -> ChargeSearch | str:
    """The search ``entities`` call for, or why there is none to make."""
    named = entities.get("transaction_id", ())
    if len(named) > 1:
        return f"the mail names several transaction ids: {', '.join(named)}"
    if named:
        return ChargeSearch("transaction_id", transaction_id=named[0])
    kinds = entities.get("transaction_kind", ())
    search = ChargeSearch(
        "hints",
        assets=frozenset(entities.get("asset", ())),
        kind=FeeKind(kinds[0]) if len(kinds) == 1 and kinds[0] in set(FeeKind) else None,
        window=span(days(entities)),
        amounts=amounts(entities),
    )
    if not (search.assets or search.kind or search.window or search.amounts):
        return ChargeSearch("latest")
    return search


def pick(search: ChargeSearch, charges: list[FeeCharge]) -> FeeCharge | None:
    """The latest of ``charges`` that fits ``search``; None when none does."""
    fitting = [charge for charge in charges if _fits(search, charge)]
    return max(fitting, key=lambda charge: aware(charge.charged_at), default=None)


def _fits(search: ChargeSearch, charge: FeeCharge) -> bool:
    charged = aware(charge.charged_at)
    return (
        (search.transaction_id is None or charge.transaction_id == search.transaction_id)
        and (not search.assets or bool({charge.asset, charge.fee_asset} & search.assets))
        and (search.kind is None or charge.kind is search.kind)
        and (search.window is None or search.window[0] <= charged < search.window[1])
        and (not search.amounts or any(_same_amount(charge, named) for named in search.amounts))
    )


def _same_amount(charge: FeeCharge, named: Amount) -> bool:
    value, asset = named
    return (asset == charge.asset and value == charge.amount) or (
        asset == charge.fee_asset and value == charge.fee
    )
