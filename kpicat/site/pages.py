"""The pure renderer: a Catalogue in, Markdown pages out (path -> text).

No MkDocs here: the plugin feeds these pages to MkDocs in memory, and
``kpicat render`` writes them to a folder for other generators. Every value a
template prints is escaped unless it is ``Markup`` built in this module, so
catalogue text can never become markup (see ``kpicat.site.escape``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from kpicat.core.diagnostics import Diagnostic
from kpicat.core.kinds import KINDS
from kpicat.core.result import CheckResult
from kpicat.health import budget_row, compute_health
from kpicat.model import Catalogue, Entry, Kpi, Term
from kpicat.model.entries import any_text, localized
from kpicat.site import formulas, labels, paths
from kpicat.site.escape import (
    abbreviation_key,
    block,
    element,
    inline,
    is_id,
    safe_url,
    tooltip,
)
from kpicat.site.kpi_table import Row, Value, kpi_table
from kpicat.site.mermaid import Node, diagram
from kpicat.site.propose import change_button, forge, new_entry_buttons
from kpicat.site.search import front_matter_yaml

_SENTENCE = re.compile(r"(?<=[.!?])\s")


@dataclass(frozen=True, slots=True)
class RuleDoc:
    """What the rules page shows of one rule (kept apart from the registry for tests)."""

    code: str
    name: str
    level: str
    group: str
    summary: str
    doc: str


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


def _template(name: str) -> Any:
    return _environment().get_template(name)


def number(value: object) -> str:
    """A number the German way: 1.234,5."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.10g}"
    return text.translate(str.maketrans({",": ".", ".": ","}))


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
    """A short tooltip or summary line from a definition."""
    flat = " ".join(text.split())
    sentence = _SENTENCE.split(flat, 1)[0]
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


