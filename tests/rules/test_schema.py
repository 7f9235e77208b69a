"""Schema errors become plain sentences at the right line and column."""

from __future__ import annotations

from tests.conftest import write_entry


def only(result, code):
    found = [d for d in result.diagnostics if d.code == code]
    assert found, f"no {code} in {[(d.code, d.message) for d in result.diagnostics]}"
    return found


def test_minimal_catalogue_is_clean(catalogue_root, check):
    result = check(catalogue_root)
    assert [(d.code, d.message) for d in result.diagnostics] == []
    assert result.exit_code == 0


def test_enum_value_with_did_you_mean(catalogue_root, check):
    path = catalogue_root / "catalogue/kpis/umsatzwachstum.yaml"
    path.write_text(path.read_text().replace("nature: financial", "nature: finanziell"))
    (diag,) = only(check(catalogue_root), "KC012")
    assert diag.message == ("type.nature must be one of financial, non_financial, got 'finanziell'")
    assert diag.hint == "did you mean 'financial'?"
    assert (diag.file, diag.line, diag.column) == ("catalogue/kpis/umsatzwachstum.yaml", 6, 35)
    assert diag.entry == "umsatzwachstum"


def test_unknown_field_points_at_the_key(catalogue_root, check):
    path = catalogue_root / "catalogue/kpis/umsatzwachstum.yaml"
    path.write_text(path.read_text() + "fromula: x\n")
    (diag,) = only(check(catalogue_root), "KC014")
    assert diag.message == "unknown field 'fromula'"
    assert diag.hint == "did you mean 'formula'?"
    lines = path.read_text().splitlines()
    assert lines[diag.line - 1].startswith("fromula")
    assert diag.column == 1


def test_own_fields_with_x_prefix_are_accepted(catalogue_root, check):
    path = catalogue_root / "catalogue/kpis/umsatzwachstum.yaml"
    path.write_text(path.read_text() + "x_power_bi_id: 42\n")
    assert check(catalogue_root).diagnostics == []


def test_missing_field_points_at_its_mapping(catalogue_root, check):
    path = catalogue_root / "catalogue/kpis/umsatzwachstum.yaml"
    text = "\n".join(line for line in path.read_text().splitlines() if not line.startswith("unit"))
    path.write_text(text + "\n")
    (diag,) = only(check(catalogue_root), "KC011")
    assert diag.message == "missing required field 'unit'"
    assert (diag.line, diag.column) == (1, 1)
    assert diag.hint and diag.hint.startswith("add 'unit:'")


def test_missing_nested_field(catalogue_root, check):
    path = catalogue_root / "catalogue/kpis/umsatzwachstum.yaml"
    path.write_text(
        path.read_text().replace(
            "type: {indicator: output, nature: financial}", "type: {indicator: output}"
        )
    )
    (diag,) = only(check(catalogue_root), "KC011")
    assert diag.message == "missing required field 'type.nature'"
    assert (diag.line, diag.column) == (6, 7)


def test_wrong_type_with_quote_hint(catalogue_root, check):
    write_entry(
        catalogue_root, "owners/anna.yaml", "id: anna\nname: Anna\nkind: person\ncontact: 12345\n"
    )
    (diag,) = only(check(catalogue_root), "KC013")
    assert diag.message == "contact must be text, got the number 12345"
    assert diag.hint == 'put the value in quotes: "12345"'
    assert (diag.line, diag.column) == (4, 10)


def test_localized_text_explains_both_forms(catalogue_root, check):
    write_entry(catalogue_root, "terms/crm.yaml", "id: crm\nname: [a, b]\ndefinition: x\n")
    (diag,) = only(check(catalogue_root), "KC013")
    assert "name must be text, or a mapping of languages" in diag.message


def test_localized_text_bad_language_code(catalogue_root, check):
    write_entry(catalogue_root, "terms/crm.yaml", "id: crm\nname: {deutsch: CRM}\ndefinition: x\n")
    (diag,) = only(check(catalogue_root), "KC015")
    assert "'deutsch' is not allowed as a key in name" in diag.message
    assert (diag.line, diag.column) == (2, 8)


def test_invalid_id_and_date(catalogue_root, check):
    write_entry(
        catalogue_root,
        "terms/CRM.yaml",
        "id: CRM\nname: CRM\ndefinition: x\n",
    )
    path = catalogue_root / "catalogue/kpis/umsatzwachstum.yaml"
    path.write_text(path.read_text().replace('"2026-10-01"', "01.10.2026"))
    messages = [d.message for d in check(catalogue_root).diagnostics if d.code == "KC015"]
    assert any("id 'CRM' is not a valid id" in m for m in messages)
    assert any("last_reviewed '01.10.2026' is not a date" in m for m in messages)


def test_a_date_written_without_quotes_is_still_text(catalogue_root, check):
    path = catalogue_root / "catalogue/kpis/umsatzwachstum.yaml"
    path.write_text(path.read_text().replace('"2026-10-01"', "2026-10-01"))
    assert check(catalogue_root).diagnostics == []


def test_non_mapping_file(catalogue_root, check):
    write_entry(catalogue_root, "terms/liste.yaml", "- a\n- b\n")
    (diag,) = only(check(catalogue_root), "KC013")
    assert "one mapping of fields" in diag.message


def test_unknown_category_lists_configured_ones(catalogue_root, check):
    path = catalogue_root / "catalogue/kpis/umsatzwachstum.yaml"
    path.write_text(path.read_text().replace("category: revenue", "category: revenu"))
    (diag,) = only(check(catalogue_root), "KC012")
    assert diag.message == "category must be one of revenue, customer, activity, got 'revenu'"
    assert diag.hint == "did you mean 'revenue'?"


def test_categories_can_be_extended_in_config(catalogue_root, check):
    (catalogue_root / "kpicat.yaml").write_text(
        "languages: [de, en]\ncategories: {quality: Qualität}\n"
    )
    path = catalogue_root / "catalogue/kpis/umsatzwachstum.yaml"
    path.write_text(path.read_text().replace("category: revenue", "category: quality"))
    assert [d.code for d in check(catalogue_root).diagnostics] == []
