"""The catalogue format as JSON Schema 2020-12, shipped inside the package.

Like check-jsonschema we build one validator per schema, once, and reuse it
for every file: compiling is the expensive part, validating is cheap.

The shipped files carry no absolute ``$id`` and refer to each other by file name
(``"$ref": "common.schema.json#/$defs/id"``), so a standalone tool resolves them
against wherever it read them from: ``check-jsonschema --schemafile
kpicat/schemas/kpi.schema.json`` works from the package folder as it is. The
exported form (``standalone_schema``: ``kpicat schema KIND`` and the site's
``/schemas/``) has every reference inlined and the site's https address as ``$id``.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported lazily: a clean catalogue never needs jsonschema
    from jsonschema import Draft202012Validator
    from referencing import Registry

from kpicat.core.kinds import KINDS

_NAMES = (*KINDS, "common", "config")


@cache
def raw_schema(name: str) -> dict[str, Any]:
    """The schema as shipped (``name`` is a kind, 'common' or 'config')."""
    text = resources.files(__package__).joinpath(f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


def file_name(name: str) -> str:
    """The shipped file of a schema, which is also how the others refer to it."""
    return f"{name}.schema.json"


@cache
def registry() -> Registry:
    """The shipped schemas under their file names, the URIs their relative ``$ref``s
    resolve to from a schema without ``$id``."""
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    pairs = [(file_name(name), DRAFT202012.create_resource(raw_schema(name))) for name in _NAMES]
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
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema_for(name, categories), registry=registry())


def _lookup(uri: str) -> Any:
    """Resolve one of our own ``$ref``s (``X.schema.json#/a/b``)."""
    document, _, pointer = uri.partition("#")
    node: Any = raw_schema(document.rsplit("/", 1)[-1].removesuffix(".schema.json"))
    for part in filter(None, pointer.split("/")):
        node = node[part]
    return node


def _inline(node: Any, base: str) -> Any:
    """Replace every ``$ref`` by its target: our schemas are small and not recursive."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            full = base + ref if ref.startswith("#") else ref
            target = _lookup(full)
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
    schema = merged_alternatives(_inline(raw, file_name(name)))
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    check = _compile(schema)

    def is_valid(data: Any) -> bool:
        try:
            check(data)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return is_valid


# keywords that constrain only values of one JSON type (draft-07 and 2020-12 alike)
_TYPE_KEYWORDS = {
    "string": frozenset({"minLength", "maxLength", "pattern", "format"}),
    "number": frozenset(
        {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"}
    ),
    "object": frozenset(
        {
            "properties",
            "required",
            "additionalProperties",
            "propertyNames",
            "patternProperties",
            "minProperties",
            "maxProperties",
        }
    ),
    "array": frozenset({"items", "minItems", "maxItems", "uniqueItems", "contains"}),
    "boolean": frozenset(),
    "null": frozenset(),
}
_ANNOTATIONS = frozenset({"description", "title", "examples", "default", "$comment"})


def merged_alternatives(node: Any) -> Any:
    """The schema with each ``oneOf`` of branches of different types as one branch.

    Every text field is ``oneOf: [{type: string, ...}, {type: object, ...}]``; for a
    mapping fastjsonschema first tries the string branch and builds an exception to
    learn it fails, ten times per bilingual KPI (most of its time). Branches that each
    allow one type, no two the same, and use only keywords of their own type, accept
    exactly what ``{type: [their types], all their keywords}`` accepts: a value is of
    at most one of the types, and each keyword ignores values of other types.
    """
    if isinstance(node, list):
        return [merged_alternatives(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {
        key: (value if key in ("enum", "const") else merged_alternatives(value))
        for key, value in node.items()
    }
    for combinator in ("oneOf", "anyOf"):
        branches = node.get(combinator)
        merged = _merge_typed(branches) if isinstance(branches, list) else None
        if merged is not None and set(node) - {combinator} <= _ANNOTATIONS:
            rest = {key: value for key, value in node.items() if key != combinator}
            return {**rest, **merged}
    return node


def _merge_typed(branches: list[Any]) -> dict[str, Any] | None:
    """One schema for type-disjoint branches (see :func:`merged_alternatives`), or None."""
    types: list[str] = []
    merged: dict[str, Any] = {}
    for branch in branches:
        if not isinstance(branch, dict):
            return None
        kind = branch.get("type")
        if not isinstance(kind, str) or kind not in _TYPE_KEYWORDS or kind in types:
            return None
        keywords = set(branch) - {"type"} - _ANNOTATIONS
        if not keywords <= _TYPE_KEYWORDS[kind]:
            return None
        types.append(kind)
        merged.update((key, branch[key]) for key in keywords)
    return {"type": types, **merged} if len(types) > 1 else None


def _compile(schema: dict[str, Any]) -> Callable[[Any], Any]:
    """fastjsonschema's validator, generated in memory on every run, never read from disk.

    Earlier versions cached the generated Python source in ``~/.cache/kpicat`` and
    executed it on the next run: anyone who could write to that folder ran code in
    every check. A hash stored beside the code in the same writable folder would not
    help (the attacker rewrites both), and verifying by regenerating costs what the
    cache saves. Measured, generating is cheap: ``compile_to_code`` takes 2-5 ms per
    schema (17 ms for all six), while turning the source into a function (Python's
    ``compile``) takes 3-10 ms and had to run with the cache too. Dropping the cache
    costs a check about 17 ms; see docs/dev/performance.md for the end-to-end numbers.
    """
    import fastjsonschema

    return fastjsonschema.compile(schema)


SCHEMA_DIR = "schemas"


def published_path(name: str) -> str:
    """Where the site publishes a schema, relative to the site's root."""
    return f"{SCHEMA_DIR}/{file_name(name)}"


def schema_url(site_url: str, name: str) -> str:
    """The https address of a published schema: its ``$id`` and what editors fetch."""
    return f"{site_url.rstrip('/')}/{published_path(name)}"


def standalone_schema(
    name: str, categories: tuple[str, ...] = (), site_url: str | None = None
) -> dict[str, Any]:
    """A kind's schema with every ``$ref`` inlined and the catalogue's categories filled in.

    Editors (yaml-language-server) and check-jsonschema need no resolver for it; the
    site publishes it as ``/schemas/<name>.schema.json`` (its ``$id`` when the site's
    address is known).
    """
    from kpicat.core.config import DEFAULT_CATEGORIES

    raw = schema_for(name, categories or tuple(DEFAULT_CATEGORIES))
    body = _inline(raw, file_name(name))
    head: dict[str, Any] = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    if site_url:
        head["$id"] = schema_url(site_url, name)
    return {**head, **body}


def id_pattern() -> str:
    """The one definition of a valid id (``$defs.id.pattern`` of common.schema.json)."""
    return str(raw_schema("common")["$defs"]["id"]["pattern"])


def resolved(node: Any) -> Any:
    """A schema node with its ``$ref`` merged in (the node's own keys win)."""
    if isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if ref.startswith("#"):  # only common.schema.json uses local references
            ref = f"{file_name('common')}{ref}"
        return {**_lookup(ref), **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def field_schema(kind: str, *path: str) -> dict[str, Any] | None:
    """The schema of a field such as ``("type", "nature")``, references resolved."""
    node: Any = raw_schema(kind)
    for part in path:
        node = resolved(node)
        node = node.get("properties", {}).get(part) if isinstance(node, dict) else None
    node = resolved(node)
    return node if isinstance(node, dict) else None


@cache
def localized_paths(kind: str) -> tuple[tuple[str, ...], ...]:
    """Where entries of ``kind`` hold localised text, read from the schema so that a new
    localised field is covered without a second list: field names, ``*`` for every item of
    a list (``("examples", "*", "note")``)."""
    found: list[tuple[str, ...]] = []

    def walk(node: Any, path: tuple[str, ...]) -> None:
        if not isinstance(node, dict):
            return
        if str(node.get("$ref", "")).endswith("/localized_text"):
            found.append(path)
            return
        node = resolved(node)
        for name, sub in node.get("properties", {}).items():
            walk(sub, (*path, name))
        walk(node.get("items"), (*path, "*"))

    walk(raw_schema(kind), ())
    return tuple(found)


def field_description(kind: str, *path: str) -> str | None:
    """The schema's description of a field (for hints and skeletons)."""
    return description_of(field_schema(kind, *path))


def description_of(node: Any) -> str | None:
    """The description of a schema node, following its ``$ref``."""
    node = resolved(node)
    if isinstance(node, dict) and "description" in node:
        return str(node["description"])
    return None


REPORTS = ("check", "health", "diff", "export")


@cache
def report_schema(name: str) -> dict[str, Any]:
    """The published JSON Schema of a machine-readable output (``check``, ``health``,
    ``diff`` or ``export``), shipped as ``<name>-report.schema.json``."""
    if name not in REPORTS:
        raise KeyError(name)
    text = resources.files(__package__).joinpath(f"{name}-report.schema.json").read_text("utf-8")
    return json.loads(text)
