"""Reading the texts of a screen's cells as typed values, strictly.

A label the screens file does not know, a time not in the configured format or a number
that is not one is an ``UnexpectedPage``: the robot never guesses what a cell means.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import TypeVar

from madoguchi.connectors.backoffice.screens import Values, parse_decimal
from madoguchi.domain.errors import UnexpectedPage

T = TypeVar("T")


class Cells:
    """The texts of one row (or one screen), read with the screens file's ``values``."""

    def __init__(
        self,
        texts: Mapping[str, str],
        values: Values,
        unexpected: Callable[[str], UnexpectedPage],
    ) -> None:
        self.texts = texts
        self.values = values
        self.unexpected = unexpected

    def text(self, key: str) -> str:
        return self.texts[key]

    def optional(self, key: str) -> str | None:
        """The text, or None when the cell shows the empty mark."""
        text = self.texts[key]
        return None if text in self.values.empty else text

    def label(self, meanings: Mapping[str, T], key: str, what: str) -> T:
        """What the label in ``key`` means; a label not configured is unexpected."""
        label = self.texts[key]
        if label not in meanings:
            raise self.unexpected(f"{what} shows a label that the screens file does not know")
        return meanings[label]

    def optional_label(self, meanings: Mapping[str, T], key: str, what: str) -> T | None:
        return None if self.optional(key) is None else self.label(meanings, key, what)

    def time(self, key: str, what: str) -> datetime:
        moment = self.optional_time(key, what)
        if moment is None:
            raise self.unexpected(f"{what} is empty")
        return moment

    def optional_time(self, key: str, what: str) -> datetime | None:
        text = self.optional(key)
        if text is None or text in self.values.open_ended:
            return None
        try:
            return self.values.parse_time(text)
        except ValueError:
            raise self.unexpected(f"{what} is not a time in the configured format") from None

    def decimal(self, key: str, what: str) -> Decimal:
        try:
            return parse_decimal(self.texts[key])
        except ValueError:
            raise self.unexpected(f"{what} is not a number") from None

    def fraction(self, key: str, what: str) -> tuple[int, int] | None:
        """``3/12`` as (3, 12); None for an empty cell."""
        text = self.optional(key)
        if text is None:
            return None
        seen, _, needed = text.partition("/")
        if not (seen.strip().isdigit() and needed.strip().isdigit()):
            raise self.unexpected(f"{what} is not written as x/y")
        return int(seen), int(needed)
