"""Adopting kpicat from an empty repository, through the installed console script (issue 12).

Nothing from this repository's catalogue or docs is used: a fresh git repository gets
`kpicat init`, new entries, a check, a site (smoke-tested in Chromium), a commit, an
edit and a diff; once with the catalogue at the top and once in a subfolder.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.gitrepo import commit, git, run_script
from tests.site.test_site_browser import ARGS, CHROMIUM, _missing

pytestmark = pytest.mark.slow


def kpicat(*args: str, cwd: Path, ok: tuple[int, ...] = (0,)) -> str:
    proc = run_script(*args, cwd=cwd)
    assert proc.returncode in ok, (args, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    return proc.stdout + proc.stderr


def fresh_repo(path: Path) -> Path:
    path.mkdir(parents=True)
    git(path, "init", "-q", "-b", "main")
    return path


def smoke(site: Path) -> None:
    """The start page and a KPI page load with no console error, asking only 127.0.0.1."""
    reason = _missing()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    hosts: set[str] = set()
    errors: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
                args=ARGS,
            )
            page = browser.new_page()
            page.on("request", lambda r: hosts.add(urlsplit(r.url).hostname or ""))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            for path in ("", "kpi/umsatz_je_auftrag/", "mitwirken/"):
                response = page.goto(base + path)
                assert response is not None and response.ok, path
                page.wait_for_load_state("networkidle")
            assert "Acme" in page.title() or page.locator("h1").count()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    assert hosts == {"127.0.0.1"}, hosts
    assert not errors, errors


@pytest.mark.parametrize("sub", ["", "kennzahlen"])
def test_empty_repository_to_site_and_review(tmp_path: Path, sub: str) -> None:
    top = fresh_repo(tmp_path / "acme")
    root_args = ["--root", sub] if sub else []
    out = kpicat(
        "init",
        *root_args,
        "--example",
        "--title",
        "Acme KPIs",
        "--description",
        "Die Kennzahlen der Acme GmbH.",
        "--repository",
        "https://github.com/acme/kpis",
        "--codeowner",
        "@acme/stewards",
        cwd=top,
    )
    assert "wrote .github/workflows/kpicat-pull-request.yml" in out
    root = top / sub if sub else top
    assert (root / "kpicat.yaml").is_file() and (top / ".github/CODEOWNERS").is_file()
    if sub:
        assert f'--root "{sub}"' in (top / ".github/workflows/kpicat-pull-request.yml").read_text()
        assert f"[--root, {sub}]" in (top / ".pre-commit-config.yaml").read_text()
    # a second init leaves everything as it was
    again = kpicat("init", *root_args, "--example", cwd=top)
    assert "wrote" not in again and "left  .github/CODEOWNERS" in again

    kpicat(
        "new", "term", "kunde", "--name", "Kunde", "--definition", "Wer bei uns kauft.", cwd=root
    )
    term = root / "catalogue/terms/kunde.yaml"
    assert term.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=https://acme.github.io/kpis/schemas/term.schema.json\n"
    )
    assert kpicat("check", cwd=root).strip().endswith("no problems")
    assert kpicat("codeowners", "--check", cwd=root, ok=(0, 1))  # new term: regenerate
    kpicat("codeowners", cwd=root)

    site = tmp_path / "site"
    kpicat("build", "--site-dir", str(site), cwd=root)
    start = (site / "index.html").read_text(encoding="utf-8")
    assert "Die Kennzahlen der Acme GmbH." in start
    schema = json.loads((site / "schemas" / "kpi.schema.json").read_text(encoding="utf-8"))
    assert schema["$id"] == "https://acme.github.io/kpis/schemas/kpi.schema.json"
    editor_schemas_agree(top, root, site)
    smoke(site)

    base = commit(top, "catalogue")
    kpi = root / "catalogue/kpis/umsatz_je_auftrag.yaml"
    kpi.write_text(
        kpi.read_text().replace("umsatz / auftraege", "umsatz / auftraege * 2"), encoding="utf-8"
    )
    diff = kpicat("diff", base, cwd=root, ok=(1,))
    assert "umsatz_je_auftrag" in diff and "BREAKING" in diff
    # the worked example no longer matches the formula: an error CI annotates on its line
    github = kpicat("check", "--format", "github", cwd=root, ok=(1,))
    prefix = f"{sub}/" if sub else ""
    annotations = [line for line in github.splitlines() if line.startswith(("::error", "::warn"))]
    assert annotations and all(
        f"file={prefix}catalogue/kpis/umsatz_je_auftrag.yaml," in line for line in annotations
    )
    sarif = json.loads(kpicat("check", "--format", "sarif", cwd=root, ok=(1,)))
    assert {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for result in sarif["runs"][0]["results"]
        for loc in result["locations"]
    } == {f"{prefix}catalogue/kpis/umsatz_je_auftrag.yaml"}


def check_jsonschema(schema: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    """The real validator editors' schema tooling agrees with (PyPI check-jsonschema)."""
    checker = Path(sys.executable).parent / "check-jsonschema"
    return subprocess.run(
        [str(checker), "--output-format", "json", "--schemafile", str(schema), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def editor_schemas_agree(top: Path, root: Path, site: Path) -> None:
    """What editors fetch (the site's /schemas/, named in .vscode/settings.json) accepts
    the catalogue, and rejects a wrong category as kpicat does."""
    settings = json.loads((top / ".vscode/settings.json").read_text(encoding="utf-8"))
    for url, globs in settings["yaml.schemas"].items():
        schema = site / "schemas" / url.rsplit("/", 1)[-1]
        assert url == json.loads(schema.read_text(encoding="utf-8"))["$id"]
        files = sorted(f for pattern in globs for f in top.glob(pattern))
        assert files, globs
        proc = check_jsonschema(schema, *files)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    kpi = root / "catalogue/kpis/anzahl_auftraege.yaml"
    good = kpi.read_text(encoding="utf-8")
    kpi.write_text(good.replace("category: activity", "category: marketing_ops"), "utf-8")
    try:
        ours = json.loads(kpicat("check", "--format", "json", cwd=root, ok=(1,)))
        assert {d["message"].split()[0] for d in ours["diagnostics"]} == {"category"}
        proc = check_jsonschema(site / "schemas/kpi.schema.json", kpi)
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert {e["path"] for e in json.loads(proc.stdout)["errors"]} == {"$.category"}
    finally:
        kpi.write_text(good, "utf-8")


def test_generated_workflows_pass_actionlint(tmp_path: Path) -> None:
    top = fresh_repo(tmp_path / "mono")
    kpicat("init", "--root", "kpi", "--repository", "https://github.com/acme/mono", cwd=top)
    actionlint = Path(sys.executable).parent / "actionlint"
    workflows = sorted((top / ".github/workflows").glob("*.yml"))
    assert len(workflows) == 2
    proc = subprocess.run(
        [str(actionlint), *map(str, workflows)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = "".join(w.read_text() for w in workflows)
    assert '"kpi/catalogue/**"' in text and '--root "kpi"' in text
    assert "git+https://github.com/" in text and "kpicat@v" in text  # a pinned release tag
