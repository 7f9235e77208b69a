"""Proposing from the browser: the forge's new-file page, pre-filled with a skeleton.

GitHub opens ``<repo>/new/<branch>?filename=…&value=…`` with the file already
written; a reader without write access gets a fork and a pull request from the
same page, so a business user needs a GitHub account but no git. The skeleton is
the one ``kpicat new`` writes (``kpicat.authoring.scaffold``), so ``kpicat check``
in the pull request walks the proposer through every placeholder. Only GitHub's
new-file page is known; for other forges (and without ``repository.url``) no
button is shown, and entry pages keep the plain edit link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from markupsafe import Markup

from kpicat.authoring.issue_form import ISSUE_FORM_NAME
from kpicat.authoring.scaffold import FOLDERS, fields_for, render
from kpicat.core.config import Config
from kpicat.core.kinds import CATALOGUE_DIR
from kpicat.site import labels
from kpicat.site.escape import element, html, inline, raw_html, safe_url

# The id (and file name) a new entry starts with; the skeleton's first lines say to change it.
NEW_IDS = {
    "kpi": "neue_kpi",
    "term": "neuer_begriff",
    "kra": "neue_kra",
    "owner": "neue_verantwortliche",
    "measure": "neue_basisgroesse",
}
_GITHUB = re.compile(r"^https://github\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


@dataclass(frozen=True, slots=True)
class Forge:
    """Where new files are proposed: a GitHub repository, its branch, the catalogue's folder."""

    url: str
    branch: str
    prefix: str  # the catalogue root inside the repository: "" or "sub/"

    def new_file_url(self, kind: str, skeleton: str) -> str:
        """GitHub's new-file page with the skeleton as the file's text."""
        filename = f"{self.prefix}{CATALOGUE_DIR}/{FOLDERS[kind]}/{NEW_IDS[kind]}.yaml"
        query = urlencode({"filename": filename, "value": skeleton}, quote_via=quote)
        return f"{self.url}/new/{quote(self.branch, safe='/')}?{query}"

    def issue_url(self) -> str:
        """The issue form for people who cannot edit files."""
        return f"{self.url}/issues/new?template={ISSUE_FORM_NAME}"


def forge(config: Config, prefix: str = "") -> Forge | None:
    """The GitHub repository of ``repository.url``, or None (then no propose buttons).

    The branch is ``repository.branch``, else the one in ``edit_url``
    (``…/edit/<branch>/…``), else ``main``; a catalogue folder written in
    ``edit_url`` after the branch wins over ``prefix`` (the git prefix).
    """
    url = safe_url(config.repository.get("url"))
    if url is None:
        return None
    url = url.rstrip("/").removesuffix(".git")
    if not _GITHUB.match(url):
        return None
    edit = safe_url(config.repository.get("edit_url")) or ""
    branch = config.repository.get("branch")
    match = re.match(re.escape(url) + r"/edit/([^/]+)/(.*)$", edit)
    if match:
        branch = branch or match[1]
        prefix = match[2].strip("/") + "/" if match[2].strip("/") else ""
    if not isinstance(branch, str) or not re.fullmatch(r"[A-Za-z0-9._/-]+", branch):
        branch = "main"
    return Forge(url, branch, prefix)


def skeleton(kind: str, config: Config, known: dict[str, list[str]]) -> str:
    """The ``kpicat new`` skeleton of a new entry, headed by how to name it."""
    entry_id = NEW_IDS[kind]
    head = (
        f"# Choose the id (lowercase letters, digits and _) and name the file after it:\n"
        f"# id {entry_id} -> {entry_id}.yaml.\n"
    )
    return head + render(kind, fields_for(kind, entry_id, {}, config, known))


def change_button(edit_url: str | None, lang: str = "de") -> Markup | None:
    """ "Änderung vorschlagen" for an entry page: the forge's edit page of its YAML file."""
    if edit_url is None:
        return None
    return element(
        "a",
        labels.text("propose_change", lang),
        href=edit_url,
        class_="md-button kpicat-propose-change",
        title=labels.text("propose_change_hint", lang),
        rel="nofollow noopener",
    )


def new_entry_buttons(
    found: Forge | None, kind: str, config: Config, known: dict[str, list[str]], lang: str = "de"
) -> Markup | None:
    """ "Neue KPI vorschlagen" (and the issue form, for KPIs) for an overview page."""
    if found is None:
        return None
    button = html(
        "a",
        labels.text(f"propose_{kind}", lang),
        href=found.new_file_url(kind, skeleton(kind, config, known)),
        class_="md-button md-button--primary kpicat-propose-new",
        rel="nofollow noopener",
        data_kpicat_kind=kind,
    )
    hint = inline(labels.text("propose_new_hint", lang))
    if kind == "kpi":
        issue = html("a", labels.text("propose_issue", lang), href=found.issue_url())
        hint = Markup(f"{hint} {inline(labels.text('propose_issue_hint', lang))} {issue}.")
    parts = [button, html("span", hint, class_="kpicat-propose-hint")]
    return raw_html(html("p", Markup(" ").join(parts), class_="kpicat-propose"))
