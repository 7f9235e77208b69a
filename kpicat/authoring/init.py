"""``kpicat init``: everything a repository needs to keep a catalogue, never overwriting.

Writes the settings (every budget and threshold with its default, taken from the
rules' own ``Option`` declarations), the five catalogue folders (with ``example``
one entry per kind that checks clean, written by the scaffold), and the repository
plumbing: ``.gitignore``, pre-commit, GitHub workflows, CODEOWNERS, a pull-request
template, the issue form for proposing a KPI and editor settings. The catalogue may sit
in a subfolder of the repository (``sub``): repository-wide files go to the top,
``--root`` is wired into every command they run.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from kpicat.authoring.issue_form import ISSUE_FORM, issue_form
from kpicat.core.config import Config
from kpicat.core.install import Source, default_source, install_spec
from kpicat.core.kinds import CATALOGUE_DIR, CONFIG_NAME, KIND_FOLDERS, KINDS
from kpicat.infra.cache import REPO_CACHE_DIR
from kpicat.schemas import schema_url

# The current major of each action (checked against the actions' releases, 2026).
CHECKOUT = "actions/checkout@v6"
SETUP_PYTHON = "actions/setup-python@v6"
CACHE = "actions/cache@v4"
UPLOAD_SARIF = "github/codeql-action/upload-sarif@v4"
UPLOAD_PAGES = "actions/upload-pages-artifact@v4"
DEPLOY_PAGES = "actions/deploy-pages@v5"
PYTHON = "3.12"

PR_WORKFLOW = ".github/workflows/kpicat-pull-request.yml"
SITE_WORKFLOW = ".github/workflows/kpicat-site.yml"


@dataclass
class InitOptions:
    """What ``kpicat init`` was asked for."""

    languages: tuple[str, ...] = ("de",)
    title: str | None = None
    description: str | None = None
    repository: str | None = None
    site_url: str | None = None
    codeowner: str | None = None
    branch: str = "main"
    example: bool = False
    # where CI and pre-commit install kpicat from (--install-from; default: this release)
    source: Source | None = field(default_factory=default_source)

    @property
    def site(self) -> str | None:
        """Where the website will be: ``--site-url``, else GitHub Pages of the repository."""
        return self.site_url or pages_url(self.repository)


@dataclass
class Outcome:
    """What was written and what was left alone (it existed)."""

    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def pages_url(repository: str | None) -> str | None:
    """GitHub Pages' address of a github.com repository (``https://org.github.io/repo/``)."""
    match = re.fullmatch(r"https://github\.com/([^/]+)/([^/]+?)(?:\.git)?/?", repository or "")
    if not match:
        return None
    org, repo = match.groups()
    if repo.lower() == f"{org.lower()}.github.io":
        return f"https://{org.lower()}.github.io/"
    return f"https://{org.lower()}.github.io/{repo}/"


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def config_text(options: InitOptions, sub: str) -> str:
    """kpicat.yaml with every rule setting's default written out and explained."""
    from kpicat.rules.registry import declared_options

    lines = [
        "# kpicat settings. Every setting is optional; the numbers below are kpicat's defaults,",
        "# written out so you can see and change them. Reference: 'kpicat schema config'.",
        f"languages: [{', '.join(options.languages)}]",
        f"title: {_q(options.title or Config().title)}",
    ]
    if options.description:
        lines.append(f"description: {_q(options.description)}")
    else:
        lines.append("# description: one or two sentences for the start page of the website")
    repo = options.repository
    site = options.site
    body: list[str] = []
    if repo:
        edit = f"{repo.rstrip('/')}/edit/{options.branch}/{sub}"
        body += [f"  url: {repo}", f"  branch: {options.branch}", f"  edit_url: {edit}"]
    if options.codeowner:
        body.append("  # reviews every catalogue file no owner claims (CODEOWNERS fallback)")
        body.append(f"  codeowner: {_q(options.codeowner)}")
    if body:
        lines += ["repository:", *body]
    if not repo:
        lines.append("# repository: {url: https://github.com/your-org/your-repo}")
    if not options.codeowner:
        lines.append('# repository: {codeowner: "@your-org/kpi-stewards"}  # CODEOWNERS fallback')
    if site:
        lines += ["site:", f"  url: {site}"]
    sections: dict[str, list[str]] = {}
    for setting, option in sorted(declared_options().items()):
        section, _, key = setting.partition(".")
        wrapped = textwrap.wrap(option.description, 90)
        sections.setdefault(section, []).extend(
            [*(f"  # {line}" for line in wrapped), f"  {key}: {option.default}"]
        )
    for section, body in sections.items():
        lines.append(f"{section}:")
        lines += body
    return "\n".join(lines) + "\n"


