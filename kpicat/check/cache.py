"""The warm cache of `kpicat check`, as ruff has: per-file work kept by content hash.

``.kpicat_cache/check.marshal`` in the catalogue root (or one per catalogue under
``KPICAT_CACHE_DIR``) and its sixteen shards beside it (``check.files-00.marshal`` ...)
hold

- in the shards, for each catalogue file, by the hash of its path and bytes: the loaded
  data and the loader's notes, or the loader's error, as that file's own marshal bytes (so a
  check holds 45 MB of bytes for 10,000 KPIs, not their data, and lets go of each file's
  long texts once the rules that read them are done): an unchanged file is never parsed
  again. A file lands in the shard its hash names, so after an edit only the shards
  whose files changed are written again (one of sixteen for one file: writing all 44 MB
  of a 10,000-KPI catalogue took 0.3 s of a 2.2 s check); every entry names its file's
  very bytes, so shards of different checks can sit side by side without mixing results;
- the diagnostics of the last check, by the hash of everything they depend on (every
  file's hash, the settings, the day, the base revision's changed files): an unchanged
  tree is not checked again;
- what rules kept for the next check (kpicat.rules.context.Memo): the diagnostics of
  rules that read one file only, by that file's hash, and the near-duplicate pairs of
  KC303, so that after a change those rules look at the changed files only. Every
  other rule runs over the whole catalogue, which it always sees in full.

Everything is keyed by kpicat's own code (a hash of its modules and schemas, so an
edited rule or a new release never reads an old result), the Python version and
kpicat.yaml. A file that is missing, truncated, corrupt (its checksum is wrong) or
written for another key is ignored and rebuilt: the cache can make a check faster,
never different.

Why marshal and not pickle: ``pickle.loads`` runs code named in the data, so a
tampered cache would run in every check. ``marshal.loads`` only builds plain values
(numbers, text, bytes, tuples, lists, dicts); it never calls anything, and kpicat reads
back only the shapes it wrote (anything else counts as corrupt). It is also several
times faster than JSON for the same data, and writes bytes and tuples natively.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kpicat.core.diagnostics import Diagnostic, freeze_diagnostic, thaw_diagnostic
from kpicat.core.i18n import _
from kpicat.infra.cache import REPO_CACHE_DIR
from kpicat.load import LoadError
from kpicat.load.document import Document, Note

FORMAT = 5
MAGIC = b"kpicat check cache\n"
CACHE_FILE = "check.marshal"
SHARDS = 16
_DIGEST = 4  # bytes of the checksum of the whole file (CRC-32)


def cache_file(root: Path) -> Path:
    """Where the check cache of the catalogue at ``root`` lives.

    ``KPICAT_CACHE_DIR`` moves it out of the repository (one file per catalogue,
    named by a hash of its absolute path); otherwise ``.kpicat_cache/`` in the root.
    """
    base = os.environ.get("KPICAT_CACHE_DIR")
    if base:
        name = hashlib.blake2b(str(root.resolve()).encode(), digest_size=8).hexdigest()
        return Path(base) / f"check-{name}.marshal"
    return root / REPO_CACHE_DIR / CACHE_FILE


_CODE_KEY: bytes | None = None


def code_key() -> bytes:
    """A hash of kpicat's modules, schemas, message catalogues and the Python version.

    Hashing the sources (about 1 MB, a few milliseconds) rather than trusting the version
    number means a contributor's edited rule, or a new release, never reads an old result.
    """
    global _CODE_KEY
    if _CODE_KEY is None:
        package = Path(__file__).resolve().parent.parent
        digest = hashlib.blake2b(digest_size=16)
        digest.update(f"{FORMAT} {sys.version} {marshal.version}".encode())
        for path in sorted(package.rglob("*")):
            if path.suffix in (".py", ".json", ".mo") and path.is_file():
                digest.update(path.relative_to(package).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
        _CODE_KEY = digest.digest()
    return _CODE_KEY


def shard_file(head: Path, shard: int) -> Path:
    """The file of one shard of loaded files, beside the cache's main file ``head``."""
    return head.with_name(f"{head.stem}.files-{shard:02d}{head.suffix}")


def _shard(key: bytes) -> int:
    return key[0] % SHARDS


def file_key(rel: str, raw: bytes) -> bytes:
    """The cache key of one catalogue file: its path and its bytes."""
    digest = hashlib.blake2b(rel.encode("utf-8", "surrogateescape"), digest_size=16)
    digest.update(b"\0")
    digest.update(raw)
    return digest.digest()


