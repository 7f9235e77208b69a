"""Click help in the language kpicat speaks, translated when it is shown (never at import).

Commands are imported before ``--lang`` is parsed or kpicat.yaml is read, so their help
stays the English msgid in the code (Babel extracts docstrings and ``help=`` texts, see
kpicat.core.i18n_extract) and :func:`localize` swaps in the translation just in time.
Click's own words (Usage, Options, the --help text) go through the same catalogue via
the help formatter, the extension point Click offers for this.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Sequence
from pathlib import Path

import click

from kpicat.core.i18n import N_, _

# Click's own texts that kpicat's help shows (msgids of our catalogue, too)
CLICK_TEXTS = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Arguments"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
)
_SOURCE = "_kpicat_english_help"


class Formatter(click.HelpFormatter):
    """Click's help layout with Click's own words translated."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, f"{_('Usage:')} " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_(heading))

    def write_dl(self, rows: Sequence[tuple[str, str]], *args: int, **kwargs: int) -> None:
        texts = set(CLICK_TEXTS)
        shown = [(term, _(text) if text in texts else text) for term, text in rows]
        super().write_dl(shown, *args, **kwargs)


class Context(click.Context):
    formatter_class = Formatter


def localize(command: click.Command) -> click.Command:
    """Put the current language's help texts on ``command`` and its options."""
    command.context_class = Context
    _swap(command, ("help", "short_help"))
    for param in command.params:
        _swap(param, ("help",))
    return command


def _swap(item: object, names: Iterable[str]) -> None:
    english = item.__dict__.setdefault(_SOURCE, {})
    for name in names:
        if name not in english:
            english[name] = getattr(item, name, None)
        text = english[name]
        if isinstance(text, str) and text.strip():
            setattr(item, name, _(inspect.cleandoc(text)) if name != "help" else _help(text))


def _help(text: str) -> str:
    """A docstring is extracted cleaned (inspect.cleandoc), an option's help as written."""
    cleaned = inspect.cleandoc(text)
    translated = _(cleaned)
    return translated if translated != cleaned else _(text)


def speak_catalogue_language(root: Path | None = None) -> None:
    """Commands that read no catalogue (help, rules, explain) still speak its language."""
    from kpicat.check import load_config
    from kpicat.load.files import find_root

    found = root if root is not None else find_root(Path.cwd())
    if found is not None and found.is_dir():
        load_config(found)
