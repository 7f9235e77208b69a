"""The check pipeline: files -> load -> model -> rules -> diagnostics."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from kpicat.core.config import Config
from kpicat.core.deceptive import invisible_runs
from kpicat.core.diagnostics import Diagnostic, Location, Severity
from kpicat.core.kinds import CONFIG_NAME
from kpicat.core.result import CheckResult
from kpicat.core.suggest import did_you_mean
from kpicat.infra.parallel import can_fork, in_parallel
from kpicat.load import LoadError, load_bytes
from kpicat.load.document import Document, EmptyFileError
from kpicat.load.files import discover, read_regular, refusal
from kpicat.model import ENTRY_TYPES, Catalogue, Entry
from kpicat.rules.context import Context
from kpicat.rules.engine import rule_levels, run_rules
from kpicat.rules.loading import invisible_message
from kpicat.rules.registry import REGISTRY, lookup
from kpicat.rules.schema import translate
from kpicat.schemas import fast_validator_for, validator_for


def _load_error(error: LoadError, rel: str, severity: str = "error") -> Diagnostic:
    rule = REGISTRY[error.code]
    return Diagnostic(
        code=error.code,
        severity=Severity(severity),
        message=error.message,
        file=rel,
        line=error.line,
        column=error.column,
        hint=error.hint,
        rule=rule.name,
        related=tuple(Location(rel, line, col) for line, col in error.related),
    )


def load_config(root: Path) -> tuple[Config, list[Diagnostic]]:
    """kpicat.yaml, schema-checked; a broken file is a configuration error."""
    path = root / CONFIG_NAME
    try:
        raw = read_regular(path)
    except FileNotFoundError:
        return Config(), []
    except LoadError as error:  # a link, a pipe, a folder or too large: never read
        return Config(), [_load_error(error, CONFIG_NAME)]
    except OSError as exc:
        error = LoadError("KC001", f"cannot read the file: {exc.strerror or exc}")
        return Config(), [_load_error(error, CONFIG_NAME)]
    return config_from_bytes(raw)


def config_from_bytes(raw: bytes) -> tuple[Config, list[Diagnostic]]:
    """Settings from the bytes of kpicat.yaml (disk or a git revision), or the defaults
    and the diagnostics that say why not."""
    try:
        doc = load_bytes(raw, CONFIG_NAME)
    except EmptyFileError:
        return Config(path=CONFIG_NAME), []  # an empty settings file means all defaults
    except LoadError as error:
        return Config(), [_load_error(error, CONFIG_NAME)]
    data = doc.data if doc.data is not None else {}
    diagnostics = []
    valid = fast_validator_for("config")(data)
    for error in () if valid else validator_for("config").iter_errors(data):
        for code, dpath, message, hint, at_key in translate(error):
            line, column = doc.positions.key(dpath) if at_key else doc.positions.value(dpath)
            message = message.replace("the entry", "kpicat.yaml")
            diagnostics.append(
                Diagnostic(
                    code,
                    Severity.ERROR,
                    message,
                    CONFIG_NAME,
                    line,
                    column,
                    hint=hint,
                    rule=REGISTRY[code].name,
                )
            )
    if diagnostics:
        return Config(), sorted(diagnostics, key=Diagnostic.sort_key)
    for key in data.get("rules") or {}:
        if lookup(key) is None:
            names = [r.code for r in REGISTRY.values()] + [r.name for r in REGISTRY.values()]
            line, column = doc.positions.key(("rules", key))
            diagnostics.append(
                Diagnostic(
                    "KC012",
                    Severity.ERROR,
                    f"rules names '{key}', which is not a kpicat rule",
                    CONFIG_NAME,
                    line,
                    column,
                    hint=did_you_mean(key, names) or "'kpicat rules' lists every code and name",
                    rule="invalid-value",
                )
            )
    diagnostics.extend(_invisible_in_config(doc, data))
    return Config.from_data(data, CONFIG_NAME), diagnostics


def _invisible_in_config(doc: Document, data: dict[str, Any]) -> Iterator[Diagnostic]:
    """KC019 for kpicat.yaml: its title and texts reach every page of the site."""
    level = rule_levels({str(k): str(v) for k, v in (data.get("rules") or {}).items()})["KC019"]
    if level == "off":
        return
    for path, offset, run in invisible_runs(doc.raw or None, data):
        message, hint = invisible_message(path, run, key=offset is None)
        if offset is None:
            line, column = doc.positions.key(path)
        else:
            line, column = doc.offset_position(path, offset)
        yield Diagnostic(
            "KC019",
            Severity(level),
            message.replace("the file", CONFIG_NAME),
            CONFIG_NAME,
            line,
            column,
            hint=hint,
            rule=REGISTRY["KC019"].name,
        )


def read_document(read: Callable[[], bytes], rel: str) -> Document | LoadError:
    """One file, loaded strictly; errors are returned, never raised."""
    try:
        raw = read()
    except LoadError as error:  # not a regular file, or too large: refused unread
        return error
    except OSError as exc:
        return LoadError("KC001", f"cannot read the file: {exc.strerror or exc}")
    try:
        return load_bytes(raw, rel)
    except LoadError as error:
        return error


Loaded = tuple[str, str, Document | LoadError]


def _load_shard(sources: list[tuple[str, str, Callable[[], bytes]]]) -> list[Loaded]:
    return [(kind, rel, read_document(read, rel)) for kind, rel, read in sources]


def _portable(loaded: list[Loaded]) -> list[tuple[str, str, Any, Any]]:
    """What a worker sends back: data and text, or the error's fields."""
    out: list[tuple[str, str, Any, Any]] = []
    for kind, rel, item in loaded:
        if isinstance(item, LoadError):
            fields = (item.code, item.message, item.line, item.column, item.hint, item.related)
            out.append((kind, rel, None, fields))
        else:
            out.append((kind, rel, item.data, item.raw))
    return out


