"""Click help in the language kpicat speaks, translated when it is shown (never at import).

Commands are imported before ``--lang`` is parsed or kpicat.yaml is read, so their help
stays the English msgid in the code (Babel extracts docstrings and ``help=`` texts, see
kpicat.core.i18n_extract) and :func:`localize` swaps in the translation just in time.
Click's own words (errors such as "No such option", Usage, ``[default: …]``) come from
the ``click`` catalogue (:func:`speak_click`); the few Click texts made at import time
(the --version help) go through the help formatter, and :func:`version_option` prints
its message in the language of the moment.
"""

from __future__ import annotations

import gettext as _stdlib_gettext
import inspect
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

import click

from kpicat.core.i18n import _, current_language, translations

CLICK_DOMAIN = "click"
FC = TypeVar("FC", bound=Callable[..., object] | click.Command)
# Click's texts made once at import (the --version option's help), translated when shown
IMPORT_TIME_TEXTS = ("Show the version and exit.",)
_SOURCE = "_kpicat_english_help"


def click_gettext(message: str) -> str:
    """One of Click's messages in the current language."""
    return translations(current_language(), CLICK_DOMAIN).gettext(message)


def click_ngettext(singular: str, plural: str, count: int) -> str:
    """One of Click's plural messages in the current language."""
    return translations(current_language(), CLICK_DOMAIN).ngettext(singular, plural, count)


def speak_click() -> None:
    """Click's own messages in kpicat's language from now on.

    Click translates with the standard library's ``gettext``, imported by name into each
    of its modules, which reads the language from LANGUAGE/LC_ALL/LANG. Rebinding those
    names is the one hook that leaves the environment alone (git and other programs
    kpicat starts must keep speaking the way their output is parsed).
    """
    for name, module in tuple(sys.modules.items()):
        if name != "click" and not name.startswith("click."):
            continue
        if getattr(module, "_", None) is _stdlib_gettext.gettext:
            module._ = click_gettext  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) is _stdlib_gettext.ngettext:
            module.ngettext = click_ngettext  # type: ignore[attr-defined]


def version_option(version: str, prog_name: str) -> Callable[[FC], FC]:
    """Click's ``--version``, its message translated when printed: Click's own option
    translates the message once at import, before kpicat knows the language."""

    def show(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
        if not value or ctx.resilient_parsing:
            return
        message = click_gettext("%(prog)s, version %(version)s")
        click.echo(message % {"prog": prog_name, "package": prog_name, "version": version})
        ctx.exit()

    return click.option(
        "--version",
        is_flag=True,
        is_eager=True,
        expose_value=False,
        callback=show,
        help=IMPORT_TIME_TEXTS[0],
    )


class Formatter(click.HelpFormatter):
    """Click's help layout with the texts Click made at import time translated."""

    def write_dl(self, rows: Sequence[tuple[str, str]], *args: int, **kwargs: int) -> None:
        shown = [
            (term, click_gettext(text) if text in IMPORT_TIME_TEXTS else text)
            for term, text in rows
        ]
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

    try:
        found = root if root is not None else find_root(Path.cwd())
        if found is not None and found.is_dir():
            load_config(found)
    except OSError:  # a working folder deleted or unreadable: the command itself says so
        return
