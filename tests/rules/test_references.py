"""Reference integrity: every id resolves to an entry of the right kind."""

from __future__ import annotations

import pytest

from tests.conftest import write_entry


def found(result, code):
    return [d for d in result.diagnostics if d.code == code]


@pytest.mark.parametrize(
    ("rel", "old", "new", "field"),
    [
        ("kpis/umsatzwachstum.yaml", "kra: vertrieb", "kra: vertreib", "kra"),
        ("kpis/umsatzwachstum.yaml", "owner: kam_team", "owner: kam_teem", "owner"),
        ("kras/vertrieb.yaml", "owner: kam_team", "owner: kam_teem", "owner"),
        ("measures/umsatz.yaml", "owner: kam_team", "owner: kam_teem", "owner"),
        (
            "terms/key_account.yaml",
            "related: [umsatz_pro_account]",
            "related: [umsatz_pro_acount]",
            "related[0]",
        ),
    ],
)
def test_dangling_reference_with_did_you_mean(catalogue_root, check, rel, old, new, field):
    path = catalogue_root / "catalogue" / rel
    path.write_text(path.read_text().replace(old, new))
    (diag,) = found(check(catalogue_root), "KC101")
    assert diag.message.startswith(f"{field} names")
    assert diag.hint and diag.hint.startswith("did you mean")
    line = path.read_text().splitlines()[diag.line - 1]
    assert line[diag.column - 1 :].startswith(new.split(": ")[1].strip("[]"))


def test_term_kpi_and_replaced_by(catalogue_root, check):
    write_entry(
        catalogue_root,
        "terms/churn.yaml",
        "id: churn\nname: Churn\ndefinition: x\nkpi: churn_rate\n",
    )
    path = catalogue_root / "catalogue/kpis/umsatzwachstum.yaml"
    path.write_text(
        path.read_text().replace("status: active", "status: deprecated\nreplaced_by: nix_da")
    )
    messages = sorted(d.message for d in found(check(catalogue_root), "KC101"))
    assert messages == [
        "kpi names 'churn_rate', but there is no KPI with that id",
        "replaced_by names 'nix_da', but there is no KPI with that id",
    ]


def test_wrong_kind_reference(catalogue_root, check):
    path = catalogue_root / "catalogue/kpis/umsatzwachstum.yaml"
    path.write_text(path.read_text().replace("owner: kam_team", "owner: vertrieb"))
    (diag,) = found(check(catalogue_root), "KC102")
    assert (
        diag.message == "owner must name a owner, but 'vertrieb' is a KRA"
        or "is a KRA" in diag.message
    )
    assert diag.related[0].entry == "vertrieb"


def test_duplicate_id_across_kinds(catalogue_root, check):
    write_entry(catalogue_root, "terms/umsatz.yaml", "id: umsatz\nname: Umsatz\ndefinition: x\n")
    (diag,) = found(check(catalogue_root), "KC017")
    assert diag.file == "catalogue/terms/umsatz.yaml"
    assert diag.related[0].file == "catalogue/measures/umsatz.yaml"


def test_id_must_equal_file_stem(catalogue_root, check):
    write_entry(catalogue_root, "terms/crm.yaml", "id: crm_system\nname: CRM\ndefinition: x\n")
    (diag,) = found(check(catalogue_root), "KC016")
    assert (diag.line, diag.column) == (1, 5)
    assert "crm_system.yaml" in diag.hint


def test_stray_files_are_reported(catalogue_root, check):
    write_entry(catalogue_root, "kpis/notiz.txt", "hallo")
    write_entry(catalogue_root, "kpis/alt.yml", "id: alt\n")
    write_entry(catalogue_root, "kpi/x.yaml", "id: x\n")
    write_entry(catalogue_root, "readme.yaml", "id: x\n")
    result = check(catalogue_root)
    stray = {d.file: d.hint for d in found(result, "KC018")}
    assert set(stray) == {
        "catalogue/kpis/notiz.txt",
        "catalogue/kpis/alt.yml",
        "catalogue/kpi",
        "catalogue/readme.yaml",
    }
    assert stray["catalogue/kpis/alt.yml"] == "rename it to alt.yaml"
    assert "did you mean catalogue/kpis/" in stray["catalogue/kpi"]
    assert result.exit_code == 0  # strays are warnings


def test_self_reference_is_a_warning(catalogue_root, check):
    path = catalogue_root / "catalogue/terms/key_account.yaml"
    path.write_text(
        path.read_text().replace("[umsatz_pro_account]", "[umsatz_pro_account, key_account]")
    )
    (diag,) = found(check(catalogue_root), "KC103")
    assert diag.severity.value == "warning"


def test_suppression_needs_a_match(catalogue_root, check):
    path = catalogue_root / "catalogue/terms/key_account.yaml"
    path.write_text(path.read_text() + 'lint:\n  ignore:\n    KC103: "Beispiel"\n')
    (diag,) = found(check(catalogue_root), "KC502")
    assert "KC103" in diag.message
    path.write_text(
        path.read_text().replace("[umsatz_pro_account]", "[umsatz_pro_account, key_account]")
    )
    result = check(catalogue_root)
    assert found(result, "KC103") == []
    assert found(result, "KC502") == []


def test_rule_levels_from_config(catalogue_root, check):
    write_entry(catalogue_root, "kpis/notiz.txt", "hallo")
    (catalogue_root / "kpicat.yaml").write_text("rules: {stray-file: error}\n")
    result = check(catalogue_root)
    assert [d.severity.value for d in found(result, "KC018")] == ["error"]
    assert result.exit_code == 1
    (catalogue_root / "kpicat.yaml").write_text("rules: {KC018: off}\n")
    assert found(check(catalogue_root), "KC018") == []


def test_bad_config_is_exit_2(catalogue_root, check):
    (catalogue_root / "kpicat.yaml").write_text("langauges: [de]\nrules: {KC9999: off}\n")
    result = check(catalogue_root)
    assert result.exit_code == 2
    (diag,) = [d for d in result.diagnostics if d.code == "KC014"]
    assert diag.hint == "did you mean 'languages'?"
    assert diag.file == "kpicat.yaml"


def test_unknown_rule_in_config(catalogue_root, check):
    (catalogue_root / "kpicat.yaml").write_text("rules: {stray-fiel: off}\n")
    result = check(catalogue_root)
    assert result.exit_code == 2
    assert result.diagnostics[0].hint == "did you mean 'stray-file'?"


def test_symlinks_are_not_followed(catalogue_root, check, tmp_path_factory):
    secret = tmp_path_factory.mktemp("outside") / "secret.yaml"
    secret.write_text("id: geheim\npassword: hunter2\n")
    (catalogue_root / "catalogue/terms/geheim.yaml").symlink_to(secret)
    result = check(catalogue_root)
    (diag,) = found(result, "KC020")
    assert diag.file == "catalogue/terms/geheim.yaml"
    assert diag.severity.value == "error"
    assert "symbolic links" in diag.hint
    assert "hunter2" not in str(result.diagnostics)
    assert result.catalogue.get("geheim") is None


@pytest.mark.parametrize("text", ["", "# nur Kommentare\n"])
def test_empty_config_means_defaults(catalogue_root, check, text):
    (catalogue_root / "kpicat.yaml").write_text(text)
    result = check(catalogue_root)
    assert result.exit_code == 0
    assert result.catalogue.config.languages == ("de",)