Loaded = Document | LoadError


def freeze_file(item: Loaded) -> bytes:
    """One loaded file as the cache keeps it: its own marshal bytes."""
    if isinstance(item, LoadError):
        fields = (item.code, item.message, item.line, item.column, item.hint, item.related)
        return marshal.dumps((1, fields))
    notes = tuple((n.code, n.message, n.path, n.line, n.column, n.hint) for n in item.notes)
    return marshal.dumps((0, item.data, notes))


def thaw_file(rel: str, raw: bytes, blob: bytes) -> Loaded | None:
    """The loaded file kept as ``blob`` (its bytes are ``raw``), or None when the blob has a
    shape kpicat never writes (then the file is parsed instead)."""
    try:
        frozen = marshal.loads(blob)
        if frozen[0] == 1:
            code, message, line, column, hint, related = frozen[1]
            return LoadError(code, message, line, column, hint, tuple(map(tuple, related)))
        notes = tuple(Note(*n) for n in frozen[2])
        return Document(rel, frozen[1], None, raw, notes)
    except (EOFError, TypeError, ValueError, IndexError, KeyError):
        return None


@dataclass
class CheckCache:
    """What one check read from the cache and what it will write back."""

    path: Path
    key: bytes
    files: dict[bytes, bytes] = field(default_factory=dict)  # file key -> freeze_file()
    result: tuple[bytes, tuple[Any, ...], int] | None = None
    memo: dict[str, Any] = field(default_factory=dict)  # what rules kept last time
    kept: dict[str, Any] | None = None  # what they keep for the next check
    used: dict[bytes, bytes] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0
    dirty: bool = False
    note: str = ""  # why an existing cache was not used (for --verbose)
    read: dict[int, int] = field(default_factory=dict)  # shard -> files read from it

    @classmethod
    def open(cls, root: Path, config_raw: bytes) -> CheckCache:
        """The cache for ``root``, or an empty one when there is none or it does not fit.

        A shard that is missing or does not fit only costs its files a parse.
        """
        key = hashlib.blake2b(code_key() + b"\0" + config_raw, digest_size=16).digest()
        cache = cls(cache_file(root), key)
        try:
            blob = cache.path.read_bytes()
        except OSError:
            return cache
        try:
            result, memo = _parse_head(blob, key)
        except _Unfit as why:
            cache.note = str(why)
            return cache
        cache.result, cache.memo = result, memo
        for shard in range(SHARDS):
            try:
                files = _parse_shard(shard_file(cache.path, shard).read_bytes(), key, shard)
            except (OSError, _Unfit):
                continue
            cache.files.update(files)
            cache.read[shard] = len(files)
        return cache

    def reused(self, key: bytes) -> None:
        """The file under ``key`` was taken from the cache (:func:`thaw_file`)."""
        self.hits += 1
        self.used[key] = self.files[key]

    def store(self, key: bytes, blob: bytes) -> None:
        """The file under ``key`` was parsed; ``blob`` is :func:`freeze_file` of it."""
        self.misses += 1
        self.used[key] = blob
        self.dirty = True

    def diagnostics(self, run_key: bytes) -> tuple[list[Diagnostic], int] | None:
        """The last check's diagnostics when it checked exactly this, else None."""
        if self.result is None or self.result[0] != run_key:
            return None
        try:
            return [thaw_diagnostic(t) for t in self.result[1]], self.result[2]
        except (TypeError, ValueError):
            return None

    def summary(self, reused: bool) -> str:
        """One line for --verbose: what the cache saved this check."""
        where = self.path
        why = _(" ({note}; rebuilt)").format(note=self.note) if self.note else ""
        result = _("diagnostics reused") if reused else _("rules ran")
        return _(
            "cache {where}{why}: {hits} files from the cache, {misses} parsed; {result}"
        ).format(where=where, why=why, hits=self.hits, misses=self.misses, result=result)

    def remember(
        self,
        run_key: bytes,
        diagnostics: list[Diagnostic],
        files: int,
        kept: dict[str, Any] | None = None,
    ) -> None:
        """The diagnostics of this check, and what its rules kept (a Memo's ``new``)."""
        self.result = (run_key, tuple(freeze_diagnostic(d) for d in diagnostics), files)
        self.kept = kept
        self.dirty = True

    def save(self) -> str | None:
        """Write the cache (only the files this check saw); the reason when it could not.

        Shards first, then the main file, each replaced atomically: a check that reads
        in between finds every file it looks up under that file's own bytes, or not at all.
        """
        if not self.dirty and len(self.used) == len(self.files):
            return None
        memo = self.kept if self.kept is not None else self.memo
        try:
            body = marshal.dumps((FORMAT, self.key, self.result, memo))
        except ValueError:  # a rule kept a value marshal cannot write: keep the rest
            body = marshal.dumps((FORMAT, self.key, self.result, {}))
        shards: list[dict[bytes, bytes]] = [{} for _number in range(SHARDS)]
        for key, frozen in self.used.items():
            shards[_shard(key)][key] = frozen
        writes = [
            (shard_file(self.path, n), marshal.dumps((FORMAT, self.key, n, files)))
            for n, files in enumerate(shards)
            if self.read.get(n) != len(files) or any(key not in self.files for key in files)
        ]
        writes.append((self.path, body))
        folder = self.path.parent
        try:
            fresh = not folder.is_dir()
            folder.mkdir(parents=True, exist_ok=True)
            if fresh and folder.name == REPO_CACHE_DIR:
                # as ruff does: git ignores the folder even where .gitignore does not say so
                (folder / ".gitignore").write_text("# written by kpicat check\n*\n")
                (folder / "CACHEDIR.TAG").write_text(
                    "Signature: 8a477f597d28d172789f06886806bc55\n"
                    "# kpicat's check cache: https://bford.info/cachedir/\n"
                )
            for target, content in writes:
                blob = MAGIC + _checksum(content) + content
                fd, tmp = tempfile.mkstemp(prefix=".check-", dir=folder)
                with os.fdopen(fd, "wb") as out:
                    out.write(blob)
                Path(tmp).replace(target)  # atomic: a reader sees the old or the new file
        except OSError as error:
            return _("cache not written ({value})").format(value=error.strerror or error)
        return None


