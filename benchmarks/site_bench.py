"""Website build time: ``kpicat build`` against plain MkDocs on the same Markdown.

Generates catalogues of 1,000 KPIs + 1,000 terms and 3,000 KPIs + 1,000 terms,
then times, each in a fresh process as a user runs them:

- ``kpicat build`` (check, render, MkDocs build with the kpicat plugin), and
- ``mkdocs build`` alone on the projects ``kpicat render`` wrote for the same catalogue.

Both sides build the same sites: the catalogue has ``languages: [de, en]``, so ``kpicat
build`` builds the German site at the root and the English one under ``/en/``, and
``kpicat render`` writes one MkDocs project per language (``mkdocs.yml`` with ``docs/``,
``mkdocs.en.yml`` with ``docs-en/``). One MkDocs measurement is therefore every project's
build in turn, root first (each build empties its folder), as ``kpicat render`` tells a
user to run them: one process per language, which a user pays too. Render and build get
the same ``--today``. The runs of both sides alternate (kpicat, MkDocs, kpicat, ...), so a
load that comes and goes on a shared machine falls on both; each side's median is reported.

Targets (issue 5): kpicat build of 1,000 KPIs + 1,000 terms <= 1.2x plain MkDocs;
3,000 KPIs <= 3.5x the time of 1,000. Not a test: run ``python benchmarks/site_bench.py``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

TODAY = "2026-11-23"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def prepare(root: Path, kpis: int, terms: int) -> None:
    """A generated catalogue plus the repository's mkdocs.yml and docs/; every second term
    gets an abbreviation, so the glossary tooltips cost what they cost in real use."""
    generate(root, kpis, terms)
    for index, path in enumerate(sorted((root / "catalogue" / "terms").glob("*.yaml"))):
        if index % 2 == 0:
            with path.open("a", encoding="utf-8") as handle:
                handle.write(f"abbreviation: TX{index}\n")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "docs", root / "docs", ignore=shutil.ignore_patterns("dev"))


def run(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=cwd, env=ENV, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def mkdocs_projects(out: Path) -> list[tuple[Path, str]]:
    """(mkdocs.yml, its site's folder below the root) of every project ``kpicat render``
    wrote, the root's first: ``mkdocs.yml`` -> '', ``mkdocs.en.yml`` -> 'en'."""
    others = sorted(out.glob("mkdocs.*.yml"))
    return [(out / "mkdocs.yml", ""), *((p, p.name.split(".")[1]) for p in others)]


def bench(work: Path, kpis: int, terms: int, runs: int) -> tuple[float, float]:
    root = work / f"cat_{kpis}_{terms}"
    prepare(root, kpis, terms)
    kpicat = [sys.executable, "-m", "kpicat", "build", "--root", str(root), "--today", TODAY]
    kpicat += ["--site-dir", str(work / f"site_{kpis}")]
    out = work / f"render_{kpis}"
    render = [sys.executable, "-m", "kpicat", "render", "--root", str(root), "--today", TODAY]
    run([*render, "--out", str(out)], root)
    plain_site = work / f"plain_{kpis}"
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q"]
    plain = [
        [*mkdocs, "-f", str(project), "-d", str(plain_site / folder)]
        for project, folder in mkdocs_projects(out)
    ]

    def mkdocs_all() -> float:
        return sum(run(command, out) for command in plain)

    run(kpicat, root)  # warm-up: fills the Mermaid cache and the OS file cache
    mkdocs_all()  # warm-up, so both timings replace an existing site
    ours_runs, plain_runs = [], []
    for _ in range(runs):
        ours_runs.append(run(kpicat, root))
        plain_runs.append(mkdocs_all())
    ours, alone = statistics.median(ours_runs), statistics.median(plain_runs)
    pages = sum(1 for _ in out.glob("docs*/**/*.md"))
    print(
        f"{kpis:>5} KPIs + {terms} terms ({pages} pages, {len(plain)} sites): "
        f"kpicat build {ours:6.2f} s | mkdocs alone {alone:6.2f} s | ratio {ours / alone:4.2f}"
        f"  (runs: kpicat {' '.join(f'{t:.1f}' for t in ours_runs)};"
        f" mkdocs {' '.join(f'{t:.1f}' for t in plain_runs)})",
        flush=True,
    )
    return ours, alone


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=1, help="runs per measurement (median)")
    parser.add_argument("--small-only", action="store_true", help="skip the 3,000 KPI catalogue")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kpicat-site-bench-") as tmp:
        work = Path(tmp)
        ours_1k, plain_1k = bench(work, 1000, 1000, args.runs)
        verdicts = [("1,000 KPIs + 1,000 terms <= 1.2x MkDocs alone", ours_1k / plain_1k <= 1.2)]
        if not args.small_only:
            ours_3k, _ = bench(work, 3000, 1000, args.runs)
            growth = ours_3k / ours_1k
            print(f"growth 3,000 / 1,000 KPIs: {growth:.2f} (target <= 3.5)")
            verdicts.append(("3,000 KPIs <= 3.5x 1,000 KPIs", growth <= 3.5))
    for label, ok in verdicts:
        print(f"{'PASS' if ok else 'FAIL'}  site: {label}")


if __name__ == "__main__":
    main()
