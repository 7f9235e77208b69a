"""The history pass (kpicat.diff.history) on 1,000 KPIs with 500 commits, and what it adds
to ``kpicat build``.

A generated catalogue of 1,000 KPIs + 500 terms is committed, then 499 more commits edit
it as a team would: target values, definition wording, formulas rewritten with the same
meaning, and now and then a renamed KPI (two files per commit). Timed, as medians:

- the history pass alone (one ``git log``, one ``git cat-file --batch``, the comparisons),
  in a fresh process so imports count;
- ``kpicat build`` in the repository (with history) and in a copy without ``.git``
  (no history: the same site minus the "Änderungen" sections and "Neu und geändert").

Not a test: run ``python benchmarks/history_bench.py``.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from benchmarks.generate import generate  # noqa: E402

TODAY = "2026-11-23"
ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "NO_MKDOCS_2_WARNING": "1",
}
PASS = """
import sys, time
start = time.perf_counter()
from pathlib import Path
from kpicat.check import load_config
from kpicat.diff.history import catalogue_history
root = Path(sys.argv[1])
history = catalogue_history(root, load_config(root)[0])
assert history.unavailable is None, history.unavailable
print(time.perf_counter() - start, len(history.events))
"""


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, env=ENV, check=True, capture_output=True)


def edit(path: Path, step: int, rng: random.Random) -> None:
    """One of the edits a catalogue team makes, chosen by the commit number."""
    text = path.read_text(encoding="utf-8")
    if step % 3 == 0:
        text = re.sub(r"target: \{value: \d+\}", f"target: {{value: {rng.randint(10, 90)}}}", text)
    elif step % 3 == 1:
        old, new = "je Quartal gemessen", "gemessen je Quartal"
        text = text.replace(*((old, new) if old in text else (new, old)), 1)
    else:  # (a + b) / c -> (b + a) / c: the same meaning, a different text
        text = re.sub(r"formula: \((\S+) \+ (\S+)\)", r"formula: (\2 + \1)", text, count=1)
    path.write_text(text, encoding="utf-8")


def build_repository(root: Path, kpis: int, terms: int, commits: int) -> None:
    generate(root, kpis, terms)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "docs", root / "docs", ignore=shutil.ignore_patterns("dev"))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "catalogue")
    rng = random.Random(7)
    folder = root / "catalogue" / "kpis"
    for step in range(1, commits):
        paths = sorted(folder.glob("*.yaml"))
        chosen = rng.sample(paths, 2)
        if step % 50 == 0:  # a renamed KPI: new file name and id
            old = chosen[0]
            new = old.with_name(f"renamed_{step:04d}.yaml")
            git(root, "mv", str(old), str(new))
            text = new.read_text(encoding="utf-8")
            new.write_text(re.sub(r"^id: \S+", f"id: {new.stem}", text, count=1, flags=re.M))
            chosen = chosen[1:]
        for path in chosen:
            edit(path, step, rng)
        git(root, "commit", "-q", "-a", "-m", f"edit {step}")


def median(runs: int, action: Callable[[], float]) -> float:
    return statistics.median(action() for _ in range(runs))


def history_pass(root: Path) -> tuple[float, int]:
    proc = subprocess.run(
        [sys.executable, "-c", PASS, str(root)], capture_output=True, text=True, check=True
    )
    seconds, events = proc.stdout.split()
    return float(seconds), int(events)


def build(root: Path, site: Path) -> float:
    start = time.perf_counter()
    args = ["build", "--root", str(root), "--today", TODAY, "--site-dir", str(site)]
    subprocess.run(
        [sys.executable, "-m", "kpicat", *args],
        cwd=root,
        env=ENV,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kpis", type=int, default=1000)
    parser.add_argument("--terms", type=int, default=500)
    parser.add_argument("--commits", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pass-only", action="store_true", help="skip the two site builds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kpicat-history-bench-") as tmp:
        work = Path(tmp)
        repo = work / "repo"
        print(f"generating {args.kpis:,} KPIs + {args.terms:,} terms, {args.commits} commits ...")
        started = time.perf_counter()
        build_repository(repo, args.kpis, args.terms, args.commits)
        print(f"  (repository ready in {time.perf_counter() - started:.0f} s)", flush=True)
        history_pass(repo)  # warm-up: OS file cache, git's packs
        results = [history_pass(repo) for _ in range(args.runs)]
        seconds = statistics.median(r[0] for r in results)
        print(f"history pass: {seconds:6.2f} s ({results[0][1]:,} changes, fresh process)")
        if args.pass_only:
            return
        plain = work / "no-git"
        shutil.copytree(repo, plain, ignore=shutil.ignore_patterns(".git"))
        build(repo, work / "site-warm")  # warm-up: Mermaid cache, OS file cache
        with_history = median(args.runs, lambda: build(repo, work / "site-a"))
        without = median(args.runs, lambda: build(plain, work / "site-b"))
        print(f"kpicat build with history    {with_history:6.2f} s")
        print(f"kpicat build without history {without:6.2f} s  (a copy without .git)")
        print(f"history adds {with_history - without:+.2f} s ({with_history / without:.2f}x)")


if __name__ == "__main__":
    main()
