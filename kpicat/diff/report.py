"""Diff reporters: text for terminals, Markdown for pull requests, JSON for tools.

The Markdown report is read by business reviewers in a pull-request comment
or ``$GITHUB_STEP_SUMMARY``, so it leads with a summary table, stays under
GitHub's size limits and escapes all catalogue text: a contributor's entry
must not be able to inject links, HTML, mentions or headings into it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import click

from kpicat.core.escaping import md_block, md_code, md_escape
from kpicat.core.i18n import N_, _
from kpicat.core.kinds import KIND_LABELS
from kpicat.core.writing import MARKDOWN_LIMIT, append_within, plural
from kpicat.diff.model import MISSING, DiffResult, EntryChange, FieldChange

# A PR comment holds 65,536 characters; the step summary 1 MiB. Stay under both.
CELL_LIMIT = 160
MAX_DEPENDENTS = 25
_MARK = {"breaking": "🔴", "acknowledged": "🟡", "ok": "🟢"}
_COUNTED = {
    "added": N_("{count} added"),
    "removed": N_("{count} removed"),
    "renamed": N_("{count} renamed"),
    "changed": N_("{count} changed"),
}
# what happened to an entry (the JSON keeps the English value)
_CHANGE = {
    "added": N_("added"),
    "removed": N_("removed"),
    "renamed": N_("renamed"),
    "changed": N_("changed"),
}
_WORD = {
    "breaking": N_("breaking"),
    "acknowledged": N_("breaking, acknowledged"),
    "ok": N_("non-breaking"),
}


def _kind(change: EntryChange) -> str:
    """How the report names the entry's kind, in the current language."""
    return _(KIND_LABELS[change.kind]) if change.kind in KIND_LABELS else change.kind


def value_text(value: Any) -> str:
    """A field value as one line: strings quoted, lists and mappings as compact JSON."""
    if value is MISSING:
        return _("(none)")
    if isinstance(value, str):
        return "'" + value.replace("\n", " ").strip() + "'"
    return json.dumps(value, ensure_ascii=False, default=str)


def headline(result: DiffResult) -> str:
    s = result.summary
    if not result.changes:
        return _("no catalogue entries changed")
    parts = [
        _(_COUNTED[key]).format(count=s[key])
        for key in ("added", "removed", "renamed", "changed")
        if s[key]
    ]
    text = _("{count} changed: {items}").format(
        count=plural(s["entries"], "entry"), items=", ".join(parts)
    )
    if s["breaking"]:
        text += f"; {plural(s['breaking'], 'breaking change')}"
        if s["acknowledged"]:
            text += _(" ({acknowledged} acknowledged by a version bump)").format(
                acknowledged=s["acknowledged"]
            )
    else:
        text += _("; nothing breaking")
    return text


def _title(change: EntryChange) -> str:
    label = _kind(change)
    if change.change == "renamed":
        return _("{label} {old_id} -> {id} renamed").format(
            label=label, old_id=change.old_id, id=change.id
        )
    return f"{label} {change.id} {_(_CHANGE[change.change])}"


# ------------------------------------------------------------------------ text


_TEXT_STYLE = {
    "breaking": ("BREAKING", "red"),
    "acknowledged": ("ACKNOWLEDGED", "yellow"),
    "ok": ("ok", "green"),
}


