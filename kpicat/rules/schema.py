"""Schema rules: every entry against its kind's JSON Schema, in plain words.

jsonschema's own messages ("'x' is not valid under any of the given
schemas") mean little to a KPI owner, so each validator keyword gets its own
sentence, a precise position and a "did you mean" where one helps.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from kpicat.core.i18n import N_, _, format_number
from kpicat.core.suggest import closest, did_you_mean
from kpicat.load.document import Document, Path
from kpicat.model import Entry
from kpicat.rules.context import Finding, LocalContext
from kpicat.rules.registry import REGISTRY, document, lookup, rule
from kpicat.schemas import description_of, fast_validator_for, id_pattern, validator_for

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

_GROUP = "schema"
# below this size compiling the fast validators costs more than it saves
FAST_PATH_MIN_ENTRIES = 50

document(
    "KC011",
    "missing-field",
    """A required field is missing.

    Every kind of entry has required fields (see the schema reference). A KPI
    without a formula or owner cannot be reported consistently.

    Bad:
        id: nps
        name: Net Promoter Score

    Good: add every required field, e.g. with `kpicat new kpi nps`.
    """,
    group=_GROUP,
    emitted_by="kpicat.rules.schema",
)
document(
    "KC012",
    "invalid-value",
    """A field has a value outside its allowed set.

    Fields such as `status`, `type.indicator` or `period` take one of a fixed
    list of values, so that everybody reads them the same way.

    Bad:
        type: {indicator: output, nature: finanziell}

    Good:
        type: {indicator: output, nature: financial}
    """,
    group=_GROUP,
    emitted_by="kpicat.rules.schema",
)
document(
    "KC013",
    "wrong-type",
    """A field has the wrong type of value (text, number, list or mapping).

    A number written as text cannot be compared or computed with, and a list
    where one value belongs is read differently by every tool: kpicat, the
    site and whatever reads the catalogue next must agree on one type.

    Bad:
        review_every: "sechs"

    Good:
        review_every: 6
    """,
    group=_GROUP,
    emitted_by="kpicat.rules.schema",
)
document(
    "KC014",
    "unknown-field",
    """A field is not part of the format (often a typo).

    Unknown fields are silently ignored by every other tool, so a typo such as
    `fromula` would hide the formula. Fields of your own must start with `x_`.

    Bad:
        fromula: auftraege / angebote * 100

    Good:
        formula: auftraege / angebote * 100
    """,
    group=_GROUP,
    emitted_by="kpicat.rules.schema",
)
document(
    "KC015",
    "invalid-format",
    """A value does not have the expected form (id, date, length, range).

    Ids become file names and links, dates are compared with today's date,
    lengths and ranges keep the site readable: a value in another form is
    read differently by each person, or not at all by kpicat.

    Bad:
        last_reviewed: 15.09.2026

    Good:
        last_reviewed: "2026-09-15"
    """,
    group=_GROUP,
    emitted_by="kpicat.rules.schema",
)

_TYPE_WORDS = {
    "string": N_("text"),
    "integer": N_("a whole number"),
    "number": N_("a number"),
    "object": N_("a mapping of fields (name: value)"),
    "array": N_("a list"),
    "boolean": N_("true or false"),
    "null": N_("empty"),
}


def describe(value: Any) -> str:
    """How a value looks to a person reading the YAML."""
    if value is None:
        return _("an empty value")
    if isinstance(value, bool):
        return _("{lower} (a true/false value; quote it for text)").format(lower=str(value).lower())
    if isinstance(value, int | float):
        return _("the number {value}").format(value=value)
    if isinstance(value, str):
        return _("the text '{value}'").format(value=value) if len(value) <= 60 else _("a text")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping")
    return type(value).__name__


def dotted(path: Path) -> str:
    """``('type', 'nature')`` -> ``type.nature``; list items as ``[0]``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or _("the entry")


