"""What the demo's routine requests say: password resets, late withdrawals, fee questions.

Each script names the seeded situation its sender is in (a ``scenario`` of
``madoguchi.sandbox.scenarios``, or a ``where`` test) and the final state the routine
should bring it to. Bodies quote the sender's own records through placeholders filled in
by ``demo_mail``: ``{withdrawal_id}``, ``{tx_hash}``, ``{asset}``, ``{amount}``,
``{date_ja}``/``{date_en}`` (the latest withdrawal's), ``{transaction_id}`` (the latest
fee charge's) and ``{name}``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from madoguchi.sandbox.data import SeededCustomer
from madoguchi.sandbox.demo_script import Script

REPLIED, ESCALATED = "replied", "escalated"


def _settled(person: SeededCustomer, now: datetime) -> bool:
    """No hold and no security event in the last 30 days: nothing but the state matters."""
    recent = any(now - event.at < timedelta(days=30) for event in person.events)
    return not person.security_hold and not recent


def _locked(person: SeededCustomer, now: datetime) -> bool:
    return person.account_state == "locked" and _settled(person, now)


def _frozen(person: SeededCustomer, now: datetime) -> bool:
    return person.account_state == "frozen" and _settled(person, now)


def _held(person: SeededCustomer, now: datetime) -> bool:
    return person.account_state == "active" and person.security_hold


PASSWORD: tuple[Script, ...] = (
    Script(
        "password_forgot_ja", REPLIED, "forgotten password, nothing in the way (ISO-2022-JP)",
        "ja", "iso-2022-jp", "パスワードを忘れました",
        "お世話になっております。\nパスワードを忘れてしまいログインできません。\n"
        "パスワードの再設定をお願いできますでしょうか。\n\n{name}",
        scenario="events:quiet",
    ),
    Script(
        "password_reset_locked_en", REPLIED, "reset asked for a locked account (a reset unlocks)",
        "en", "us-ascii", "Forgot my password",
        "Hello,\n\nI forgot my password and my account is now locked after too many tries. "
        "Could you please reset my password?\n\nThanks,\n{name}",
        where=_locked,
    ),
    Script(
        "password_reset_unknown_en", REPLIED,
        "reset asked from an address no customer has (the same neutral reply)",
        "en", "us-ascii", "Password reset",
        "Hi,\n\nI forgot my password. Please reset my password so I can log in again.\n\n{name}",
        unknown_sender=True,
    ),
    Script(
        "password_reset_already_sent_ja", REPLIED,
        "reset asked again minutes after one was sent (not sent twice; UTF-8)",
        "ja", "utf-8-base64", "パスワードの再設定をお願いします",
        "お世話になっております。\n先ほどパスワードの再設定をお願いしましたが、まだ確認できていません。\n"
        "もう一度パスワードの再設定をお願いできますでしょうか。\n\n{name}",
        scenario="events:reset-minutes-ago",
    ),
    Script(
        "password_reset_frozen_en", ESCALATED, "reset asked for a frozen account",
        "en", "us-ascii", "Reset password",
        "Hello,\n\nI forgot my password and cannot log in. Please reset my password.\n\n"
        "Regards,\n{name}",
        where=_frozen,
    ),
    Script(
        "password_reset_hold_ja", ESCALATED, "reset asked for an account under security hold",
        "ja", "iso-2022-jp", "パスワード再設定のお願い",
        "お世話になっております。\nパスワードを忘れたため、再設定をお願いいたします。\n\n{name}",
        where=_held,
    ),
    Script(
        "password_reset_email_changed_en", ESCALATED,
        "reset asked days after the account's e-mail address was changed",
        "en", "us-ascii", "Forgot password",
        "Hello,\n\nI forgot my password. Can you reset my password, please?\n\n{name}",
        scenario="events:email_change-recent",
    ),
    Script(
        "password_reset_2fa_changed_ja", ESCALATED,
        "reset asked days after two-factor authentication was changed (UTF-8)",
        "ja", "utf-8-base64", "パスワードの再設定について",
        "いつもお世話になっております。\nパスワードを忘れてしまいました。\n"
        "パスワードの再設定をお願いできますか。\n\n{name}",
        scenario="events:two_factor_change-recent",
    ),
)

FEES: tuple[Script, ...] = (
    Script(
        "fee_question_ja", REPLIED, "the fee of the latest trade, as scheduled (UTF-8)",
        "ja", "utf-8-base64", "手数料について",
        "お世話になっております。\n先日のビットコインの取引の手数料が思っていたより高かったのですが、"
        "手数料の内訳を教えていただけますか。\n\n{name}",
        scenario="charges:trade-match",
    ),
    Script(
        "fee_withdrawal_tx_en", REPLIED, "a withdrawal fee named by its transaction id",
        "en", "us-ascii", "Question about a fee",
        "Hello,\n\nWhy was I charged this fee on transaction {transaction_id}? "
        "Could you explain the fee charged?\n\nBest regards,\n{name}",
        scenario="charges:withdrawal-match",
    ),
    Script(
        "fee_deposit_ja", REPLIED, "the fee of a yen deposit (ISO-2022-JP)",
        "ja", "iso-2022-jp", "入金手数料について",
        "お世話になっております。\n日本円の入金で手数料が差し引かれていました。\n"
        "この入金手数料について教えてください。\n\n{name}",
        scenario="charges:deposit-match",
    ),
    Script(
        "fee_mismatch_trade_en", ESCALATED, "a trade fee that does not match the schedule",
        "en", "us-ascii", "Trading fee charged",
        "Hello,\n\nWhy was I charged this fee on my bitcoin trade {transaction_id}? "
        "It looks higher than I expected.\n\n{name}",
        scenario="charges:trade-mismatch",
    ),
    Script(
        "fee_mismatch_withdrawal_ja", ESCALATED,
        "a withdrawal fee that does not match the schedule (UTF-8)",
        "ja", "utf-8-base64", "手数料の金額について",
        "お世話になっております。\n先日のETHの手数料が、思っていたより高く請求されているようです。\n"
        "請求された手数料の内訳を教えていただけますか。\n\n{name}",
        scenario="charges:withdrawal-mismatch",
    ),
    Script(
        "fee_no_charge_en", ESCALATED, "a fee question from a customer with no fee charged",
        "en", "us-ascii", "Fee on my trade",
        "Hi,\n\nWhat fee was charged on my last trade? I would like to understand the "
        "fees.\n\n{name}",
        scenario="charges:none",
    ),
    Script(
        "fee_refund_ja", ESCALATED, "a fee question asking for a refund (a human decides)",
        "ja", "iso-2022-jp", "手数料の返金について",
        "お世話になっております。\n先日の取引の手数料について、返金をお願いできますでしょうか。\n"
        "手数料の内訳もあわせて教えてください。\n\n{name}",
        scenario="charges:trade-match",
    ),
)

WITHDRAWALS: tuple[Script, ...] = (
    Script(
        "withdrawal_not_arrived_en", REPLIED, "a BTC withdrawal pending review, within a day",
        "en", "us-ascii", "Withdrawal not arrived",
        "Hello,\n\nI made a BTC withdrawal but it has not arrived in my wallet yet. "
        "Could you check it?\n\n{name}",
        scenario="withdrawals:pending_review-BTC",
    ),
    Script(
        "withdrawal_not_arrived_ja", REPLIED,
        "an ETH withdrawal being processed during ETH maintenance (UTF-8)",
        "ja", "utf-8-base64", "出金が届きません",
        "お世話になっております。\nETHを出金しましたが、まだ送金先のウォレットに届いていません。\n"
        "確認をお願いします。\n\n{name}",
        scenario="withdrawals:processing-ETH",
    ),
    Script(
        "withdrawal_broadcast_id_en", REPLIED, "a broadcast withdrawal named by its id",
        "en", "us-ascii", "Withdrawal {withdrawal_id} not received",
        "Hello,\n\nMy withdrawal {withdrawal_id} has not arrived yet. Where is it?\n\n{name}",
        scenario="withdrawals:broadcast-BTC",
    ),
    Script(
        "withdrawal_broadcast_hash_ja", REPLIED,
        "a broadcast USDT (ERC20) withdrawal named by its tx hash (ISO-2022-JP)",
        "ja", "iso-2022-jp", "出金の着金について",
        "お世話になっております。\nUSDTの出金がまだ届いていません。\n"
        "トランザクションIDは {tx_hash} です。\n状況を教えてください。\n\n{name}",
        scenario="withdrawals:broadcast-ERC20",
    ),
    Script(
        "withdrawal_completed_id_ja", REPLIED,
        "a completed withdrawal the customer has not seen arrive (UTF-8)",
        "ja", "utf-8-base64", "出金が反映されていません",
        "お世話になっております。\n{date_ja}に申請した出金（{withdrawal_id}）が、"
        "まだウォレットに届いていないようです。\n確認をお願いいたします。\n\n{name}",
        scenario="withdrawals:completed-BTC",
    ),
    Script(
        "withdrawal_held_new_address_en", REPLIED,
        "an ETH withdrawal held for a new address, with the hold's end ahead",
        "en", "us-ascii", "ETH withdrawal on hold?",
        "Hello,\n\nMy ETH withdrawal has not arrived. The app says it is on hold. "
        "When will it be sent?\n\n{name}",
        scenario="withdrawals:held-new_address-ETH",
    ),
    Script(
        "withdrawal_held_travel_rule_ja", REPLIED,
        "a withdrawal held for travel-rule information, named by id (ISO-2022-JP)",
        "ja", "iso-2022-jp", "出金が保留になっています",
        "お世話になっております。\n出金 {withdrawal_id} が保留のまま届きません。\n"
        "いつ頃送金されるか教えてください。\n\n{name}",
        scenario="withdrawals:held-travel_rule-BTC",
    ),
    Script(
        "withdrawal_aml_hold_en", ESCALATED, "a withdrawal under an AML hold (never explained)",
        "en", "us-ascii", "Withdrawal has not arrived",
        "Hello,\n\nMy bitcoin withdrawal has not arrived yet. Could you check what is "
        "happening?\n\n{name}",
        scenario="withdrawals:held-aml-BTC",
    ),
    Script(
        "withdrawal_failed_ja", ESCALATED, "a failed withdrawal named by id (UTF-8)",
        "ja", "utf-8-base64", "出金について",
        "お世話になっております。\n出金 {withdrawal_id} がまだ届きません。\n"
        "確認をお願いします。\n\n{name}",
        scenario="withdrawals:failed-ETH",
    ),
    Script(
        "withdrawal_several_en", ESCALATED,
        "a late-withdrawal question naming nothing, with several open withdrawals",
        "en", "us-ascii", "My withdrawal",
        "Hi,\n\nMy withdrawal has not arrived. Can you check it?\n\n{name}",
        scenario="withdrawals:several-open",
    ),
    Script(
        "withdrawal_none_ja", ESCALATED, "a late-withdrawal question with no withdrawal found",
        "ja", "iso-2022-jp", "出金が届かない",
        "お世話になっております。\n出金したビットコインが届きません。\n"
        "確認していただけますか。\n\n{name}",
        scenario="withdrawals:none",
    ),
    Script(
        "withdrawal_large_en", ESCALATED, "a withdrawal above the automatic-answer threshold",
        "en", "us-ascii", "Large withdrawal not arrived",
        "Hello,\n\nI withdrew {amount} and it has not arrived yet. Please check.\n\n{name}",
        scenario="withdrawals:large-BTC",
    ),
    Script(
        "withdrawal_late_ja", ESCALATED, "an ETH withdrawal processing for longer than its SLA",
        "ja", "utf-8-base64", "ETHの出金が届きません",
        "お世話になっております。\nETHの出金が処理中のまま届きません。\n"
        "確認をお願いいたします。\n\n{name}",
        scenario="withdrawals:processing-late-ETH",
    ),
)

REQUESTS: tuple[Script, ...] = PASSWORD + FEES + WITHDRAWALS
