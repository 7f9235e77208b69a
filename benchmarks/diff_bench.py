"""`kpicat diff` on 10,000 KPIs against one `kpicat check` of the same catalogue.

Two generated 10,000-KPI catalogues are committed to a temporary repository:
the base (seed 1), a head with every file changed (seed 2: the worst case,
both sides parsed whole) and a head with 1 % of the KPIs edited (a typical
pull request). Each is timed as a user runs it, as a fresh process; the
printed ratio diff / check is what matters, not the absolute seconds.
Not part of the test suite: run `python benchmarks/diff_bench.py`.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from benchmarks.generate import generate  # noqa: E402

KPICAT = str(Path(sys.executable).parent / "kpicat")
GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
}


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", *args], cwd=repo, env=GIT_ENV, capture_output=True, text=True, check=True
    )
    return proc.stdout.strip()


def commit_tree(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def replace_catalogue(repo: Path, source: Path) -> None:
    shutil.rmtree(repo / "catalogue")
    shutil.copytree(source / "catalogue", repo / "catalogue")
    shutil.copy2(source / "kpicat.yaml", repo / "kpicat.yaml")


def edit_some(repo: Path, share: float) -> int:
    """Change the formula of every n-th KPI (breaking) and the wording of its neighbour."""
    paths = sorted((repo / "catalogue" / "kpis").glob("*.yaml"))
    step = max(1, round(1 / share))
    edited = 0
    for index in range(0, len(paths), step):
        text = paths[index].read_text(encoding="utf-8")
        text, count = re.subn(r"^formula: (.*)$", r"formula: (\1) * 2", text, count=1, flags=re.M)
        paths[index].write_text(text, encoding="utf-8")
        edited += count
    return edited


def timed(args: list[str], cwd: Path, runs: int) -> tuple[float, int]:
    times = []
    code = 0
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
        code = proc.returncode
        if code not in (0, 1):
            raise SystemExit(f"{' '.join(args)} failed ({code}):\n{proc.stderr}")
    return statistics.median(times), code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kpis", type=int, default=10_000)
    parser.add_argument("--terms", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kpicat-diff-bench-") as tmp:
        work = Path(tmp)
        repo = work / "repo"
        print(f"generating two catalogues of {args.kpis:,} KPIs and {args.terms:,} terms ...")
        generate(repo, args.kpis, args.terms, seed=1)
        generate(work / "other", args.kpis, args.terms, seed=2)
        git(repo, "init", "-q", "-b", "main")
        base = commit_tree(repo, "base")
        replace_catalogue(repo, work / "other")
        all_changed = commit_tree(repo, "every file changed")
        git(repo, "checkout", "-q", base)
        edited = edit_some(repo, 0.01)
        typical = commit_tree(repo, "1% edited")
        files = len(list((repo / "catalogue").glob("*/*.yaml")))

        check, _ = timed([KPICAT, "check"], repo, args.runs)
        typical_diff, code_typical = timed(
            [KPICAT, "diff", base, typical, "--format", "json"], repo, args.runs
        )
        worst_diff, code_worst = timed(
            [KPICAT, "diff", base, all_changed, "--format", "json"], repo, args.runs
        )
        tree_diff, _ = timed([KPICAT, "diff", base, "--format", "markdown"], repo, args.runs)

    print(f"{files:,} files per revision, median of {args.runs} runs, fresh processes")
    print(f"kpicat check                          {check:7.2f} s")
    print(
        f"kpicat diff, {edited} KPIs edited          {typical_diff:7.2f} s"
        f"  ratio {typical_diff / check:.2f}"
        f"  (exit {code_typical})"
    )
    print(
        f"kpicat diff, working tree (markdown)  {tree_diff:7.2f} s  ratio {tree_diff / check:.2f}"
    )
    print(
        f"kpicat diff, every file changed       {worst_diff:7.2f} s  ratio {worst_diff / check:.2f}"
        f"  (exit {code_worst})"
    )


if __name__ == "__main__":
    main()
