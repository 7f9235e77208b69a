"""The contributor page "Pull Requests" shows what kpicat really prints.

kpicat/site/templates/contributing/pull-requests.md (German) and its English page walk
through one pull request on a copy of the shipped catalogue. Here the same pull request is
made again, in a fresh temporary git repository with the files git tracks of the catalogue,
by the installed console script: every command of the page's ``console`` blocks runs as
the page writes it (through bash), the edits the prose describes happen in between, and the
output of every ``kpicat`` command (and every ``echo $?``) must be the page's, up to commit
ids in parentheses and trailing whitespace. The page's YAML blocks are checked as well: the
skeleton is the file ``kpicat new`` wrote, the completed entry is the file the later steps
check, and the pre-commit configuration is the one ``kpicat init`` writes; the Markdown block
is the output of ``kpicat diff main --format markdown``.

German output on the German page (kpicat speaks the catalogue's language), English on the
English page (its first command sets KPICAT_LANG=en). ``python -m tests.site.test_walkthrough
de|en`` prints every command with the output it gives now, to paste into the page.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.cli.test_check_command import kpicat_script
from tests.gitrepo import GIT_ENV

REPO = Path(__file__).resolve().parents[2]
CONTRIBUTING = REPO / "kpicat" / "site" / "templates" / "contributing"
PAGES = {"de": CONTRIBUTING / "pull-requests.md", "en": CONTRIBUTING / "en" / "pull-requests.md"}
# what the copy holds: the shipped catalogue repository's files that kpicat reads or writes
SHIPPED = ("catalogue", "kpicat.yaml", ".gitignore", ".github/CODEOWNERS")

NEW = "catalogue/kpis/deckungsbeitragsquote.yaml"
CHURN = "catalogue/kpis/churn_rate.yaml"
TODAY = "2026-12-01"
CHECK = f"kpicat check --today {TODAY}"
ECHO = "echo $?"
COMMIT_MESSAGE = {
    "de": "Neue KPI: Deckungsbeitragsquote",
    "en": "New KPI: contribution margin ratio",
}
MARKDOWN = "kpicat diff main --format markdown"

FENCE = re.compile(r"^(?P<fence>`{3,})(?P<info>\w*)\n(?P<body>.*?)^(?P=fence)$", re.M | re.S)
COMMIT_ID = re.compile(r"\([0-9a-f]{7,40}\)")


@dataclass
class Command:
    """One ``$ ...`` line of a console block (with its ``\\`` continuation lines)."""

    text: str
    output: list[str] = field(default_factory=list)

    @property
    def words(self) -> str:
        return " ".join(self.text.replace("\\\n", " ").split())


def fenced(page: str, info: str) -> list[str]:
    return [m["body"] for m in FENCE.finditer(page) if m["info"] == info]


def console_commands(page: str) -> list[Command]:
    commands: list[Command] = []
    for body in fenced(page, "console"):
        lines = body.splitlines()
        assert lines and lines[0].startswith("$ "), f"a console block starts with '$ ':\n{body}"
        continued = False
        for line in lines:
            if continued:
                commands[-1].text += "\n" + line
            elif line.startswith("$ "):
                commands.append(Command(line[2:]))
            else:
                commands[-1].output.append(line)
            continued = (continued or line.startswith("$ ")) and line.endswith("\\")
    return commands


def normalised(text: str) -> str:
    lines = [COMMIT_ID.sub("(…)", line).rstrip() for line in text.splitlines()]
    return "\n".join(lines).strip("\n")


def one(blocks: list[str], what: str) -> str:
    assert len(blocks) == 1, f"the page has {len(blocks)} {what}, not one"
    return blocks[0]


def skeleton_block(page: str) -> str:
    yaml_blocks = [b for b in fenced(page, "yaml") if "\nid: deckungsbeitragsquote\n" in b]
    return one([b for b in yaml_blocks if "TODO:" in b], "YAML blocks with the skeleton")


def completed_block(page: str) -> str:
    yaml_blocks = [b for b in fenced(page, "yaml") if b.startswith("id: deckungsbeitragsquote\n")]
    return one([b for b in yaml_blocks if "TODO" not in b], "YAML blocks with the completed entry")


def pre_commit_block(page: str) -> str:
    return one([b for b in fenced(page, "yaml") if "kpicat-check" in b], "pre-commit blocks")


def markdown_block(page: str) -> str:
    return one(fenced(page, "markdown"), "Markdown blocks")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}: the shipped catalogue changed, redo the page"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# the edits the page's prose describes, between its commands
def fill_in(repo: Path, page: str) -> None:
    (repo / NEW).write_text(completed_block(page), encoding="utf-8")


def change_formula(repo: Path, page: str) -> None:
    edit(
        repo / CHURN,
        "formula: verlorene_key_accounts / prev(anzahl_key_accounts) * 100\n",
        "formula: verlorene_key_accounts / anzahl_key_accounts * 100\n",
    )


def bump_version(repo: Path, page: str) -> None:
    path = repo / CHURN
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^version: (\d+)$", text, re.M)
    assert match, f"no version in {path}"
    edit(path, match[0], f"version: {int(match[1]) + 1}")


def fix_example(repo: Path, page: str) -> None:
    edit(repo / CHURN, "    prev(anzahl_key_accounts): 25\n", "    anzahl_key_accounts: 25\n")


Edit = Callable[[Path, str], None]


def scenario(lang: str) -> list[str | Edit]:
    """The page's commands (as words), the edits between them, and where the Markdown
    summary (not a console block) is made."""
    new = (
        "kpicat new kpi deckungsbeitragsquote --name Deckungsbeitragsquote"
        ' --formula "deckungsbeitrag_key_accounts / umsatz_key_accounts * 100"'
        " --unit percent --kra strategische_planung --owner vertriebscontrolling"
    )
    steps: list[str | Edit] = ["export KPICAT_LANG=en"] if lang == "en" else []
    steps += [
        "git switch -c kpi/deckungsbeitragsquote",
        new,
        CHECK,
        ECHO,
        fill_in,
        CHECK,
        f"git add {NEW}",
        f'git commit -q -m "{COMMIT_MESSAGE[lang]}"',
        "kpicat diff main",
        change_formula,
        "kpicat diff main",
        ECHO,
        bump_version,
        "kpicat diff main",
        CHECK,
        ECHO,
        fix_example,
        CHECK,
        MARKDOWN,
        "kpicat codeowners --check",
        ECHO,
        "kpicat codeowners",
    ]
    return steps


@dataclass
class Run:
    """What the scenario gave: each command's output, the files the page shows."""

    outputs: list[str]
    skeleton: str
    markdown: str


