"""Translation coverage: how much of the catalogue's text each language has.

The steward of a bilingual catalogue wants one number per language, not a list of
warnings: how many of the localised texts (names, definitions, abbreviations, notes)
are written in it, and which kinds of entries lack it. The texts counted are the ones
KC308 checks (``model.localized_texts``), and like KC308 a retired entry is not
counted, so a required language at 100 % means KC308 has nothing to report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kpicat.core.kinds import KINDS
from kpicat.model import Catalogue, localized_texts, text_languages


@dataclass
class Coverage:
    """The localised texts of the catalogue that one language has."""

    language: str
    required: bool
    texts: int
    translated: int
    share: float | None
    missing: dict[str, int] = field(default_factory=dict)
    """Texts without this language, per entry kind (only kinds that lack some)."""


def translation_coverage(catalogue: Catalogue) -> list[Coverage]:
    """Coverage of each catalogue language (and each required one), in settings order."""
    config = catalogue.config
    languages = list(dict.fromkeys((*catalogue.languages, *config.languages_required)))
    texts = 0
    have: dict[str, int] = dict.fromkeys(languages, 0)
    missing: dict[str, dict[str, int]] = {lang: {} for lang in languages}
    for entry in catalogue:
        if entry.status == "retired" or catalogue.get(entry.id) is not entry:
            continue
        for _path, value in localized_texts(entry):
            found = text_languages(value, config.default_language)
            if found is None:
                continue  # a schema error (KC011), not a text
            texts += 1
            for lang in languages:
                if lang in found:
                    have[lang] += 1
                else:
                    missing[lang][entry.kind] = missing[lang].get(entry.kind, 0) + 1
    order = {kind: i for i, kind in enumerate(KINDS)}
    return [
        Coverage(
            language=lang,
            required=lang in config.languages_required,
            texts=texts,
            translated=have[lang],
            share=round(have[lang] / texts, 3) if texts else None,
            missing=dict(sorted(missing[lang].items(), key=lambda kv: order.get(kv[0], 99))),
        )
        for lang in languages
    ]
