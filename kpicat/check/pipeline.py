"""The check pipeline: files -> load -> model -> rules -> diagnostics."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any

from kpicat.check.cache import CheckCache, file_key, freeze_file, thaw_file
from kpicat.core.config import Config
from kpicat.core.diagnostics import Diagnostic, Severity
from kpicat.core.i18n import current_language, use_catalogue_languages
from kpicat.core.kinds import CONFIG_NAME
from kpicat.core.result import CheckResult
from kpicat.infra.collector import collector_paused
from kpicat.infra.parallel import can_fork, in_parallel, interleave, take_failures
from kpicat.load import LoadError, load_bytes
from kpicat.load.document import Document, EmptyFileError
from kpicat.load.files import discover, read_regular, refusal
from kpicat.model import ENTRY_TYPES, Catalogue, Entry
from kpicat.rules.context import Context, Finding, Memo
from kpicat.rules.engine import Kept, LocalPass, emit_all, kept_local, rule_levels, run_rules
from kpicat.rules.loading import (
    invisible_in_config,
    load_problem,
    notes_in_config,
    stray_problem,
)
from kpicat.rules.schema import config_problems, not_a_mapping


def load_config(root: Path) -> tuple[Config, list[Diagnostic]]:
    """kpicat.yaml, schema-checked; a broken file is a configuration error.

    It also sets the language of every message that follows: the first of its
    ``languages`` (kpicat.core.i18n; ``--lang`` and KPICAT_LANG win).
    """
    use_catalogue_languages(None)
    path = root / CONFIG_NAME
    try:
        raw = read_regular(path)
    except FileNotFoundError:
        use_catalogue_languages(Config().languages)
        return Config(), []
    except LoadError as error:  # a link, a pipe, a folder, unreadable or too large
        return Config(), _config_diagnostics([load_problem(error, CONFIG_NAME)], {})
    return config_from_bytes(raw, speak=True)


def config_from_bytes(raw: bytes, *, speak: bool = False) -> tuple[Config, list[Diagnostic]]:
    """Settings from the bytes of kpicat.yaml (disk or a git revision), or the defaults
    and the diagnostics that say why not. ``speak``: messages from now on in the file's
    first language, even when the rest of the file is invalid."""
    try:
        doc = load_bytes(raw, CONFIG_NAME)
    except EmptyFileError:
        if speak:
            use_catalogue_languages(Config().languages)
        return Config(path=CONFIG_NAME), []  # an empty settings file means all defaults
    except LoadError as error:
        return Config(), _config_diagnostics([load_problem(error, CONFIG_NAME)], {})
    data = doc.data if doc.data is not None else {}
    if speak:
        languages = data.get("languages") if isinstance(data, dict) else None
        use_catalogue_languages(languages if isinstance(languages, list) else Config().languages)
    problems = config_problems(doc, data, CONFIG_NAME)
    if problems:
        return Config(), _config_diagnostics(problems, {})
    config = Config.from_data(data, CONFIG_NAME, positions=doc.positions)
    found = [*invisible_in_config(doc, CONFIG_NAME), *notes_in_config(doc, CONFIG_NAME)]
    return config, _config_diagnostics(found, config.rules)


def _config_diagnostics(problems: list[Finding], rules: dict[str, str]) -> list[Diagnostic]:
    """Problems of kpicat.yaml at their rule's level (the file's own levels once it is valid)."""
    return sorted(emit_all(problems, rule_levels(rules)), key=Diagnostic.sort_key)


def read_document(read: Callable[[], bytes], rel: str) -> Document | LoadError:
    """One file, loaded strictly; errors are returned, never raised."""
    try:
        raw = read()
    except LoadError as error:  # not a regular file, unreadable or too large: refused
        return error
    return parse_document(raw, rel)


def parse_document(raw: bytes, rel: str) -> Document | LoadError:
    """The bytes of one file, loaded strictly; errors are returned, never raised."""
    try:
        return load_bytes(raw, rel)
    except LoadError as error:
        return error


Loaded = tuple[str, str, Document | LoadError]
Source = tuple[str, str, Callable[[], bytes]]  # kind, path from the root, how to read it


def _portable(loaded: list[Loaded]) -> list[tuple[str, str, Any, Any]]:
    """What a worker sends back: data and bytes (None for a released document, which
    reads them again), or the error's fields."""
    out: list[tuple[str, str, Any, Any]] = []
    for kind, rel, item in loaded:
        if isinstance(item, LoadError):
            fields = (item.code, item.message, item.line, item.column, item.hint, item.related)
            out.append((kind, rel, None, fields))
        else:
            out.append((kind, rel, item.data, (None if item.released else item.raw, item.notes)))
    return out