def copy_shipped(target: Path) -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "-z", "--", *SHIPPED],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    for name in filter(None, tracked):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target / name)
    assert (target / "kpicat.yaml").is_file() and (target / CHURN).is_file()


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("KPICAT_LANG", "KPICAT_CACHE_DIR")}
    bin_dir = str(Path(kpicat_script()).parent)
    return {**env, **GIT_ENV, "HOME": str(home), "PATH": bin_dir + os.pathsep + env["PATH"]}


def shell(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=120,
        check=False,
    )


def run_scenario(lang: str, page: str, commands: list[Command], tmp: Path) -> Run:
    repo = tmp / "repo"
    repo.mkdir()
    env = environment(tmp)
    copy_shipped(repo)
    for setup in ("init -q", "symbolic-ref HEAD refs/heads/main", "add -A", "commit -q -m shipped"):
        assert shell(f"git {setup}", repo, env).returncode == 0, setup
    outputs: list[str] = []
    skeleton = markdown = ""
    code = 0
    todo = iter(commands)
    for step in scenario(lang):
        if step == MARKDOWN:
            # section 5 shows the summary as Markdown, not as a console block
            proc = shell(MARKDOWN, repo, env)
            assert proc.returncode == 0, proc.stdout
            markdown = proc.stdout
            continue
        if callable(step):
            step(repo, page)
            continue
        command = next(todo)
        assert command.words == step, (command.words, step)
        if command.words == ECHO:
            outputs.append(str(code))
            continue
        if command.words.startswith("export "):
            name, _, value = command.words.removeprefix("export ").partition("=")
            env[name] = value
            outputs.append("")
            continue
        proc = shell(command.text, repo, env)
        code = proc.returncode
        outputs.append(proc.stdout)
        if command.words.startswith("git "):
            assert code == 0, f"{command.text}: {proc.stdout}"
        if command.words.startswith("kpicat new "):
            skeleton = (repo / NEW).read_text(encoding="utf-8")
    return Run(outputs, skeleton, markdown)


