"""What is wrong with a rulebook, one problem per line, each at its file, line and column."""

from __future__ import annotations

from dataclasses import dataclass

from madoguchi.domain.errors import ConfigurationError


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One mistake in a rulebook file; line and column count from 1."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class RulebookError(ConfigurationError):
    """The rulebook is invalid; the message has one ``file:line:column: message`` per problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(sorted(problems))
        super().__init__("\n".join(str(problem) for problem in self.problems))