def _root_arg(sub: str) -> str:
    return sub.rstrip("/") or "."


def pull_request_workflow(sub: str, source: Source | None = None) -> str:
    """Check with annotations, SARIF to code scanning, the diff summary for reviewers."""
    root = _root_arg(sub)
    return f"""\
# kpicat: check every pull request that touches the catalogue (written by 'kpicat init').
name: Catalogue pull request

on:
  pull_request:
    paths:
      - "{sub}catalogue/**"
      - "{sub}kpicat.yaml"
      - "{PR_WORKFLOW}"

permissions:
  contents: read

concurrency:
  group: kpicat-pr-${{{{ github.event.pull_request.number }}}}
  cancel-in-progress: true

jobs:
  check:
    name: Check and diff the catalogue
    runs-on: ubuntu-latest
    timeout-minutes: 15
    permissions:
      contents: read
      security-events: write
    steps:
      - uses: {CHECKOUT}
        with:
          fetch-depth: 0  # kpicat diff reads the base branch from git objects
          persist-credentials: false

      - uses: {SETUP_PYTHON}
        with:
          python-version: "{PYTHON}"

      - name: Install kpicat (the checker)
        run: python -m pip install "{install_spec(source=source)}"

      - name: Restore kpicat's check cache (unchanged files are not parsed again)
        uses: {CACHE}
        with:
          path: {sub}{REPO_CACHE_DIR}
          key: kpicat-check-${{{{ github.sha }}}}
          restore-keys: kpicat-check-

      - name: Check (annotations on the changed files)
        env:
          BASE_REF: ${{{{ github.base_ref }}}}
        run: kpicat check --root "{root}" --format github --base "origin/${{BASE_REF}}"

      - name: Check (SARIF for code scanning)
        if: ${{{{ !cancelled() }}}}
        # exit 1 only means "errors found"; they are in the report
        run: kpicat check --root "{root}" --format sarif --output kpicat.sarif || [ "$?" -eq 1 ]

      - name: Upload SARIF
        if: ${{{{ !cancelled() && hashFiles('kpicat.sarif') != '' }}}}
        uses: {UPLOAD_SARIF}
        with:
          sarif_file: kpicat.sarif
          category: kpicat

      - name: What changed in meaning (kpicat diff)
        if: ${{{{ !cancelled() }}}}
        env:
          BASE_REF: ${{{{ github.base_ref }}}}
        run: |
          status=0
          kpicat diff "origin/${{BASE_REF}}" --root "{root}" --format markdown \\
            --output kpicat-diff.md || status=$?
          cat kpicat-diff.md >> "$GITHUB_STEP_SUMMARY"
          exit "$status"

      - name: CODEOWNERS up to date
        if: ${{{{ !cancelled() && hashFiles('.github/CODEOWNERS') != '' }}}}
        run: kpicat codeowners --root "{root}" --check
"""


def site_workflow(sub: str, branch: str, source: Source | None = None) -> str:
    """Build the website on the main branch and publish it with GitHub Pages."""
    root = _root_arg(sub)
    return f"""\
# kpicat: build the catalogue website and publish it to GitHub Pages (written by 'kpicat init').
# Turn Pages on once: Settings > Pages > Source: GitHub Actions.
name: Catalogue website

on:
  push:
    branches: [{branch}]
  workflow_dispatch:

permissions:
  contents: read

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    name: Build the site
    runs-on: ubuntu-latest
    timeout-minutes: 20
    steps:
      - uses: {CHECKOUT}
        with:
          persist-credentials: false
          fetch-depth: 0  # the whole history: each page shows its changes ("Änderungen")

      - uses: {SETUP_PYTHON}
        with:
          python-version: "{PYTHON}"

      - name: Install kpicat with the site extra
        run: python -m pip install "{install_spec("site", source)}"

      - name: Check the catalogue and build the site
        run: kpicat build --root "{root}" --site-dir _site

      - uses: {UPLOAD_PAGES}
        with:
          path: _site

  deploy:
    name: Publish to GitHub Pages
    needs: build
    runs-on: ubuntu-latest
    timeout-minutes: 10
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - name: Deploy
        id: deployment
        uses: {DEPLOY_PAGES}
"""


