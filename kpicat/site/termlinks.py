"""Term names as links with a tooltip where they occur in an entry's text.

"Kundenabwanderung" in a KPI's definition becomes a link to the glossary entry whose
title (Material's ``content.tooltips``) is its short definition, like the abbreviations
(``abbr``). Rules: the first occurrence of each term per page only; whole words only
(not inside another word or a hyphenated compound); never inside links, code,
headings, abbreviations or kpicat's own HTML (which waits in Markdown's raw-HTML store
as a placeholder and is never part of the text here); never the term on its own page.

This is a Markdown tree processor: it works on the parsed page, so contributor text is
never re-read as Markdown. The link text is the page's own text and the title is
escaped like an abbreviation's (``escape.tooltip``); the href is the term page's
``.md`` path, which MkDocs turns into its URL like any other link.

Cost: one pass over the words of each text node. Names are looked up by their first
word (a dict), so 1,000 terms cost what 10 do, and no regex over all names is needed.
The index is built once per ``links`` setting (``index_for``): plain MkDocs makes the
extension anew for every page from the rendered mkdocs.yml, and building the index of
2,000 names for each page cost more than linking them.
"""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as etree
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from kpicat.site import paths

# After abbr (7), so abbreviations are already elements; before MkDocs' link rewriting (0).
PRIORITY = 6
SKIP = frozenset(
    [
        "a",
        "abbr",
        "code",
        "pre",
        "kbd",
        "samp",
        "script",
        "style",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "math",
        "svg",
        "button",
        "label",
        "select",
        "option",
        "textarea",
        "title",
        "dfn",
    ]
)
CLASS = "kpicat-term"
_WORD = re.compile(r"\w+")
# a word joined to these is part of a compound, a path or a placeholder ("\x02wzxhzdk:1")
_NOT_BEFORE = frozenset("-/\\@#:\x02")
_NOT_AFTER = frozenset("-/\\@")


def _words(name: str) -> list[str]:
    return _WORD.findall(name)


@dataclass
class TermIndex:
    """The names of one language's terms, looked up by their first word."""

    links: dict[str, tuple[str, str]]  # name -> (term page, tooltip)
    first: dict[str, list[tuple[int, str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        first: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for name in list(self.links):
            words = _words(name)
            if not words or not (name[0].isalnum() and name[-1].isalnum()):
                continue  # only names that begin and end with a letter or digit are words
            first[words[0]].append((len(words), name))
        for candidates in first.values():
            candidates.sort(key=lambda c: (-c[0], c[1]))  # the longest name wins
        self.first = dict(first)

    def matches(self, text: str, wanted: Callable[[str], bool]) -> Iterator[tuple[int, int, str]]:
        """(start, end, name) of each term name in ``text`` whose page is ``wanted`` (asked
        once per occurrence, in order: it answers True for a page's first one only)."""
        words = list(_WORD.finditer(text))
        skip_until = 0
        for i, word in enumerate(words):
            if word.start() < skip_until:
                continue
            candidates = self.first.get(word[0])
            if not candidates:
                continue
            start = word.start()
            if start and text[start - 1] in _NOT_BEFORE:
                continue
            for count, name in candidates:
                if i + count > len(words):
                    continue
                end = words[i + count - 1].end()
                if end < len(text) and text[end] in _NOT_AFTER:
                    continue
                piece = text[start:end]
                if piece != name and " ".join(piece.split()) != name:
                    continue
                target = self.links[name][0]
                skip_until = end  # a shorter name inside this one is not a word of its own
                if wanted(target):
                    yield start, end, name
                break


# (a copy of a links setting, its index), newest last: one per language's site at most
_INDEXES: list[tuple[dict[str, Any], TermIndex | None]] = []
_KEPT = 4


def index_for(links: dict[str, Any]) -> TermIndex | None:
    """The index of ``links`` (name -> [page, tooltip]), or None without names; built once
    per setting, since Markdown makes the extension again for every page."""
    for known, index in _INDEXES:
        if known == links:  # the copy shares its strings: equal settings compare fast
            return index
    found = {str(k): (str(v[0]), str(v[1])) for k, v in links.items()}
    index = TermIndex(found) if found else None
    _INDEXES.append((copy.deepcopy(links), index))
    del _INDEXES[:-_KEPT]
    return index


class TermLinkProcessor(Treeprocessor):
    """Adds the links to one page (the page and the names come from ``TermLinks``)."""

    def __init__(self, md: Markdown, state: TermLinks) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        index = self.state.index
        page = self.state.page or entry_page(self.md)
        if index is None or page is None:
            return
        # never the term on its own page, nor one the page links to already ("Im Glossar")
        linked = {a.get("href") for a in root.iter("a")}
        done = {page}

        def wanted(target: str) -> bool:
            if target in done or paths.md_link(page, target) in linked:
                return False
            done.add(target)
            return True

        self._element(root, index, page, wanted)

    def _element(
        self, el: etree.Element, index: TermIndex, page: str, wanted: Callable[[str], bool]
    ) -> None:
        if el.text:
            head, links = self._split(el.text, index, page, wanted)
            if links:
                el.text = head
                for pos, link in enumerate(links):
                    el.insert(pos, link)
        for child in list(el):
            if child.tag not in SKIP and CLASS not in (child.get("class") or ""):
                self._element(child, index, page, wanted)
            if child.tail:
                head, links = self._split(child.tail, index, page, wanted)
                if links:
                    child.tail = head
                    at = list(el).index(child) + 1
                    for pos, link in enumerate(links):
                        el.insert(at + pos, link)

    def _split(
        self, text: str, index: TermIndex, page: str, wanted: Callable[[str], bool]
    ) -> tuple[str, list[etree.Element]]:
        links: list[etree.Element] = []
        head, last = text, 0
        for start, end, name in index.matches(text, wanted):
            target, title = index.links[name]
            link = etree.Element(
                "a", {"href": paths.md_link(page, target), "class": CLASS, "title": title}
            )
            link.text = text[start:end]
            if links:
                links[-1].tail = text[last:start]
            else:
                head = text[:start]
            links.append(link)
            last = end
        if links:
            links[-1].tail = text[last:]
        return head, links


def entry_page(md: Markdown) -> str | None:
    """The entry page being rendered (``kpi/churn_rate.md``), or None for any other page.

    MkDocs tells no extension which page it renders, but its own link rewriter
    (``relpath``) holds the page's file; without it (another generator) there are no links.
    """
    try:
        file = getattr(md.treeprocessors["relpath"], "file", None)
    except KeyError:
        return None
    src = getattr(file, "src_uri", None)
    if not isinstance(src, str):
        return None
    folder, _, name = src.partition("/")
    if folder in paths.SECTIONS.values() and name.endswith(".md") and "/" not in name:
        return src if name != "index.md" else None
    return None


class TermLinks(Extension):
    """``kpicat.site.termlinks``: added by the kpicat plugin, and configured with
    ``links`` (name -> [page, tooltip]) in the mkdocs.yml that ``kpicat render`` writes.
    ``page`` fixes the page (tests); otherwise it is the entry page MkDocs renders."""

    def __init__(self, links: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.index: TermIndex | None = index_for(links or {})
        self.page: str | None = None

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(TermLinkProcessor(md, self), "kpicat_term_links", PRIORITY)


NAME = "kpicat.site.termlinks"


def makeExtension(**kwargs: Any) -> TermLinks:
    """Entry point Markdown calls for ``kpicat.site.termlinks`` (``links`` as option)."""
    return TermLinks(**kwargs)
