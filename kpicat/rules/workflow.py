"""Workflow rules: suppressions and placeholders left by `kpicat new`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from kpicat.core.i18n import _
from kpicat.core.placeholders import PLACEHOLDER, is_placeholder
from kpicat.load.document import Path, value_at
from kpicat.model import Entry
from kpicat.rules.context import Finding, LocalContext
from kpicat.rules.registry import document, rule
from kpicat.rules.schema import dotted

# `kpicat new` writes this marker into every value a contributor must still
# write and into a comment after every default they must still confirm. The
# text passes the schema, so `check` reports it here, at its line, instead of
# as a schema error. Other rules skip such values (see is_placeholder).
_COMMENT_MARKER = re.compile(r"(?:^|\s)#\s*TODO:")


def _placeholder_values(data: Any, path: Path = ()) -> Iterator[tuple[Path, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _placeholder_values(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _placeholder_values(value, (*path, index))
    elif is_placeholder(data):
        yield path, data


@rule("KC501", "placeholder", scope="entry", local=True)
def placeholder(entry: Entry, ctx: LocalContext) -> Iterator[Finding]:
    """A placeholder written by `kpicat new` is still in the entry.

    `kpicat new` writes a skeleton that already passes the schema: text that
    must be written starts with `TODO:`, and defaults that must be confirmed
    carry a `# TODO:` comment. A published KPI with "TODO: Name der KPI" as
    its name, or with an unconfirmed default, misleads every reader.

    Bad:
        name: "TODO: Name der KPI"
        period: monthly  # TODO: daily, weekly, monthly, quarterly, half_yearly or yearly

    Good:
        name: Kundenbindungsrate
        period: yearly
    """
    if PLACEHOLDER.encode() not in entry.doc.raw:
        return
    values = list(_placeholder_values(entry.data))
    for path, value in values:
        yield Finding(
            entry,
            path,
            _("{field} is still the placeholder from 'kpicat new': {text}").format(
                field=dotted(path), text=_short(value.strip())
            ),
            hint=_(
                "replace it with the real value (the comment above the field says what belongs)"
            ),
        )
    value_lines = {entry.position(path)[0] for path, _value in values}
    on_line: dict[int, Path] = {}
    for data_path, (line, _column) in entry.doc.positions.values.items():
        if data_path and not isinstance(value_at(entry.data, data_path), dict | list):
            on_line.setdefault(line, data_path)
    for number, text in enumerate(entry.doc.text.splitlines(), start=1):
        match = _COMMENT_MARKER.search(text)
        if match is None or number in value_lines:
            continue
        note = text[match.end() :].strip()
        data_path = on_line.get(number)
        if data_path is not None:
            yield Finding(
                entry,
                data_path,
                _("{field} still has the default from 'kpicat new'").format(field=dotted(data_path))
                + (f" ({_short(note)})" if note else ""),
                hint=_("check the value, then delete the '# TODO:' comment on this line"),
            )
        else:
            column = match.start() + (1 if text[match.start()].isspace() else 0) + 1
            yield Finding(
                None,
                (),
                _("a '# TODO:' placeholder comment from 'kpicat new' is still in the file")
                + (f" ({_short(note)})" if note else ""),
                hint=_("do what it says, then delete the comment"),
                file=entry.file,
                line=number,
                column=column,
            )


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


document(
    "KC502",
    "unused-suppression",
    """A `lint.ignore` entry suppresses nothing.

    Suppressions must carry a reason and should disappear with the problem
    they hid; one that no longer matches anything only hides future findings.

    Bad (no KC401 finding in this entry any more):
        lint: {ignore: {KC401: "nur im Vorstandsbericht"}}

    Good: remove the `lint.ignore` line.
    """,
    level="warning",
    group="workflow",
    emitted_by="kpicat.rules.engine",
)
