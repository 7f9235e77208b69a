"""One site per language: where each language's site lives and how they link to each other.

The first of ``languages`` is the site at the root (its URLs never change), every other
language is the same site under ``/<lang>/`` with the same paths, so the counterpart of a
page in another language is that site's root plus the page's own path.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from kpicat.site import labels


def prefix(lang: str, languages: tuple[str, ...]) -> str:
    """The folder of ``lang``'s site below the root ('' for the first language, 'en/')."""
    return "" if not languages or lang == languages[0] else f"{lang}/"


def root_from(lang: str, other: str, languages: tuple[str, ...]) -> str:
    """The root of ``other``'s site, relative to the root of ``lang``'s site."""
    up = "../" * prefix(lang, languages).count("/")
    return up + prefix(other, languages) or "./"


def alternates(
    lang: str, languages: tuple[str, ...], directory_urls: bool = True
) -> list[dict[str, Any]]:
    """Material's ``extra.alternate`` for ``lang``'s site: each language by its own name.

    ``link`` is the other site's home page (Material's head links there); ``kpicat`` is the
    other site's root, to which kpicat's selector partial adds the page's own path, so a link
    goes to the same page in the other language.
    """
    found = []
    for other in languages:
        root = root_from(lang, other, languages)
        home = root if directory_urls else root + "index.html"
        found.append(
            {"name": labels.ENDONYM.get(other, other), "link": home, "lang": other, "kpicat": root}
        )
    return found


def theme_dir() -> str:
    """kpicat's theme overrides (the language selector), for ``theme.dirs``."""
    return str(resources.files("kpicat.site").joinpath("theme"))


def translated_page(path: str, languages: tuple[str, ...]) -> tuple[str, str] | None:
    """``interop.en.md`` -> (``interop.md``, ``en``): a hand-written page's translation,
    which replaces the page in that language's site and is left out of the others."""
    stem, dot, rest = path.rpartition(".")
    if not dot or rest != "md":
        return None
    base, dot, lang = stem.rpartition(".")
    if not dot or not base or lang not in languages:
        return None
    return f"{base}.md", lang