class Site:
    """Everything the templates need, computed once per catalogue."""

    def __init__(
        self,
        catalogue: Catalogue,
        diagnostics: Sequence[Diagnostic] = (),
        *,
        rules: Sequence[RuleDoc] | None = None,
        directory_urls: bool = True,
        diagrams: bool = True,
    ) -> None:
        self.cat = catalogue
        self.config = catalogue.config
        self.languages = catalogue.config.languages
        self.default = catalogue.config.default_language
        self.diagnostics = list(diagnostics)
        self.rules = list(rules) if rules is not None else None
        self.directory_urls = directory_urls
        self.diagrams = diagrams
        self.entries: dict[str, Entry] = {
            e.id: e for e in catalogue.by_id.values() if paths.entry_path(e.kind, e.id)
        }
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

    # -- text ---------------------------------------------------------------

    def text(self, value: Any) -> str | None:
        """Text in the default language, else any language."""
        return any_text(value, self.languages)

    def name(self, entry: Entry) -> str:
        return entry.display_name(self.languages)

    def translations(self, value: Any) -> list[tuple[str, str]]:
        """(language label, text) for the other languages of a localised field."""
        main = self.text(value)
        found = []
        for lang in self.languages:
            text = localized(value, lang, self.default)
            if text and text != main:
                found.append((labels.LANGUAGE.get(lang, lang.upper()), text))
        return found

    @staticmethod
    def abbreviations(term: Entry) -> list[str]:
        return abbreviations_of(term)

    def synonyms(self, term: Entry) -> list[str]:
        if not isinstance(term, Term):
            return []
        found: list[str] = []
        for lang in self.languages:
            for synonym in term.synonyms(lang, self.default):
                if synonym not in found:
                    found.append(synonym)
        return found

    def sorted_entries(self, kind: str, entries: Iterable[Entry] | None = None) -> list[Entry]:
        pool = entries if entries is not None else self.entries.values()
        chosen = [e for e in pool if e.kind == kind and e.id in self.entries]
        return sorted(chosen, key=lambda e: (*_sort_key(self.name(e)), e.id))

    # -- links --------------------------------------------------------------

    def link(self, here: str, entry_id: str | None) -> Markup:
        """A Markdown link to an entry's page, or the escaped id if there is none."""
        if not entry_id:
            return Markup("–")
        entry = self.entries.get(entry_id)
        if entry is None:
            return Markup(f"{inline(entry_id)} (unbekannt)")
        target = paths.entry_path(entry.kind, entry.id)
        assert target is not None
        return Markup(f"[{inline(self.name(entry))}]({paths.md_link(here, target)})")

    def links(self, here: str, ids: Iterable[str]) -> Markup:
        return Markup(", ".join(self.link(here, i) for i in ids)) if ids else Markup("–")

    def url(self, here: str, entry_id: str) -> str | None:
        """A final URL for raw HTML and diagrams (MkDocs does not rewrite those)."""
        entry = self.entries.get(entry_id)
        target = paths.entry_path(entry.kind, entry.id) if entry else None
        return paths.relative_url(here, target, self.directory_urls) if target else None

    def section_link(self, here: str, kind: str) -> Markup:
        target = paths.section_index(kind)
        return Markup(f"[{labels.SECTION_TITLE[kind]}]({paths.md_link(here, target)})")

    def edit_link(self, entry: Entry) -> Markup:
        """Where to change the entry: an edit link if the repository is configured."""
        file = entry.file
        prefix = safe_url(self.config.repository.get("edit_url"))
        code = element("code", file)
        if prefix is None:
            return Markup(f"Quelle: {code}")
        href = prefix.rstrip("/") + "/" + quote(file, safe="/")
        return Markup(f"Quelle: {code} · {change_button(href)}")

    def sources(self, entry: Entry) -> list[Markup]:
        value = entry.data.get("sources")
        found = []
        for source in value if isinstance(value, list) else []:
            if not isinstance(source, dict) or not isinstance(source.get("title"), str):
                continue
            url = safe_url(source.get("url"))
            title = inline(source["title"])
            if url:
                found.append(element("a", title, href=url, rel="nofollow noopener"))
            else:
                found.append(title)
        return found

    @staticmethod
    def search_meta(kind: str | None) -> Markup:
        """Front matter: the search label and ranking of a page of ``kind``."""
        return front_matter_yaml(kind)

    # -- badges -------------------------------------------------------------

    @staticmethod
    def badge(kind: str, value: str | None, text: str | None = None) -> Markup:
        if not value:
            return Markup("")
        css = re.sub(r"[^a-z0-9_-]", "", value.lower())
        shown = inline(text if text is not None else value)
        return element("span", shown, class_=f"kpicat-badge kpicat-{kind}-{css}")

    def status_badge(self, entry: Entry) -> Markup:
        return self.badge("status", entry.status, labels.label(labels.STATUS, entry.status))

    def category(self, kpi: Entry) -> str | None:
        cat = kpi.str_field("category")
        if cat is None:
            return None
        return self.text(self.config.categories.get(cat)) or cat

    def unit(self, value: str | None) -> str | None:
        return labels.label(labels.UNIT, value)

    # -- pages --------------------------------------------------------------

    def render(self) -> dict[str, str]:
        pages: dict[str, str] = {}
        pages[paths.START] = self.start_page()
        pages[paths.section_index("term")] = self.glossary_page()
        pages[paths.section_index("kpi")] = self.kpi_overview()
        pages[paths.section_index("kra")] = self.kra_overview()
        pages[paths.section_index("owner")] = self.owner_overview()
        pages[paths.section_index("measure")] = self.measure_overview()
        pages[paths.HEALTH] = self.health_page()
        pages[paths.RULES] = self.rules_page()
        for entry in self.entries.values():
            path = paths.entry_path(entry.kind, entry.id)
            assert path is not None
            render = getattr(self, f"{entry.kind}_page")
            pages[path] = render(entry, path)
        return dict(sorted(pages.items()))

    def start_page(self) -> str:
        here = paths.START
        kpis = self.sorted_entries("kpi")
        counts = Counter(k.status for k in kpis)
        sections = [
            (self.section_link(here, kind), len(self.sorted_entries(kind)), kind) for kind in KINDS
        ]
        return _template("start.md.j2").render(
            site=self,
            title=self.text(self.config.title) or "KPI-Katalog",
            description=self.text(self.config.description),
            sections=sections,
            active=counts.get("active", 0),
            proposed=counts.get("proposed", 0),
            deprecated=counts.get("deprecated", 0) + counts.get("retired", 0),
            health=Markup(f"[Katalog-Gesundheit]({paths.md_link(here, paths.HEALTH)})"),
            rules=Markup(f"[Regeln]({paths.md_link(here, paths.RULES)})"),
            contribute=Markup(f"[Mitwirken]({paths.md_link(here, 'mitwirken.md')})"),
            warnings=len(self.diagnostics),
        )

    def glossary_page(self) -> str:
        here = paths.section_index("term")
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for term in self.sorted_entries("term"):
            name = self.name(term)
            groups[letter_of(name)].append(
                {
                    "link": self.link(here, term.id),
                    "abbr": ", ".join(self.abbreviations(term)),
                    "summary": first_sentence(self.text(term.data.get("definition")) or ""),
                    "status": term.status,
                    "badge": self.status_badge(term) if term.status != "active" else Markup(""),
                }
            )
        letters = sorted(groups, key=lambda c: (c == "#", c))
        anchors = {c: ("sonstige" if c == "#" else c.lower()) for c in letters}
        nav = Markup(" · ".join(f"[{inline(c)}](#{anchors[c]})" for c in letters))
        return _template("glossary.md.j2").render(
            site=self,
            letters=letters,
            anchors=anchors,
            groups=groups,
            letter_nav=nav,
            propose=self.propose_new("term"),
        )

    def term_page(self, term: Term, here: str) -> str:
        kpi_id = term.str_field("kpi")
        successor = term.str_field("replaced_by")
        return _template("term.md.j2").render(
            site=self,
            name=self.name(term),
            badge=self.status_badge(term) if term.status != "active" else Markup(""),
            banner=self.banner(here, term),
            translations=self.translations(term.data.get("name")),
            abbreviations=", ".join(self.abbreviations(term)),
            synonyms=self.synonyms_by_language(term),
            definition=block(self.text(term.data.get("definition")) or ""),
            definition_translations=[
                (lang, block(text)) for lang, text in self.translations(term.data.get("definition"))
            ],
            kpi=self.link(here, kpi_id) if kpi_id else None,
            related=self.links(here, self.related(term)),
            successor=self.link(here, successor) if successor else None,
            sources=self.sources(term),
            edit=self.edit_link(term),
            overview=self.section_link(here, "term"),
        )

    def synonyms_by_language(self, term: Entry) -> list[tuple[str, str]]:
        if not isinstance(term, Term):
            return []
        found = []
        for lang in self.languages:
            items = term.synonyms(lang, self.default)
            if items:
                found.append((labels.LANGUAGE.get(lang, lang.upper()), ", ".join(items)))
        return found

    def related(self, entry: Entry) -> list[str]:
        return [i for i in entry.id_list("related") if i != entry.id]

    def banner(self, here: str, entry: Entry) -> Markup | None:
        """The deprecation banner, with a link to the successor where there is one."""
        if entry.status not in ("deprecated", "retired"):
            return None
        successor = entry.str_field("replaced_by")
        state = "veraltet" if entry.status == "deprecated" else "außer Betrieb"
        text = f"Dieser Eintrag ist {state}."
        if successor:
            return Markup(f"{text} Nachfolger: {self.link(here, successor)}")
        return Markup(text)

    def kpi_overview(self) -> str:
        here = paths.section_index("kpi")
        rows = []
        for kpi in self.sorted_entries("kpi"):
            assert isinstance(kpi, Kpi)
            rows.append(self.kpi_row(here, kpi))
        return _template("kpi_overview.md.j2").render(
            site=self, table=kpi_table(rows) if rows else None, propose=self.propose_new("kpi")
        )

    def kpi_row(self, here: str, kpi: Kpi) -> Row:
        """One row of the KPI table: names, links and the values the filters compare."""

        def entry(entry_id: str | None) -> Value:
            found = self.entries.get(entry_id or "")
            if found is None:
                return Value(entry_id, entry_id)
            return Value(found.id, self.name(found), self.url(here, found.id))

        url = self.url(here, kpi.id)
        assert url is not None
        return Row(
            name=self.name(kpi),
            url=url,
            definition=first_sentence(self.text(kpi.data.get("definition")) or ""),
            values={
                "kra": entry(kpi.kra),
                "category": Value(kpi.str_field("category"), self.category(kpi)),
                "status": Value(kpi.status, labels.label(labels.STATUS, kpi.status)),
                "indicator": Value(
                    kpi.indicator, labels.label(labels.INDICATOR_SHORT, kpi.indicator)
                ),
                "nature": Value(kpi.nature, labels.label(labels.NATURE, kpi.nature)),
                "owner": entry(kpi.owner),
            },
        )

    def propose_new(self, kind: str) -> Markup | None:
        """ "Neue KPI vorschlagen" and the like, when the repository is on GitHub."""
        known = {k: [e.id for e in self.sorted_entries(k)] for k in ("kra", "owner")}
        return new_entry_buttons(forge(self.config), kind, self.config, known)

    def kpi_page(self, kpi: Kpi, here: str) -> str:
        formula = kpi.formula or ""

        def link(entry_id: str) -> tuple[str, str | None]:
            entry = self.entries.get(entry_id)
            return (self.name(entry) if entry else entry_id, self.url(here, entry_id))

        def name_of(entry_id: str) -> str:
            entry = self.entries.get(entry_id)
            return self.name(entry) if entry else entry_id

        tree = self.trees.get(kpi.id)
        mathml = formulas.to_mathml(tree, link)
        words = formulas.to_text(tree, name_of)
        inputs = self.inputs.get(kpi.id, [])
        terms = self.terms_for_kpi.get(kpi.id, [])
        aka: list[str] = []
        abbrs: list[str] = []
        for term in terms:
            abbrs.extend(a for a in self.abbreviations(term) if a not in abbrs)
            for text in [self.name(term), *self.synonyms(term)]:
                if text not in aka and text != self.name(kpi):
                    aka.append(text)
        target = kpi.data.get("target") if isinstance(kpi.data.get("target"), dict) else {}
        return _template("kpi.md.j2").render(
            site=self,
            kpi=kpi,
            name=self.name(kpi),
            badges=Markup(
                " ".join(
                    b
                    for b in (
                        self.status_badge(kpi),
                        self.badge(
                            "indicator",
                            kpi.indicator,
                            labels.label(labels.INDICATOR, kpi.indicator),
                        ),
                        self.badge("nature", kpi.nature, labels.label(labels.NATURE, kpi.nature)),
                        self.badge("category", kpi.str_field("category"), self.category(kpi)),
                    )
                    if b
                )
            ),
            banner=self.banner(here, kpi),
            translations=self.translations(kpi.data.get("name")),
            aka=", ".join(aka),
            abbreviations=", ".join(abbrs),
            term_links=self.links(here, [t.id for t in terms]) if terms else None,
            definition=block(self.text(kpi.data.get("definition")) or ""),
            definition_translations=[
                (lang, block(text)) for lang, text in self.translations(kpi.data.get("definition"))
            ],
            mathml=mathml,
            formula_code=formulas.as_code(formula),
            words=words,
            symbols=[
                {
                    "id": element("code", i),
                    "link": self.link(here, i),
                    "kind": labels.KIND[self.entries[i].kind],
                    "unit": self.unit(self.entries[i].str_field("unit")),
                }
                for i in inputs
            ],
            facts=self.kpi_facts(kpi, here, target),
            measures=[
                self.measure_row(here, i) for i in inputs if self.entries[i].kind == "measure"
            ],
            diagram=self.kpi_diagram(kpi, here) if self.diagrams else None,
            inputs=self.links(here, inputs),
            dependents=self.links(here, self.dependents.get(kpi.id, [])),
            examples=self.examples(kpi),
            related=self.links(here, self.related(kpi)),
            sources=self.sources(kpi),
            edit=self.edit_link(kpi),
            overview=self.section_link(here, "kpi"),
        )

    def kpi_facts(self, kpi: Kpi, here: str, target: dict[str, Any]) -> list[tuple[str, Any]]:
        owner = self.entries.get(kpi.owner or "")
        contact = owner.str_field("contact") if owner else None
        goal = []
        if "value" in target:
            goal.append(number(target["value"]))
        if "min" in target or "max" in target:
            low = number(target["min"]) if "min" in target else "…"
            high = number(target["max"]) if "max" in target else "…"
            goal.append(f"Bereich {low} bis {high}")
        note = self.text(target.get("note"))
        if note:
            goal.append(f"({note})")
        review = kpi.int_field("review_every")
        used = kpi.data.get("used_in")
        facts: list[tuple[str, Any]] = [
            ("Einheit", self.unit(kpi.unit)),
            ("Richtung", labels.label(labels.DIRECTION, kpi.str_field("direction"))),
            ("Zielwert", " ".join(goal) or None),
            ("Periode", labels.label(labels.PERIOD, kpi.str_field("period"))),
            ("Kategorie", self.category(kpi)),
            ("Indikator", labels.label(labels.INDICATOR, kpi.indicator)),
            ("Art", labels.label(labels.NATURE, kpi.nature)),
            ("KRA", self.link(here, kpi.kra)),
            ("Verantwortlich", self.link(here, kpi.owner)),
            ("Kontakt", contact),
            ("Status", self.status_badge(kpi)),
            (
                "Verwendet in",
                ", ".join(u for u in used if isinstance(u, str))
                if isinstance(used, list)
                else None,
            ),
            ("Zuletzt geprüft", kpi.str_field("last_reviewed")),
            ("Prüfintervall", f"alle {review} Monate" if review else None),
            ("Version", str(kpi.int_field("version")) if kpi.int_field("version") else None),
        ]
        return [(k, v) for k, v in facts if v]

    def measure_row(self, here: str, measure_id: str) -> dict[str, Any]:
        measure = self.entries[measure_id]
        source = measure.data.get("source") if isinstance(measure.data.get("source"), dict) else {}
        return {
            "link": self.link(here, measure_id),
            "system": source.get("system"),
            "object": source.get("object"),
            "field": source.get("field"),
            "filter": source.get("filter"),
        }

    def kpi_diagram(self, kpi: Kpi, here: str) -> str | None:
        inputs = self.inputs.get(kpi.id, [])
        dependents = self.dependents.get(kpi.id, [])
        if not inputs and not dependents:
            return None

        def node(entry_id: str, role: str) -> Node:
            entry = self.entries[entry_id]
            return Node(entry_id, self.name(entry), self.url(here, entry_id), role)

        return diagram(
            node(kpi.id, "center"),
            [node(i, self.entries[i].kind) for i in inputs],
            [node(d, "dependent") for d in dependents],
        )

    def examples(self, kpi: Kpi) -> dict[str, Any] | None:
        examples = kpi.examples
        if not examples:
            return None
        columns = sorted(
            {str(k) for e in examples if isinstance(e.get("inputs"), dict) for k in e["inputs"]}
        )
        rows = []
        for example in examples:
            values = example.get("inputs") if isinstance(example.get("inputs"), dict) else {}
            rows.append(
                {
                    "cells": [number(values[c]) if c in values else "–" for c in columns],
                    "expected": number(example.get("expected")),
                    "note": self.text(example.get("note")),
                }
            )
        headers = []
        for column in columns:
            inner = column[5:-1] if column.startswith("prev(") and column.endswith(")") else column
            entry = self.entries.get(inner)
            label = self.name(entry) if entry else inner
            headers.append(f"{label} (Vorperiode)" if inner != column else label)
        return {"headers": headers, "rows": rows}

    def budget_of(self, entry: Entry, kind: str) -> dict[str, Any]:
        """KPIs of a KRA or owner, with budget use and balance as `kpicat health` counts them."""
        row = budget_row(self.cat, entry)
        return {
            "kpis": self.sorted_entries("kpi", self.cat.kpis_of(kind, entry.id)),
            "active": row.active,
            "limit": row.budget,
            "over": row.over > 0,
            "inputs": row.input,
            "outputs": row.output,
        }

    def kra_overview(self) -> str:
        here = paths.section_index("kra")
        rows = []
        for kra in self.sorted_entries("kra"):
            budget = self.budget_of(kra, "kra")
            rows.append(
                {
                    "link": self.link(here, kra.id),
                    "owner": self.link(here, kra.str_field("owner")),
                    **budget,
                }
            )
        return _template("kra_overview.md.j2").render(
            site=self, rows=rows, propose=self.propose_new("kra")
        )

    def kpi_list(self, here: str, kpis: Sequence[Entry]) -> list[dict[str, Any]]:
        return [
            {
                "link": self.link(here, k.id),
                "status": self.status_badge(k),
                "indicator": labels.label(
                    labels.INDICATOR_SHORT, k.indicator if isinstance(k, Kpi) else None
                ),
                "unit": self.unit(k.str_field("unit")),
            }
            for k in kpis
        ]

    def kra_page(self, kra: Entry, here: str) -> str:
        budget = self.budget_of(kra, "kra")
        return _template("kra.md.j2").render(
            site=self,
            name=self.name(kra),
            badge=self.status_badge(kra) if kra.status != "active" else Markup(""),
            translations=self.translations(kra.data.get("name")),
            definition=block(self.text(kra.data.get("definition")) or ""),
            owner=self.link(here, kra.str_field("owner")),
            budget=budget,
            kpis=self.kpi_list(here, budget["kpis"]),
            related=self.links(here, self.related(kra)),
            edit=self.edit_link(kra),
            overview=self.section_link(here, "kra"),
        )

    def owner_overview(self) -> str:
        here = paths.section_index("owner")
        rows = []
        for owner in self.sorted_entries("owner"):
            budget = self.budget_of(owner, "owner")
            rows.append(
                {
                    "link": self.link(here, owner.id),
                    "kind": labels.label(labels.OWNER_KIND, owner.str_field("kind")),
                    "contact": owner.str_field("contact"),
                    **budget,
                }
            )
        return _template("owner_overview.md.j2").render(
            site=self, rows=rows, propose=self.propose_new("owner")
        )

    def owner_page(self, owner: Entry, here: str) -> str:
        budget = self.budget_of(owner, "owner")
        kras = [k for k in self.sorted_entries("kra") if k.str_field("owner") == owner.id]
        measures = [m for m in self.sorted_entries("measure") if m.str_field("owner") == owner.id]
        return _template("owner.md.j2").render(
            site=self,
            name=self.name(owner),
            kind=labels.label(labels.OWNER_KIND, owner.str_field("kind")),
            contact=owner.str_field("contact"),
            github=owner.str_field("github"),
            definition=block(self.text(owner.data.get("definition")) or ""),
            budget=budget,
            kpis=self.kpi_list(here, budget["kpis"]),
            kras=self.links(here, [k.id for k in kras]),
            measures=self.links(here, [m.id for m in measures]),
            edit=self.edit_link(owner),
            overview=self.section_link(here, "owner"),
        )

    def measure_overview(self) -> str:
        here = paths.section_index("measure")
        rows = []
        for measure in self.sorted_entries("measure"):
            row = self.measure_row(here, measure.id)
            row["unit"] = self.unit(measure.str_field("unit"))
            rows.append(row)
        return _template("measure_overview.md.j2").render(
            site=self, rows=rows, propose=self.propose_new("measure")
        )

    def measure_page(self, measure: Entry, here: str) -> str:
        source = measure.data.get("source") if isinstance(measure.data.get("source"), dict) else {}
        return _template("measure.md.j2").render(
            site=self,
            name=self.name(measure),
            badge=self.status_badge(measure) if measure.status != "active" else Markup(""),
            translations=self.translations(measure.data.get("name")),
            definition=block(self.text(measure.data.get("definition")) or ""),
            unit=self.unit(measure.str_field("unit")),
            owner=self.link(here, measure.str_field("owner")),
            source=[
                (label, source.get(key))
                for key, label in (
                    ("system", "System"),
                    ("object", "Objekt"),
                    ("field", "Feld"),
                    ("filter", "Filter"),
                )
                if isinstance(source.get(key), str)
            ],
            source_note=self.text(source.get("note")),
            used_by=self.links(here, self.dependents.get(measure.id, [])),
            related=self.links(here, self.related(measure)),
            edit=self.edit_link(measure),
            overview=self.section_link(here, "measure"),
        )

    def health_page(self) -> str:
        here = paths.HEALTH
        groups: dict[str, list[Diagnostic]] = defaultdict(list)
        for diag in self.diagnostics:
            groups[diag.code].append(diag)
        rule_docs = {r.code: r for r in self.rules or []}
        sections = []
        for code in sorted(groups):
            items = sorted(groups[code], key=Diagnostic.sort_key)
            rule = rule_docs.get(code)
            sections.append(
                {
                    "code": code,
                    "anchor": code.lower() if re.fullmatch(r"[A-Z]{2}\d{3}", code) else "befund",
                    "rule": items[0].rule or (rule.name if rule else ""),
                    "summary": rule.summary if rule else None,
                    "severity": labels.label(labels.SEVERITY, items[0].severity.value),
                    "rules_link": Markup(
                        f"[Regel {inline(code)}]({paths.md_link(here, paths.RULES)}#{code.lower()})"
                    )
                    if rule and re.fullmatch(r"[A-Z]{2}\d{3}", code)
                    else None,
                    "findings": [
                        {
                            "entry": self.link(here, d.entry) if d.entry else Markup("–"),
                            "where": f"{d.file}:{d.line}:{d.column}",
                            "message": d.message,
                            "hint": d.hint,
                        }
                        for d in items
                    ],
                }
            )
        kpis = self.sorted_entries("kpi")
        status = Counter(k.status for k in kpis)
        health = compute_health(CheckResult(self.cat.root, self.cat, list(self.diagnostics)))
        whole = health.catalogue
        return _template("health.md.j2").render(
            site=self,
            score=health.score,
            rating=health.rating.split(" / ")[0],
            penalties=[p for p in health.penalties if p.points],
            sections=sections,
            total=len(kpis),
            status=[
                (labels.label(labels.STATUS, s), status[s]) for s in labels.STATUS if status.get(s)
            ],
            inputs=whole.input,
            outputs=whole.output,
            budget=whole.budget,
            active=whole.active,
            kras=[
                {"link": self.link(here, k.id), **self.budget_of(k, "kra")}
                for k in self.sorted_entries("kra")
            ],
            owners=[
                {"link": self.link(here, o.id), **self.budget_of(o, "owner")}
                for o in self.sorted_entries("owner")
            ],
        )

    def rules_page(self) -> str:
        rules = self.rules if self.rules is not None else rule_docs()
        return _template("rules.md.j2").render(
            site=self,
            rules=[
                {
                    "code": r.code,
                    "anchor": r.code.lower(),
                    "name": r.name,
                    "level": labels.label(labels.SEVERITY, r.level) if r.level != "off" else "aus",
                    "group": r.group,
                    "doc": Markup(doc_markdown(r.doc)),
                }
                for r in sorted(rules, key=lambda r: r.code)
            ],
        )


