"""One site per language: where each language's site lives and how they link to each other.

The first of ``languages`` is the site at the root (its URLs never change), every other
language is the same site under ``/<lang>/`` with the same paths, so the counterpart of a
page in another language is that site's root plus the page's own path.
"""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

from kpicat.core.escaping import references
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

    ``link`` is the other site's home page; ``kpicat`` is the other site's root, to which
    kpicat's selector partial adds the page's own path, so a link goes to the same page in
    the other language. The plugin points Material's ``<head>`` hreflang links at that page
    too (:func:`head_alternates`); a project ``kpicat render`` wrote for another generator
    keeps the home links there.
    """
    found = []
    for other in languages:
        root = root_from(lang, other, languages)
        home = root if directory_urls else root + "index.html"
        found.append(
            {"name": labels.ENDONYM.get(other, other), "link": home, "lang": other, "kpicat": root}
        )
    return found


# Material's <head> link to a language's site (base.html: alt.link and alt.lang)
_HEAD_LINK = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="([^"]+)">')


def head_alternates(page_html: str, page_url: str, roots: dict[str, str]) -> str:
    """A rendered page whose ``<head>`` hreflang links name the same page in each
    language's site (``roots``: language -> that site's root from this one, the
    ``kpicat`` of :func:`alternates`), instead of each site's home page."""
    head, end, body = page_html.partition("</head>")
    to_root = "../" * page_url.count("/")  # kpi/churn_rate/ and kpi/churn_rate.html alike

    def point(found: re.Match[str]) -> str:
        lang = found.group(1)
        if lang not in roots:
            return found.group(0)
        root = roots[lang].removeprefix("./")
        href = references(to_root + root + page_url or "./")
        return f'<link rel="alternate" href="{href}" hreflang="{references(lang)}">'

    return _HEAD_LINK.sub(point, head) + end + body


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
