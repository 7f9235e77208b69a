"""kpicat speaks the catalogue's language: the installed console script in a temporary repo."""

from __future__ import annotations

import os
import re
import subprocess
import textwrap
from pathlib import Path

import pytest

from kpicat import __version__
from tests.cli.test_check_command import kpicat_script

# Function words that any sentence of the other language would contain (a sample, not a
# dictionary): German messages must have none of the English ones and vice versa.
GERMAN = {"der", "die", "das", "und", "nicht", "ist", "eine", "oder", "mit", "keine"}
ENGLISH = {"the", "and", "is", "not", "should", "of", "or", "with", "has", "which"}

# Many kinds of finding: schema, references, formulas, units, placeholders, bloat, reviews.
# Catalogue text avoids the sampled words, so only kpicat's own words are counted.
FILES = {
    "owners/team_a.yaml": """
        id: team_a
        name: Team A
        kind: team
        contact: a@example.com
    """,
    "owners/team_leer.yaml": """
        id: team_leer
        name: Team Leer
        kind: team
        contact: leer@example.com
    """,
    "kras/vertrieb.yaml": """
        id: vertrieb
        name: Vertrieb
        definition: Umsatz steigern.
        owner: team_a
    """,
    "kras/messen.yaml": """
        id: messen
        name: Messen
        definition: Auftritte planen.
        owner: team_a
    """,
    "measures/umsatz.yaml": """
        id: umsatz
        name: Umsatz
        definition: Summe aller Rechnungen.
        unit: EUR
        source: {system: ERP}
        owner: team_a
    """,
    "kpis/wachstum.yaml": """
        id: wachstum
        name: Wachstum
        definition: Umsatz gegen Vorjahr.
        formula: umsatz / prev(umsatz) * 100 + kosten
        unit: percent
        type: {indicator: output, nature: financial}
        category: revenue
        kra: vertriebx
        owner: team_a
        status: active
        period: yearly
        direction: higher_is_better
        last_reviewed: "2020-01-01"
        fromula: x
    """,
    "kpis/quote.yaml": """
        id: quote
        name: "TODO: Name"
        formula: umsatz / umsatz
        unit: percent
        type: {indicator: input, nature: financial}
        category: revenue
        kra: vertrieb
        owner: team_a
        status: aktiv
        period: monthly
    """,
}


def write_catalogue(root: Path, languages: str) -> None:
    (root / "kpicat.yaml").write_text(f"languages: {languages}\n", encoding="utf-8")
    for rel, text in FILES.items():
        path = root / "catalogue" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def kpicat(root: Path, *args: str, env: dict[str, str] | None = None) -> str:
    environ = {k: v for k, v in os.environ.items() if k != "KPICAT_LANG"}
    environ.update(env or {})
    proc = subprocess.run(
        [kpicat_script(), *args],
        capture_output=True,
        text=True,
        cwd=root,
        env=environ,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.stdout + proc.stderr


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-zäöüß]+", text.lower()))


def check_output(root: Path, *options: str, env: dict[str, str] | None = None) -> str:
    out = kpicat(root, *options, "check", "--today", "2026-11-23", env=env)
    assert out.count("KC") >= 10, out  # enough findings to judge the language by
    return out


@pytest.fixture
def catalogue(tmp_path: Path):
    def make(languages: str) -> Path:
        root = tmp_path / languages.strip("[]").replace(", ", "_")
        root.mkdir()
        write_catalogue(root, languages)
        return root

    return make


def test_english_catalogue_gets_no_german(catalogue):
    root = catalogue("[en]")
    out = check_output(root)
    assert words(out) & GERMAN == set(), out
    assert "missing required field 'definition'" in out
    health = kpicat(root, "health", "--today", "2026-11-23")
    assert words(health) & GERMAN == set(), health
    explain = kpicat(root, "explain", "KC301")
    assert words(explain) & GERMAN == set(), explain


def test_german_catalogue_gets_no_english(catalogue):
    root = catalogue("[de, en]")
    out = check_output(root)
    assert words(out) & ENGLISH == set(), out
    assert "das Pflichtfeld 'definition' fehlt" in out
    assert "✗ 8 Fehler" in out or "Fehler" in out.splitlines()[-1]
    health = kpicat(root, "health", "--today", "2026-11-23")
    assert words(health) & ENGLISH == set(), health
    assert "Katalog-Gesundheit" in health
    explain = kpicat(root, "explain", "KC301")
    assert words(explain) & ENGLISH == set(), explain
    assert "Zwei KPIs berechnen dieselbe Formel" in explain


