"""The routines that answer customers, and the rendering of their replies.

A routine (``ROUTINES[name](request, backoffice)``) sees the world only through the
``BackOffice`` port and returns ``Resolved`` or ``NeedsHuman``; ``render`` and
``build_reply`` turn a resolved outcome into a ``Reply``.
"""

from madoguchi.tasks.registry import ROUTINES, Routine
from madoguchi.tasks.reply import ReplyError, TemplateError, build_reply, render

__all__ = ["ROUTINES", "ReplyError", "Routine", "TemplateError", "build_reply", "render"]
