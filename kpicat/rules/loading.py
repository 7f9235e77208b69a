"""Loading rules: files that cannot become entries, and identity of entries.

KC001-KC009, KC020 and KC021 are raised by the strict YAML loader (kpicat/load); they are
documented here so that `kpicat rules` and `kpicat explain` list them. KC022 is a note the
loader leaves on a Document that loaded fine; a rule here turns it into a finding.
"""

from __future__ import annotations

from collections.abc import Iterator

from kpicat.core.deceptive import describe_run, invisible_runs, is_bidi
from kpicat.core.i18n import _
from kpicat.core.suggest import did_you_mean
from kpicat.load.document import Document, LoadError, Note, Path
from kpicat.model import Entry
from kpicat.rules.context import Context, Finding, LocalContext
from kpicat.rules.registry import document, rule

_GROUP = "loading"

document(
    "KC001",
    "yaml-syntax",
    """The file is not valid YAML, or it is empty.

    The message names the line and column where the YAML parser gave up; the
    real mistake is often on the line above (an unclosed quote or bracket, a
    tab used for indentation, a colon inside unquoted text).

    Bad:
        definition: Anteil: Aufträge je Angebot

    Good:
        definition: "Anteil: Aufträge je Angebot"
    """,
    group=_GROUP,
    emitted_by="kpicat.load.strict_yaml",
)
document(
    "KC002",
    "duplicate-key",
    """A field appears twice in one mapping.

    Most YAML readers silently keep the last value, so one of the two
    definitions would be lost without anyone noticing. Both lines are named.

    Bad:
        unit: percent
        unit: ratio

    Good:
        unit: percent
    """,
    group=_GROUP,
    emitted_by="kpicat.load.strict_yaml",
)
document(
    "KC003",
    "non-string-key",
    """A field name is not plain text.

    Keys such as `1:`, `true:` or `null:` are read as numbers or true/false
    values, and complex keys (`? [a, b]`) are not part of the format.

    Bad:
        inputs: {1: 100}

    Good:
        inputs: {umsatz: 100}
    """,
    group=_GROUP,
    emitted_by="kpicat.load.strict_yaml",
)
document(
    "KC004",
    "multiple-documents",
    """A file holds more than one YAML document.

    The format is one entry per file, so that every entry has its own history,
    owner review and edit link.

    Bad:
        id: a
        ---
        id: b

    Good: one file per entry.
    """,
    group=_GROUP,
    emitted_by="kpicat.load.strict_yaml",
)
document(
    "KC005",
    "file-too-large",
    """The file is larger than the loader reads (1 MiB).

    An entry is a few hundred bytes; a huge file is a mistake or an attack and
    would slow every check. Split long texts or move them to the docs.

    Bad: catalogue/kpis/umsatz.yaml with a pasted CRM export of 3 MB in `definition`.

    Good:
        definition: Umsatz aller Key Accounts im Quartal, netto nach Gutschriften.
    """,
    group=_GROUP,
    emitted_by="kpicat.load.strict_yaml",
)
document(
    "KC006",
    "nesting-too-deep",
    """Values are nested deeper than 32 levels.

    Catalogue entries need three or four levels. Very deep nesting crashes some
    YAML parsers, so kpicat stops reading before that can happen.

    Bad:
        target: {value: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[50000]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}

    Good:
        target: {value: 50000}
    """,
    group=_GROUP,
    emitted_by="kpicat.load.strict_yaml",
)
document(
    "KC007",
    "alias-expansion",
    """Aliases expand the file beyond 50,000 values.

    YAML aliases (`*name`) can multiply a small file into gigabytes ("billion
    laughs"). kpicat counts values with aliases expanded and stops early.

    Bad:
        a: &a [x, x, x, x, x, x, x, x, x, x]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]   # and so on

    Good: write each value out; entries never need aliases.
    """,
    group=_GROUP,
    emitted_by="kpicat.load.strict_yaml",
)
document(
    "KC008",
    "invalid-encoding",
    """The file is not valid UTF-8.

    The position of the first invalid byte is reported. Save the file as UTF-8
    (umlauts such as ä, ö, ü and ß are fine in UTF-8).

    Bad: a file saved as Windows-1252, where "für" is the byte 0xFC.

    Good: the same file saved as UTF-8 (in most editors: "Save with encoding").
    """,
    group=_GROUP,
    emitted_by="kpicat.load.strict_yaml",
)
document(
    "KC009",
    "unsupported-tag",
    """The file uses a YAML tag such as `!!python/object`.

    Tags can make YAML readers construct objects or run code. Catalogue files
    are plain data: text, numbers, lists and mappings.

    Bad:
        target: !!float 10

    Good:
        target: {value: 10}
    """,
    group=_GROUP,
    emitted_by="kpicat.load.strict_yaml",
)
document(
    "KC021",
    "number-out-of-range",
    """A number is too large (beyond 10^15 either way), infinite or not a number.

    Such values are a slip (a unit mistake, a stray paste) or an attack: a
    5,000-digit number or `1e400` (infinity) cannot be compared, computed with or
    shown on the site. The bound is far above any real target (write big amounts
    in TEUR or Mio. EUR) and keeps every whole number exact. It applies to every
    number the loader reads, in any notation: `1e400`, `.inf`, `.nan`, `0x...`.

    Bad:
        target: {value: 25000000000000000000}

    Good:
        unit: Mio. EUR
        target: {value: 25}
    """,
    group=_GROUP,
    emitted_by="kpicat.load.strict_yaml",
)
document(
    "KC020",
    "not-a-regular-file",
    """A path in the catalogue is a symbolic link, a pipe, a socket or a device.

    kpicat reads only regular files inside the repository. A symbolic link
    (to a file, or as a kind folder or `catalogue/` itself) could point
    anywhere on the machine that builds the site and publish what it finds
    there; a named pipe (FIFO) or a device would make the check wait forever
    or read without end. Such paths are reported and never opened; the same
    holds for `kpicat.yaml`.

    Bad:
        catalogue/terms -> /home/someone/notes    (a symbolic link)

    Good:
        catalogue/terms/ as a folder with the entry files committed in it
    """,
    group=_GROUP,
    emitted_by="kpicat.load.files",
)
document(
    "KC018",
    "stray-file",
    """A file or folder in catalogue/ is not an entry.

    Entries live in catalogue/terms, kpis, kras, owners and measures, one
    `<id>.yaml` per entry. Anything else is probably misplaced (a `.yml`
    ending, a typo in a folder name) and would be ignored silently.

    Bad: catalogue/kpis/nps.yml, catalogue/kpi/nps.yaml

    Good: catalogue/kpis/nps.yaml
    """,
    level="warning",
    group=_GROUP,
    emitted_by="kpicat.rules.loading",
)


