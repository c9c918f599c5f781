"""Which of the sender's withdrawals a mail asks about: a history query from its entities.

The most specific thing the mail names decides: a withdrawal id, else a tx hash, else
the asset and the day(s) it names (the open withdrawals of that asset when it names no
day), else the customer's open withdrawals. Amounts the mail names narrow the
candidates further (the amount requested, or that amount net or gross of the fee, in
the same asset). Every row the back office returns is checked against the query again,
so a connector that ignored a filter can never make a wrong answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from madoguchi.domain.backoffice import Withdrawal, WithdrawalQuery, WithdrawalStatus
from madoguchi.tasks.facts import aware
from madoguchi.tasks.hints import Amount, Entities, amounts, days, span

OPEN = (
    WithdrawalStatus.PENDING_REVIEW,
    WithdrawalStatus.PROCESSING,
    WithdrawalStatus.BROADCAST,
    WithdrawalStatus.HELD,
)


@dataclass(frozen=True, slots=True)
class WithdrawalSearch:
    """A query for the back office and what else narrows its answer.

    ``searched_by`` says which entities chose the rows: ``withdrawal_id``, ``tx_hash``,
    ``asset_date`` or ``open`` (the mail named none).
    """

    query: WithdrawalQuery
    searched_by: str
    assets: frozenset[str] = frozenset()
    amounts: tuple[Amount, ...] = ()


def plan_search(entities: Entities) -> WithdrawalSearch | str:
    """The search for the withdrawal ``entities`` point at, or why there is none to make."""
    for kind in ("withdrawal_id", "tx_hash"):
        named = entities.get(kind, ())
        if len(named) > 1:
            return f"the mail names several values of {kind}: {', '.join(named)}"
        if named:
            query = WithdrawalQuery.model_validate({kind: named[0]})
            return WithdrawalSearch(query, kind, amounts=amounts(entities))
    return _by_asset_and_date(entities)


def _by_asset_and_date(entities: Entities) -> WithdrawalSearch:
    assets = frozenset(entities.get("asset", ()))
    asset = next(iter(assets)) if len(assets) == 1 else None
    window = span(days(entities))
    if window:
        query = WithdrawalQuery(asset=asset, requested_from=window[0], requested_until=window[1])
    else:
        query = WithdrawalQuery(asset=asset, statuses=OPEN)
    searched_by = "asset_date" if assets or window else "open"
    return WithdrawalSearch(query, searched_by, assets=assets, amounts=amounts(entities))


def narrow(search: WithdrawalSearch, rows: list[Withdrawal]) -> list[Withdrawal]:
    """The rows that match every part of ``search``, newest first."""
    found = [row for row in rows if _matches(search, row)]
    return sorted(found, key=lambda row: aware(row.requested_at), reverse=True)


def _matches(search: WithdrawalSearch, row: Withdrawal) -> bool:
    return (
        _matches_query(search.query, row)
        and (not search.assets or row.asset in search.assets)
        and (not search.amounts or any(_same_amount(row, named) for named in search.amounts))
    )


def _matches_query(query: WithdrawalQuery, row: Withdrawal) -> bool:
    requested = aware(row.requested_at)
    return (
        (query.withdrawal_id is None or row.withdrawal_id == query.withdrawal_id)
        and (query.tx_hash is None or _same_hash(row.tx_hash, query.tx_hash))
        and (query.asset is None or row.asset == query.asset)
        and (not query.statuses or row.status in query.statuses)
        and (query.requested_from is None or requested >= query.requested_from)
        and (query.requested_until is None or requested < query.requested_until)
    )


def _same_hash(found: str | None, named: str) -> bool:
    # Hex digits mean the same in either case; a customer may copy either.
    return found is not None and found.lower() == named.lower()


def _same_amount(row: Withdrawal, named: Amount) -> bool:
    value, asset = named
    return asset == row.asset and value in (row.amount, row.amount - row.fee, row.amount + row.fee)