def _restore(
    portable: list[tuple[str, str, Any, Any]], reads: list[Callable[[], bytes]]
) -> list[Loaded]:
    """The worker's documents again; ``reads`` (one per item) for the released ones."""
    loaded: list[Loaded] = []
    for read, (kind, rel, data, rest) in zip(reads, portable, strict=True):
        if len(rest) == 2:
            raw, notes = rest
            doc = Document(rel, data, None, raw or b"", notes)
            if raw is None:
                doc.release(data, read)
            loaded.append((kind, rel, doc))
        else:
            loaded.append((kind, rel, LoadError(*rest)))
    return loaded


Used = set[tuple[str, str]]  # (entry id, rule code) of suppressions that hid a finding
Item = tuple[str, str, Callable[[], bytes], bytes | LoadError | None, bytes, bytes | None]
"""A file to load and check: kind, path, how to read it, its bytes (None: read them in the
worker; a LoadError: they could not be read), its cache key and what the cache kept under it."""
Loading = tuple[list[Loaded], list[bytes | None], list[Diagnostic], Used, Kept]  # one share


def _load_shard(items: list[Item], step: LocalPass | None, caching: bool) -> Loading:
    """Load each file (from the cache where it kept the file); with ``step`` run the local
    rules on its entry, then keep only what is still read. Also what to keep of each
    parsed file."""
    loaded: list[Loaded] = []
    blobs: list[bytes | None] = []  # freeze_file() of each file parsed here, for the cache
    found: list[Diagnostic] = []
    used: Used = set()
    fresh: Kept = {}
    for kind, rel, read, raw, key, kept in items:
        blob = None
        if raw is None:
            item = read_document(read, rel)
        elif isinstance(raw, LoadError):
            item = raw
        else:
            thawed = thaw_file(rel, raw, kept) if kept is not None else None
            item = thawed if thawed is not None else parse_document(raw, rel)
            if caching and thawed is None:
                blob = freeze_file(item)
        if (
            step is not None
            and isinstance(item, Document)
            and (entry := build_entry(kind, item)) is not None
        ):
            more, codes = step.run(entry, key, fresh if step.remember else None)
            found.extend(more)
            used.update((entry.id, code) for code in codes)
            if step.lean:
                entry.slim(step.keep, read)
        loaded.append((kind, rel, item))
        blobs.append(blob)
    return loaded, blobs, found, used, fresh


