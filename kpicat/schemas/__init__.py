"""The catalogue format as JSON Schema 2020-12, shipped inside the package.

Like check-jsonschema we build one validator per schema, once, and reuse it
for every file: compiling is the expensive part, validating is cheap.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
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


def _inline(node: Any, base: str) -> Any:
    """Replace every ``$ref`` by its target: our schemas are small and not recursive."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            full = base + ref if ref.startswith("#") else ref
            target = registry().resolver().lookup(full).contents
            merged = {k: v for k, v in node.items() if k != "$ref"}
            return {**_inline(target, full.split("#")[0]), **_inline(merged, base)}
        return {
            k: _inline(v, base) for k, v in node.items() if k not in ("$defs", "$id", "$schema")
        }
    if isinstance(node, list):
        return [_inline(item, base) for item in node]
    return node


@cache
def fast_validator_for(name: str, categories: tuple[str, ...] = ()) -> Callable[[Any], bool]:
    """A compiled yes/no check, for the common case of a valid entry.

    fastjsonschema turns the schema into Python code, which is an order of
    magnitude faster than walking it; only entries it rejects go through
    jsonschema for precise messages, so diagnostics are identical either way.
    """
    import fastjsonschema

    raw = schema_for(name, categories)
    schema = _inline(raw, raw["$id"])
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    check = fastjsonschema.compile(schema)

    def is_valid(data: Any) -> bool:
        try:
            check(data)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return is_valid


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
