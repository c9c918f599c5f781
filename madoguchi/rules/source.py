"""YAML text as Python data that still knows where each key and value was written.

PyYAML's composed node tree keeps the marks; ``position`` walks it along a path (as
pydantic reports one in an error's ``loc``) to the line and column an operator needs;
``validation_problem`` and ``yaml_problem`` word a pydantic or YAML error at its place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml


@dataclass(frozen=True, slots=True)
class Position:
    """A place in a file; line and column count from 1."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class YamlSource:
    """Parsed YAML data and the node tree it was built from (None for an empty file)."""

    data: Any
    root: yaml.Node | None


def read_yaml(text: str) -> YamlSource:
    """Parse one YAML document safely; raises ``yaml.YAMLError`` with a mark on bad syntax."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()
    return YamlSource(data, root)


def position(
    root: yaml.Node | None, path: Sequence[str | int], *, at_key: bool = False
) -> Position:
    """Where the value at ``path`` was written, or its key with ``at_key``.

    When the path goes further than the document (a missing key), the answer is the
    key of the mapping the key is missing from (or the document's start).
    """
    if root is None:
        return Position(1, 1)
    node, key = root, None
    for step in path:
        found = _child(node, step)
        if found is None:
            return _position(key or node)
        key, node = found
    return _position(key if at_key and key is not None else node)


def duplicate_keys(root: yaml.Node | None) -> list[tuple[Position, str]]:
    """Keys written twice in one mapping (YAML keeps the last silently), with positions."""
    found: list[tuple[Position, str]] = []
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in node.value:
                name = str(key.value)
                if name in seen:
                    found.append((_position(key), name))
                seen.add(name)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return found


def validation_problem(
    root: yaml.Node | None, loc: Sequence[str | int], kind: str, message: str
) -> tuple[Position, str]:
    """Where one pydantic error (``loc``, ``type``, ``msg``) is, and what it says there."""
    at_key = kind == "extra_forbidden" or (bool(loc) and loc[-1] == "[key]")
    path = loc[:-1] if loc and loc[-1] == "[key]" else loc
    dotted = ".".join(str(step) for step in path) or "(top level)"
    if kind == "extra_forbidden":
        message = f"unknown key {path[-1]!r}"
    elif kind == "missing":
        message = f"missing key {path[-1]!r}"
    return position(root, path, at_key=at_key), f"{dotted}: {message}"


def yaml_problem(exc: yaml.YAMLError) -> tuple[Position, str]:
    """Where a YAML syntax error is, and what it says."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    where = Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)
    problem = getattr(exc, "problem", None) or str(exc)
    return where, f"YAML syntax: {problem}"


def _child(node: yaml.Node, step: str | int) -> tuple[yaml.Node, yaml.Node] | None:
    """The (key node, value node) that ``step`` leads to from ``node``, if any."""
    if isinstance(node, yaml.MappingNode):
        for key, value in reversed(node.value):  # the last of duplicates is the one in effect
            if isinstance(key, yaml.ScalarNode) and key.value == str(step):
                return key, value
    elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
        items = node.value
        return (items[step], items[step]) if 0 <= step < len(items) else None
    return None


def _position(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)