def translate(error: ValidationError) -> Iterator[tuple[str, Path, str, str | None, bool]]:
    """One jsonschema error as (code, path, message, hint, at_key) tuples."""
    path: Path = tuple(error.absolute_path)
    keyword = error.validator
    value = error.instance
    where = dotted(path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    if "propertyNames" in error.absolute_schema_path:
        key = str(value)
        message = _("'{key}' is not allowed as a key in {where}").format(key=key, where=where)
        yield "KC015", (*path, key), message, _key_hint(error.validator_value), True
        return
    if keyword == "required":
        for prop in error.validator_value:
            if isinstance(value, dict) and prop not in value:
                name = dotted((*path, prop))
                desc = description_of(schema.get("properties", {}).get(prop))
                desc = _(desc) if desc else desc
                hint = (
                    _("add '{prop}:' ({desc})").format(prop=prop, desc=desc)
                    if desc
                    else _("add '{prop}:'").format(prop=prop)
                )
                yield (
                    "KC011",
                    path,
                    _("missing required field '{name}'").format(name=name),
                    hint,
                    False,
                )
        return
    if keyword == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        patterns = schema.get("patternProperties", {})
        for key in value:
            if key in allowed or (patterns and key.startswith("x_")):
                continue
            match = closest(key, allowed)
            where_key = _(" in {where}").format(where=where) if path else ""
            if match:
                hint = _("did you mean '{match}'?").format(match=match)
            else:
                hint = _("known fields{where_key}: {items}; own fields start with x_").format(
                    where_key=where_key, items=", ".join(allowed)
                )
            yield (
                "KC014",
                (*path, key),
                _("unknown field '{key}'{where_key}").format(key=key, where_key=where_key),
                hint,
                True,
            )
        return
    if keyword in ("enum", "const"):
        options = error.validator_value if keyword == "enum" else [error.validator_value]
        shown = ", ".join(str(o) for o in options)
        match = closest(str(value), [str(o) for o in options]) if isinstance(value, str) else None
        hint = _("did you mean '{match}'?").format(match=match) if match else None
        got = (
            _("got '{value}'").format(value=value)
            if isinstance(value, str)
            else _("got {describe}").format(describe=describe(value))
        )
        yield (
            "KC012",
            path,
            _("{where} must be one of {shown}, {got}").format(where=where, shown=shown, got=got),
            hint,
            False,
        )
        return
    if keyword == "type":
        expected = error.validator_value
        kinds = expected if isinstance(expected, list) else [expected]
        want = _(" or ").join(_(_TYPE_WORDS[k]) if k in _TYPE_WORDS else k for k in kinds)
        hint = None
        if "string" in kinds and isinstance(value, bool | int | float):
            shown = str(value).lower() if isinstance(value, bool) else value
            hint = _('put the value in quotes: "{shown}"').format(shown=shown)
        if path == () and "object" in kinds:
            hint = _("an entry file holds one mapping of fields, e.g. 'id: umsatz'")
        yield (
            "KC013",
            path,
            _("{where} must be {want}, got {describe}").format(
                where=where, want=want, describe=describe(value)
            ),
            hint,
            False,
        )
        return
    if keyword == "oneOf":
        yield from _one_of(error, path, where)
        return
    if keyword == "pattern":
        yield "KC015", path, _pattern_message(where, value, error.validator_value), None, False
        return
    yield "KC015", path, _bounds_message(keyword, where, value, error.validator_value), None, False


def _one_of(
    error: ValidationError, path: Path, where: str
) -> Iterator[tuple[str, Path, str, str | None, bool]]:
    value = error.instance
    branches = error.validator_value
    index = next(
        (
            i
            for i, branch in enumerate(branches)
            if (branch.get("type") == "object" and isinstance(value, dict))
            or (branch.get("type") == "array" and isinstance(value, list))
            or (branch.get("type") == "string" and isinstance(value, str))
        ),
        None,
    )
    if index is not None:
        subs = [e for e in error.context or () if e.relative_schema_path[0] == index]
        if subs:
            for sub in subs:
                yield from translate(sub)
            return
    kinds = [b.get("type") for b in branches]
    if kinds == ["string", "object"]:
        want = _("text, or a mapping of languages to text such as {de: ..., en: ...}")
    else:
        want = _(" or ").join(
            _(_TYPE_WORDS[str(k)]) if str(k) in _TYPE_WORDS else str(k) for k in kinds
        )
    yield (
        "KC013",
        path,
        _("{where} must be {want}, got {describe}").format(
            where=where, want=want, describe=describe(value)
        ),
        None,
        False,
    )


def _key_hint(pattern: Any) -> str | None:
    text = str(pattern)
    if "[a-z]{2}" in text:
        return _("use a language code such as de or en")
    if "KC" in text:
        return _("name rules by their code, e.g. KC401 ('kpicat rules' lists them)")
    if "prev" in text:
        return _("use the id of a measure or KPI, or prev(id) for the previous period")
    if text == id_pattern():
        return _("use an id: lowercase letters, digits and _")
    return None


def _pattern_message(where: str, value: Any, pattern: str) -> str:
    if pattern == id_pattern():
        return _(
            "{where} '{value}' is not a valid id: use 2-64 lowercase letters, "
            "digits and _, starting with a letter (umlauts as ae, oe, ue, ss)"
        ).format(where=where, value=value)
    if "[0-9]{4}-" in pattern:
        return _(
            '{where} \'{value}\' is not a date: write it as "YYYY-MM-DD", e.g. "2026-09-15"'
        ).format(where=where, value=value)
    if pattern.startswith("^https?"):
        return _(
            "{where} '{value}' must be a web address starting with http:// or https://"
        ).format(where=where, value=value)
    if pattern.startswith("^@"):
        return _("{where} '{value}' must be a GitHub handle such as @anna or @org/team").format(
            where=where, value=value
        )
    return _("{where} '{value}' does not have the expected form ({pattern})").format(
        where=where, value=value, pattern=pattern
    )


def _bounds_message(keyword: str, where: str, value: Any, limit: Any) -> str:
    if keyword == "minLength":
        return (
            _("{where} must not be empty").format(where=where)
            if limit <= 1
            else _("{where} needs at least {limit} characters").format(where=where, limit=limit)
        )
    if keyword == "maxLength":
        return _("{where} is too long: {count} characters, at most {limit}").format(
            where=where, count=format_number(len(value)), limit=format_number(limit)
        )
    if keyword == "minimum":
        return _("{where} must be at least {limit}, got {value}").format(
            where=where, limit=limit, value=value
        )
    if keyword == "maximum":
        return _("{where} must be at most {limit}, got {value}").format(
            where=where, limit=limit, value=value
        )
    if keyword == "uniqueItems":
        return _("{where} lists the same item more than once").format(where=where)
    if keyword in ("minItems", "minProperties"):
        return _("{where} must not be empty").format(where=where)
    return _("{where} is not valid ({keyword})").format(where=where, keyword=keyword)


def schema_findings(entry: Entry, ctx: LocalContext) -> Iterator[Finding]:
    """Translated schema errors of one entry, in file order."""
    categories = ctx.config.category_ids
    large = ctx.size >= FAST_PATH_MIN_ENTRIES  # the same findings either way
    if large and fast_validator_for(entry.kind, categories)(entry.data):
        return
    errors = list(validator_for(entry.kind, categories).iter_errors(entry.data))
    if not errors:
        return
    seen: set[tuple[str, Path, str]] = set()
    results = []
    for error in errors:
        for code, path, message, hint, at_key in translate(error):
            if (code, path, message) in seen:
                continue
            seen.add((code, path, message))
            results.append(Finding(entry, path, message, hint=hint, at_key=at_key, code=code))
    results.sort(key=lambda f: entry.position(f.path, key=f.at_key))
    yield from results


@rule("KC010", "schema", scope="entry", cost=6, local=True)
def check_schema(entry: Entry, ctx: LocalContext) -> Iterator[Finding]:
    """An entry does not match its kind's schema.

    The umbrella rule of KC011-KC015: it runs the JSON Schema of the entry's
    kind (catalogue/<kind>/) and reports each problem under its own code.
    The schemas are the format's reference; `kpicat new` writes a valid
    skeleton. Turning KC010 off skips schema checking altogether.

    Bad:
        status: aktiv

    Good:
        status: active
    """
    yield from schema_findings(entry, ctx)


def not_a_mapping(rel: str, data: Any) -> Finding:
    """A file that parses but is no mapping of fields, so it cannot become an entry (KC013)."""
    got = type(data).__name__ if data is not None else "nothing"
    return Finding(
        None,
        (),
        _("the file must hold one mapping of fields (name: value), not {got}").format(got=got),
        hint=_("start with 'id: <id>' on the first line"),
        code="KC013",
        file=rel,
    )


def config_problems(doc: Document, data: Any, name: str) -> list[Finding]:
    """kpicat.yaml against its schema, then rule names it sets levels for.

    These stop the check (exit 2): settings that cannot be trusted decide nothing,
    so their own ``rules:`` levels do not apply to them.
    """
    problems = []
    valid = fast_validator_for("config")(data)
    for error in () if valid else validator_for("config").iter_errors(data):
        for code, path, message, hint, at_key in translate(error):
            line, column = doc.positions.key(path) if at_key else doc.positions.value(path)
            problems.append(
                Finding(
                    None,
                    path,
                    message.replace("the entry", name),
                    hint=hint,
                    code=code,
                    file=name,
                    line=line,
                    column=column,
                )
            )
    if problems:
        return problems
    for key in data.get("rules") or {}:
        if lookup(key) is None:
            names = [r.code for r in REGISTRY.values()] + [r.name for r in REGISTRY.values()]
            line, column = doc.positions.key(("rules", key))
            problems.append(
                Finding(
                    None,
                    ("rules", key),
                    _("rules names '{key}', which is not a kpicat rule").format(key=key),
                    hint=did_you_mean(key, names) or _("'kpicat rules' lists every code and name"),
                    code="KC012",
                    file=name,
                    line=line,
                    column=column,
                )
            )
    return problems
