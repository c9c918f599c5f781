"""The rulebook: the operations team's settings and reply templates, and the decision engine.

``load_rulebook(path, contracts=...)`` reads and checks a rulebook folder (None: the
default shipped in ``rules/default/``), against the routines' contracts when given;
``decide(triage, rulebook, now=...)`` turns a triage result into a ``Decision`` by the
safety checks, the rulebook's ordered ``rules`` (conditions in ``conditions``, over the
fields of ``fields``) and the routine checks. ``examples.load_examples`` reads a
rulebook's own tests. All are pure apart from reading the rulebook's files.
"""

from madoguchi.rules.contracts import RoutineFacts
from madoguchi.rules.engine import decide
from madoguchi.rules.errors import Problem, RulebookError
from madoguchi.rules.loader import DEFAULT_PATH, load_rulebook
from madoguchi.rules.schema import RoutineSpec, Rulebook

__all__ = [
    "DEFAULT_PATH",
    "Problem",
    "RoutineFacts",
    "RoutineSpec",
    "Rulebook",
    "RulebookError",
    "decide",
    "load_rulebook",
]
