"""The sender's own account: found by the authenticated sender address, and by nothing else.

Entities from the mail body never choose the account. The back office promises an
exact match on the registered address; an answer for any other address is treated
as someone else's account, and a human takes over.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic

from madoguchi.domain.backoffice import AccountState, Customer
from madoguchi.domain.outcomes import NeedsHuman, RoutineRequest
from madoguchi.domain.ports import BackOffice
from madoguchi.tasks.facts import anti_phishing
from madoguchi.tasks.options import OptionsT, parse_options

NO_ACCOUNT = "no account is registered to the sender's address"


def registered_sender(
    request: RoutineRequest, backoffice: BackOffice
) -> Customer | NeedsHuman | None:
    """The customer registered to ``request.sender``; None when no account is.

    ``NeedsHuman`` when the request has no sender (nothing is looked up) or the back
    office answers with an account registered to another address.
    """
    sender = request.sender.strip().lower()
    if not sender:
        return NeedsHuman(reason="the request has no sender address")
    customer = backoffice.find_customer(sender)
    if customer is None:
        return None
    if customer.email.strip().lower() != sender:
        return NeedsHuman(reason="the back office returned an account for another address")
    return customer


def sender_customer(request: RoutineRequest, backoffice: BackOffice) -> Customer | NeedsHuman:
    """The sender's active or locked account; ``NeedsHuman`` for none, or a frozen one."""
    customer = registered_sender(request, backoffice)
    if customer is None:
        return NeedsHuman(reason=NO_ACCOUNT)
    if isinstance(customer, NeedsHuman):
        return customer
    if customer.account_state is AccountState.FROZEN:
        facts = {"customer_id": customer.customer_id, **anti_phishing(customer)}
        return NeedsHuman(reason="the account is frozen", facts=facts, draft="draft_hold")
    return customer


@dataclass(frozen=True)
class Start(Generic[OptionsT]):
    """What a routine on the sender's own account begins with."""

    options: OptionsT
    customer: Customer


def start(
    request: RoutineRequest, backoffice: BackOffice, model: type[OptionsT], routine: str
) -> Start[OptionsT] | NeedsHuman:
    """The routine's valid options and the sender's active or locked account, or why a
    human must take over (invalid options, no account, a frozen one)."""
    options = parse_options(model, request.options, routine)
    if isinstance(options, NeedsHuman):
        return options
    customer = sender_customer(request, backoffice)
    if isinstance(customer, NeedsHuman):
        return customer
    return Start(options, customer)
