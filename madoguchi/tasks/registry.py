"""Every routine madoguchi can run, by name: the names the rulebook's ``routines`` use.

Explicit on purpose: a routine exists when it is listed here, nowhere else, and
importing this module has no other effect.
"""

from __future__ import annotations

from collections.abc import Callable

from madoguchi.domain.outcomes import Outcome, RoutineRequest
from madoguchi.domain.ports import BackOffice
from madoguchi.tasks.kyc_status import kyc_status

Routine = Callable[[RoutineRequest, BackOffice], Outcome]

ROUTINES: dict[str, Routine] = {
    "kyc_status": kyc_status,
}
