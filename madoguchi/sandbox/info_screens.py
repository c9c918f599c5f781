"""The screens that are the same for every customer: 手数料表 and ネットワーク情報."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from madoguchi.sandbox import labels, schedule
from madoguchi.sandbox.formats import amount, percent, when
from madoguchi.sandbox.records import NetworkNotice
from madoguchi.sandbox.screens import listing, nodata


def fee_schedule(layout: int) -> str:
    """Trading fees by tier, then withdrawal and deposit fees by asset and network."""
    trading = [
        (labels.TIER[tier], percent(maker), percent(taker))
        for tier, (maker, taker) in schedule.TRADING.items()
    ]
    transfer_columns = (
        ("通貨", "feeAsset"), ("ネットワーク", "feeNetwork"), ("手数料", "feeAmount")
    )
    return "\n".join((
        "<h3>取引手数料</h3>",
        listing(layout, "tradingFees", "feeRow",
                (("ティア", "tier"), ("メイカー", "maker"), ("テイカー", "taker")), trading),
        "<h3>出金手数料</h3>",
        listing(layout, "withdrawalFees", "feeRow", transfer_columns,
                _transfers(schedule.WITHDRAWAL)),
        "<h3>入金手数料</h3>",
        listing(layout, "depositFees", "feeRow", transfer_columns, _transfers(schedule.DEPOSIT)),
    ))


def network(layout: int, notices: tuple[NetworkNotice, ...]) -> str:
    """Every notice, announced and past ones included, newest start first."""
    if not notices:
        return nodata(layout, "お知らせはありません")
    columns = (
        ("通貨", "ntAsset"), ("ネットワーク", "ntNetwork"), ("種別", "ntKind"),
        ("開始日時", "ntStart"), ("終了日時", "ntEnd"), ("内容", "ntMessage"),
    )
    rows = [
        (
            escape(n.asset), escape(n.network), labels.NOTICE_KIND[n.kind], when(n.starts_at),
            when(n.ends_at) if n.ends_at else labels.UNDECIDED, escape(n.message),
        )
        for n in notices
    ]
    return listing(layout, "noticeList", "noticeRow", columns, rows)


def _transfers(table: dict[tuple[str, str], Decimal]) -> list[tuple[str, str, str]]:
    return [
        (escape(asset), escape(network), amount(asset, fee))
        for (asset, network), fee in table.items()
    ]