def _restore(portable: list[tuple[str, str, Any, Any]]) -> list[Loaded]:
    loaded: list[Loaded] = []
    for kind, rel, data, rest in portable:
        if isinstance(rest, tuple):
            loaded.append((kind, rel, LoadError(*rest)))
        else:
            loaded.append((kind, rel, Document(rel, data, None, rest)))
    return loaded


def load_all(sources: list[tuple[str, str, Callable[[], bytes]]]) -> list[Loaded]:
    """Load every source; large catalogues on two cores (same result, in order)."""
    if not can_fork(len(sources)):
        return _load_shard(sources)
    half = len(sources) // 2
    mine, theirs = in_parallel(
        lambda: _load_shard(sources[:half]),
        lambda: _portable(_load_shard(sources[half:])),
    )
    return mine + _restore(theirs)


def build_entry(kind: str, doc: Document) -> Entry | None:
    """A typed entry, or None when the file is not a mapping at all."""
    if not isinstance(doc.data, dict):
        return None
    stem = doc.path.rsplit("/", 1)[-1].removesuffix(".yaml")
    value = doc.data.get("id")
    entry_id = value if isinstance(value, str) else stem
    return ENTRY_TYPES[kind](id=entry_id, data=doc.data, doc=doc)


def load_catalogue(root: Path, config: Config) -> tuple[Catalogue, list[Diagnostic], int]:
    """Every entry file on disk into one Catalogue, plus loading diagnostics."""
    files = discover(root)
    sources = ((kind, rel, partial(read_regular, path)) for kind, path, rel in files.entries)
    catalogue, diagnostics = build_catalogue(root, config, sources)
    levels = rule_levels(config.rules)
    refused_level = levels.get("KC020", "error")
    if refused_level != "off":
        for rel, what in files.refused:
            diagnostics.append(_load_error(refusal(what), rel, refused_level))
    stray_level = levels.get("KC018", "warning")
    if stray_level != "off":
        for rel, hint in files.stray:
            diagnostics.append(
                Diagnostic(
                    "KC018",
                    Severity(stray_level),
                    f"{rel} is not a catalogue entry",
                    rel,
                    1,
                    1,
                    hint=hint,
                    rule="stray-file",
                )
            )
    return catalogue, diagnostics, len(files.entries)


def build_catalogue(
    root: Path, config: Config, sources: Iterable[tuple[str, str, Callable[[], bytes]]]
) -> tuple[Catalogue, list[Diagnostic]]:
    """Entries from (kind, relative path, read bytes) triples: disk or git objects alike."""
    levels = rule_levels(config.rules)
    diagnostics: list[Diagnostic] = []
    catalogue = Catalogue(root=root, config=config)
    for kind, rel, loaded in load_all(list(sources)):
        if isinstance(loaded, LoadError):
            level = levels.get(loaded.code, "error")
            if level != "off":
                diagnostics.append(_load_error(loaded, rel, level))
            continue
        entry = build_entry(kind, loaded)
        if entry is None:
            diagnostics.append(
                Diagnostic(
                    "KC013",
                    Severity.ERROR,
                    "the file must hold one mapping of fields (name: value), "
                    f"not {type(loaded.data).__name__ if loaded.data is not None else 'nothing'}",
                    rel,
                    1,
                    1,
                    hint="start with 'id: <id>' on the first line",
                    rule="wrong-type",
                )
            )
            continue
        catalogue.entries.append(entry)
    return catalogue, diagnostics


def run_check(root: Path, today: dt.date | None = None) -> CheckResult:
    """Load, schema-check and run every rule; the one entry point for checking."""
    config, config_diagnostics = load_config(root)
    if config_diagnostics:
        catalogue = Catalogue(root=root, config=config)
        return CheckResult(root, catalogue, config_diagnostics, 0, config_errors=True)
    catalogue, diagnostics, files = load_catalogue(root, config)
    ctx = Context(catalogue, today=today or dt.date.today())
    diagnostics.extend(run_rules(ctx, rule_levels(config.rules)))
    diagnostics.sort(key=Diagnostic.sort_key)
    return CheckResult(root, catalogue, diagnostics, files)
