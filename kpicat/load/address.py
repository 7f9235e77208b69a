"""Where the catalogue's website is published: one answer for every output that links to it.

``site.url`` in kpicat.yaml wins; a repository that set only MkDocs' ``site_url`` in the
``mkdocs.yml`` beside it means the same address. SARIF rule links, the schemas' ``$id``
(``kpicat schema``) and the editor modeline of ``kpicat new`` all ask here, so they never
disagree about it.
"""

from __future__ import annotations

import re
from pathlib import Path

from kpicat.core.config import Config

# Read as text, not as YAML: mkdocs.yml may use MkDocs' own tags (!ENV, !relative), and
# only this one top-level key matters here.
_SITE_URL_LINE = re.compile(r"^site_url:\s*['\"]?(https?://[^'\"\s#]+)", re.MULTILINE)
_READ_LIMIT = 100_000


def site_address(root: Path | None, config: Config) -> str | None:
    """The site's public address without a trailing slash, or None when none is set."""
    if config.site_url:
        return config.site_url
    if root is None:
        return None
    try:
        text = (root / "mkdocs.yml").read_text("utf-8", "replace")[:_READ_LIMIT]
    except OSError:
        return None
    match = _SITE_URL_LINE.search(text)
    return match.group(1).rstrip("/") if match else None