def pre_commit_config(sub: str, source: Source) -> str:
    """The checker's hooks from kpicat's repository at the release tag."""
    root = _root_arg(sub)
    return f"""\
# pre-commit hooks (https://pre-commit.com): 'pre-commit install' once, then every commit
# that touches the catalogue is checked. Written by 'kpicat init'.
repos:
  - repo: {source.url}
    rev: {source.tag}
    hooks:
      - id: kpicat-check
        args: [--root, {root}]
      - id: kpicat-codeowners
        args: [--root, {root}]
"""


PR_TEMPLATE = """\
## What changes

<!-- Which KPIs, terms or owners; why. -->

## Checklist

- [ ] `kpicat check` is clean (no `TODO:` left from `kpicat new`)
- [ ] `kpicat diff main` reviewed: breaking changes acknowledged with `version`, or the old KPI
      deprecated with `replaced_by`
- [ ] The owners of the changed entries are asked to review (CODEOWNERS)
"""


def vscode_settings(sub: str, site: str | None) -> str | None:
    """``yaml.schemas`` for VS Code's YAML extension: the schemas the site publishes."""
    if not site:
        return None
    schemas = {
        schema_url(site, kind): [f"{sub}{CATALOGUE_DIR}/{folder}/*.yaml"]
        for folder, kind in KIND_FOLDERS.items()
    }
    schemas[schema_url(site, "config")] = [f"{sub}{CONFIG_NAME}"]
    return json.dumps({"yaml.schemas": schemas}, indent=2) + "\n"


def example_entries(options: InitOptions) -> list[tuple[str, str, dict[str, str | None]]]:
    """One entry per kind, in an order where every reference exists; texts in the
    default language (English when it is 'en', else German)."""
    en = options.languages[0] == "en"

    def t(de: str, english: str) -> str:
        return english if en else de

    owner: dict[str, str | None] = {
        "name": t("Katalog-Team", "Catalogue team"),
        "owner_kind": "team",
        "contact": "katalog@example.com",
        "github": options.codeowner,
    }
    return [
        ("owner", "katalog_team", owner),
        (
            "kra",
            "umsatz_steigern",
            {
                "name": t("Umsatz steigern", "Grow revenue"),
                "definition": t(
                    "Mehr Umsatz mit bestehenden Kunden.", "More revenue from existing customers."
                ),
                "owner": "katalog_team",
            },
        ),
        (
            "measure",
            "umsatz",
            {
                "name": t("Umsatz", "Revenue"),
                "definition": t("Nettoumsatz aller Aufträge.", "Net revenue of all orders."),
                "unit": "EUR",
                "system": "ERP",
                "object": t("Rechnung", "Invoice"),
                "field": t("Nettobetrag", "NetAmount"),
                "owner": "katalog_team",
            },
        ),
        (
            "measure",
            "auftraege",
            {
                "name": t("Aufträge", "Orders"),
                "definition": t("Anzahl der Aufträge.", "Number of orders."),
                "unit": "count",
                "system": "CRM",
                "object": t("Auftrag", "Order"),
                "field": "Id",
                "owner": "katalog_team",
            },
        ),
        (
            "kpi",
            "umsatz_je_auftrag",
            {
                "name": t("Umsatz je Auftrag", "Revenue per order"),
                "definition": t(
                    "Durchschnittlicher Nettoumsatz eines Auftrags.",
                    "Average net revenue of one order.",
                ),
                "formula": "umsatz / auftraege",
                "unit": "EUR/count",
                "indicator": "output",
                "nature": "financial",
                "category": "revenue",
                "period": "monthly",
                "status": "active",
                "purpose": t(
                    "Zeigt, ob Aufträge größer oder kleiner werden.",
                    "Shows whether orders grow or shrink.",
                ),
                "interpretation": t(
                    "Höher ist besser; ein Rückgang bei gleich vielen Aufträgen heißt Preisdruck.",
                    "Higher is better; a fall with as many orders means price pressure.",
                ),
                "granularity": "company",
                "pitfall": t(
                    "Ein einzelner Großauftrag hebt den Wert eines Monats.",
                    "One large order lifts a month's value.",
                ),
                "lever": t(
                    "Zubehör und Service im Angebot mitanbieten.",
                    "Offer accessories and service with the quote.",
                ),
                "kra": "umsatz_steigern",
                "owner": "katalog_team",
            },
        ),
        (
            "kpi",
            "anzahl_auftraege",
            {
                "name": t("Anzahl Aufträge", "Number of orders"),
                "definition": t(
                    "Wie viele Aufträge im Monat eingehen.", "How many orders come in per month."
                ),
                "formula": "auftraege",
                "unit": "count",
                "indicator": "input",
                "nature": "non_financial",
                "category": "activity",
                "period": "monthly",
                "status": "active",
                "purpose": t(
                    "Zeigt früh, ob der Umsatz der nächsten Monate kommt.",
                    "Shows early whether the coming months' revenue arrives.",
                ),
                "interpretation": t(
                    "Höher ist besser; der Vorjahresmonat als Vergleich gleicht die Saison aus.",
                    "Higher is better; compare with the same month last year to allow for season.",
                ),
                "granularity": "company",
                "pitfall": t(
                    "Stornierte Aufträge zählen, bis sie storniert sind.",
                    "Cancelled orders count until they are cancelled.",
                ),
                "lever": t(
                    "Angebote zeitnah nachfassen.",
                    "Follow up on quotes promptly.",
                ),
                "kra": "umsatz_steigern",
                "owner": "katalog_team",
            },
        ),
        (
            "term",
            "auftrag",
            {
                "name": t("Auftrag", "Order"),
                "definition": t(
                    "Eine verbindliche Bestellung eines Kunden.", "A customer's binding purchase."
                ),
            },
        ),
    ]


