"""The glossary as linked data: SKOS (JSON-LD) and schema.org DefinedTermSet.

Both are built as plain data and serialised with ``json.dumps``, never by
string templates, so contributor text cannot change the document's structure;
``script_json`` makes the text safe inside an HTML ``<script>`` element.
"""

from __future__ import annotations

import json
from typing import Any

from kpicat.model import Catalogue
from kpicat.model.entries import Term, any_text

DEFAULT_BASE = "urn:kpicat:"
SKOS = "http://www.w3.org/2004/02/skos/core#"


def _texts(value: Any, languages: tuple[str, ...]) -> dict[str, str]:
    """{lang: text} of a localised value; a plain string is the default language."""
    if isinstance(value, str):
        return {languages[0]: value}
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}
    return {}


def _lang_values(texts: dict[str, str]) -> list[dict[str, str]]:
    return [{"@value": text, "@language": lang} for lang, text in texts.items() if text]


def _alt_labels(term: Term, languages: tuple[str, ...]) -> list[dict[str, str]]:
    labels = []
    for lang in languages:
        for synonym in term.synonyms(lang, languages[0]):
            labels.append({"@value": synonym, "@language": lang})
    for lang, abbreviation in _texts(term.data.get("abbreviation"), languages).items():
        labels.append({"@value": abbreviation, "@language": lang})
    return labels


def skos_data(catalogue: Catalogue, base: str = DEFAULT_BASE) -> dict[str, Any]:
    """A skos:ConceptScheme with one skos:Concept per term.

    ``related`` links between terms become skos:related; a term's ``kpi`` and
    other related entries become skos:related too, as concepts of the scheme
    only when they are terms. A deprecated term's ``replaced_by`` becomes
    ``dct:isReplacedBy``.
    """
    languages = catalogue.languages
    terms = sorted(catalogue.terms, key=lambda t: t.id)
    term_ids = {t.id for t in terms}
    scheme = f"{base}scheme"
    graph: list[dict[str, Any]] = [
        {
            "@id": scheme,
            "@type": "skos:ConceptScheme",
            "dct:title": _lang_values(_texts(catalogue.config.title, languages)),
            "skos:hasTopConcept": [{"@id": base + t.id} for t in terms],
        }
    ]
    for term in terms:
        node: dict[str, Any] = {
            "@id": base + term.id,
            "@type": "skos:Concept",
            "skos:inScheme": {"@id": scheme},
            "skos:notation": term.id,
            "skos:prefLabel": _lang_values(_texts(term.data.get("name"), languages)),
        }
        if alt := _alt_labels(term, languages):
            node["skos:altLabel"] = alt
        if definition := _lang_values(_texts(term.data.get("definition"), languages)):
            node["skos:definition"] = definition
        related = [i for i in term.id_list("related") if i in term_ids and i != term.id]
        if related:
            node["skos:related"] = [{"@id": base + i} for i in sorted(set(related))]
        broader = [i for i in term.id_list("x_broader") if i in term_ids and i != term.id]
        if broader:
            node["skos:broader"] = [{"@id": base + i} for i in sorted(set(broader))]
        successor = term.str_field("replaced_by")
        if successor in term_ids:
            node["dct:isReplacedBy"] = {"@id": base + str(successor)}
        graph.append(node)
    return {
        "@context": {"skos": SKOS, "dct": "http://purl.org/dc/terms/"},
        "@graph": graph,
    }


def to_skos(catalogue: Catalogue, base: str = DEFAULT_BASE) -> bytes:
    text = json.dumps(skos_data(catalogue, base), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def defined_term_set(
    catalogue: Catalogue, lang: str, page_url: dict[str, str] | None = None
) -> dict[str, Any]:
    """schema.org DefinedTermSet of the glossary in one language, for search engines.

    ``page_url`` maps a term id to its page's URL (the site knows those).
    """
    languages = catalogue.languages
    ordered = (lang, *languages)
    urls = page_url or {}
    terms = []
    for term in sorted(catalogue.terms, key=lambda t: t.id):
        item: dict[str, Any] = {
            "@type": "DefinedTerm",
            "termCode": term.id,
            "name": any_text(term.data.get("name"), ordered) or term.id,
        }
        description = any_text(term.data.get("definition"), ordered)
        if description:
            item["description"] = description
        synonyms = term.synonyms(lang, languages[0])
        abbreviation = any_text(term.data.get("abbreviation"), ordered)
        if abbreviation:
            synonyms = [abbreviation, *synonyms]
        if synonyms:
            item["alternateName"] = synonyms
        if term.id in urls:
            item["url"] = urls[term.id]
        terms.append(item)
    return {
        "@context": "https://schema.org",
        "@type": "DefinedTermSet",
        "name": any_text(catalogue.config.title, ordered) or "Glossar",
        "inLanguage": lang,
        "hasDefinedTerm": terms,
    }


def script_json(data: Any) -> str:
    """JSON for inside ``<script type="application/ld+json">``: no '<', '>' or '&' appear
    (so neither ``</script>`` nor ``<!--`` can end or change the element), nor U+2028/9."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return text
