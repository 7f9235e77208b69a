"""Every pitfall of YAML that the strict loader must turn into a clear error."""

from __future__ import annotations

import pytest

from kpicat.load import LoadError, load_bytes
from kpicat.load.strict_yaml import Limits, resolve_plain


def load(text: str | bytes, limits: Limits | None = None):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return load_bytes(raw, "x.yaml", limits) if limits else load_bytes(raw, "x.yaml")


def error(text: str | bytes, limits: Limits | None = None) -> LoadError:
    with pytest.raises(LoadError) as info:
        load(text, limits)
    return info.value


def test_duplicate_key_names_both_lines():
    err = error("id: a\nname: x\nid: b\n")
    assert err.code == "KC002"
    assert (err.line, err.column) == (3, 1)
    assert err.related == ((1, 1),)
    assert "first at line 1" in err.message


def test_duplicate_key_in_nested_mapping():
    err = error("type:\n  nature: financial\n  nature: non_financial\n")
    assert (err.code, err.line, err.column) == ("KC002", 3, 3)


@pytest.mark.parametrize("key", ["1", "true", "null", "~", "[a, b]", "{a: b}", "3.5"])
def test_non_string_keys_are_rejected(key):
    err = error(f"{key}: value\n")
    assert err.code == "KC003"
    assert (err.line, err.column) == (1, 1)


def test_quoted_numeric_key_is_text():
    assert load("'1': value\n").data == {"1": "value"}


def test_multiple_documents_are_rejected():
    err = error("id: a\n---\nid: b\n")
    assert err.code == "KC004"
    assert err.line == 2


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "y", "n", "Yes", "NO"])
def test_yaml11_booleans_stay_text(word):
    assert load(f"a: {word}\n").data == {"a": word}


def test_dates_stay_text_and_numbers_are_numbers():
    data = load("d: 2026-09-15\ni: 12\nf: 2.5\nn: null\nb: true\nneg: -3\nh: 0x1F\n").data
    assert data == {"d": "2026-09-15", "i": 12, "f": 2.5, "n": None, "b": True, "neg": -3, "h": 31}


def test_special_floats_are_refused_not_read_as_text():
    """YAML 1.2 reads .inf/.nan as floats elsewhere: kpicat refuses them (KC021), so no
    reader of the file sees infinity, and no reader sees text where another sees a number."""
    for text in (".inf", "-.Inf", ".nan", ".NAN"):
        err = error(f"a: {text}")
        assert (err.code, err.line, err.column) == ("KC021", 1, 4)
        assert "quotes" in (err.hint or "")
    assert resolve_plain("inf") == "inf"  # a plain word, not a YAML number


def test_file_size_is_capped_before_parsing():
    err = error(b"a: " + b"x" * 2_000, Limits(max_bytes=1_000))
    assert err.code == "KC005"
    assert "2,003 bytes" in err.message


def test_deep_flow_nesting_is_an_error_not_a_crash():
    # Which layer stops 200,000 brackets first depends on the libyaml build (0.2.6 caps flow
    # nesting at 1,000 levels itself); the contract is one positioned error, not a crash.
    err = error("a: " + "[" * 200_000)
    assert err.line == 1
    assert err.column >= 1


def test_flow_nesting_over_the_cap_is_reported_by_kpicat():
    err = error("a: " + "[" * 40 + "]" * 40 + "\n")
    assert err.code == "KC006"
    assert (err.line, err.column) == (1, 35)  # the 32nd bracket is level 33


def test_deep_block_nesting_is_an_error_not_a_crash():
    err = error("- " * 50_000 + "x\n")
    assert err.code == "KC006"


def test_deep_mapping_nesting_reports_where():
    text = "".join("  " * i + f"k{i}:\n" for i in range(40)) + "  " * 40 + "v\n"
    err = error(text)
    assert err.code == "KC006"
    assert err.line == 33


def test_alias_expansion_is_capped():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    err = error("\n".join(lines) + "\n")
    assert err.code == "KC007"


def test_small_aliases_are_fine():
    assert load("a: &x [1, 2]\nb: *x\n").data == {"a": [1, 2], "b": [1, 2]}


def test_invalid_utf8_has_a_position():
    err = error("id: ok\nname: Gr\xfc\xdfe\n".encode("latin-1"))
    assert err.code == "KC008"
    assert (err.line, err.column) == (2, 9)
    assert "0xfc" in err.message


def test_utf8_bom_is_accepted():
    assert load(b"\xef\xbb\xbfid: abc\n").data == {"id": "abc"}


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object:os.system x\n",
        "a: !!binary aGVsbG8=\n",
        "a: !custom 1\n",
        "a: !!float 1\n",
    ],
)
def test_tags_are_rejected(text):
    err = error(text)
    assert err.code == "KC009"
    assert (err.line, err.column) == (1, 4)


def test_syntax_error_has_position_and_hint():
    err = error("id: a\ndefinition: Anteil: Aufträge\n")
    assert err.code == "KC001"
    assert err.line == 2
    assert err.hint and "quotes" in err.hint


def test_tab_indentation_is_a_syntax_error():
    err = error("type:\n\tnature: financial\n")
    assert err.code == "KC001"
    assert err.line == 2


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n"])
def test_empty_file(text):
    assert error(text).code == "KC001"


def test_control_characters_are_a_clear_error():
    err = error("a: b\x00c\n")
    assert err.code == "KC001"
    assert err.line == 1


def test_positions_of_keys_and_values():
    doc = load("id: abc\ntype:\n  indicator: input\nlist:\n  - x\n  - {a: 1}\n")
    pos = doc.positions
    assert pos.value(("id",)) == (1, 5)
    assert pos.key(("type", "indicator")) == (3, 3)
    assert pos.value(("type", "indicator")) == (3, 14)
    assert pos.value(("list", 1, "a")) == (6, 9)
    # a missing path falls back to its nearest ancestor
    assert pos.value(("type", "missing")) == pos.value(("type",))


@pytest.mark.parametrize(
    ("text", "offset", "expected"),
    [
        ("formula: a + bb\n", 4, (1, 14)),
        ("formula: 'a + bb'\n", 4, (1, 15)),
        ("formula: |\n  a +\n  bb\n", 4, (3, 3)),
        ("formula: >\n  a +\n  bb\n", 4, (3, 3)),
        ("formula:\n  a +\n  bb\n", 4, (3, 3)),
    ],
)
def test_offsets_inside_scalars_map_to_file_positions(text, offset, expected):
    doc = load(text)
    assert doc.data["formula"].replace("\n", " ").strip()[offset] == "b"
    assert doc.offset_position(("formula",), offset) == expected


def test_umlauts_keep_columns_in_characters():
    doc = load("name: Größe\nunit: EUR\n")
    assert doc.positions.value(("unit",)) == (2, 7)
