"""Reference rules: every id an entry names exists and is of the right kind."""

from __future__ import annotations

from collections.abc import Iterator

from kpicat.core.i18n import _
from kpicat.core.kinds import KIND_LABELS
from kpicat.core.placeholders import is_placeholder_id
from kpicat.model import REFERENCE_FIELDS, Entry
from kpicat.rules.context import Context, Finding, LocalContext
from kpicat.rules.loading import unknown_id_hint
from kpicat.rules.registry import rule
from kpicat.rules.schema import dotted


def _kinds_text(kinds: tuple[str, ...]) -> str:
    labels = [KIND_LABELS[k] for k in kinds]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


@rule("KC101", "unknown-reference", scope="entry", reads=REFERENCE_FIELDS)
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
                _("{field} names '{target}', but there is no {kinds_text} with that id").format(
                    field=dotted(path), target=target, kinds_text=_kinds_text(kinds)
                ),
                hint=unknown_id_hint(ctx, target, kinds)
                or _("create it with 'kpicat new {kinds} {target}'").format(
                    kinds=kinds[0], target=target
                ),
            )


@rule("KC102", "wrong-kind-reference", scope="entry", reads=REFERENCE_FIELDS)
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
                _("{field} must name a {kinds_text}, but '{target}' is a {label}").format(
                    field=dotted(path),
                    kinds_text=_kinds_text(kinds),
                    target=target,
                    label=other.label,
                ),
                hint=unknown_id_hint(ctx, target, kinds),
                related=((other, ("id",)),),
            )


@rule("KC103", "self-reference", level="warning", scope="entry", local=True)
def self_reference(entry: Entry, ctx: LocalContext) -> Iterator[Finding]:
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
            yield Finding(
                entry,
                path,
                _("{field} names the entry itself").format(field=dotted(path)),
                hint=_("remove it"),
            )
