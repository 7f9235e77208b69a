"""`make bench`: kpicat's speed against the YAML parse floor, in one run.

For each catalogue, the median of several runs of: `kpicat check` (wall time and
peak memory, as a user runs it: a fresh process), and the parse floor
(PyYAML's C loader reading the same files, also a fresh process). Ratios
between numbers measured in the same run are what the targets speak of, so
they hold on a slower or busier machine too.

Catalogues: ``grown-*`` are grown from the shipped entries (benchmarks/grow.py:
bilingual definitions, targets, sources, examples), clean or with findings on most
entries; ``synthetic-*`` come from benchmarks/generate.py (small, plain entries).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(REPO))

from benchmarks.generate import generate  # noqa: E402
from benchmarks.grow import grow  # noqa: E402

SIZES = {  # name: (kpis, terms)
    "1k": (1_000, 500),
    "10k": (10_000, 5_000),
    "50k": (33_334, 16_666),
}
# name: (size, how it is made)
CATALOGUES = {
    "synthetic-1k": ("1k", "synthetic"),
    "synthetic-10k": ("10k", "synthetic"),
    "grown-10k": ("10k", "grown"),
    "grown-10k-findings": ("10k", "findings"),
    "synthetic-50k": ("50k", "synthetic"),
    "grown-50k": ("50k", "grown"),
}

FLOOR = """
import resource, sys, pathlib, yaml
for path in sorted(pathlib.Path(sys.argv[1]).glob("catalogue/*/*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

CHECK = """
import resource, sys
from kpicat.cli import main
sys.argv = ["kpicat", "check", "--root", sys.argv[1], "--format", "json", "--output", "/dev/null",
            "--today", "2026-11-23", *sys.argv[2:]]
try:
    main()
except SystemExit as exit:
    code = exit.code
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, code, children, file=sys.stderr)
"""


def timed(
    code: str, root: Path, args: tuple[str, ...] = (), env: dict[str, str] | None = None
) -> tuple[float, float]:
    """Wall seconds and peak RSS in MB of one fresh Python process.

    For kpicat the peak is the larger of the main process and its forked
    helper (RUSAGE_CHILDREN); shared copy-on-write pages count in both.
    """
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code, str(root), *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )
    wall = time.perf_counter() - start
    stream = proc.stdout if proc.stdout.strip() else proc.stderr
    last = stream.strip().splitlines()[-1].split()
    if "code" in code and len(last) > 1 and last[1] not in ("0", "None"):
        raise SystemExit(f"kpicat check failed on the generated catalogue {root}: exit {last[1]}")
    peak = max(int(last[0]), int(last[2]) if len(last) > 2 else 0)
    return wall, peak / 1024


def median_of(
    code: str,
    root: Path,
    runs: int,
    args: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
    before: Callable[[int], None] | None = None,
) -> tuple[float, float]:
    """Median wall time and largest peak of ``runs`` runs; ``before(n)`` prepares run n."""
    results = []
    for n in range(runs):
        if before is not None:
            before(n)
        results.append(timed(code, root, args, env))
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def against_floor(
    root: Path,
    runs: int,
    args: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
    before: Callable[[int], None] | None = None,
) -> tuple[float, float, float]:
    """Median check time, its peak, and the median parse floor of runs taken in turn with it.

    Floor and check alternate run by run, so both see the same load on a shared machine.
    """
    floors, checks = [], []
    for n in range(runs):
        floors.append(timed(FLOOR, root)[0])
        if before is not None:
            before(n)
        checks.append(timed(CHECK, root, args, env))
    return (
        statistics.median(c[0] for c in checks),
        max(c[1] for c in checks),
        statistics.median(floors),
    )


NO_CACHE = ("--no-cache",)


def drop_cache(root: Path) -> None:
    shutil.rmtree(root / ".kpicat_cache", ignore_errors=True)


def warm_runs(root: Path, runs: int) -> dict[str, float]:
    """First run (writes the cache), unchanged tree, one KPI's definition edited: the warm cache."""
    first, first_mb, first_floor = against_floor(root, runs, before=lambda _: drop_cache(root))
    unchanged, unchanged_mb, unchanged_floor = against_floor(root, runs)
    kpis = sorted((root / "catalogue" / "kpis").glob("*.yaml"))
    edited = kpis[len(kpis) // 2]
    original = edited.read_bytes()

    marker = b"definition:\n  de: "
    at = original.index(marker) + len(marker)

    def touch(n: int) -> None:  # a different word in the definition each time: a real edit
        edited.write_bytes(original[:at] + f"Stand{n} ".encode() + original[at:])

    try:
        one, one_mb, one_floor = against_floor(root, runs, before=touch)
    finally:
        edited.write_bytes(original)
    return {
        "first_s": first,
        "first_mb": first_mb,
        "first_floor_s": first_floor,
        "warm_s": unchanged,
        "warm_mb": unchanged_mb,
        "warm_floor_s": unchanged_floor,
        "one_changed_s": one,
        "one_changed_mb": one_mb,
        "one_changed_floor_s": one_floor,
    }


HOSTILE = {
    "__import__('os').system('x')": "__import__('os').system('x')",
    "9**9**9**9": "9**9**9**9",
    "20,000 terms": " + ".join(["a"] * 20_000),
    "5,000 nested parentheses": "(" * 5000 + "a" + ")" * 5000,
}


def hostile_formulas() -> float:
    """Slowest time to reject a hostile formula (issue target: within a second)."""
    from kpicat.formula import FormulaError, parse

    slowest = 0.0
    for label, text in HOSTILE.items():
        start = time.perf_counter()
        try:
            parse(text)
        except FormulaError:
            pass
        else:
            raise SystemExit(f"hostile formula accepted: {label}")
        took = time.perf_counter() - start
        slowest = max(slowest, took)
        print(f"hostile formula {label}: rejected in {took * 1000:.1f} ms")
    return slowest


def catalogue(name: str) -> Path:
    """The benchmark catalogue ``name`` under benchmarks/out/, made once."""
    root = OUT / name
    if not (root / "kpicat.yaml").is_file():
        size, how = CATALOGUES[name]
        kpis, terms = SIZES[size]
        print(f"making {name}: {kpis} KPIs + {terms} terms ({how}) ...", flush=True)
        if how == "synthetic":
            generate(root, kpis, terms)
        else:
            grow(root, kpis, terms, findings=how == "findings")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--catalogues", nargs="*", default=list(CATALOGUES), choices=list(CATALOGUES)
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    parser.add_argument("--check-only", action="store_true", help="skip the diff and site benches")
    parser.add_argument(
        "--all-variants",
        action="store_true",
        help="KPICAT_JOBS=1 and the warm cache on every catalogue, not only grown-10k",
    )
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
    slowest_hostile = hostile_formulas()
    shipped, _ = median_of(CHECK, REPO, args.runs, NO_CACHE)
    print(f"shipped catalogue: kpicat check {shipped:.2f} s without the cache (target < 0.5 s)")
    for name in args.catalogues:
        root = catalogue(name)
        floor_mem = timed(FLOOR, root)[1]
        check, check_mem, floor = against_floor(root, args.runs, NO_CACHE)
        results[name] = row = {
            "check_s": check,
            "check_mb": check_mem,
            "floor_s": floor,
            "floor_mb": floor_mem,
            "ratio": check / floor,
        }
        print(
            f"{name:>18}: parse floor {floor:6.2f} s {floor_mem:4.0f} MB | cold check "
            f"{check:6.2f} s {check_mem:4.0f} MB = {check / floor:4.2f}x floor",
            flush=True,
        )
        if name == "grown-10k" or args.all_variants:
            # the fork's gain: one job and two, in turn, under the same load
            pairs = [
                (
                    timed(CHECK, root, NO_CACHE, {"KPICAT_JOBS": "1"}),
                    timed(CHECK, root, NO_CACHE),
                )
                for _ in range(args.runs)
            ]
            one_job = statistics.median(p[0][0] for p in pairs)
            two_jobs = statistics.median(p[1][0] for p in pairs)
            one_job_mb = max(p[0][1] for p in pairs)
            row |= {"one_job_s": one_job, "fork_gain": one_job / two_jobs}
            print(
                f"{'':>18}  KPICAT_JOBS=1 {one_job:6.2f} s {one_job_mb:4.0f} MB against "
                f"{two_jobs:6.2f} s: the fork gains {one_job / two_jobs:4.2f}x",
                flush=True,
            )
            row |= warm_runs(root, args.runs)
            for label, key in (
                ("first run, writing the cache", "first"),
                ("warm, unchanged", "warm"),
                ("warm, one file changed", "one_changed"),
            ):
                took, own_floor = row[f"{key}_s"], row[f"{key}_floor_s"]
                print(
                    f"{'':>18}  {label:<28} {took:6.2f} s {row[key + '_mb']:4.0f} MB = "
                    f"{took / own_floor:4.2f}x floor ({own_floor:.2f} s)",
                    flush=True,
                )
            drop_cache(root)
    verdicts = []
    targets = {  # catalogue: most check / floor (issue 17; docs/dev/performance.md)
        "grown-10k": 1.5,
        "grown-10k-findings": 2.0,
        "synthetic-10k": 2.0,
    }
    for name, most in targets.items():
        if name in results:
            ratio = results[name]["ratio"]
            verdicts.append((f"{name}: check {ratio:.2f}x floor <= {most}x", ratio <= most))
    if "grown-10k" in results:
        row = results["grown-10k"]
        peak = row["check_mb"]
        verdicts.append((f"grown-10k: peak {peak:.0f} MB <= 150 MB", peak <= 150))
        for key, most in (("warm", 0.3), ("one_changed", 0.5)):
            ratio = row[f"{key}_s"] / row[f"{key}_floor_s"]
            verdicts.append((f"grown-10k {key}: {ratio:.2f}x floor <= {most}x", ratio <= most))
        gain = row["fork_gain"]
        verdicts.append((f"grown-10k: the fork gains {gain:.2f}x >= 1.2x", gain >= 1.2))
    for kind in ("grown", "synthetic"):
        small, large = results.get(f"{kind}-10k"), results.get(f"{kind}-50k")
        if small and large:
            growth = large["check_s"] / small["check_s"]
            verdicts.append((f"{kind} 50k / 10k: {growth:.2f}x <= 5.5x", growth <= 5.5))
            verdicts.append(
                (f"{kind}-50k: peak {large['check_mb']:.0f} MB <= 500 MB", large["check_mb"] <= 500)
            )
    verdicts.append(("shipped catalogue < 0.5 s", shipped < 0.5))
    verdicts.append(("every hostile formula rejected within 1 s", slowest_hostile < 1.0))
    for bench in ("diff_bench", "site_bench", "history_bench", "serve_bench"):
        if (HERE / f"{bench}.py").is_file() and not args.check_only:
            print(f"--- {bench} ---", flush=True)
            subprocess.run(
                [sys.executable, str(HERE / f"{bench}.py"), "--runs", str(args.runs)], check=False
            )
    for label, ok in verdicts:
        print(f"{'PASS' if ok else 'FAIL'}  {label}")
    if args.json:
        args.json.write_text(json.dumps({"shipped_s": shipped, **results}, indent=2))


if __name__ == "__main__":
    main()
