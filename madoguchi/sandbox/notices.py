"""The network notices the sandbox shows, placed around its clock's ``now``.

One of each situation: a maintenance under way (ETH), a congestion with no announced end
(USDT on TRC20), an announced maintenance starting tomorrow (XRP) and one that ended three
days ago (BTC; still listed, as legacy screens do). JPY and USDT on ERC20 have none.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from madoguchi.sandbox.records import NetworkNotice


def network_notices(now: datetime) -> tuple[NetworkNotice, ...]:
    """The notices, newest start first; times on the hour."""
    hour = now.replace(minute=0, second=0, microsecond=0)
    tomorrow_2am = (hour + timedelta(days=1)).replace(hour=2)
    ended = (hour - timedelta(days=3)).replace(hour=2)
    return (
        NetworkNotice(
            "XRP", "XRP", "maintenance", tomorrow_2am, tomorrow_2am + timedelta(hours=4),
            "XRPネットワークの定期メンテナンスを実施します。作業中はXRPの入出金を停止します。",
        ),
        NetworkNotice(
            "ETH", "ETH", "maintenance", hour - timedelta(hours=1), hour + timedelta(hours=3),
            "ETHネットワークの定期メンテナンスのため、ETHの入出金を停止しています。",
        ),
        NetworkNotice(
            "USDT", "TRC20", "congestion", hour - timedelta(hours=5), None,
            "TRC20ネットワークの混雑により、USDT(TRC20)の出金の反映に時間がかかっています。",
        ),
        NetworkNotice(
            "BTC", "BTC", "maintenance", ended, ended + timedelta(hours=2),
            "BTCネットワークの定期メンテナンスは終了しました。",
        ),
    )
