"""Every routine madoguchi can run, by name: the names the rulebook's ``routines`` use.

Explicit on purpose: a routine exists when it is listed here, nowhere else, and
importing this module has no other effect. ``CONTRACTS`` holds what each routine
promises its templates, for the rulebook loader to check against.
"""

from __future__ import annotations

from collections.abc import Callable

from madoguchi.domain.outcomes import Outcome, RoutineRequest
from madoguchi.domain.ports import BackOffice
from madoguchi.tasks import fee_explanation, kyc_status, password_reset, withdrawal_delay
from madoguchi.tasks.contract import RoutineContract

Routine = Callable[[RoutineRequest, BackOffice], Outcome]

ROUTINES: dict[str, Routine] = {
    "password_reset": password_reset.password_reset,
    "kyc_status": kyc_status.kyc_status,
    "withdrawal_delay": withdrawal_delay.withdrawal_delay,
    "fee_explanation": fee_explanation.fee_explanation,
}

CONTRACTS: dict[str, RoutineContract] = {
    "password_reset": password_reset.CONTRACT,
    "kyc_status": kyc_status.CONTRACT,
    "withdrawal_delay": withdrawal_delay.CONTRACT,
    "fee_explanation": fee_explanation.CONTRACT,
}
