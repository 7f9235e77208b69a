"""The ``kpicat`` command line: thin Click commands wiring the modules together."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import ClassVar

import click

from kpicat import __version__
from kpicat.cli.localized import (
    Context,
    localize,
    speak_catalogue_language,
    speak_click,
    version_option,
)
from kpicat.cli.options import (
    output_option,
    parse_today,
    resolve_root,
    root_option,
    today_option,
    write_output,
)
from kpicat.core.i18n import _, available_languages, set_override
from kpicat.infra.collector import collector_paused, no_collection_at_exit
from kpicat.report import FORMATS


class LazyGroup(click.Group):
    """Imports a command's module only when that command runs (or --help lists it).

    `kpicat check` runs on every commit; it should not pay for importing
    MkDocs, Jinja2 or git plumbing it never uses.
    """

    context_class = Context
    lazy: ClassVar[dict[str, str]] = {
        "build": "kpicat.cli.site:build_command",
        "serve": "kpicat.cli.site:serve_command",
        "render": "kpicat.cli.site:render_command",
        "diff": "kpicat.cli.workflow:diff",
        "new": "kpicat.cli.workflow:new",
        "codeowners": "kpicat.cli.workflow:codeowners",
        "health": "kpicat.cli.health:health",
        "export": "kpicat.cli.interop:export_command",
        "import": "kpicat.cli.interop:import_command",
        "init": "kpicat.cli.adopt:init_command",
        "schema": "kpicat.cli.adopt:schema_command",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            module_name, _sep, attribute = self.lazy[cmd_name].partition(":")
            command = getattr(importlib.import_module(module_name), attribute)
            self.add_command(command, cmd_name)
        found = super().get_command(ctx, cmd_name)
        if found is not None and _HELP & set(sys.argv[1:]):
            speak_catalogue_language()
            localize(found)
        return found

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        speak_catalogue_language()
        localize(self)
        super().format_help(ctx, formatter)


_HELP = {"-h", "--help"}


def _set_language(_ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    set_override(value)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@version_option(__version__, prog_name="kpicat")
@click.option(
    "--lang",
    type=click.Choice(available_languages()),
    default=None,
    is_eager=True,
    expose_value=False,
    callback=_set_language,
    help=(
        "Language of messages, reports and help (default: KPICAT_LANG, else "
        "the first of languages in kpicat.yaml). JSON and SARIF keys and "
        "values stay English."
    ),
)
def cli() -> None:
    """Business glossary and KPI catalogue as code.

    Check the catalogue, review changes, and build the website.
    """


@cli.command()
@root_option
@today_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@output_option()
@click.option(
    "--base",
    metavar="REV",
    default=None,
    help=(
        "git revision the pull request starts from: findings about a pair of "
        "entries (such as a duplicate formula) land on the one changed since "
        "REV, and with --format github, findings in changed files are "
        "annotated first."
    ),
)
@click.option(
    "--no-cache",
    is_flag=True,
    help=(
        "neither read nor write the warm cache (.kpicat_cache/ in the "
        "catalogue root, or KPICAT_CACHE_DIR); the result is the same, only "
        "slower."
    ),
)
@click.option(
    "-v", "--verbose", is_flag=True, help=("also say how the check ran (cache, helper process).")
)
def check(
    root: Path | None,
    today: str | None,
    fmt: str,
    output: Path | None,
    base: str | None,
    no_cache: bool,
    verbose: bool,
) -> None:
    """Check every entry: schema, references, formulas, consistency and bloat.

    Unchanged files are not parsed again, and an unchanged catalogue is not
    checked again: results are kept in .kpicat_cache/ (see --no-cache).

    Exit code 0: no errors (warnings allowed); 1: errors; 2: usage or
    configuration error.
    """
    from kpicat.check import run_check
    from kpicat.infra.git import GitError
    from kpicat.report import REPORTERS

    # the report is built from the same million objects; then the process ends
    with collector_paused(then_freeze=True):
        try:
            result = run_check(
                resolve_root(root),
                today=parse_today(today),
                base=base,
                cache=not no_cache,
                lean=True,
            )
        except GitError as error:
            click.echo(_("kpicat check --base: {error}").format(error=error), err=True)
            sys.exit(2)
        if base is not None and fmt == "github":
            from kpicat.infra.git import changed_since
            from kpicat.report import from_repository_root, github

            files = sorted({d.file for d in result.diagnostics})
            changed = changed_since(result.root, base, files)
            rooted, prefix = from_repository_root(result)
            text = github.render(rooted, {prefix + f for f in changed})
        else:
            text = REPORTERS[fmt](result)
        if verbose:
            for note in result.notes:
                click.echo(_("kpicat check: {note}").format(note=note), err=True)
        if output is not None:
            # only the text report is styled; unstyling 10 MB of JSON took 0.3 s
            write_output(output, (click.unstyle(text) if "\x1b" in text else text) + "\n")
        else:
            click.echo(text)
        sys.exit(result.exit_code)


@cli.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def list_rules(fmt: str) -> None:
    """List every rule: code, name, default level and summary."""
    import json

    from kpicat.rules.registry import all_rules

    speak_catalogue_language()
    rules = all_rules()
    if fmt == "json":
        data = [
            {
                "code": r.code,
                "name": r.name,
                "level": r.level,
                "group": r.group,
                "summary": r.local_summary(),
            }
            for r in rules
        ]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    width = max(len(r.name) for r in rules)
    for r in rules:
        click.echo(f"{r.code}  {r.name:<{width}}  {r.level:<7}  {r.local_summary()}")


@cli.command()
@click.argument("code")
def explain(code: str) -> None:
    """Show the documentation of one rule (by code or name)."""
    from kpicat.core.suggest import did_you_mean
    from kpicat.rules.registry import all_rules, lookup

    speak_catalogue_language()
    found = lookup(code)
    if found is None:
        names = [r.code for r in all_rules()] + [r.name for r in all_rules()]
        hint = did_you_mean(code, names) or _("'kpicat rules' lists every rule")
        raise click.UsageError(_("no rule '{code}'; {hint}").format(code=code, hint=hint))
    click.echo(
        _("{code} {name} (default level: {level})\n").format(
            code=found.code, name=found.name, level=found.level
        )
    )
    click.echo(found.local_doc())


def main() -> None:
    """Console-script entry point.

    Click writes its error messages while it parses the command line, so the catalogue's
    language is set before (from the working directory; ``--root`` and ``--lang`` still win
    for everything after parsing).
    """
    no_collection_at_exit()
    speak_click()
    speak_catalogue_language()
    cli(prog_name="kpicat")