def load_all(
    sources: list[Source], step: LocalPass | None = None, cache: CheckCache | None = None
) -> list[Loaded]:
    """Load every source; large catalogues on two cores (same result, in order).

    With ``step`` the local rules run file by file as it loads (what they found is added
    to ``step``). With a cache (which needs a step: it keeps their findings), every file
    is read and looked up by its hash; only those the cache lacks are parsed (and then
    remembered).
    """
    if cache is not None and step is None:
        raise ValueError("the cache keeps the local rules' findings: pass a LocalPass too")
    if step is not None:
        step.begin(len(sources))
    items: list[Item] = []
    for kind, rel, read in sources:
        if cache is None:
            items.append((kind, rel, read, None, b"", None))
            continue
        try:
            raw = read()
        except LoadError as error:  # refused or unreadable: nothing to cache
            items.append((kind, rel, read, error, b"", None))
            continue
        key = file_key(rel, raw)
        items.append((kind, rel, read, raw, key, cache.files.get(key)))
    caching = cache is not None
    if not can_fork(len(items)):
        loaded, blobs, found, used, fresh = _load_shard(items, step, caching)
    else:
        # every other file: KPIs are about three times as long as terms, so halves by
        # count left one core idle for a third of the time (docs/dev/performance.md)
        theirs = items[1::2]

        def in_helper() -> tuple[Any, ...]:
            part, *rest = _load_shard(theirs, step, caching)
            return (_portable(part), *rest)

        (loaded, blobs, found, used, fresh), (portable, more_blobs, more, more_used, more_fresh) = (
            in_parallel(lambda: _load_shard(items[::2], step, caching), in_helper)
        )
        loaded = interleave(loaded, _restore(portable, [item[2] for item in theirs]))
        blobs = interleave(blobs, more_blobs)
        found += more
        used |= more_used
        fresh |= more_fresh
    if cache is not None:
        for (_kind, _rel, _read, raw, key, _kept), blob in zip(items, blobs, strict=True):
            if isinstance(raw, bytes):
                if blob is None:
                    cache.reused(key)
                else:
                    cache.store(key, blob)
    if step is not None:
        step.found.extend(found)
        step.used |= used
        step.fresh |= fresh
    return loaded


def build_entry(kind: str, doc: Document) -> Entry | None:
    """A typed entry, or None when the file is not a mapping at all."""
    if not isinstance(doc.data, dict):
        return None
    stem = doc.path.rsplit("/", 1)[-1].removesuffix(".yaml")
    value = doc.data.get("id")
    entry_id = value if isinstance(value, str) else stem
    return ENTRY_TYPES[kind](id=entry_id, data=doc.data, doc=doc)


def load_catalogue(
    root: Path, config: Config, cache: CheckCache | None = None, step: LocalPass | None = None
) -> tuple[Catalogue, list[Finding], int]:
    """Every entry file on disk into one Catalogue, plus what kept files from becoming entries.

    With ``step`` the local rules run as each file loads and, if it is lean, entries
    keep only what the other rules read (:func:`load_all`); a cache needs a step.
    """
    files = discover(root)
    sources = ((kind, rel, partial(read_regular, path)) for kind, path, rel in files.entries)
    catalogue, problems = build_catalogue(root, config, sources, cache, step)
    problems.extend(load_problem(refusal(what), rel) for rel, what in files.refused)
    problems.extend(stray_problem(rel, hint) for rel, hint in files.stray)
    return catalogue, problems, len(files.entries)


def build_catalogue(
    root: Path,
    config: Config,
    sources: Iterable[tuple[str, str, Callable[[], bytes]]],
    cache: CheckCache | None = None,
    step: LocalPass | None = None,
) -> tuple[Catalogue, list[Finding]]:
    """Entries from (kind, relative path, read bytes) triples: disk or git objects alike."""
    problems: list[Finding] = []
    catalogue = Catalogue(root=root, config=config)
    for kind, rel, loaded in load_all(list(sources), step, cache):
        if isinstance(loaded, LoadError):
            problems.append(load_problem(loaded, rel))
            continue
        entry = build_entry(kind, loaded)
        if entry is None:
            problems.append(not_a_mapping(rel, loaded.data))
            continue
        catalogue.entries.append(entry)
    return catalogue, problems


def changed_entries(catalogue: Catalogue, base: str) -> frozenset[str]:
    """Files of entries that are new or edited since git revision ``base``.

    Compares the bytes the check loaded with the blobs of ``base`` (kpicat.infra.git),
    so what counts as changed is exactly what this check read. Raises GitError.
    """
    from kpicat.infra.git import changed_since

    files = [entry.file for entry in catalogue.entries]
    return frozenset(changed_since(catalogue.root, base, files))


