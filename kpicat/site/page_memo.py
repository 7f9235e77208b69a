"""``kpicat serve``: a page's Markdown is converted again only when something it is made of changed.

After a save, nearly every page of the site reads as before; converting all of them
again was two fifths of a rebuild. What MkDocs' conversion of one page yields
(``Page.render``: the HTML, the table of contents, the title, the anchors, the links
to anchors, the warnings it logged) depends only on the page's Markdown, its place,
the Markdown extensions with their settings, the site's files and the link checks.
All of that is the key; a page whose key was seen in the last build gets that
build's result, warnings included (so ``strict`` counts them as before). The memo
lives in a private folder of the serve process (a pickle per language, written by
kpicat itself), so the helper that builds the second language gets it too.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

FORMAT = 1


@dataclass
class Rendered:
    """What ``Page.render`` leaves on a page, with links to anchors by file path."""

    content: str
    toc: Any
    title: str | None
    anchors: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None
    warnings: list[tuple[str, int, str]]  # logger, level, message


class _Recorder(logging.Handler):
    """The records MkDocs' loggers emit while one page is converted."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


class _Unstable(Exception):
    """A value whose text would differ from one process to the next (an object's address)."""


def stable(value: Any) -> Any:
    """``value`` as plain data that reads the same in every process, or None if it cannot."""
    try:
        return _plain(value)
    except _Unstable:
        return None


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, Mapping):  # MkDocs' config sections are mappings, not dicts
        return sorted(((_plain(k), _plain(v)) for k, v in value.items()), key=repr)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((_plain(v) for v in value), key=repr)
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    raise _Unstable


class PageMemo:
    """The converted pages of one language's site, from the last build to this one."""

    def __init__(self, folder: Path, lang: str) -> None:
        self.path = folder / f"pages-{lang}.pickle"
        self.before = self._read()
        self.now: dict[bytes, Rendered] = {}
        self.site_key: bytes | None = None

    def _read(self) -> dict[bytes, Rendered]:
        try:
            stored = pickle.loads(self.path.read_bytes())  # our own file, in our own folder
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            return {}
        if not isinstance(stored, tuple) or len(stored) != 2 or stored[0] != FORMAT:
            return {}
        pages = stored[1]
        return pages if isinstance(pages, dict) else {}

    def start(self, config: MkDocsConfig, files: Files, extra: Any, own: tuple[type, ...]) -> None:
        """The part of every page's key that is the same for the whole site. ``own`` are the
        types of kpicat's extension objects, ``extra`` what they read (the term links and
        the glossary); any other extension object hides its settings, so nothing is kept."""
        objects = [e for e in config.markdown_extensions if not isinstance(e, str)]
        if any(not isinstance(e, own) for e in objects):
            self.site_key = None
            return
        extensions = [
            e if isinstance(e, str) else type(e).__qualname__ for e in config.markdown_extensions
        ]
        settings, read = stable(dict(config.mdx_configs or {})), stable(extra)
        validation = stable(config.validation)  # what a link check warns about
        if settings is None or read is None or validation is None:
            self.site_key = None
            return
        site = (
            FORMAT,
            extensions,
            settings,
            validation,
            config.use_directory_urls,
            config.docs_dir,
            sorted((f.src_uri, f.dest_uri, f.url, f.inclusion.value) for f in files),
            read,
        )
        self.site_key = _digest(site)

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """``Page.render``, or the last build's result for the same key."""
        if self.site_key is None or page.markdown is None:
            Page.render(page, config, files)
            return
        key = _digest((self.site_key, page.file.src_uri, page.markdown))
        done = self.before.get(key) or self.now.get(key)
        if done is None or not _apply(done, page, files):
            done = _render(page, config, files)
        self.now[key] = done

    def save(self) -> None:
        """Keep this build's pages for the next one (written aside, then renamed)."""
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=self.path.parent, prefix=".pages-")
        with os.fdopen(fd, "wb") as out:
            pickle.dump((FORMAT, self.now), out, protocol=pickle.HIGHEST_PROTOCOL)
        Path(name).replace(self.path)


def _digest(value: Any) -> bytes:
    return hashlib.blake2b(repr(value).encode("utf-8"), digest_size=20).digest()


def _render(page: Page, config: MkDocsConfig, files: Files) -> Rendered:
    recorder = _Recorder()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(recorder)
    try:
        Page.render(page, config, files)
    finally:
        logger.removeHandler(recorder)
    links = page.links_to_anchors
    return Rendered(
        content=page.content or "",
        toc=page.toc,
        title=page._title_from_render,
        anchors=page.present_anchor_ids,
        links_to_anchors=(
            {file.src_uri: dict(anchors) for file, anchors in links.items()}
            if links is not None
            else None
        ),
        warnings=recorder.records,
    )


def _apply(done: Rendered, page: Page, files: Files) -> bool:
    """Put a stored result on ``page`` and log its warnings again; False if it no longer fits."""
    links = None
    if done.links_to_anchors is not None:
        links = {}
        for src_uri, anchors in done.links_to_anchors.items():
            file = files.get_file_from_path(src_uri)
            if file is None:
                return False
            links[file] = dict(anchors)
    page.content = done.content
    page.toc = done.toc
    page._title_from_render = done.title
    page.present_anchor_ids = set(done.anchors) if done.anchors is not None else None
    page.links_to_anchors = links
    for name, level, message in done.warnings:
        logging.getLogger(name).log(level, "%s", message)
    return True
