"""The ``password_reset`` routine: the back office mails a reset link to the registered address.

Whether an account exists is never told: a sender with no account gets the very same
``sent`` reply as one for whom a link went out (no account enumeration), so no reply of
this routine carries anything account-specific, not even the anti-phishing code. An
account that is frozen, under a security hold, or whose e-mail address or second
factor changed recently goes to a human: a reset is how a thief finishes a takeover.
A locked account may get a reset, which is how it unlocks.

The back office's verb reads "last sent" before it presses the button, so a retry after
a crash never sends a second mail within the window (F14); a reset already sent within
it is answered as ``already_sent``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from madoguchi.domain.backoffice import AccountState, Customer, SecurityEventKind
from madoguchi.domain.outcomes import NeedsHuman, Outcome, Resolved, RoutineRequest
from madoguchi.domain.ports import BackOffice
from madoguchi.tasks.account import registered_sender
from madoguchi.tasks.contract import RoutineContract
from madoguchi.tasks.facts import aware, iso
from madoguchi.tasks.options import PositiveInt, RoutineOptions, parse_options

DRAFT = "draft_hold"
# Changes after which a reset link could finish an account takeover.
RISKY_CHANGES = frozenset({SecurityEventKind.EMAIL_CHANGE, SecurityEventKind.TWO_FACTOR_CHANGE})


class PasswordResetOptions(RoutineOptions):
    recent_change_days: PositiveInt  # an e-mail or 2FA change this recent: a human decides
    reset_window_minutes: PositiveInt  # at most one reset mail within this many minutes


CONTRACT = RoutineContract(
    outcomes={
        "sent": frozenset(),
        "already_sent": frozenset({"last_sent_at", "window_minutes"}),
    },
    drafts={DRAFT: frozenset()},
    options=PasswordResetOptions,
)


def password_reset(request: RoutineRequest, backoffice: BackOffice) -> Outcome:
    """``sent`` (also when no account matches), ``already_sent``, or ``NeedsHuman``.

    ``account_action`` is true only when a reset mail was sent now.
    """
    options = parse_options(PasswordResetOptions, request.options, "password_reset")
    if isinstance(options, NeedsHuman):
        return options
    customer = registered_sender(request, backoffice)
    if customer is None:
        # The same outcome and facts as a real send: the reply must not tell them apart.
        return Resolved(outcome="sent", facts={}, account_action=False)
    if isinstance(customer, NeedsHuman):
        return customer
    refusal = _refusal(customer, backoffice, request.now, options.recent_change_days)
    if refusal is not None:
        return refusal
    return _send(customer, backoffice, options.reset_window_minutes)


def _refusal(
    customer: Customer, backoffice: BackOffice, now: datetime, recent_days: int
) -> NeedsHuman | None:
    facts: dict[str, Any] = {"customer_id": customer.customer_id}
    if customer.account_state is AccountState.FROZEN:
        return NeedsHuman(reason="the account is frozen", facts=facts, draft=DRAFT)
    if customer.security_hold:
        return NeedsHuman(reason="the account is under a security hold", facts=facts, draft=DRAFT)
    since = aware(now) - timedelta(days=recent_days)
    for event in backoffice.security_events(customer):
        if event.kind in RISKY_CHANGES and aware(event.at) >= since:
            reason = f"{event.kind.value.replace('_', ' ')} within {recent_days} days"
            event_facts = {**facts, "event": event.kind.value, "event_at": iso(event.at)}
            return NeedsHuman(reason=reason, facts=event_facts, draft=DRAFT)
    return None


def _send(customer: Customer, backoffice: BackOffice, window_minutes: int) -> Outcome:
    result = backoffice.send_password_reset(customer, not_within=timedelta(minutes=window_minutes))
    if result.sent:
        return Resolved(outcome="sent", facts={}, account_action=True)
    if result.last_sent_at is None:
        reason = "the back office sent no reset mail and shows none sent before"
        return NeedsHuman(reason=reason, facts={"customer_id": customer.customer_id}, draft=DRAFT)
    facts = {"last_sent_at": iso(result.last_sent_at), "window_minutes": window_minutes}
    return Resolved(outcome="already_sent", facts=facts, account_action=False)
