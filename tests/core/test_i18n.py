"""kpicat's message catalogues: complete in German and English, compiled, current."""

from __future__ import annotations

import io
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from kpicat.core import i18n

REPO = Path(__file__).resolve().parents[2]
LOCALES = REPO / "kpicat" / "locale"
LANGUAGES = ("de", "en")
# kpicat's own messages, and Click's (errors, [default: ...]) with at least this many each
DOMAINS = {"kpicat": 500, "click": 50}
CATALOGUES = [(language, domain) for domain in DOMAINS for language in LANGUAGES]


def catalogue(language: str, domain: str = "kpicat"):
    with (LOCALES / language / "LC_MESSAGES" / f"{domain}.po").open("rb") as handle:
        return read_po(handle, locale=language)


def forms(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


def fields(text: str) -> set[str]:
    """The str.format fields of a message; literal braces ({{ }}) are none."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.fixture(autouse=True)
def _restore_language():
    yield
    i18n.set_override(None)
    i18n.use_catalogue_languages(None)


@pytest.mark.parametrize(("language", "domain"), CATALOGUES)
def test_every_message_is_translated(language, domain):
    messages = [m for m in catalogue(language, domain) if m.id]
    assert len(messages) > DOMAINS[domain]
    untranslated = [m.id for m in messages if not all(forms(m.string))]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert untranslated == [], f"{language}: {len(untranslated)} without msgstr"
    assert fuzzy == []


@pytest.mark.parametrize(("language", "domain"), CATALOGUES)
def test_translations_keep_the_placeholders(language, domain):
    """A translation that drops or renames {field} would raise KeyError at .format()."""
    wrong = []
    for message in catalogue(language, domain):
        if not message.id:
            continue
        wanted = set().union(*(fields(i) for i in forms(message.id)))
        for text in forms(message.string):
            if fields(text) - wanted or (
                not isinstance(message.id, tuple) and fields(text) != wanted
            ):
                wrong.append((message.id, text))
    assert wrong == []


@pytest.mark.parametrize(("language", "domain"), CATALOGUES)
def test_compiled_catalogue_matches_its_po_file(language, domain):
    """The .mo files are committed (an install from git needs no compile step)."""
    compiled = io.BytesIO()
    write_mo(compiled, catalogue(language, domain))
    mo = LOCALES / language / "LC_MESSAGES" / f"{domain}.mo"
    assert mo.read_bytes() == compiled.getvalue(), "run `make translations` and commit"


def test_catalogues_hold_exactly_the_messages_in_the_code():
    """A new _() text without `make translations` fails here, not in front of a user."""
    method_map = [
        ("kpicat/**.py", "kpicat.core.i18n_extract.extract_python"),
        ("kpicat/schemas/*.schema.json", "kpicat.core.i18n_extract.extract_schema"),
    ]
    in_code = {message[2] for message in extract_from_dir(str(REPO), method_map)}
    in_code = {m if isinstance(m, str) else tuple(m) for m in in_code}
    for language in LANGUAGES:
        in_po = {m.id for m in catalogue(language) if m.id}
        assert in_code - in_po == set(), f"{language}: not yet in the catalogue"
        assert in_po - in_code == set(), f"{language}: no longer in the code"


def test_click_catalogue_holds_the_messages_of_the_installed_click():
    """A Click upgrade with new or changed messages fails here: `make translations`."""
    import click

    method_map = [("**.py", "python")]
    in_click = {m[2] for m in extract_from_dir(str(Path(click.__file__).parent), method_map)}
    in_click = {m if isinstance(m, str) else tuple(m) for m in in_click}
    for language in LANGUAGES:
        in_po = {m.id for m in catalogue(language, "click") if m.id}
        assert in_click - in_po == set(), f"{language}: not yet in click.po"
        assert in_po - in_click == set(), f"{language}: no longer in Click"


def test_language_order_is_option_then_environment_then_catalogue(monkeypatch):
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    i18n.use_catalogue_languages(["de", "en"])
    assert i18n.current_language() == "de"
    monkeypatch.setenv(i18n.ENV_VAR, "en")
    assert i18n.current_language() == "en"
    i18n.set_override("de")
    assert i18n.current_language() == "de"
    i18n.set_override(None)
    monkeypatch.setenv(i18n.ENV_VAR, "de_DE.UTF-8")
    assert i18n.current_language() == "de"


def test_a_language_without_catalogue_speaks_english(monkeypatch):
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    i18n.use_catalogue_languages(["fr", "de"])
    assert i18n.current_language() == "en"
    assert i18n.gettext("the file is empty") == "the file is empty"
    i18n.use_catalogue_languages(["de"])
    assert i18n.gettext("the file is empty") == "die Datei ist leer"


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        ("de", "nimmt 1 Argument,", "nimmt 2 Argumente,"),
        ("en", "takes 1 argument,", "takes 2 arguments,"),
    ],
)
def test_plural_forms_for_one_and_two(monkeypatch, language, one, two):
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    i18n.set_override(language)
    singular = "{name}() takes {arity} argument, as in {signature}; got {count}"
    plural = "{name}() takes {arity} arguments, as in {signature}; got {count}"
    for count, expected in ((1, one), (2, two)):
        text = i18n.ngettext(singular, plural, count).format(
            name="prev", arity=count, signature="prev(x)", count=0
        )
        assert expected in text


def test_rule_documentation_translates_prose_and_keeps_examples(monkeypatch):
    from kpicat.rules.registry import lookup

    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    rule = lookup("KC501")
    assert rule is not None
    i18n.set_override("en")
    english = rule.local_doc()
    i18n.set_override("de")
    german = rule.local_doc()
    assert english == rule.doc
    assert german.startswith("Ein Platzhalter von `kpicat new` steht noch im Eintrag.")
    assert "Schlecht:" in german
    assert "Gut:" in german
    # the YAML of the examples is the same in both languages
    assert [line for line in german.splitlines() if line.startswith("    ")] == [
        line for line in english.splitlines() if line.startswith("    ")
    ]
    assert rule.local_summary() == "Ein Platzhalter von `kpicat new` steht noch im Eintrag."


def test_speaking_a_language_for_a_block(monkeypatch):
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    i18n.use_catalogue_languages(["en"])
    with i18n.speaking("de"):
        assert i18n.gettext("the file is empty") == "die Datei ist leer"
    assert i18n.gettext("the file is empty") == "the file is empty"


def test_no_function_hides_gettext_behind_a_local_underscore():
    """``_, x = ...`` in a function that also calls ``_("...")`` makes ``_`` the tuple's item."""
    import ast

    wrong = []
    for path in sorted((REPO / "kpicat").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            nodes = list(ast.walk(func))
            binds = any(
                isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store)
                for n in nodes
            )
            calls = any(
                isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_"
                for n in nodes
            )
            if binds and calls:
                wrong.append(f"{path.relative_to(REPO)}:{func.lineno} {func.name}")
    assert wrong == []


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize(
    "value", [0, 7, 999, 1234, 12000, 1_000_000, 10**15, 0.5, 0.52, 12000.5, 1234.5678, -2500.25]
)
def test_numbers_in_messages_as_babel_writes_them(language, value):
    """Counts and limits read 12.000 in German (12,000 would be twelve there)."""
    from babel.numbers import format_decimal

    with i18n.speaking(language):
        assert i18n.format_number(value) == format_decimal(value, locale=language)
        assert i18n.format_number(0.6234, 2) == format_decimal(0.6234, "0.00", locale=language)


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize(
    "day", ["2026-09-15", "2026-01-01", "2024-02-29", "1999-12-31", "2026-05-03"]
)
def test_dates_in_messages_as_babel_writes_them(language, day):
    """15.09.2026 and Sep 15, 2026: Babel's medium date, without Babel at run time."""
    import datetime as dt

    from babel.dates import format_date

    value = dt.date.fromisoformat(day)
    with i18n.speaking(language):
        assert i18n.format_date(value) == format_date(value, "medium", locale=language)
