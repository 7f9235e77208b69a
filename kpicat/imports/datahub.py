"""DataHub business glossary YAML -> terms and owners.

Nodes and terms both become terms (a node is the broader term of what it
holds: ``x_broader``); ``inherits`` also becomes ``x_broader``, and
``related_terms``, ``contains`` and ``values`` become ``related``. Owners
(``users`` and ``groups``) become owner entries; DataHub names them by urn or
name, kpicat needs a contact, which is left as a placeholder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kpicat.authoring.scaffold import Field
from kpicat.core.config import Config
from kpicat.core.i18n import _
from kpicat.imports.plan import ImportFailure, Planned, Ref, read_yaml, text, todo

MAX_DEPTH = 16


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _names(value: Any) -> tuple[str, ...]:
    """Term references as the glossary writes them: 'Node.Term' or 'Term'; the last part."""
    out = []
    for item in _list(value):
        name = text(item, 300)
        if name:
            out.append(name.removeprefix("urn:li:glossaryTerm:").split(".")[-1])
    return tuple(out)


def _owners(value: Any, found: dict[str, str]) -> None:
    if not isinstance(value, dict):
        return
    for group, kind in (("users", "person"), ("groups", "team")):
        for item in _list(value.get(group)):
            name = text(item, 200)
            if name:
                found.setdefault(name.split(":")[-1], kind)


def plan(source: Path, config: Config) -> list[Planned]:
    data = read_yaml(source)
    if not isinstance(data, dict) or not (
        isinstance(data.get("nodes"), list) or isinstance(data.get("terms"), list)
    ):
        raise ImportFailure(
            _("{name} has no 'nodes:' or 'terms:' list; is it a DataHub business glossary?").format(
                name=source.name
            )
        )
    owners: dict[str, str] = {}
    _owners(data.get("owners"), owners)
    out: list[Planned] = []

    def entry(item: dict[str, Any], parent: str | None, what: str) -> str | None:
        name = text(item.get("name"), 200)
        if name is None:
            return None
        _owners(item.get("owners"), owners)
        broader = (*((parent,) if parent else ()), *_names(item.get("inherits")))
        related = (
            *_names(item.get("related_terms")),
            *_names(item.get("contains")),
            *_names(item.get("values")),
        )
        fields = [
            Field(("name",), name),
            Field(
                ("definition",),
                text(item.get("description")) or todo(_("what the term means")),
            ),
            Field(("related",), Ref(related)),
            Field(("x_broader",), Ref(broader)),
        ]
        url = text(item.get("source_url"), 2000)
        if url and url.startswith(("http://", "https://")):
            fields.append(
                Field(("sources",), [{"title": text(item.get("source_ref")) or url, "url": url}])
            )
        notes = [] if text(item.get("description")) else [_("definition: DataHub has none")]
        out.append(Planned("term", name, fields, notes, where=f"{what} {name}"))
        return name

    def walk(nodes: Any, parent: str | None, depth: int) -> None:
        if depth > MAX_DEPTH:
            return
        for node in _list(nodes):
            if not isinstance(node, dict):
                continue
            name = entry(node, parent, "node")
            for term in _list(node.get("terms")):
                if isinstance(term, dict):
                    entry(term, name, "term")
            walk(node.get("nodes"), name, depth + 1)

    for term in _list(data.get("terms")):
        if isinstance(term, dict):
            entry(term, None, "term")
    walk(data.get("nodes"), None, 0)
    for name, kind in sorted(owners.items()):
        out.append(
            Planned(
                "owner",
                name,
                [
                    Field(("name",), name),
                    Field(("kind",), kind),
                    Field(("contact",), todo(_("e-mail address or link"))),
                ],
                [_("contact: DataHub names the owner only")],
                where=_("owner {name}").format(name=name),
            )
        )
    return out