def mismatch(what: str, page: str, real: str) -> str:
    diff = difflib.unified_diff(
        page.splitlines(), real.splitlines(), "on the page", "what kpicat printed", lineterm=""
    )
    return f"--- {what}\n" + "\n".join(diff)


def check_page(lang: str, tmp: Path) -> list[str]:
    """Every difference between the page and the real run (empty: the page is true)."""
    page = PAGES[lang].read_text(encoding="utf-8")
    commands = console_commands(page)
    expected = [step for step in scenario(lang) if isinstance(step, str) and step != MARKDOWN]
    assert [c.words for c in commands] == expected, (
        "the page's commands are not the scenario's: change both together\n"
        + "\n".join(difflib.ndiff(expected, [c.words for c in commands]))
    )
    run = run_scenario(lang, page, commands, tmp)
    problems = []
    for command, real in zip(commands, run.outputs, strict=True):
        if command.words.startswith("kpicat ") or command.words == ECHO:
            shown = "\n".join(command.output)
            if normalised(shown) != normalised(real):
                problems.append(mismatch(f"$ {command.words}", shown, real))
    for what, shown, real in (
        (f"the skeleton {NEW}", skeleton_block(page), run.skeleton),
        (MARKDOWN, markdown_block(page), run.markdown),
        (".pre-commit-config.yaml of kpicat init", pre_commit_block(page), init_hooks(tmp)),
    ):
        if normalised(shown) != normalised(real):
            problems.append(mismatch(what, shown, real))
    return problems


def init_hooks(tmp: Path) -> str:
    target = tmp / "init"
    target.mkdir()
    proc = shell("kpicat init", target, environment(tmp))
    assert proc.returncode == 0, proc.stdout
    return (target / ".pre-commit-config.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_walkthrough_shows_the_real_output(lang: str, tmp_path: Path) -> None:
    problems = check_page(lang, tmp_path)
    assert problems == [], f"{PAGES[lang].relative_to(REPO)}:\n" + "\n\n".join(problems)


def test_the_walkthrough_pages_are_read_as_intended() -> None:
    """The parser sees every console block; a command that continues on the next line
    is one command."""
    page = PAGES["de"].read_text(encoding="utf-8")
    commands = console_commands(page)
    blocks = fenced(page, "console")
    assert sum(body.count("\n$ ") + 1 for body in blocks) == len(commands)
    new = next(c for c in commands if c.words.startswith("kpicat new "))
    assert "\\\n" in new.text and new.output[0].startswith(("angelegt", "created"))
    assert completed_block(page) != skeleton_block(page)


if __name__ == "__main__":
    import tempfile

    language = sys.argv[1] if len(sys.argv) > 1 else "de"
    text = PAGES[language].read_text(encoding="utf-8")
    cmds = console_commands(text)
    with tempfile.TemporaryDirectory() as scratch:
        done = run_scenario(language, text, cmds, Path(scratch))
        for cmd, out in zip(cmds, done.outputs, strict=True):
            print(f"$ {cmd.text}")
            if out:
                print(out, end="" if out.endswith("\n") else "\n")
        print(f"----- {NEW} after kpicat new\n{done.skeleton}")
        print(f"----- {MARKDOWN}\n{done.markdown}")
