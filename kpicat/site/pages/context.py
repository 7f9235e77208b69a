"""What every page module reads: the checked catalogue as the site sees it, computed once.

A page is a plain function of a ``SiteContext`` (the model and the check result,
plus the site's view of them: pages by id, formula inputs and dependents, names in
the default language). Page modules register their pages in a ``PAGES`` tuple of
``Page`` (one fixed path) and ``EntryPages`` (one page per entry of a kind).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from kpicat.core.i18n import translate_doc
from kpicat.core.result import CheckResult
from kpicat.diff.history import History
from kpicat.model import Entry, Kpi, Term
from kpicat.model.entries import any_text, localized
from kpicat.site import formulas, labels, paths
from kpicat.site.escape import element, inline

# A sentence ends at ".", "!" or "?" before a space and a capital, digit or quote ...
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"„“‘'(\[]?[A-ZÄÖÜ0-9])")
# ... unless the dot ends an abbreviation ("z. B.", "ca.", "Nr.", "e.g.") or an ordinal
_NOT_AN_END = re.compile(
    r"(?:\b(?:z|B|d|h|u|a|i|e|g|bzw|ca|etc|evtl|ggf|inkl|vgl|sog|usw|Nr|Abs|Dr|Mio|Mrd|Tsd|"
    r"vs|resp|approx|no|St|Str)|\b\w|\d+|\.\w)\.$"
)


@dataclass(frozen=True, slots=True)
class RuleDoc:
    """What the rules page shows of one rule (kept apart from the registry for tests)."""

    code: str
    name: str
    level: str
    group: str
    summary: str
    doc: str

    def local_doc(self) -> str:
        """The documentation in the current language (``Rule.local_doc``): pages render
        inside ``i18n.speaking`` of their language."""
        return translate_doc(self.doc)

    def local_summary(self) -> str:
        """The one-sentence summary in the current language."""
        return self.local_doc().split("\n", 1)[0].strip() or translate_doc(self.summary)


class SiteContext:
    """The check result and everything the pages derive from it, computed once per build."""

    def __init__(
        self,
        result: CheckResult,
        *,
        rules: Sequence[RuleDoc] | None = None,
        directory_urls: bool = True,
        diagrams: bool = True,
        lang: str | None = None,
        site_path: str | None = None,
        history: History | None = None,
    ) -> None:
        catalogue = result.catalogue
        self.history = history if history is not None else History()
        self.result = result
        self.cat = catalogue
        self.config = catalogue.config
        self.languages = catalogue.config.languages
        self.default = catalogue.config.default_language
        # the page's language: every label, phrase, number and date, and the text fields
        self.lang = lang or self.default
        # the page's language first, then the catalogue's languages in their order
        self.reading_order: tuple[str, ...] = (
            self.lang,
            *(other for other in self.languages if other != self.lang),
        )
        self.diagnostics = list(result.diagnostics)
        self.rules = list(rules) if rules is not None else None
        self.directory_urls = directory_urls
        self.site_path = site_path  # paths.site_path(site_url): links in raw HTML
        self.diagrams = diagrams
        self.entries: dict[str, Entry] = {
            e.id: e for e in catalogue.by_id.values() if paths.entry_path(e.kind, e.id)
        }
        self.by_file: dict[str, Entry] = {e.file: e for e in self.entries.values()}
        self.terms_for_kpi: dict[str, list[Term]] = defaultdict(list)
        for term in self.sorted_entries("term"):
            kpi = term.str_field("kpi")
            if kpi:
                self.terms_for_kpi[kpi].append(term)  # type: ignore[arg-type]
        known = {e.id for e in self.entries.values() if e.kind in ("kpi", "measure")}
        self.trees = catalogue.formulas.parsed
        self.inputs: dict[str, list[str]] = {}
        self.dependents: dict[str, list[str]] = defaultdict(list)
        for kpi in self.sorted_entries("kpi"):
            formula = kpi.formula if isinstance(kpi, Kpi) else None
            tree = self.trees.get(kpi.id)
            deps = formulas.inputs(tree, formula, known - {kpi.id}) if formula else []
            self.inputs[kpi.id] = deps
            for dep in deps:
                self.dependents[dep].append(kpi.id)

    def text(self, value: Any) -> str | None:
        """Text in the page's language, else the default language, else any language."""
        return any_text(value, self.reading_order)

    def text_lang(self, value: Any) -> tuple[str | None, str | None]:
        """(text, the language it is in when that is not the page's) for a field whose
        translation may be missing: pages mark such text (``parts.fallback``)."""
        if isinstance(value, str):  # plain text is in the catalogue's default language
            return value, (None if self.lang == self.default else self.default)
        if not isinstance(value, dict):
            return None, None
        for lang in self.reading_order:
            text = value.get(lang)
            if isinstance(text, str) and text.strip():
                return text, (None if lang == self.lang else lang)
        return None, None

    def name(self, entry: Entry) -> str:
        return entry.display_name(self.reading_order)

    def t(self, german: str, **values: Any) -> str:
        """A fixed phrase of the site in the page's language (``labels.PHRASES``)."""
        text = labels.phrase(german, self.lang)
        return text.format(**values) if values else text

    def label(self, table: dict[str, Any], value: str | None) -> str | None:
        """A vocabulary value's label in the page's language."""
        return labels.label(table, value, self.lang)

    def plural(self, count: int, noun: str) -> str:
        """ "1 Befund" / "2 Befunde" in the page's language, the number formatted too."""
        return f"{self.number(count)} {labels.plural(count, noun, self.lang)}"

    def number(self, value: object) -> str:
        """A number as readers of the page's language write it (12.000,5 / 12,000.5)."""
        from kpicat.site.formatting import number

        return number(value, self.lang)

    def quantity(self, value: object, unit: str | None) -> Markup:
        """A value with its unit in the page's language (8 % / 8%, 50.000 € / €50,000),
        escaped, its no-break spaces kept so that "8 %" never breaks across lines."""
        from kpicat.site.formatting import quantity

        parts = re.split("[\u00a0\u202f]", quantity(value, unit, self.lang))
        return Markup("&#160;".join(inline(part) for part in parts))

    def date(self, value: object) -> str | None:
        """An ISO date in the page's language (15.09.2026 / Sep 15, 2026)."""
        from kpicat.site.formatting import date_text

        return date_text(value, self.lang)

    def language_name(self, lang: str) -> str:
        """A language's name in the page's language (Englisch / English)."""
        return labels.label(labels.LANGUAGE, lang, self.lang) or lang.upper()

    def render(self, template: str, /, **values: Any) -> str:
        """``render_template`` with the page's phrases (``t``) and language (``lang``).

        The phrases are kpicat's own Markdown (``PHRASES``), so templates print them as
        they are; catalogue text never goes through ``t``."""

        def phrase(german: str, **fill: Any) -> Markup:
            return Markup(self.t(german, **fill))

        return render_template(template, t=phrase, lang=self.lang, **values)

    def translations(self, value: Any) -> list[tuple[str, Markup]]:
        """(language label, text marked with its ``lang``) for the other languages of a
        localised field, so browsers and screen readers read it in its own language."""
        main = self.text(value)
        found = []
        for lang in self.languages:
            text = localized(value, lang, self.default)
            if text and text != main and lang != self.lang:
                found.append((self.language_name(lang), element("span", text, lang=lang)))
        return found

    def synonyms(self, term: Entry) -> list[str]:
        """A term's synonyms in every language, each once."""
        if not isinstance(term, Term):
            return []
        found: list[str] = []
        for lang in self.reading_order:
            for synonym in term.synonyms(lang, self.default):
                if synonym not in found:
                    found.append(synonym)
        return found

    def sorted_entries(self, kind: str, entries: Iterable[Entry] | None = None) -> list[Entry]:
        """The entries of a kind that have a page, by name as a reader looks them up."""
        pool = entries if entries is not None else self.entries.values()
        chosen = [e for e in pool if e.kind == kind and e.id in self.entries]
        return sorted(chosen, key=lambda e: (*_sort_key(self.name(e)), e.id))


