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