def doc_markdown(doc: str) -> str:
    """A rule's docstring as Markdown: indented examples become fenced YAML blocks.

    Rule docs are written by kpicat's developers, not by contributors; they are
    still kept from opening headings, raw HTML or snippet includes.
    """
    out: list[str] = []
    in_code = False
    for line in doc.splitlines():
        if line.startswith("    ") and line.strip():
            if not in_code:
                if out and out[-1].strip():
                    out.append("")
                out.append("```yaml")
                in_code = True
            out.append(line[4:])
            continue
        if in_code:
            out.append("```")
            out.append("")
            in_code = False
        text = line.replace("<", "&lt;").replace(">", "&gt;")
        if text.lstrip().startswith(("#", "--8")):
            text = "\\" + text.lstrip()
        out.append(text)
    if in_code:
        out.append("```")
    return "\n".join(out).strip()


def rule_docs() -> list[RuleDoc]:
    """Every registered rule's documentation."""
    from kpicat.rules.registry import all_rules

    return [RuleDoc(r.code, r.name, r.level, r.group, r.summary, r.doc) for r in all_rules()]


def render_pages(
    catalogue: Catalogue,
    diagnostics: Sequence[Diagnostic] = (),
    *,
    rules: Sequence[RuleDoc] | None = None,
    directory_urls: bool = True,
    diagrams: bool = True,
) -> dict[str, str]:
    """Every generated page: relative ``.md`` path -> Markdown text, sorted by path."""
    site = Site(
        catalogue, diagnostics, rules=rules, directory_urls=directory_urls, diagrams=diagrams
    )
    return site.render()


def glossary(catalogue: Catalogue) -> dict[str, str]:
    """Abbreviation -> tooltip text, for the ``abbr`` extension's ``glossary`` option."""
    found: dict[str, str] = {}
    terms = sorted(
        (t for t in catalogue.terms if is_id(t.id) and t.status != "retired"),
        key=lambda t: t.id,
    )
    for term in terms:
        name = term.display_name(catalogue.config.languages)
        definition = any_text(term.data.get("definition"), catalogue.config.languages) or ""
        title = tooltip(f"{name}: {first_sentence(definition, 140)}")
        for abbr in abbreviations_of(term):
            key = abbreviation_key(abbr)
            if key and key not in found and key != name:
                found[key] = title
    return dict(sorted(found.items()))


def abbreviations_markdown(terms: dict[str, str]) -> str:
    """The same glossary as an ``*[ABBR]: title`` list, for generators without the option."""
    return "".join(f"*[{key}]: {' '.join(title.split())}\n" for key, title in terms.items())
