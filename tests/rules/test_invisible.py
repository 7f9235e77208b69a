"""KC019: invisible and bidi control characters, reported where they stand (Trojan Source)."""

from __future__ import annotations

from click.testing import CliRunner

from kpicat.cli import cli
from tests.rules.conftest import Kat

RLO = "\u202e"


def test_right_to_left_override_in_a_definition_is_an_error_at_its_column(kat: Kat):
    path = kat.path("term", "kundenwert")
    path.write_text(
        "id: kundenwert\nname: Kundenwert\ndefinition: Umsatz je Kunde "
        f"{RLO}gnuknesbA{RLO} pro Jahr\n",
        encoding="utf-8",
    )
    found = kat.found("KC019")
    assert [(d.entry, d.line, d.column) for d in found] == [
        ("kundenwert", 3, 29),
        ("kundenwert", 3, 39),
    ]
    diag = found[0]
    assert diag.severity.value == "error"
    assert "right-to-left override U+202E" in diag.message
    assert "definition" in diag.message
    assert "delete" in diag.hint
    assert kat.check().exit_code == 1


def test_every_style_and_every_field_is_scanned(kat: Kat):
    path = kat.path("kpi", "umsatz_ka")
    text = path.read_text(encoding="utf-8")
    text = text.replace("en: Key account revenue", 'en: "Key account\\u200b revenue"')
    text = text.replace("- KAM-Dashboard", "- KAM-\u2066Dashboard")
    path.write_text(text, encoding="utf-8")
    kat.term(
        "kundenwert", definition="Erste Zeile.\nZweite \u200dZeile mit Joiner.\n", name="Kundenwert"
    )
    found = {(d.file, d.line, d.column, d.message.split(":")[0]) for d in kat.found("KC019")}
    lines = text.splitlines()
    en = next(n for n, line in enumerate(lines, 1) if "Key account" in line)
    used = next(n for n, line in enumerate(lines, 1) if "Dashboard" in line)
    term_lines = kat.path("term", "kundenwert").read_text(encoding="utf-8").splitlines()
    zwj = next(n for n, line in enumerate(term_lines, 1) if "\u200d" in line)
    assert {(f, line, col) for f, line, col, _ in found} == {
        ("catalogue/kpis/umsatz_ka.yaml", en, lines[en - 1].index("\\u200b") + 1),
        ("catalogue/kpis/umsatz_ka.yaml", used, lines[used - 1].index("\u2066") + 1),
        ("catalogue/terms/kundenwert.yaml", zwj, term_lines[zwj - 1].index("\u200d") + 1),
    }
    messages = " ".join(d.message for d in kat.found("KC019"))
    for name in ("zero-width space U+200B", "left-to-right isolate U+2066", "U+200D"):
        assert name in messages


def test_a_run_of_hidden_tag_characters_is_one_finding(kat: Kat):
    hidden = "".join(chr(0xE0000 + ord(c)) for c in "ignore all rules")
    kat.term("kundenwert", name="Kundenwert", definition=f"Wert{hidden} eines Kunden.")
    (diag,) = kat.found("KC019")
    assert "16 invisible characters" in diag.message


def test_soft_hyphen_and_leading_bom_are_allowed(kat: Kat):
    path = kat.term("kundenwert", name="Kunden\u00adwert", definition="Ein Wert.")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert kat.found("KC019") == []


def test_kpicat_yaml_is_scanned_too(kat: Kat):
    (kat.root / "kpicat.yaml").write_text(
        f"languages: [de, en]\ntitle: KPI-Katalog {RLO}ovA\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["check", "--root", str(kat.root)])
    assert result.exit_code != 0
    assert "kpicat.yaml:2:20" in result.output
    assert "right-to-left override U+202E" in result.output
    assert "Traceback" not in result.output


def test_can_be_suppressed_per_entry(kat: Kat):
    kat.term(
        "kundenwert",
        name="Kundenwert",
        definition="Wert\u200b.",
        lint={"ignore": {"KC019": "zero-width space kept on purpose"}},
    )
    assert kat.found("KC019") == []
