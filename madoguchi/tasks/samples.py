"""Representative facts for every outcome and draft, to render templates when a rulebook loads.

The values look like what the routines put into facts (``facts``: decimal strings, ISO
times with their zone, the back office's codes), so templates render as they will for
customers. Besides one sample with every fact set, each fact with branches in the
shipped templates (a hold type, a missing value, a notice, a trade role) is varied one
at a time, so that the text of every branch is rendered and checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

_AT = "2026-11-28T14:05:00+09:00"
_LATER = "2026-11-29T09:00:00+09:00"
_ETH_HASH = "0x" + "5e8f" * 16
_BTC_HASH = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"
_DOCUMENTS = ["id_document_front", "id_document_back", "proof_of_address", "selfie", "my_number"]

BASE: dict[str, Any] = {
    "anti_phishing_code": "SAKURA-7",
    "missing_documents": _DOCUMENTS,
    "submitted_at": _AT,
    "updated_at": _LATER,
    "last_sent_at": _AT,
    "window_minutes": 15,
    "withdrawal_id": "WD2611280042",
    "asset": "BTC",
    "network": "BTC",
    "amount": "0.5",
    "fee": "0.0005",
    "address": "bc1q****x7k2",
    "requested_at": _AT,
    "tx_hash": _BTC_HASH,
    "confirmations": 2,
    "required_confirmations": 3,
    "hold_type": None,
    "hold_until": None,
    "notices": [],
    "candidates": ["WD2611280042", "WD2611280043"],
    "candidate_details": [
        {"withdrawal_id": "WD2611280042", "asset": "BTC", "amount": "0.5", "requested_at": _AT},
        {"withdrawal_id": "WD2611280043", "asset": "ETH", "amount": "2", "requested_at": _LATER},
    ],
    "transaction_id": "TX2611280007",
    "kind": "withdrawal",
    "fee_asset": "BTC",
    "charged_at": _AT,
    "tier": "standard",
    "schedule_fee": "0.0005",
    "maker_percent": "0.1",
    "taker_percent": "0.15",
    "role": "maker",
    "rate_percent": "0.1",
    "expected_fee": "0.0005",
    "rounded": False,
    "fee_decimals": 8,
}

_NOTICE_NOW = {"kind": "maintenance", "starts_at": _AT, "ends_at": _LATER, "current": True}
_NOTICE_SOON = {"kind": "congestion", "starts_at": _LATER, "ends_at": None, "current": False}
VARIANTS: dict[str, tuple[Any, ...]] = {
    "anti_phishing_code": (None,),
    "missing_documents": ([],),
    "updated_at": (None,),
    "tx_hash": (None, _ETH_HASH),
    "confirmations": (0,),
    "hold_type": ("new_address", "security", "travel_rule"),
    "hold_until": (_LATER,),
    "notices": ([_NOTICE_NOW, _NOTICE_SOON],),
    "network": ("BANK", "ERC20", "TRC20"),
    "asset": ("JPY", "ETH", "XRP", "USDT"),
    "kind": ("deposit", "trade"),
    "tier": ("silver", "gold", "vip"),
    "role": ("taker", "maker_or_taker"),
    "rounded": (True,),
    "fee_decimals": (0,),
    "candidates": ([],),
}


def samples(name: str, facts: frozenset[str]) -> Iterator[dict[str, Any]]:
    """Sample facts for outcome or draft ``name`` carrying ``facts``: the base, then variants.

    ``status`` is the outcome's own name (outcomes are named after the status they tell).
    """
    base = {fact: BASE.get(fact, name if fact == "status" else "sample") for fact in facts}
    yield base
    for fact in sorted(facts & VARIANTS.keys()):
        for value in VARIANTS[fact]:
            yield {**base, fact: value}