@rule("KC016", "id-mismatch", reads=("id",))
def id_matches_file(ctx: Context) -> Iterator[Finding]:
    """An entry's `id` differs from its file name.

    The file name is what people find in the repository and what links point
    at; the id is what formulas and references use. Keeping both equal means
    one name per entry.

    Bad (file catalogue/kpis/nps.yaml):
        id: net_promoter_score

    Good:
        id: nps
    """
    for entry in ctx.catalogue.entries:
        stem = entry.file.rsplit("/", 1)[-1].removesuffix(".yaml")
        value = entry.data.get("id")
        if isinstance(value, str) and value != stem:
            yield Finding(
                entry,
                ("id",),
                _("id '{value}' differs from the file name '{stem}.yaml'").format(
                    value=value, stem=stem
                ),
                hint=_("rename the file to {value}.yaml or set id: {stem}").format(
                    value=value, stem=stem
                ),
            )


@rule("KC017", "duplicate-id", reads=("id",))
def unique_ids(ctx: Context) -> Iterator[Finding]:
    """Two entries share one id, possibly of different kinds.

    Formulas name measures and KPIs by id, and every reference is by id, so
    ids share one namespace across all kinds.

    Bad: catalogue/kpis/umsatz.yaml and catalogue/measures/umsatz.yaml

    Good: catalogue/kpis/umsatzwachstum.yaml and catalogue/measures/umsatz.yaml
    """
    first = ctx.catalogue.by_id
    for entry in ctx.catalogue.entries:
        owner = first[entry.id]
        if owner is not entry:
            yield Finding(
                entry,
                ("id",),
                _("id '{id}' is already used by {label} {file}").format(
                    id=entry.id, label=owner.label, file=owner.file
                ),
                hint=_("ids are unique across all kinds; rename one of the two"),
                related=((owner, ("id",)),),
            )


def unknown_id_hint(ctx: Context, target: str, kinds: tuple[str, ...]) -> str | None:
    """'did you mean' over the ids of the kinds a field may name."""
    return did_you_mean(target, ctx.catalogue.ids_of_kind(*kinds))


