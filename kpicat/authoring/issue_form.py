"""The GitHub issue form for proposing a KPI (``.github/ISSUE_TEMPLATE/kpi-vorschlag.yml``).

For people who can open an issue but not edit a file: one field per KPI field,
the choices taken from the schema (and the catalogue's categories), so that a
maintainer can turn the issue into ``kpicat new kpi`` without asking back.
Written by ``kpicat init``; the site links to it next to "Neue KPI vorschlagen".
"""

from __future__ import annotations

from typing import Any

import yaml

from kpicat.core.config import Config
from kpicat.schemas import field_description, field_schema

ISSUE_FORM = ".github/ISSUE_TEMPLATE/kpi-vorschlag.yml"
ISSUE_FORM_NAME = "kpi-vorschlag.yml"


def _choices(kind: str, *path: str) -> list[str]:
    node = field_schema(kind, *path) or {}
    return [str(v) for v in node.get("enum", [])]


def _text(
    field_id: str, label: str, description: str | None, *, long: bool, required: bool
) -> dict[str, Any]:
    return {
        "type": "textarea" if long else "input",
        "id": field_id,
        "attributes": {"label": label, "description": description or ""},
        "validations": {"required": required},
    }


def _choice(
    field_id: str, label: str, description: str | None, options: list[str]
) -> dict[str, Any]:
    return {
        "type": "dropdown",
        "id": field_id,
        "attributes": {
            "label": label,
            "description": description or "",
            "options": [*options, "weiß nicht"],
        },
        "validations": {"required": False},
    }


def issue_form(config: Config | None = None) -> str:
    """The issue form's YAML text (GitHub's issue-forms syntax)."""
    config = config or Config()
    d = field_description
    body: list[dict[str, Any]] = [
        {
            "type": "markdown",
            "attributes": {
                "value": "Schlagen Sie eine neue Kennzahl (KPI) für den Katalog vor. Füllen Sie "
                "aus, was Sie wissen; das Katalogteam ergänzt den Rest und legt die KPI an "
                "(`kpicat new kpi`)."
            },
        },
        _text("name", "Name der KPI", d("kpi", "name"), long=False, required=True),
        _text("definition", "Definition", d("kpi", "definition"), long=True, required=True),
        _text(
            "purpose",
            "Wozu dient sie?",
            "Welche Entscheidung oder welches Gespräch unterstützt die KPI?",
            long=True,
            required=False,
        ),
        _text(
            "interpretation",
            "So lesen Sie den Wert",
            "Was ist ein guter Wert, was bedeutet ein Anstieg oder Rückgang?",
            long=True,
            required=False,
        ),
        _text(
            "pitfalls",
            "Fallstricke",
            "Typische Fehldeutungen und Messfehler, einer pro Zeile.",
            long=True,
            required=False,
        ),
        _text(
            "levers",
            "Hebel",
            "Was kann das Account-Team tun, um den Wert zu bewegen? Einer pro Zeile.",
            long=True,
            required=False,
        ),
        _text(
            "formula",
            "Berechnung",
            "In Worten oder als Formel. " + (d("kpi", "formula") or ""),
            long=True,
            required=False,
        ),
        _text("unit", "Einheit", d("kpi", "unit"), long=False, required=False),
        _choice(
            "indicator",
            "Indikator",
            d("kpi", "type", "indicator"),
            _choices("kpi", "type", "indicator"),
        ),
        _choice("nature", "Art", d("kpi", "type", "nature"), _choices("kpi", "type", "nature")),
        _choice("category", "Kategorie", d("kpi", "category"), list(config.category_ids)),
        _text("kra", "Key Result Area (KRA)", d("kpi", "kra"), long=False, required=False),
        _text("owner", "Verantwortlich", d("kpi", "owner"), long=False, required=False),
        _choice("period", "Periode", d("kpi", "period"), _choices("kpi", "period")),
        _choice(
            "granularity",
            "Granularität",
            "Worauf sich ein Wert bezieht: account (je Key Account), manager (je Key Account "
            "Manager), portfolio (alle Key Accounts zusammen) oder company (ganzes Unternehmen).",
            _choices("kpi", "granularity"),
        ),
        _text("target", "Zielwert", d("kpi", "target"), long=False, required=False),
        _text(
            "baseline",
            "Ausgangswert",
            "Der heutige Wert der KPI (letzte volle Periode), von dem aus das Ziel gesetzt ist.",
            long=False,
            required=False,
        ),
        _text(
            "data_source",
            "Datenquelle",
            "Aus welchem System (CRM, ERP …) und welchen Feldern kommen die Werte?",
            long=True,
            required=False,
        ),
        _text("sources", "Quellen", d("kpi", "sources"), long=True, required=False),
    ]
    form = {
        "name": "KPI vorschlagen",
        "description": "Eine neue Kennzahl für den KPI-Katalog vorschlagen (ohne Git).",
        "title": "KPI-Vorschlag: ",
        "labels": ["kpi-vorschlag"],
        "body": body,
    }
    header = "# kpicat: propose a KPI without editing a file (written by 'kpicat init').\n"
    return header + yaml.safe_dump(form, allow_unicode=True, sort_keys=False, width=100)
