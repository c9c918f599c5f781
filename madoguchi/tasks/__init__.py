"""The routines that answer customers, and the rendering of their replies.

A routine (``ROUTINES[name](request, backoffice)``) sees the world only through the
``BackOffice`` port and returns ``Resolved`` or ``NeedsHuman``; ``CONTRACTS[name]`` says
which outcomes and drafts it answers with and the facts each carries (for the rulebook
loader); ``render`` and ``build_reply`` turn an outcome into a ``Reply``.
"""

from madoguchi.tasks.contract import RoutineContract
from madoguchi.tasks.registry import CONTRACTS, ROUTINES, Routine
from madoguchi.tasks.reply import ReplyError, TemplateError, build_reply, render

__all__ = [
    "CONTRACTS",
    "ROUTINES",
    "ReplyError",
    "Routine",
    "RoutineContract",
    "TemplateError",
    "build_reply",
    "render",
]