def run_check(
    root: Path,
    today: dt.date | None = None,
    base: str | None = None,
    *,
    cache: bool = False,
    lean: bool = False,
) -> CheckResult:
    """Load, schema-check and run every rule; the one entry point for checking.

    With ``base`` (a git revision, ``kpicat check --base``) rules learn which entries
    the change touched (``Context.changed``), e.g. to report a duplicate on the new
    entry rather than on the established one. Raises GitError for an unknown revision.
    With ``cache`` (what ``kpicat check`` does unless ``--no-cache``) unchanged files
    are not parsed again and an unchanged tree is not checked again
    (kpicat/check/cache.py); the diagnostics are the same either way.
    With ``lean`` (``kpicat check``) the result's entries hold only the fields that
    rules other than the local ones read (what a report needs; ``Rule.reads``): the
    local rules run as each file loads, so the whole catalogue's texts are never in
    memory at once. With the cache they run so too (it keeps their findings per file).
    """
    with collector_paused():
        return _check(root, today, base, cache=cache, lean=lean)


def _check(
    root: Path, today: dt.date | None, base: str | None, *, cache: bool, lean: bool
) -> CheckResult:
    config, config_diagnostics = load_config(root)
    if any(d.severity is Severity.ERROR for d in config_diagnostics):
        catalogue = Catalogue(root=root, config=config)
        return CheckResult(root, catalogue, config_diagnostics, 0, config_errors=True)
    store = _open_cache(root) if cache else None
    notes: list[str] = []
    today = today or dt.date.today()
    levels = rule_levels(config.rules)
    kept = kept_local(store.memo, today) if store is not None else {}
    remember = store is not None  # the cache keeps the local rules' findings per file
    step = LocalPass(config, today, levels, lean=lean, kept=kept, remember=remember)
    catalogue, problems, files = load_catalogue(root, config, store, step)
    changed = changed_entries(catalogue, base) if base is not None else None
    found = None
    if store is not None:
        run_key = _run_key(store, problems, today, changed)
        found = store.diagnostics(run_key)
        notes.append(store.summary(found is not None))
    if found is not None:
        checked = found[0]
    else:
        memo = Memo(old=store.memo) if store is not None else None
        ctx = Context(catalogue, today=today, changed=changed, memo=memo)
        checked = [*emit_all(problems, levels), *run_rules(ctx, levels, step)]
        if store is not None:
            store.remember(run_key, checked, files, memo.new if memo is not None else None)
    if store is not None:
        trouble = store.save()
        if trouble:
            notes.append(trouble)
    notes.extend(take_failures())
    diagnostics = [*config_diagnostics, *checked]
    diagnostics.sort(key=Diagnostic.sort_key)
    return CheckResult(root, catalogue, diagnostics, files, notes=notes, today=today)


def _open_cache(root: Path) -> CheckCache:
    try:
        config_raw = read_regular(root / CONFIG_NAME)
    except (FileNotFoundError, LoadError):
        config_raw = b""
    # messages are cached in the language they were made in: another language, another key
    return CheckCache.open(root, config_raw + b"\0lang=" + current_language().encode())


def _run_key(
    store: CheckCache, problems: list[Finding], today: dt.date, changed: frozenset[str] | None
) -> bytes:
    """What the diagnostics of a check depend on beyond kpicat and kpicat.yaml."""
    digest = hashlib.blake2b(store.key, digest_size=16)
    digest.update(today.isoformat().encode())
    digest.update(repr(sorted(changed) if changed is not None else None).encode())
    for key in sorted(store.used):  # every file read (its path and bytes)
        digest.update(key)
    for p in problems:  # files that never became entries (refused, strays, broken)
        digest.update(repr((p.file, p.line, p.column, p.code, p.message, p.hint)).encode())
    return digest.digest()
