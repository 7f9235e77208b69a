"""The functions a formula may call.

Kept deliberately tiny: every function here must be documented on the reference page, understood
by the unit algebra and computable for worked examples. The shipped KPIs need only ``prev``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .units import Unit


def _same_unit(units: Sequence[Unit | None]) -> Unit | None:
    """``prev(x)`` has the unit of ``x``."""
    return units[0]


@dataclass(frozen=True)
class FunctionSpec:
    """What the parser, the unit algebra, evaluation and the reference page know of a function."""

    name: str
    params: tuple[str, ...]
    doc: str
    doc_en: str
    unit_rule: str
    unit: Callable[[Sequence[Unit | None]], Unit | None]
    ids_only: bool = False
    previous_period: bool = False

    @property
    def arity(self) -> int:
        """Number of arguments the function takes."""
        return len(self.params)

    @property
    def signature(self) -> str:
        """How the function is written, e.g. ``prev(x)``."""
        return f"{self.name}({', '.join(self.params)})"


FUNCTIONS: dict[str, FunctionSpec] = {
    "prev": FunctionSpec(
        name="prev",
        params=("x",),
        doc="Wert von x in der Vorperiode (z. B. Vorjahr bei jährlichen KPIs); für Wachstumsraten.",
        doc_en="Value of x in the previous period (e.g. last year for yearly KPIs); for growth.",
        unit_rule="same unit as x",
        unit=_same_unit,
        ids_only=True,
        previous_period=True,
    ),
}