@dataclass(frozen=True, slots=True)
class Page:
    """A page at a fixed path (start, overviews, health, rules)."""

    path: str
    render: Callable[[SiteContext], str]

    def produce(self, site: SiteContext) -> Iterator[tuple[str, str]]:
        yield self.path, self.render(site)


@dataclass(frozen=True, slots=True)
class EntryPages:
    """One page per entry of ``kind``: ``render(site, entry, path)``."""

    kind: str
    render: Callable[[SiteContext, Any, str], str]

    def produce(self, site: SiteContext) -> Iterator[tuple[str, str]]:
        for entry in site.entries.values():
            if entry.kind == self.kind:
                path = paths.entry_path(entry.kind, entry.id)
                assert path is not None
                yield path, self.render(site, entry, path)


@lru_cache(maxsize=1)
def _environment() -> Any:
    """One Jinja2 environment; every printed value is escaped unless it is Markup."""
    import jinja2

    def finalize(value: object) -> object:
        if value is None:
            return ""
        if isinstance(value, Markup):
            return value
        return inline(value)

    return jinja2.Environment(
        loader=jinja2.PackageLoader("kpicat.site", "templates"),
        autoescape=False,
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def render_template(template: str, /, **values: Any) -> str:
    """The template ``templates/<template>`` filled with ``values`` (escaped unless Markup)."""
    return _environment().get_template(template).render(**values)


def number(value: object, lang: str = labels.DEFAULT) -> str:
    """A number as readers of ``lang`` write it (de: 1.234,5); pages use ``site.number``."""
    from kpicat.site.formatting import number as formatted

    return formatted(value, lang)


def sort_key(text: str) -> tuple[str, str]:
    """How a reader looks a name up: without accents and case (Ä with A), then as written."""
    return _sort_key(text)


def _sort_key(text: str) -> tuple[str, str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return folded, text


def letter_of(name: str) -> str:
    """The glossary letter: Ä under A, digits and signs under #."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().strip()
    first = folded[:1].upper()
    return first if "A" <= first <= "Z" else "#"


def abbreviations_of(term: Entry) -> list[str]:
    """A term's abbreviations, in any language, sorted."""
    value = term.data.get("abbreviation")
    items = (
        [value]
        if isinstance(value, str)
        else list(value.values())
        if isinstance(value, dict)
        else []
    )
    return sorted({i for i in items if isinstance(i, str) and i.strip()})


def first_sentence(text: str, limit: int = 160) -> str:
    """A short tooltip or summary line from a definition: its first sentence, and when
    that is longer than ``limit``, cut after the last whole word that fits, with "…".

    Never in the middle of a word ("erreich…"): a first word longer than ``limit`` is
    kept whole.
    """
    flat = " ".join(text.split())
    sentence = flat
    for end in _SENTENCE_END.finditer(flat):
        if not _NOT_AN_END.search(flat[max(0, end.start() - 12) : end.start()]):
            sentence = flat[: end.start()]
            break
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit - 1]
    if not sentence[limit - 1].isspace():
        words = cut.rsplit(" ", 1)
        cut = words[0] if len(words) > 1 else sentence.split(" ", 1)[0]
    return cut.rstrip(" ,;:–-—(/") + "…"
