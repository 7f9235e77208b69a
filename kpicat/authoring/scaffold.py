"""``kpicat new``: a skeleton entry that passes the schema and explains itself.

Contributors are business people: every field gets a comment taken from the
schema's own description, and whatever they still have to write is marked
with the placeholder that rule KC501 reports, so ``kpicat check`` walks them
through the file line by line. Existing files are never overwritten.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kpicat.core.config import Config
from kpicat.core.i18n import _
from kpicat.core.kinds import CATALOGUE_DIR, KIND_FOLDERS, KIND_LABELS, KINDS
from kpicat.core.placeholders import PLACEHOLDER
from kpicat.load.address import site_address
from kpicat.schemas import field_description, field_schema, id_pattern, schema_url

FOLDERS = {kind: folder for folder, kind in KIND_FOLDERS.items()}
ID_PATTERN = re.compile(id_pattern())
COMMENT_WIDTH = 96


class ScaffoldError(Exception):
    """The skeleton cannot be written; ``exit_code`` 1 = exists, 2 = bad input."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True, slots=True)
class Field:
    """One line of the skeleton: a value given by the user, or a placeholder."""

    path: tuple[str, ...]
    value: Any
    todo: str | None = None  # a '# TODO:' note for defaults that must be confirmed


def placeholder(text: str) -> str:
    return f"{PLACEHOLDER} {text}"


def _enum(kind: str, *path: str) -> list[str]:
    node = field_schema(kind, *path)
    assert node is not None and "enum" in node, (kind, path)
    return list(node["enum"])


def fields_for(
    kind: str,
    entry_id: str,
    options: dict[str, str | None],
    config: Config,
    known: dict[str, list[str]] | None = None,
) -> list[Field]:
    """Every required field of ``kind`` with the given values or placeholders.

    ``known`` lists existing ids per kind, so a reference placeholder can
    name a real example.
    """
    label = _(KIND_LABELS[kind])
    known = known or {}

    def given(name: str, default: str) -> str:
        value = options.get(name)
        return value if value else default

    def ref(name: str) -> Field:
        value = options.get(name)
        if value:
            return Field((name,), value)
        ids = known.get(name, [])
        what = _(KIND_LABELS[name])
        example = (
            _("e.g. {ids}").format(ids=", ".join(ids[:2]))
            if ids
            else _("create one with 'kpicat new {name} ID'").format(name=name)
        )
        return Field(
            (name,),
            f"todo_{name}",
            todo=_("id of an existing {what}, {example}").format(what=what, example=example),
        )

    def choice(path: tuple[str, ...], option: str, default: str, values: list[str]) -> Field:
        value = options.get(option)
        if value:
            return Field(path, value)
        return Field(
            path,
            default,
            todo=_("{items} or {last}").format(items=", ".join(values[:-1]), last=values[-1])
            if len(values) > 1
            else values[0],
        )

    name = Field(("name",), given("name", placeholder(_("name ({label})").format(label=label))))
    definition = Field(
        ("definition",),
        given("definition", placeholder(_("what it means, in one to four plain sentences"))),
    )
    head = [Field(("id",), entry_id), name, definition]
    if kind == "term":
        return head
    if kind == "kra":
        return [*head, ref("owner")]
    if kind == "owner":
        return [
            Field(("id",), entry_id),
            name,
            choice(("kind",), "owner_kind", "team", _enum("owner", "kind")),
            Field(("contact",), given("contact", placeholder(_("e-mail address or link")))),
            *([Field(("github",), options["github"])] if options.get("github") else []),
        ]
    if kind == "measure":
        return [
            *head,
            Field(("unit",), given("unit", placeholder(_("unit, e.g. EUR or count")))),
            Field(("source", "system"), given("system", placeholder(_("source system, e.g. CRM")))),
            Field(
                ("source", "object"),
                given("object", placeholder(_("object or table, e.g. Opportunity"))),
            ),
            Field(
                ("source", "field"),
                given("field", placeholder(_("field or column, e.g. Amount"))),
            ),
            ref("owner"),
        ]
    categories = list(config.category_ids)
    return [
        *head,
        Field(
            ("formula",),
            given(
                "formula",
                placeholder(_("formula of ids, e.g. umsatz_key_accounts / anzahl_key_accounts")),
            ),
        ),
        Field(
            ("unit",),
            given("unit", placeholder(_("unit, e.g. EUR, count, percent or EUR/count"))),
        ),
        choice(("type", "indicator"), "indicator", "output", _enum("kpi", "type", "indicator")),
        choice(
            ("type", "nature"),
            "nature",
            _nature(options.get("unit"), config),
            _enum("kpi", "type", "nature"),
        ),
        choice(("category",), "category", categories[0], categories),
        ref("kra"),
        ref("owner"),
        Field(("status",), given("status", "proposed")),
        choice(("period",), "period", "monthly", _enum("kpi", "period")),
    ]


def _nature(unit: str | None, config: Config) -> str:
    """'financial' when the given unit is money, so the default agrees with rule KC210."""
    from kpicat import formula as fx

    if unit:
        try:
            if fx.is_currency(fx.parse_unit(unit, config.units), config.units):
                return "financial"
        except (fx.UnitError, ValueError):
            pass
    return "non_financial"


