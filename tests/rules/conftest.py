"""A small catalogue that passes every rule, which each test bends in one place.

``kat.kpi("id", name=..., ...)`` writes a KPI from the defaults plus overrides
(``None`` drops a field); ``kat.check()`` runs the whole check on a fixed
date. Entries are dumped field by field in a fixed order, so tests can assert
lines and columns: ``id`` is line 1, ``name`` line 2 (value at column 7).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from kpicat.core.diagnostics import Diagnostic
from kpicat.core.kinds import KIND_FOLDERS
from kpicat.core.result import CheckResult
from tests.conftest import check_both_ways

TODAY = dt.date(2026, 11, 23)
FOLDERS = {kind: folder for folder, kind in KIND_FOLDERS.items()}


def base_kpi(entry_id: str) -> dict[str, Any]:
    return {
        "id": entry_id,
        "name": {"de": entry_id.replace("_", " ").title(), "en": entry_id.replace("_", " ")},
        "definition": {"de": "Eine Kennzahl.", "en": "A figure."},
        "formula": "umsatz",
        "unit": "EUR",
        "type": {"indicator": "output", "nature": "financial"},
        "category": "revenue",
        "kra": "vertrieb",
        "owner": "kam_team",
        "status": "active",
        "period": "quarterly",
        "direction": "higher_is_better",
        "used_in": ["KAM-Dashboard"],
        "last_reviewed": "2026-10-01",
        "review_every": 6,
        "examples": [{"inputs": {"umsatz": 100}, "expected": 100}],
    }


BASE: dict[str, dict[str, Any]] = {
    "kam_team": {
        "id": "kam_team",
        "name": "Key-Account-Team",
        "kind": "team",
        "contact": "kam@example.com",
    },
    "vertrieb": {
        "id": "vertrieb",
        "name": {"de": "Vertrieb", "en": "Sales"},
        "definition": {"de": "Umsatz steigern.", "en": "Grow revenue."},
        "owner": "kam_team",
    },
    "umsatz": {
        "id": "umsatz",
        "name": {"de": "Nettoumsatz", "en": "Net revenue"},
        "definition": {"de": "Nettoumsatz der Key Accounts.", "en": "Net revenue."},
        "unit": "EUR",
        "source": {"system": "ERP", "object": "Rechnung", "field": "Nettobetrag"},
        "owner": "kam_team",
    },
    "besuche": {
        "id": "besuche",
        "name": {"de": "Kundenbesuche", "en": "Customer visits"},
        "definition": {"de": "Besuche bei Key Accounts.", "en": "Visits at key accounts."},
        "unit": "count",
        "source": {"system": "CRM", "object": "Activity", "field": "Id"},
        "owner": "kam_team",
    },
    "umsatz_ka": {
        **base_kpi("umsatz_ka"),
        "name": {"de": "Umsatz Key Accounts", "en": "Key account revenue"},
        "related": ["key_account", "besuchsanzahl"],
    },
    "besuchsanzahl": {
        **base_kpi("besuchsanzahl"),
        "name": {"de": "Anzahl Besuche", "en": "Number of visits"},
        "formula": "besuche",
        "examples": [{"inputs": {"besuche": 7}, "expected": 7}],
        "unit": "count",
        "type": {"indicator": "input", "nature": "non_financial"},
        "category": "activity",
        "related": ["umsatz_ka"],
    },
    "key_account": {
        "id": "key_account",
        "name": {"de": "Key Account", "en": "Key account"},
        "definition": {"de": "Ein wichtiger Kunde.", "en": "An important customer."},
        "abbreviation": "KA",
        "kpi": "umsatz_ka",
    },
}
KINDS = {
    "kam_team": "owner",
    "vertrieb": "kra",
    "umsatz": "measure",
    "besuche": "measure",
    "umsatz_ka": "kpi",
    "besuchsanzahl": "kpi",
    "key_account": "term",
}


class Kat:
    """A catalogue folder under construction."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.config: dict[str, Any] = {"languages": ["de", "en"]}
        for entry_id, data in BASE.items():
            self.write(KINDS[entry_id], data)
        self.write_config()

    def path(self, kind: str, entry_id: str) -> Path:
        return self.root / "catalogue" / FOLDERS[kind] / f"{entry_id}.yaml"

    def rel(self, kind: str, entry_id: str) -> str:
        return f"catalogue/{FOLDERS[kind]}/{entry_id}.yaml"

    def write(self, kind: str, data: dict[str, Any]) -> Path:
        path = self.path(kind, data["id"])
        path.parent.mkdir(parents=True, exist_ok=True)
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=200)
        path.write_text(text, encoding="utf-8")
        return path

    def read(self, kind: str, entry_id: str) -> dict[str, Any]:
        return yaml.safe_load(self.path(kind, entry_id).read_text(encoding="utf-8"))

    def update(self, kind: str, entry_id: str, **changes: Any) -> Path:
        """Change fields of an existing entry; ``None`` removes a field."""
        data = self.read(kind, entry_id)
        for key, value in changes.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        return self.write(kind, data)

    def kpi(self, entry_id: str, **fields: Any) -> Path:
        """A KPI from the defaults; a new formula without examples drops the default one."""
        data = base_kpi(entry_id)
        if "formula" in fields and "examples" not in fields:
            data.pop("examples")
        data.update(fields)
        return self.write("kpi", {k: v for k, v in data.items() if v is not None})

    def term(self, entry_id: str, **fields: Any) -> Path:
        data = {"id": entry_id, "name": entry_id.title(), "definition": "Ein Begriff."}
        data.update(fields)
        return self.write("term", {k: v for k, v in data.items() if v is not None})

    def kra(self, entry_id: str, **fields: Any) -> Path:
        data = {
            "id": entry_id,
            "name": {"de": entry_id.title(), "en": entry_id},
            "definition": {"de": "Ein Bereich.", "en": "An area."},
            "owner": "kam_team",
        }
        data.update(fields)
        return self.write("kra", {k: v for k, v in data.items() if v is not None})

    def owner(self, entry_id: str, **fields: Any) -> Path:
        data = {"id": entry_id, "name": entry_id.title(), "kind": "person", "contact": "x@y.de"}
        data.update(fields)
        return self.write("owner", data)

    def write_config(self) -> None:
        text = yaml.safe_dump(self.config, sort_keys=False, allow_unicode=True)
        (self.root / "kpicat.yaml").write_text(text, encoding="utf-8")

    def configure(self, **settings: Any) -> None:
        self.config.update(settings)
        self.write_config()

    def check(self, today: dt.date = TODAY) -> CheckResult:
        return check_both_ways(self.root, today)

    def found(self, code: str, today: dt.date = TODAY) -> list[Diagnostic]:
        return [d for d in self.check(today).diagnostics if d.code == code]


@pytest.fixture
def kat(tmp_path: Path) -> Kat:
    return Kat(tmp_path)


def line_of(path: Path, text: str) -> int:
    """1-based number of the first line containing ``text``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")
