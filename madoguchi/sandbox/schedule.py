"""The sandbox exchange's assets, networks and published fee schedule (fixed, not seeded).

Amounts are ``Decimal``; percentages are per cent of the traded amount. Deposits are free
except yen bank transfers. Every record the sandbox seeds is priced from these tables,
except the few fee charges made on purpose not to match them.
"""

from __future__ import annotations

from decimal import Decimal

# (asset, network), in the order the screens list them.
NETWORKS: tuple[tuple[str, str], ...] = (
    ("BTC", "BTC"),
    ("ETH", "ETH"),
    ("XRP", "XRP"),
    ("USDT", "ERC20"),
    ("USDT", "TRC20"),
    ("JPY", "BANK"),
)

TIERS = ("standard", "silver", "gold", "vip")

# tier -> (maker %, taker %)
TRADING: dict[str, tuple[Decimal, Decimal]] = {
    "standard": (Decimal("0.10"), Decimal("0.15")),
    "silver": (Decimal("0.08"), Decimal("0.12")),
    "gold": (Decimal("0.05"), Decimal("0.10")),
    "vip": (Decimal("0.02"), Decimal("0.05")),
}

WITHDRAWAL: dict[tuple[str, str], Decimal] = {
    ("BTC", "BTC"): Decimal("0.0005"),
    ("ETH", "ETH"): Decimal("0.005"),
    ("XRP", "XRP"): Decimal("0.15"),
    ("USDT", "ERC20"): Decimal("10"),
    ("USDT", "TRC20"): Decimal("1"),
    ("JPY", "BANK"): Decimal("330"),
}

DEPOSIT: dict[tuple[str, str], Decimal] = {
    ("BTC", "BTC"): Decimal("0"),
    ("ETH", "ETH"): Decimal("0"),
    ("XRP", "XRP"): Decimal("0"),
    ("USDT", "ERC20"): Decimal("0"),
    ("USDT", "TRC20"): Decimal("0"),
    ("JPY", "BANK"): Decimal("110"),
}

# Confirmations a network needs before a withdrawal counts as completed (none for banks).
CONFIRMATIONS: dict[str, int] = {"BTC": 3, "ETH": 12, "XRP": 1, "ERC20": 12, "TRC20": 20}


def schedule_json() -> dict[str, list[dict[str, str]]]:
    """The schedule as the ``/_sandbox/fees`` endpoint returns it (amounts as strings)."""
    return {
        "trading": [
            {"tier": tier, "maker_percent": str(maker), "taker_percent": str(taker)}
            for tier, (maker, taker) in TRADING.items()
        ],
        "withdrawal": _transfers(WITHDRAWAL),
        "deposit": _transfers(DEPOSIT),
    }


def _transfers(table: dict[tuple[str, str], Decimal]) -> list[dict[str, str]]:
    return [
        {"asset": asset, "network": network, "fee": str(fee)}
        for (asset, network), fee in table.items()
    ]
