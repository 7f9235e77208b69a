"""Translation coverage in the health report: per language, counted like KC308."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kpicat.check import run_check
from kpicat.cli import cli
from kpicat.health import compute_health
from tests.conftest import REPO
from tests.rules.conftest import TODAY

# The base catalogue's localised texts: name and definition of the KRA, both measures
# and both KPIs, the owner's name, and the term's name, definition and abbreviation.
BASE_TEXTS = 14


def coverage(kat):
    return {c.language: c for c in compute_health(kat.check(), TODAY).translations}


def test_coverage_per_language_names_the_kinds_that_lack_it(kat):
    found = coverage(kat)
    assert list(found) == ["de", "en"]
    de, en = found["de"], found["en"]
    assert (de.texts, de.translated, de.share, de.missing) == (BASE_TEXTS, BASE_TEXTS, 1.0, {})
    # plain strings are German only: the owner's name and the term's abbreviation
    assert (en.translated, en.missing) == (BASE_TEXTS - 2, {"term": 1, "owner": 1})
    assert en.share == round((BASE_TEXTS - 2) / BASE_TEXTS, 3)
    assert (de.required, en.required) == (True, False)


def test_required_language_at_full_coverage_exactly_when_kc308_is_silent(kat):
    kat.configure(required_languages=["de", "en", "fr"])
    result = kat.check()
    found = {c.language: c for c in compute_health(result, TODAY).translations}
    assert list(found) == ["de", "en", "fr"]
    assert all(c.required for c in found.values())
    assert found["fr"].translated == 0
    assert found["fr"].missing == {"term": 3, "kpi": 4, "kra": 2, "owner": 1, "measure": 4}
    kc308 = [d for d in result.diagnostics if d.code == "KC308"]
    assert len(kc308) == BASE_TEXTS  # every text lacks fr, two of them en as well
    assert sum("fr" in d.message.split(";")[0] for d in kc308) == BASE_TEXTS

    kat.configure(required_languages=["de", "en"])
    kat.update("owner", "kam_team", name={"de": "Key-Account-Team", "en": "Key account team"})
    kat.update("term", "key_account", abbreviation={"de": "KA", "en": "KA"})
    assert {c.language: c.share for c in coverage(kat).values()} == {"de": 1.0, "en": 1.0}
    assert [d for d in kat.check().diagnostics if d.code == "KC308"] == []


def test_retired_entries_are_not_counted(kat):
    kat.term("altbegriff", status="retired", definition={"de": "Alt."})
    assert coverage(kat)["en"].texts == BASE_TEXTS


def test_health_command_shows_coverage(kat):
    kat.configure(required_languages=["de", "en"])
    runner = CliRunner()
    args = ["health", "--root", str(kat.root), "--today", TODAY.isoformat()]
    text = runner.invoke(cli, args).output
    assert f"  en: {BASE_TEXTS - 2} of {BASE_TEXTS} texts (85.7 %)" in text
    assert "missing in term 1, owner 1" in text
    data = json.loads(runner.invoke(cli, [*args, "--format", "json"]).output)
    assert [(c["language"], c["translated"]) for c in data["translations"]] == [
        ("de", BASE_TEXTS),
        ("en", BASE_TEXTS - 2),
    ]


@pytest.mark.skipif(not (REPO / "catalogue" / "kpis").is_dir(), reason="no shipped catalogue")
def test_shipped_catalogue_is_whole_in_german_and_english():
    result = run_check(REPO, today=TODAY)
    found = {c.language: c for c in compute_health(result, TODAY).translations}
    assert result.catalogue.config.languages_required == ("de", "en")
    for lang in ("de", "en"):
        assert found[lang].texts > 300
        assert (found[lang].translated, found[lang].missing) == (found[lang].texts, {}), lang
