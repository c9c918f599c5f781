"""A routine's rulebook options, parsed strictly into a frozen model, or the reason they are not.

Options are written by the operations team; a missing, misspelt or mistyped option is
a rulebook mistake, which the routine answers with ``NeedsHuman`` naming the option,
never with a crash or a guessed default. Money and hour limits are ``Decimal``: a YAML
``0.1`` becomes exactly 0.1, never a float's nearest neighbour.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictInt, ValidationError
from pydantic_core import ErrorDetails

from madoguchi.domain.outcomes import NeedsHuman


class RoutineOptions(BaseModel):
    """The options of one routine: frozen, unknown keys refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")


def _exact_decimal(value: object) -> object:
    """YAML numbers as exact decimals; booleans refused (``true`` is not 1)."""
    if isinstance(value, bool):
        raise ValueError("a number is required, not a boolean")
    if isinstance(value, int | float | str):
        try:
            # str() of a float is its shortest repr: the number the YAML file says.
            return Decimal(str(value))
        except InvalidOperation as exc:
            raise ValueError(f"not a number: {value!r}") from exc
    return value


PositiveInt = Annotated[StrictInt, Field(gt=0)]
NonNegativeInt = Annotated[StrictInt, Field(ge=0)]
PositiveDecimal = Annotated[
    Decimal, BeforeValidator(_exact_decimal), Field(gt=0, allow_inf_nan=False)
]
AssetCode = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9]{1,9}$")]

OptionsT = TypeVar("OptionsT", bound=RoutineOptions)


def parse_options(
    model: type[OptionsT], options: Mapping[str, Any], routine: str
) -> OptionsT | NeedsHuman:
    """``options`` as ``model``, or ``NeedsHuman`` saying which option is wrong and why."""
    try:
        return model.model_validate(dict(options))
    except ValidationError as exc:
        return NeedsHuman(reason=f"invalid rulebook options for {routine}: {_summary(exc)}")


def option_problems(model: type[RoutineOptions], options: Mapping[str, Any]) -> tuple[str, ...]:
    """What is wrong with ``options`` for ``model``, one line per problem (none: valid)."""
    try:
        model.model_validate(dict(options))
    except ValidationError as exc:
        return tuple(_problem(error) for error in exc.errors())
    return ()


def _summary(exc: ValidationError) -> str:
    return "; ".join(_problem(error) for error in exc.errors())


def _problem(error: ErrorDetails) -> str:
    where = ".".join(str(step) for step in error["loc"]) or "(options)"
    if error["type"] == "missing":
        return f"{where}: missing"
    if error["type"] == "extra_forbidden":
        return f"{where}: unknown option"
    return f"{where}: {error['msg']}"
