"""The catalogue format as JSON Schema 2020-12, shipped inside the package.

Like check-jsonschema we build one validator per schema, once, and reuse it
for every file: compiling is the expensive part, validating is cheap.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

KINDS = ("term", "kpi", "kra", "owner", "measure")
_NAMES = (*KINDS, "common", "config")


@cache
def raw_schema(name: str) -> dict[str, Any]:
    """The schema as shipped (``name`` is a kind, 'common' or 'config')."""
    text = resources.files(__package__).joinpath(f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


@cache
def registry() -> Registry:
    """One registry so every schema resolves ``common`` by the same ``$id``."""
    pairs = []
    for name in _NAMES:
        schema = raw_schema(name)
        pairs.append((schema["$id"], Resource.from_contents(schema)))
    return Registry().with_resources(pairs)


def schema_for(name: str, categories: tuple[str, ...] = ()) -> dict[str, Any]:
    """A kind's schema, with the catalogue's KPI categories filled in."""
    schema = raw_schema(name)
    if name == "kpi":
        schema = copy.deepcopy(schema)
        schema["properties"]["category"]["enum"] = list(categories)
    return schema


@cache
def validator_for(name: str, categories: tuple[str, ...] = ()) -> Draft202012Validator:
    """The compiled validator for one kind, built once per run."""
    return Draft202012Validator(schema_for(name, categories), registry=registry())


def field_description(kind: str, field: str) -> str | None:
    """The schema's description of a top-level field (for hints and skeletons)."""
    prop = raw_schema(kind).get("properties", {}).get(field)
    if not isinstance(prop, dict):
        return None
    if "description" in prop:
        return str(prop["description"])
    ref = prop.get("$ref", "")
    if "#/$defs/" in ref:
        target = raw_schema("common")["$defs"].get(ref.rsplit("/", 1)[1], {})
        return target.get("description")
    return None
