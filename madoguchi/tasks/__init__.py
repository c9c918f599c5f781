"""The routines that answer customers, and the rendering of their replies.

A routine (``ROUTINES[name](request, backoffice)``) sees the world only through the
``BackOffice`` port and returns ``Resolved`` or ``NeedsHuman``; ``CONTRACTS[name]`` says
which outcomes and drafts it answers with and the facts each carries (for the rulebook
loader); ``render`` and ``build_reply`` turn an outcome into a ``Reply``;
``check_reply`` (problems, [] when fine) or ``screen_reply`` (raises ``UnsafeReply``) is
the reply firewall, called before each send with the rulebook's ``reply`` settings as
the ``ReplyPolicy``.
"""

from madoguchi.tasks.contract import RoutineContract
from madoguchi.tasks.firewall import Allowances, ReplyPolicy, check_reply
from madoguchi.tasks.registry import CONTRACTS, ROUTINES, Routine
from madoguchi.tasks.reply import (
    ReplyError,
    TemplateError,
    UnsafeReply,
    build_reply,
    render,
    screen_reply,
)

__all__ = [
    "CONTRACTS",
    "ROUTINES",
    "Allowances",
    "ReplyError",
    "ReplyPolicy",
    "Routine",
    "RoutineContract",
    "TemplateError",
    "UnsafeReply",
    "build_reply",
    "check_reply",
    "render",
    "screen_reply",
]
