"""The kpicat Markdown extension: kpicat's own HTML goes into Markdown's raw-HTML store.

Pages mark every piece of HTML that kpicat builds with a ``raw_html`` token
(see ``kpicat.site.escape``). This preprocessor runs right after Markdown's
whitespace normalisation, before any block or inline syntax is read, and
replaces each token with a placeholder of Python-Markdown's ``htmlStash``; the
HTML is put back unchanged after rendering. So a URL holding ``![x](y)`` stays
one attribute value. Enabled by the kpicat plugin and by the ``mkdocs.yml``
that ``kpicat render`` writes (``markdown_extensions: [kpicat.site.mdext]``).
"""

from __future__ import annotations

from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from kpicat.site.escape import RAW_HTML_TOKEN, restore_html

NAME = "kpicat.site.mdext"
# normalize_whitespace (30) strips STX/ETX, so the placeholders must come after it;
# html_block (20) and the fences (25) must see placeholders, not tokens.
PRIORITY = 29


class RawHtmlPreprocessor(Preprocessor):
    """Tokens -> htmlStash placeholders."""

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if "<!--kpicat-html:" not in text:
            return lines
        text = RAW_HTML_TOKEN.sub(lambda m: self.md.htmlStash.store(restore_html(m[1])), text)
        return text.split("\n")


class KpicatExtension(Extension):
    """Registers the preprocessor."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(RawHtmlPreprocessor(md), "kpicat_raw_html", PRIORITY)


def makeExtension(**kwargs: Any) -> KpicatExtension:
    """Entry point Markdown calls for ``kpicat.site.mdext``."""
    return KpicatExtension(**kwargs)


def mermaid_format(source: str, language: str, class_name: str, *args: Any, **kwargs: Any) -> str:
    """Superfences' code format for Mermaid, kept out of the search index.

    A diagram's source (``flowchart LR … n0(["Churn Rate"])``) is not text a reader
    searches: indexed, it made every neighbouring KPI a second "Churn Rate" hit.
    """
    from pymdownx.superfences import fence_code_format

    html = fence_code_format(source, language, class_name, *args, **kwargs)
    return html.replace("<pre ", '<pre data-search-exclude="true" ', 1)