def _checksum(body: bytes) -> bytes:
    """What finds a cache file damaged (cut short, bits flipped): CRC-32, which zlib computes
    about eight times as fast as blake2b (0.02 s against 0.08 s for 46 MB); the cache guards
    against accidents, and whoever can write it can write the catalogue too."""
    return zlib.crc32(body).to_bytes(_DIGEST, "big")


class _Unfit(Exception):
    """The cache file exists but is not one this kpicat can use."""


def _body(blob: bytes, key: bytes, size: int) -> tuple[Any, ...]:
    """The checked contents of one cache file, of ``size`` fields; _Unfit when it does not fit."""
    if not blob.startswith(MAGIC):
        raise _Unfit(_("not a kpicat check cache"))
    head = len(MAGIC)
    digest, body = blob[head : head + _DIGEST], blob[head + _DIGEST :]
    if _checksum(body) != digest:
        raise _Unfit(_("the cache is damaged (checksum)"))
    try:
        value = marshal.loads(body)
    except (EOFError, ValueError, TypeError) as error:
        raise _Unfit(_("the cache is damaged ({error})").format(error=error)) from None
    if not (isinstance(value, tuple) and len(value) == size and value[0] == FORMAT):
        raise _Unfit(_("the cache has another format"))
    if value[1] != key:
        raise _Unfit(_("the cache is for another kpicat, Python or kpicat.yaml"))
    return value


def _parse_head(
    blob: bytes, key: bytes
) -> tuple[tuple[bytes, tuple[Any, ...], int] | None, dict[str, Any]]:
    _format, _key, result, memo = _body(blob, key, 4)
    if result is not None and not (
        isinstance(result, tuple)
        and len(result) == 3
        and isinstance(result[0], bytes)
        and isinstance(result[1], tuple)
        and isinstance(result[2], int)
    ):
        raise _Unfit(_("the cache is damaged (result)"))
    if not (isinstance(memo, dict) and all(isinstance(k, str) for k in memo)):
        raise _Unfit(_("the cache is damaged (result)"))
    return result, memo


def _parse_shard(blob: bytes, key: bytes, shard: int) -> dict[bytes, bytes]:
    _format, _key, number, files = _body(blob, key, 4)
    if number != shard or not isinstance(files, dict):
        raise _Unfit(_("the cache is damaged (files)"))
    if not all(
        isinstance(k, bytes) and _shard(k) == shard and isinstance(v, bytes) and v
        for k, v in files.items()
    ):
        raise _Unfit(_("the cache is damaged (files)"))
    return files
