"""The glossary's abbreviations with their tooltips, for the ``abbr`` Markdown extension."""

from __future__ import annotations

from kpicat.model import Catalogue
from kpicat.model.entries import any_text
from kpicat.site.escape import abbreviation_key, is_id, tooltip
from kpicat.site.pages.context import abbreviations_of, first_sentence


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