def render_text(result: DiffResult) -> str:
    lines = [click.style(f"kpicat diff {result.base.label} -> {result.head.label}", bold=True)]
    for change in result.changes:
        word, colour = _TEXT_STYLE[change.severity]
        lines.append("")
        name = f' "{change.name}"' if change.name != change.id else ""
        where = change.file or change.old_file or ""
        lines.append(
            f"{click.style(word, fg=colour, bold=True)}  {_title(change)}{name}  ({where})"
        )
        for reason in change.reasons:
            lines.append(f"    ✗ {reason}")
        for note in change.notes:
            lines.append(f"    · {note}")
        if (
            change.formula is not None
            and change.change in ("changed", "renamed")
            and change.formula[0] != change.formula[1]
        ):
            lines.append(
                _("    formula before: {value}").format(value=change.formula[0] or _("(none)"))
            )
            lines.append(
                _("    formula after:  {value}").format(value=change.formula[1] or _("(none)"))
            )
        for fc in change.fields:
            if fc.path == ("formula",):
                continue
            lines.append(f"    {fc.dotted}: {_text_change(fc)}")
        if change.dependents:
            lines.append(
                _("    affects (transitively): {dependents_text}").format(
                    dependents_text=_dependents_text(result, change.dependents)
                )
            )
        if change.hint and change.unacknowledged:
            lines.append(_("    hint: {hint}").format(hint=change.hint))
    for problem in result.problems:
        lines.append(_("warning: {problem}").format(problem=problem))
    if result.settings_changed:
        lines.append(_("note: kpicat.yaml changed"))
    lines.append("")
    s = result.summary
    mark = click.style("✗", fg="red") if s["unacknowledged"] else click.style("✓", fg="green")
    tail = headline(result)
    if s["unacknowledged"]:
        tail += _("; {unacknowledged} not acknowledged (exit 1)").format(
            unacknowledged=s["unacknowledged"]
        )
    lines.append(f"{mark} {tail}")
    return "\n".join(lines)


def _text_change(fc: FieldChange) -> str:
    before, after = value_text(fc.before), value_text(fc.after)
    if fc.op == "added":
        return _("added {after}").format(after=after)
    if fc.op == "removed":
        return _("removed (was {before})").format(before=before)
    if len(before) + len(after) > 100:
        return _("\n        before: {before}\n        after:  {after}").format(
            before=before, after=after
        )
    return f"{before} -> {after}"


def _dependents_text(result: DiffResult, ids: list[str]) -> str:
    shown = [
        f"{i} ({result.name_of(i)})" if result.name_of(i) != i else i for i in ids[:MAX_DEPENDENTS]
    ]
    more = len(ids) - len(shown)
    return ", ".join(shown) + (_(" and {more} more").format(more=more) if more > 0 else "")


# -------------------------------------------------------------------- markdown


def md_value(value: Any) -> str:
    if value is MISSING:
        return "*" + _("(none)") + "*"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return md_escape(text, CELL_LIMIT)


def render_markdown(result: DiffResult) -> str:
    s = result.summary
    out = [
        _("### KPI catalogue changes: {md_code} → {md_escape}").format(
            md_code=md_code(result.base.name), md_escape=md_escape(result.head.label)
        ),
        "",
    ]
    if s["unacknowledged"]:
        out.append(
            _(
                "**🔴 {count} not acknowledged.** Bump `version` on the entry if the "
                "change is intended, or add a new KPI instead."
            ).format(count=plural(s["unacknowledged"], "breaking change"))
        )
    elif s["breaking"]:
        out.append(
            _("**🟡 {count}, all acknowledged by a version bump.**").format(
                count=plural(s["breaking"], "breaking change")
            )
        )
    else:
        out.append(_("**🟢 Nothing breaking.**"))
    out += ["", md_escape(headline(result)) + ".", ""]
    if not result.changes:
        return "\n".join([*out, *_md_footer(result)]).rstrip() + "\n"
    out += [_("| | Entry | Kind | Change | What changed |"), "|---|---|---|---|---|"]
    for change in result.changes:
        entry = md_code(change.id)
        if change.change == "renamed" and change.old_id:
            entry = f"{md_code(change.old_id)} → {entry}"
        if change.name != change.id:
            entry += f" {md_escape(change.name, 60)}"
        what = _md_what(change)
        out.append(
            f"| {_MARK[change.severity]} {_(_WORD[change.severity])} | {entry} | "
            f"{_kind(change)} | {_(_CHANGE.get(change.change, change.change))} | {what} |"
        )
    out.append("")
    footer = _md_footer(result)
    budget = MARKDOWN_LIMIT - sum(len(line) + 1 for line in footer) - 400
    sections = (_md_section(result, change) for change in result.changes)
    left_out = append_within(out, sections, budget)
    if left_out:
        out += [
            "",
            _(
                "*{count} not shown to stay within GitHub's size limit; run `kpicat "
                "diff --format text` for all of them.*"
            ).format(count=plural(left_out, "more entry")),
        ]
    out += ["", *footer]
    return "\n".join(out).rstrip() + "\n"


