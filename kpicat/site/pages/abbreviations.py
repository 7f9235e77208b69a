"""The glossary's abbreviations and term names with their tooltips: abbreviations for the
``abbr`` Markdown extension, names for kpicat's term links (``kpicat.site.termlinks``)."""

from __future__ import annotations

from kpicat.model import Catalogue, Term
from kpicat.model.entries import any_text
from kpicat.site import paths
from kpicat.site.escape import abbreviation_key, is_id, tooltip
from kpicat.site.pages.context import abbreviations_of, first_sentence

# Shorter names ("KI") are left to the abbreviations: as words they match too much.
MIN_NAME = 3


def glossary(catalogue: Catalogue, lang: str | None = None) -> dict[str, str]:
    """Abbreviation -> tooltip text in ``lang`` (default: the catalogue's first language),
    for the ``abbr`` extension's ``glossary`` option."""
    languages = catalogue.config.languages
    order = (lang, *(other for other in languages if other != lang)) if lang else languages
    found: dict[str, str] = {}
    terms = sorted(
        (t for t in catalogue.terms if is_id(t.id) and t.status != "retired"),
        key=lambda t: t.id,
    )
    for term in terms:
        name = term.display_name(order)
        title = term_tooltip(term, order)
        for abbr in abbreviations_of(term):
            key = abbreviation_key(abbr)
            if key and key not in found and key != name:
                found[key] = title
    return dict(sorted(found.items()))


def abbreviations_markdown(terms: dict[str, str]) -> str:
    """The same glossary as an ``*[ABBR]: title`` list, for generators without the option."""
    return "".join(f"*[{key}]: {' '.join(title.split())}\n" for key, title in terms.items())


def term_tooltip(term: Term, order: tuple[str, ...]) -> str:
    """ "Name: first sentence of the definition", escaped for a ``title`` (``tooltip``)."""
    definition = any_text(term.data.get("definition"), order) or ""
    return tooltip(f"{term.display_name(order)}: {first_sentence(definition, 140)}")


def term_links(catalogue: Catalogue, lang: str | None = None) -> dict[str, tuple[str, str]]:
    """Name -> (the term's page, tooltip) for every term name and synonym in ``lang``.

    A name two terms share links to neither (the reader could not tell which is meant).
    """
    config = catalogue.config
    lang = lang or config.default_language
    order = (lang, *(other for other in config.languages if other != lang))
    found: dict[str, tuple[str, str]] = {}
    shared: set[str] = set()
    for term in sorted(catalogue.terms, key=lambda t: t.id):
        page = paths.entry_path("term", term.id)
        if page is None or term.status == "retired":
            continue
        title = term_tooltip(term, order)
        names = [term.display_name(order), *term.synonyms(lang, config.default_language)]
        names = [" ".join(n.split()) for n in names]
        if lang != "de":  # "Customer churn" mid-sentence is "customer churn" (not in German)
            names += [n[0].lower() + n[1:] for n in names if n[:1].isupper() and n[1:2].islower()]
        for name in dict.fromkeys(names):
            if len(name) < MIN_NAME:
                continue
            if name in found and found[name][0] != page:
                shared.add(name)
            found.setdefault(name, (page, title))
    return {name: link for name, link in found.items() if name not in shared}