def gitignore_text() -> str:
    """What git must not track in the catalogue folder: the built site and the cache."""
    return f"# kpicat: the built website and its cache\n/site/\n/{REPO_CACHE_DIR}/\n"


def plan(sub: str, options: InitOptions) -> dict[str, str]:
    """Path (from the repository top) -> text of every file init would write."""
    site = options.site
    files = {
        f"{sub}{CONFIG_NAME}": config_text(options, sub),
        f"{sub}.gitignore": gitignore_text(),
        PR_WORKFLOW: pull_request_workflow(sub, options.source),
        SITE_WORKFLOW: site_workflow(sub, options.branch, options.source),
        ".github/pull_request_template.md": PR_TEMPLATE,
        ISSUE_FORM: issue_form(Config(languages=options.languages)),
    }
    if options.source is not None:  # pre-commit needs a git repository to fetch hooks from
        files[".pre-commit-config.yaml"] = pre_commit_config(sub, options.source)
    settings = vscode_settings(sub, site)
    if settings is not None:
        files[".vscode/settings.json"] = settings
    if not options.example:
        for folder in KIND_FOLDERS:
            files[f"{sub}{CATALOGUE_DIR}/{folder}/.gitkeep"] = ""
    return files


def write_files(top: Path, files: dict[str, str], outcome: Outcome) -> None:
    """Write each file that does not exist yet; record the rest as kept."""
    for rel, text in files.items():
        path = top / rel
        if path.exists() or path.is_symlink():
            outcome.kept.append(rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        outcome.written.append(rel)


def write_examples(top: Path, sub: str, options: InitOptions, outcome: Outcome) -> None:
    """One clean entry per kind via the scaffold (which never overwrites)."""
    from kpicat.authoring.scaffold import FOLDERS, ScaffoldError, create

    root = top / sub if sub else top
    site = options.site
    config = Config(languages=options.languages, site={"url": site} if site else {})
    for kind, entry_id, values in example_entries(options):
        assert kind in KINDS
        rel = f"{sub}{CATALOGUE_DIR}/{FOLDERS[kind]}/{entry_id}.yaml"
        try:
            path = create(root, kind, entry_id, values, config)
        except ScaffoldError:
            outcome.kept.append(rel)
            continue
        if kind == "kpi":
            with path.open("a", encoding="utf-8", newline="\n") as handle:
                handle.write(_active_kpi_fields(entry_id, options))
        outcome.written.append(rel)


def _active_kpi_fields(entry_id: str, options: InitOptions) -> str:
    """What an active KPI needs beyond the skeleton to check clean: a target direction,
    where it is shown, when it was reviewed and a worked example of its formula."""
    import datetime as dt

    report = "Monthly report" if options.languages[0] == "en" else "Monatsbericht"
    example = (
        "{inputs: {umsatz: 1000, auftraege: 4}, expected: 250}"
        if entry_id == "umsatz_je_auftrag"
        else "{inputs: {auftraege: 4}, expected: 4}"
    )
    return (
        "direction: higher_is_better\n"
        f"used_in: [{report}]\n"
        f'last_reviewed: "{dt.date.today().isoformat()}"\n'
        f"examples:\n  - {example}\n"
    )
