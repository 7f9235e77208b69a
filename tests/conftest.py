"""Shared fixtures: small, valid catalogues written to temporary folders."""

from __future__ import annotations

import datetime as dt
import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from kpicat.check import run_check
from kpicat.core.result import CheckResult

# Speed is measured in benchmarks/, not asserted in tests: no per-example deadline, so a
# busy CI machine cannot turn a correct property into a flaky failure.
settings.register_profile("kpicat", deadline=None)
settings.load_profile("kpicat")

# The existing tests assert kpicat's English message texts whatever the catalogue's language;
# tests/core/test_i18n.py and tests/cli/test_language.py choose the language themselves. Set
# here, before any test runs, it reaches the installed console script's processes too.
os.environ["KPICAT_LANG"] = "en"


@pytest.fixture(autouse=True)
def _language_from_the_environment_again():
    """``--lang`` run in-process (CliRunner) sets the language for the whole process;
    every test starts from KPICAT_LANG again."""
    yield
    from kpicat.core.i18n import set_override

    set_override(None)


# Real temporary git repositories (fixtures `repo`, `repo_factory`) for diff, review and CLI tests.
pytest_plugins = ("tests.gitrepo",)

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)

MINIMAL = {
    "owners/kam_team.yaml": """
        id: kam_team
        name: Key-Account-Team
        kind: team
        contact: kam@example.com
        github: "@example-org/kam"
    """,
    "kras/vertrieb.yaml": """
        id: vertrieb
        name: {de: Vertrieb, en: Sales}
        definition: {de: Umsatz mit Key Accounts steigern., en: Grow key account revenue.}
        owner: kam_team
    """,
    "measures/umsatz.yaml": """
        id: umsatz
        name: {de: Umsatz, en: Revenue}
        definition: {de: Nettoumsatz der Key Accounts., en: Net revenue of key accounts.}
        unit: EUR
        source: {system: ERP, object: Rechnung, field: Nettobetrag}
        owner: kam_team
    """,
    "measures/anzahl_accounts.yaml": """
        id: anzahl_accounts
        name: {de: Anzahl Key Accounts, en: Number of key accounts}
        definition: {de: Betreute Key Accounts., en: Key accounts served.}
        unit: count
        source: {system: CRM, object: Account, field: Id}
        owner: kam_team
    """,
    "kpis/umsatz_pro_account.yaml": """
        id: umsatz_pro_account
        name: {de: Umsatz pro Key Account, en: Revenue per key account}
        definition: {de: Durchschnittlicher Umsatz je Key Account., en: Average revenue per key account.}
        formula: umsatz / anzahl_accounts
        unit: EUR/count
        type: {indicator: output, nature: financial}
        category: revenue
        kra: vertrieb
        owner: kam_team
        status: active
        period: quarterly
        direction: higher_is_better
        target: {value: 250000}
        used_in: [KAM-Dashboard]
        last_reviewed: "2026-10-01"
        review_every: 6
        related: [key_account]
        examples:
          - inputs: {umsatz: 1000000, anzahl_accounts: 4}
            expected: 250000
    """,
    "kpis/umsatzwachstum.yaml": """
        id: umsatzwachstum
        name: {de: Umsatzwachstum, en: Revenue growth}
        definition: {de: Veränderung des Umsatzes zur Vorperiode., en: Change of revenue against the previous period.}
        formula: (umsatz - prev(umsatz)) / prev(umsatz) * 100
        unit: percent
        type: {indicator: output, nature: financial}
        category: revenue
        kra: vertrieb
        owner: kam_team
        status: active
        period: quarterly
        direction: higher_is_better
        target: {value: 5}
        used_in: [KAM-Dashboard]
        last_reviewed: "2026-10-01"
        review_every: 6
        examples:
          - inputs: {umsatz: 1100000, "prev(umsatz)": 1000000}
            expected: 10
    """,
    "measures/besuche.yaml": """
        id: besuche
        name: {de: Durchgeführte Besuche, en: Visits made}
        definition: {de: Besuche bei Key Accounts laut CRM., en: Visits to key accounts per CRM.}
        unit: count
        source: {system: CRM, object: Event, field: Type, filter: "Type = Besuch"}
        owner: kam_team
    """,
    "kpis/kundenbesuche.yaml": """
        id: kundenbesuche
        name: {de: Kundenbesuche, en: Customer visits}
        definition: {de: Anzahl der Besuche bei Key Accounts., en: Number of visits to key accounts.}
        formula: besuche
        unit: count
        type: {indicator: input, nature: non_financial}
        category: activity
        kra: vertrieb
        owner: kam_team
        status: active
        period: monthly
        direction: higher_is_better
        target: {value: 40}
        used_in: [KAM-Dashboard]
        last_reviewed: "2026-10-01"
        review_every: 6
        examples:
          - inputs: {besuche: 42}
            expected: 42
    """,
    "terms/key_account.yaml": """
        id: key_account
        name: {de: Key Account, en: Key account}
        definition: {de: Ein besonders wichtiger Kunde., en: An especially important customer.}
        related: [umsatz_pro_account]
    """,
}


def write_entry(root: Path, rel: str, text: str) -> Path:
    """Write one catalogue file (``rel`` below catalogue/), dedented."""
    path = root / "catalogue" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


@pytest.fixture
def catalogue_root(tmp_path: Path) -> Path:
    """A minimal valid catalogue; tests add or overwrite entries."""
    for rel, text in MINIMAL.items():
        write_entry(tmp_path, rel, text)
    (tmp_path / "kpicat.yaml").write_text("languages: [de, en]\n", encoding="utf-8")
    return tmp_path


def check_both_ways(root: Path, today: dt.date = TODAY) -> CheckResult:
    """run_check in full, held to the lean check (what ``kpicat check`` runs): a rule that
    reads a field it did not declare (``reads=``) sees it dropped there and finds less."""
    full = run_check(root, today=today)
    lean = run_check(root, today=today, lean=True)
    assert lean.diagnostics == full.diagnostics, "a rule reads a field it does not declare"
    return full


@pytest.fixture
def check() -> Callable[[Path], CheckResult]:
    """run_check with a fixed date, so review rules are reproducible."""

    def run(root: Path) -> CheckResult:
        return check_both_ways(root)

    return run


def codes(result: CheckResult) -> list[str]:
    return [d.code for d in result.diagnostics]
