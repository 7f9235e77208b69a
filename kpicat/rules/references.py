"""Reference rules: every id an entry names exists and is of the right kind."""

from __future__ import annotations

from collections.abc import Iterator

from kpicat.core.kinds import KIND_LABELS
from kpicat.core.placeholders import is_placeholder_id
from kpicat.model import Entry
from kpicat.rules.context import Context, Finding
from kpicat.rules.loading import unknown_id_hint
from kpicat.rules.registry import rule
from kpicat.rules.schema import dotted


def _kinds_text(kinds: tuple[str, ...]) -> str:
    labels = [KIND_LABELS[k] for k in kinds]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


@rule("KC101", "unknown-reference", scope="entry")
def unknown_reference(entry: Entry, ctx: Context) -> Iterator[Finding]:
    """A field names an id that no entry has (a dangling reference).

    `kra`, `owner`, `related`, `replaced_by`, a term's `kpi` and a measure's
    `owner` must name existing entries; otherwise the site shows a broken link
    and reports cannot be grouped.

    Bad:
        kra: vertrieb

    Good:
        kra: vertrieb_umsatzsteigerung
    """
    catalogue = ctx.catalogue
    for path, target, kinds in entry.iter_references():
        if catalogue.get(target) is None and not is_placeholder_id(target):
            yield Finding(
                entry,
                path,
                f"{dotted(path)} names '{target}', "
                f"but there is no {_kinds_text(kinds)} with that id",
                hint=unknown_id_hint(ctx, target, kinds)
                or f"create it with 'kpicat new {kinds[0]} {target}'",
            )


@rule("KC102", "wrong-kind-reference", scope="entry")
def wrong_kind(entry: Entry, ctx: Context) -> Iterator[Finding]:
    """A field names an existing entry of the wrong kind.

    For example `owner:` naming a KRA, or `kra:` naming a KPI: the id exists,
    but the link means something else than the field says.

    Bad:
        owner: vertrieb_umsatzsteigerung   # a KRA

    Good:
        owner: kam_team
    """
    catalogue = ctx.catalogue
    for path, target, kinds in entry.iter_references():
        other = catalogue.get(target)
        if other is not None and other.kind not in kinds:
            yield Finding(
                entry,
                path,
                f"{dotted(path)} must name a {_kinds_text(kinds)}, "
                f"but '{target}' is a {other.label}",
                hint=unknown_id_hint(ctx, target, kinds),
                related=((other, ("id",)),),
            )


@rule("KC103", "self-reference", level="warning", scope="entry")
def self_reference(entry: Entry, ctx: Context) -> Iterator[Finding]:
    """An entry names itself in `related` or `replaced_by`.

    A KPI replaced by itself is never replaced; relating an entry to itself
    adds nothing.

    Bad (in nps.yaml):
        related: [nps]

    Good:
        related: [promotor, detraktor]
    """
    for path, target, _kinds in entry.iter_references():
        if target == entry.id:
            yield Finding(entry, path, f"{dotted(path)} names the entry itself", hint="remove it")