def _md_what(change: EntryChange) -> str:
    if change.reasons:
        return md_escape("; ".join(change.reasons), CELL_LIMIT)
    if change.notes:
        return md_escape("; ".join(change.notes), CELL_LIMIT)
    fields = sorted({str(f.path[0]) for f in change.fields})
    return md_escape(", ".join(fields), CELL_LIMIT) if fields else ""


def _md_section(result: DiffResult, change: EntryChange) -> str:
    label = _kind(change)
    title = (
        f"{md_code(change.old_id)} → {md_code(change.id)}" if change.old_id else md_code(change.id)
    )
    lines = [
        f"<details{' open' if change.breaking else ''}>",
        _("<summary>{MARK} {label} {title} {md_escape} — {change}</summary>").format(
            MARK=_MARK[change.severity],
            label=label,
            title=title,
            md_escape=md_escape(change.name, 80),
            change=_(_CHANGE.get(change.change, change.change)),
        ),
        "",
    ]
    where = change.file or change.old_file
    if where:
        lines += [_("File: {md_code}").format(md_code=md_code(where)), ""]
    for reason in change.reasons:
        lines.append(_("- **breaking:** {md_escape}").format(md_escape=md_escape(reason)))
    for note in change.notes:
        lines.append(f"- {md_escape(note)}")
    if change.hint and change.unacknowledged:
        lines.append(_("- *hint:* {md_escape}").format(md_escape=md_escape(change.hint)))
    if change.reasons or change.notes:
        lines.append("")
    if change.formula is not None and change.formula[0] != change.formula[1]:
        if change.formula[0] is not None:
            lines += [_("Formula before:"), "", md_block(change.formula[0]), ""]
        if change.formula[1] is not None:
            lines += [
                _("Formula after:") if change.formula[0] is not None else _("Formula:"),
                "",
                md_block(change.formula[1]),
                "",
            ]
    rows = [f for f in change.fields if f.path != ("formula",)]
    if rows:
        lines += [_("| Field | Before | After |"), "|---|---|---|"]
        for fc in rows[:40]:
            lines.append(f"| {md_code(fc.dotted)} | {md_value(fc.before)} | {md_value(fc.after)} |")
        if len(rows) > 40:
            lines.append(_("| … | {value} more fields | |").format(value=len(rows) - 40))
        lines.append("")
    if change.dependents:
        shown = [
            f"{md_code(i)} {md_escape(result.name_of(i), 60)}".rstrip()
            if result.name_of(i) != i
            else md_code(i)
            for i in change.dependents[:MAX_DEPENDENTS]
        ]
        more = len(change.dependents) - len(shown)
        tail = _(" and {more} more").format(more=more) if more > 0 else ""
        lines += [
            _("Affected KPIs (read it directly or indirectly): {items}{tail}").format(
                items=", ".join(shown), tail=tail
            ),
            "",
        ]
    lines += ["</details>", ""]
    return "\n".join(lines)


def _md_footer(result: DiffResult) -> list[str]:
    lines = []
    for problem in result.problems:
        lines.append(f"> ⚠️ {md_escape(problem)}")
    if result.settings_changed:
        lines.append(_("> ℹ️ `kpicat.yaml` changed."))
    if lines:
        lines.append("")
    lines.append(
        _(
            "<sub>Generated by `kpicat diff`. 🔴 breaking · 🟡 breaking, "
            "acknowledged by a `version` bump · 🟢 non-breaking</sub>"
        )
    )
    return lines


# ------------------------------------------------------------------------ json


def render_json(result: DiffResult) -> str:
    from kpicat import __version__

    data = {
        "version": 1,
        "kpicat_version": __version__,
        "summary": result.summary,
        "changes": [c.to_json() for c in result.changes],
        "problems": list(result.problems),
    }
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


DIFF_REPORTERS: dict[str, Callable[[DiffResult], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
}
DIFF_FORMATS = tuple(DIFF_REPORTERS)
