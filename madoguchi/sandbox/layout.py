"""The two layouts of the screens: the same pages and words, other ids, names and classes.

Layout 1 is what the back office shipped with; layout 2 is the "vendor upgrade" a robot
must survive by a configuration change alone (``POST /_sandbox/faults {"layout": 2}``).
Screens and form handlers ask ``name(layout, key)`` for every id, name and class the robot
reads or posts; layout 1 uses the key itself.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

V2: dict[str, str] = {
    # frames
    "main": "contents",
    # login
    "loginForm": "frmSignIn",
    "operator_id": "userId",
    "password": "userPassword",
    "btnLogin": "doSignIn",
    "errmsg": "msg-error",
    # search
    "searchForm": "frmCustomerSearch",
    "email": "mailAddress",
    "btnSearch": "doSearch",
    "nodata": "no-records",
    "searchResults": "customerSearchResult",
    "resultLink": "lnk-customer",
    # customer
    "custId": "cst-number",
    "custName": "cst-fullname",
    "custEmail": "cst-mail",
    "accountState": "cst-status",
    "securityHold": "cst-sec-hold",
    "feeTier": "cst-tier",
    "phishingCode": "cst-antiphish",
    "registeredAt": "cst-created",
    "kycStatus": "kyc-state",
    "kycRejection": "kyc-reject-reason",
    "kycMissing": "kyc-missing-docs",
    "kycSubmitted": "kyc-submitted-on",
    "kycUpdated": "kyc-updated-on",
    "secEvents": "securityHistory",
    "eventRow": "sec-row",
    "evAt": "sec-when",
    "evKind": "sec-type",
    "lastResetAt": "pwreset-last-sent",
    "resetForm": "frmPasswordReset",
    "btnSendReset": "doSendReset",
    "resetDone": "pwreset-complete",
    "infomsg": "msg-info",
    # withdrawals
    "wdFilter": "frmWithdrawSearch",
    "asset": "currency",
    "status": "state",
    "from": "dateFrom",
    "to": "dateTo",
    "btnFilter": "doFilter",
    "wdList": "withdrawHistory",
    "wdRow": "wh-row",
    "wdId": "wh-no",
    "wdAsset": "wh-currency",
    "wdNetwork": "wh-chain",
    "wdAmount": "wh-qty",
    "wdFee": "wh-fee",
    "wdAddress": "wh-dest",
    "wdStatus": "wh-state",
    "wdHold": "wh-hold",
    "wdHoldUntil": "wh-hold-end",
    "wdTxHash": "wh-txid",
    "wdConf": "wh-confirm",
    "wdRequested": "wh-requested",
    "wdUpdated": "wh-updated",
    "wdCount": "wh-total",
    "prevPage": "lnk-prev",
    "nextPage": "lnk-next",
    "page": "p",
    # notices
    "noticeList": "networkStatus",
    "noticeRow": "ns-row",
    "ntAsset": "ns-currency",
    "ntNetwork": "ns-chain",
    "ntKind": "ns-type",
    "ntStart": "ns-from",
    "ntEnd": "ns-until",
    "ntMessage": "ns-text",
    # fee schedule
    "tradingFees": "feeTrading",
    "withdrawalFees": "feeWithdraw",
    "depositFees": "feeDeposit",
    "feeRow": "fee-line",
    "tier": "fee-tier",
    "maker": "fee-maker",
    "taker": "fee-taker",
    "feeAsset": "fee-currency",
    "feeNetwork": "fee-chain",
    "feeAmount": "fee-value",
    # fee charges
    "chargeList": "feeStatement",
    "chargeRow": "fs-row",
    "chTxId": "fs-txn",
    "chKind": "fs-type",
    "chAsset": "fs-currency",
    "chNetwork": "fs-chain",
    "chAmount": "fs-qty",
    "chFee": "fs-fee",
    "chFeeAsset": "fs-fee-currency",
    "chTier": "fs-tier",
    "chAt": "fs-when",
    # the busy screen
    "sysBusy": "msg-busy",
}

LAYOUTS = (1, 2)


def name(layout: int, key: str) -> str:
    """The id, name or class ``key`` has in ``layout`` (a key unknown to layout 2 raises)."""
    return key if layout == 1 else V2[key]


def names(layout: int) -> Callable[[str], str]:
    """``name`` with the layout fixed, for templates: ``n("custId")``."""
    return partial(name, layout)