def _scalar(value: Any) -> str:
    """A YAML scalar: ids and plain words as they are, everything else double-quoted."""
    if (
        isinstance(value, str)
        and re.fullmatch(r"[a-z][a-z0-9_]*", value)
        and value
        not in (
            "yes",
            "no",
            "on",
            "off",
            "true",
            "false",
            "null",
        )
    ):
        return value
    return json.dumps(value, ensure_ascii=False)


def _comment(text: str | None, indent: str) -> list[str]:
    """A schema description as wrapped comment lines, in the current language."""
    if not text:
        return []
    text = _(text)
    return [
        f"{indent}# {line}"
        for line in textwrap.wrap(" ".join(text.split()), COMMENT_WIDTH - len(indent) - 2)
    ]


def modeline(kind: str, config: Config, root: Path | None = None) -> list[str]:
    """``# yaml-language-server: $schema=...``: editors with the YAML language server
    (VS Code, Neovim, ...) complete and check the entry against the schema the site
    publishes, when kpicat.yaml (``site.url``) or mkdocs.yml (``site_url``) says where
    the site is."""
    address = site_address(root, config)
    if not address:
        return []
    return [f"# yaml-language-server: $schema={schema_url(address, kind)}"]


def render(kind: str, fields: list[Field], head: list[str] | None = None) -> str:
    """The skeleton's YAML text, one commented field after another."""
    label = _(KIND_LABELS[kind])
    lines = [
        *(head or []),
        _("# New {label}, written by 'kpicat new'. Replace every value that starts with").format(
            label=label
        ),
        _(
            "# '{PLACEHOLDER}' and confirm every line that ends in a TODO comment (then delete"
        ).format(PLACEHOLDER=PLACEHOLDER),
        _("# the comment); 'kpicat check' lists what is left, line by line."),
    ]
    opened: set[str] = set()
    for item in fields:
        if len(item.path) == 2 and item.path[0] not in opened:
            opened.add(item.path[0])
            lines += _comment(field_description(kind, *item.path[:1]), "")
            lines.append(f"{item.path[0]}:")
        indent = "  " * (len(item.path) - 1)
        lines += _comment(field_description(kind, *item.path), indent)
        line = f"{indent}{item.path[-1]}: {_scalar(item.value)}"
        if item.todo:
            line += f"  # {PLACEHOLDER} {item.todo}"  # the marker KC501 finds: never translated
        lines.append(line)
    return "\n".join(lines) + "\n"


def existing_ids(root: Path) -> dict[str, Path]:
    """Ids already taken, of any kind (ids are unique across kinds), by their files."""
    found: dict[str, Path] = {}
    base = root / CATALOGUE_DIR
    for folder in KIND_FOLDERS:
        directory = base / folder
        if directory.is_dir():
            for path in sorted(directory.iterdir()):
                if path.suffix in (".yaml", ".yml"):
                    found.setdefault(path.stem, path)
    return found


def ids_by_kind(taken: dict[str, Path]) -> dict[str, list[str]]:
    by_kind: dict[str, list[str]] = {}
    for entry_id, path in taken.items():
        kind = KIND_FOLDERS.get(path.parent.name)
        if kind is not None:
            by_kind.setdefault(kind, []).append(entry_id)
    return by_kind


def validate_id(entry_id: str, what: str = "ID") -> None:
    if not ID_PATTERN.fullmatch(entry_id):
        raise ScaffoldError(
            _(
                "{what} '{entry_id}' is not a valid id: use 2 to 64 lowercase letters, "
                "digits and '_', starting with a letter (e.g. kundenbindungsrate)"
            ).format(what=what, entry_id=entry_id)
        )


def create(
    root: Path, kind: str, entry_id: str, options: dict[str, str | None], config: Config
) -> Path:
    """Write ``catalogue/<kind folder>/<id>.yaml``; refuse to overwrite anything."""
    if kind not in KINDS:
        raise ScaffoldError(
            _("unknown kind '{kind}'; use one of {items}").format(kind=kind, items=", ".join(KINDS))
        )
    validate_id(entry_id)
    for name in ("kra", "owner"):
        if options.get(name):
            validate_id(str(options[name]), f"--{name}")
    taken = existing_ids(root)
    if entry_id in taken:
        rel = taken[entry_id].relative_to(root).as_posix()
        raise ScaffoldError(
            _(
                "the id '{entry_id}' is already taken by {rel}; ids are unique across "
                "all kinds, so choose another id (nothing was written)"
            ).format(entry_id=entry_id, rel=rel),
            exit_code=1,
        )
    path = root / CATALOGUE_DIR / FOLDERS[kind] / f"{entry_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    fields = fields_for(kind, entry_id, options, config, ids_by_kind(taken))
    text = render(kind, fields, modeline(kind, config, root))
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(
            _("{path} already exists; nothing was written").format(path=path), exit_code=1
        ) from None
    return path


def unknown_references(root: Path, options: dict[str, str | None]) -> list[str]:
    """--kra/--owner values that name no entry yet, for a friendly warning."""
    taken = existing_ids(root)
    return [
        f"--{name} {options[name]}"
        for name in ("kra", "owner")
        if options.get(name) and options[name] not in taken
    ]