def field_label(path: Path) -> str:
    """``definition.de``, ``used_in[0]``: a data path as a reader finds it in the file."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or _("the file")


def invisible_message(path: Path, run: str, *, key: bool = False) -> tuple[str, str]:
    """Message and hint for an invisible run at ``path`` (one wording for entries and config)."""
    what = (
        _("the field name {field_label}").format(field_label=field_label(path))
        if key
        else field_label(path)
    )
    if is_bidi(run[0]):
        why = _("it changes the order in which the text is shown: it reads unlike what it says")
    else:
        why = _(
            "it hides inside the text: two texts that look the same are not, and search misses them"
        )
    return (
        _("{what} contains {describe_run}; {why}").format(
            what=what, describe_run=describe_run(run), why=why
        ),
        _(
            "delete the invisible character (retype the text around this position "
            "if your editor does not show it)"
        ),
    )


@rule("KC019", "invisible-character", scope="entry", local=True)
def invisible_character(entry: Entry, ctx: LocalContext) -> Iterator[Finding]:
    """Text holds invisible characters: bidi controls or zero-width characters.

    A right-to-left override (U+202E) and its relatives reorder how text is
    shown, so a definition, formula comment or name can read one way in the
    pull request and on the site and mean another ("Trojan Source"). Zero-width
    characters (U+200B-200D, U+2060, U+FEFF inside text) and invisible tag
    characters make two names that look equal different and can smuggle
    hidden sentences. Every text of every entry and of kpicat.yaml is checked;
    the position is the invisible character itself. A run of them is one
    finding. Allowed: the soft hyphen (U+00AD, where a long German word may
    break) and a byte order mark at the very start of a file.

    Bad (the override is invisible; here it is written as an escape):
        definition: "Umsatz je Kunde \u202eohne Gutschriften"

    Good:
        definition: Umsatz je Kunde ohne Gutschriften
    """
    for path, offset, run in invisible_runs(entry.doc.raw or None, entry.data):
        message, hint = invisible_message(path, run, key=offset is None)
        yield Finding(entry, path, message, hint=hint, offset=offset, at_key=offset is None)


@rule("KC022", "leading-zero-number", level="warning", scope="entry", local=True)
def leading_zero_number(entry: Entry, ctx: LocalContext) -> Iterator[Finding]:
    """A number is written with a leading zero (`017`), which YAML tools read differently.

    kpicat reads YAML 1.2, where `017` is the decimal number 17. PyYAML and other
    YAML 1.1 tools (many scripts, older editors' plugins, some CI steps) read the
    same text as the octal number 15, and `09` as text, so one file means two
    numbers depending on who reads it; yamllint's `octal-values` rule warns for
    the same reason. Flagged: decimal integers with a leading zero (`017`,
    `-017`, `09`, `00`). Not flagged: `0`, `0o17` (explicit YAML 1.2 octal),
    `0x1F`, `017.5` (a decimal fraction to every reader) and quoted text
    (`'017'`). Reported at the number; the value kpicat uses is the decimal one.

    Bad:
        review_every: 06
        target: {value: 015}

    Good:
        review_every: 6
        target: {value: 15}
        article: '015'     # a code, not an amount: quoted text
    """
    for note in entry.doc.notes:
        if note.code == "KC022":
            yield Finding(entry, note.path, note.message, hint=note.hint)


def notes_in_config(doc: Document, name: str) -> Iterator[Finding]:
    """KC022 for kpicat.yaml: a budget of 010 is 10 here and 8 to a YAML 1.1 script."""
    for note in doc.notes:
        yield note_problem(note, name)


def note_problem(note: Note, rel: str) -> Finding:
    """A loader note about a file that is no entry (kpicat.yaml), at the note's position."""
    return Finding(
        None,
        note.path,
        note.message,
        hint=note.hint,
        code=note.code,
        file=rel,
        line=note.line,
        column=note.column,
    )


# ------------------------------------------------------------- files that are no entry
# The loader and file discovery run before there are entries; these turn what they
# report into findings, which the engine then levels like every other finding.


def load_problem(error: LoadError, rel: str) -> Finding:
    """A file that could not be read or parsed, at the position the loader names."""
    return Finding(
        None,
        (),
        error.message,
        hint=error.hint,
        code=error.code,
        file=rel,
        line=error.line,
        column=error.column,
        also_at=error.related,
    )


def stray_problem(rel: str, hint: str | None) -> Finding:
    """A file or folder in catalogue/ that is not an entry (KC018)."""
    return Finding(
        None,
        (),
        _("{rel} is not a catalogue entry").format(rel=rel),
        hint=hint,
        code="KC018",
        file=rel,
    )


def invisible_in_config(doc: Document, name: str) -> Iterator[Finding]:
    """KC019 for kpicat.yaml: its title and texts reach every page of the site."""
    for path, offset, run in invisible_runs(doc.raw or None, doc.data):
        message, hint = invisible_message(path, run, key=offset is None)
        if offset is None:
            line, column = doc.positions.key(path)
        else:
            line, column = doc.offset_position(path, offset)
        yield Finding(
            None,
            path,
            message.replace("the file", name),
            hint=hint,
            code="KC019",
            file=name,
            line=line,
            column=column,
        )
