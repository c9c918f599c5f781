"""How the legacy screens write values: JST minutes, grouped amounts, percentages, dashes."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from madoguchi.sandbox import labels
from madoguchi.sandbox.html import text

__all__ = ["amount", "percent", "text", "when"]


def when(moment: datetime | None) -> str:
    """``2026/11/28 10:00`` in JST, or the dash."""
    return moment.strftime(labels.TIMESTAMP_FORMAT) if moment is not None else labels.NONE


def amount(asset: str, value: Decimal) -> str:
    """Yen as whole grouped numbers (``1,000,000``); crypto to 8 places (``0.50000000``)."""
    if asset == "JPY":
        return f"{value:,.0f}"
    return f"{value:,.8f}"


def percent(value: Decimal) -> str:
    return f"{value:.2f}%"