def test_lang_option_and_environment_override_the_catalogue(catalogue):
    root = catalogue("[de]")
    english = check_output(root, "--lang", "en")
    assert words(english) & GERMAN == set(), english
    from_env = check_output(root, env={"KPICAT_LANG": "en"})
    assert from_env == english
    # --lang wins over KPICAT_LANG
    german = check_output(root, "--lang", "de", env={"KPICAT_LANG": "en"})
    assert words(german) & ENGLISH == set(), german


def test_machine_formats_keep_english_keys_and_values(catalogue):
    import json

    root = catalogue("[de]")
    data = json.loads(kpicat(root, "check", "--format", "json", "--today", "2026-11-23"))
    severities = {d["severity"] for d in data["diagnostics"]}
    assert severities <= {"error", "warning", "info"}
    assert "das Pflichtfeld 'definition' fehlt" in {d["message"] for d in data["diagnostics"]}
    health = json.loads(kpicat(root, "health", "--format", "json", "--today", "2026-11-23"))
    assert health["rating"] in {"good", "fair", "poor"}
    assert health["rating_label"] in {"gut", "mittel", "kritisch"}


def test_help_speaks_the_language(catalogue):
    root = catalogue("[de]")
    german = kpicat(root, "check", "--help")
    assert "Jeden Eintrag prüfen" in german
    assert "Optionen" in german
    english = kpicat(root, "--lang", "en", "check", "--help")
    assert "Check every entry" in english


def test_clicks_own_errors_speak_the_catalogues_language(catalogue):
    """Click writes these while it parses the command line, before any command runs."""
    root = catalogue("[de]")
    for args, german in (
        (["check", "--nope"], "Die Option '--nope' gibt es nicht. Meinten Sie '--no-cache'?"),
        (["explain"], "Es fehlt das Argument 'CODE'."),
        (["check", "--format", "xx"], "Ungültiger Wert für '--format': 'xx' ist keiner"),
        (["nosuch"], "Den Befehl 'nosuch' gibt es nicht."),
    ):
        out = kpicat(root, *args)
        assert german in out, out
        assert "Aufruf: kpicat" in out and f"Fehler: {german}" in out, out
        assert words(out) & ENGLISH == set(), out
    english = kpicat(root, "--lang", "en", "check", "--nope")
    assert "Error: No such option '--nope'. Did you mean '--no-cache'?" in english
    assert "[Standard: text]" in kpicat(root, "check", "--help")


def test_version_speaks_the_catalogues_language(catalogue):
    """Click builds its --version message at import, before kpicat knows the language."""
    root = catalogue("[de]")
    assert kpicat(root, "--version").strip() == f"kpicat, Version {__version__}"
    assert kpicat(root, "--lang", "en", "--version").strip() == f"kpicat, version {__version__}"
    assert "--version       Die Version zeigen und beenden." in kpicat(root, "--help")


def test_numbers_in_messages_in_the_languages_convention(catalogue):
    root = catalogue("[de, en]")
    kpi = root / "catalogue" / "kpis" / "wachstum.yaml"
    long_formula = "umsatz + " * 300 + "umsatz"  # 2,706 characters, at most 2,000
    kpi.write_text(
        re.sub(r"(?m)^formula: .*$", f"formula: {long_formula}", kpi.read_text("utf-8")),
        encoding="utf-8",
    )
    german = kpicat(root, "check", "--today", "2026-11-23")
    assert "formula ist zu lang: 2.706 Zeichen, höchstens 2.000" in german
    english = kpicat(root, "--lang", "en", "check", "--today", "2026-11-23")
    assert "formula is too long: 2,706 characters, at most 2,000" in english


def test_issue_form_in_the_catalogues_first_language(tmp_path: Path):
    import yaml

    for first, second, theirs, others, name in (
        ("de", "en", GERMAN, ENGLISH, "Name der KPI"),
        ("en", "de", ENGLISH, GERMAN, "Name of the KPI"),
    ):
        root = tmp_path / first
        root.mkdir()
        # the tool speaks the other language; the form is the catalogue's
        out = kpicat(root, "--lang", second, "init", "--language", first, "--language", second)
        form_file = root / ".github" / "ISSUE_TEMPLATE" / "kpi-vorschlag.yml"
        assert form_file.is_file(), out
        form = yaml.safe_load(form_file.read_text(encoding="utf-8"))
        text = " ".join(
            [form["name"], form["description"]]
            + [
                str(value)
                for item in form["body"]
                for key, value in item["attributes"].items()
                if key in ("label", "description", "value")
            ]
        )
        assert words(text) & others == set(), (first, words(text) & others)
        assert words(text) & theirs, text
        labels = {item["id"]: item["attributes"]["label"] for item in form["body"] if "id" in item}
        assert labels["name"] == name
