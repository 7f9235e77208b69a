"""The result of one check: what every reporter, the health report and the site read.

It lives in the leaf core so that importing a reporter does not pull in the
pipeline that produced the result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kpicat.core.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from kpicat.model import Catalogue


@dataclass
class CheckResult:
    """Everything a reporter or the site needs after a check."""

    root: Path
    catalogue: Catalogue
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    config_errors: bool = False
    notes: list[str] = field(default_factory=list)  # how the check ran, for --verbose
    today: dt.date | None = None  # the day the rules checked against (review dates)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.WARNING)

    @property
    def exit_code(self) -> int:
        if self.config_errors:
            return 2
        return 1 if self.errors else 0
