"""The GitHub issue form for proposing a KPI (``.github/ISSUE_TEMPLATE/kpi-vorschlag.yml``).

For people who can open an issue but not edit a file: one field per KPI field,
the choices taken from the schema (and the catalogue's categories), so that a
maintainer can turn the issue into ``kpicat new kpi`` without asking back.
Written by ``kpicat init``; the site links to it next to "Neue KPI vorschlagen".
Its readers propose entries of the catalogue, so every word of it is in the catalogue's
first language (the schema's descriptions too), whatever language the tool speaks.
"""

from __future__ import annotations

from typing import Any

import yaml

from kpicat.core.config import Config
from kpicat.core.i18n import N_, _, speaking
from kpicat.schemas import field_description, field_schema

ISSUE_FORM = ".github/ISSUE_TEMPLATE/kpi-vorschlag.yml"
ISSUE_FORM_NAME = "kpi-vorschlag.yml"


def _choices(kind: str, *path: str) -> list[str]:
    node = field_schema(kind, *path) or {}
    return [str(v) for v in node.get("enum", [])]


def _text(
    field_id: str,
    label: str,
    description: str | None,
    *,
    long: bool,
    required: bool,
    more: str | None = None,
) -> dict[str, Any]:
    """A text field; ``description`` (and ``more``, a schema description) are msgids."""
    text = " ".join(_(part) for part in (description, more) if part)
    return {
        "type": "textarea" if long else "input",
        "id": field_id,
        "attributes": {"label": label, "description": text},
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
            "description": _(description) if description else "",
            "options": [*options, _("don't know")],
        },
        "validations": {"required": False},
    }


def issue_form(config: Config | None = None) -> str:
    """The issue form's YAML text (GitHub's issue-forms syntax), in the catalogue's first
    language."""
    config = config or Config()
    with speaking(config.languages[0] if config.languages else None):
        return _form(config)


def _form(config: Config) -> str:
    d = field_description
    body: list[dict[str, Any]] = [
        {
            "type": "markdown",
            "attributes": {
                "value": _(
                    "Propose a new key figure (KPI) for the catalogue. Fill in what you "
                    "know; the catalogue team adds the rest and creates the KPI "
                    "(`kpicat new kpi`)."
                )
            },
        },
        _text("name", _("Name of the KPI"), d("kpi", "name"), long=False, required=True),
        _text("definition", _("Definition"), d("kpi", "definition"), long=True, required=True),
        _text(
            "purpose",
            _("What is it for?"),
            N_("Which decision or conversation does the KPI support?"),
            long=True,
            required=False,
        ),
        _text(
            "formula",
            _("Calculation"),
            N_("In words or as a formula."),
            long=True,
            required=False,
            more=d("kpi", "formula"),
        ),
        _text("unit", _("Unit"), d("kpi", "unit"), long=False, required=False),
        _choice(
            "indicator",
            _("Indicator"),
            d("kpi", "type", "indicator"),
            _choices("kpi", "type", "indicator"),
        ),
        _choice(
            "nature", _("Nature"), d("kpi", "type", "nature"), _choices("kpi", "type", "nature")
        ),
        _choice("category", _("Category"), d("kpi", "category"), list(config.category_ids)),
        _text("kra", _("Key result area (KRA)"), d("kpi", "kra"), long=False, required=False),
        _text("owner", _("Owner (team or person)"), d("kpi", "owner"), long=False, required=False),
        _choice("period", _("Period"), d("kpi", "period"), _choices("kpi", "period")),
        _text("target", _("Target"), d("kpi", "target"), long=False, required=False),
        _text(
            "data_source",
            _("Data source"),
            N_("Which system (CRM, ERP …) and which fields do the values come from?"),
            long=True,
            required=False,
        ),
        _text("sources", _("Sources"), d("kpi", "sources"), long=True, required=False),
    ]
    form = {
        "name": _("Propose a KPI"),
        "description": _("Propose a new key figure for the KPI catalogue (without Git)."),
        "title": _("KPI proposal: "),
        "labels": ["kpi-vorschlag"],  # a stable name: the site's link and triage use it
        "body": body,
    }
    header = _("# kpicat: propose a KPI without editing a file (written by 'kpicat init').")
    return header + "\n" + yaml.safe_dump(form, allow_unicode=True, sort_keys=False, width=100)
