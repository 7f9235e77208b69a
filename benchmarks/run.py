"""`make bench`: kpicat's speed against the YAML parse floor, in one run.

For each size, the median of several runs of: `kpicat check` (wall time and
peak memory, as a user runs it: a fresh process), and the parse floor
(PyYAML's C loader reading the same files, also a fresh process). Ratios
between numbers measured in the same run are what the targets speak of, so
they hold on a slower or busier machine too.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(REPO))

from benchmarks.generate import generate  # noqa: E402

SIZES = {  # name: (kpis, terms)
    "1k": (1_000, 500),
    "10k": (10_000, 5_000),
    "50k": (33_334, 16_666),
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
            "--today", "2026-11-23"]
try:
    main()
except SystemExit as exit:
    code = exit.code
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, code, children, file=sys.stderr)
"""


def timed(code: str, root: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS in MB of one fresh Python process.

    For kpicat the peak is the larger of the main process and its forked
    helper (RUSAGE_CHILDREN); shared copy-on-write pages count in both.
    """
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code, str(root)], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    stream = proc.stdout if proc.stdout.strip() else proc.stderr
    last = stream.strip().splitlines()[-1].split()
    if "code" in code and len(last) > 1 and last[1] not in ("0", "None"):
        raise SystemExit(f"kpicat check failed on the generated catalogue {root}: exit {last[1]}")
    peak = max(int(last[0]), int(last[2]) if len(last) > 2 else 0)
    return wall, peak / 1024


def median_of(code: str, root: Path, runs: int) -> tuple[float, float]:
    results = [timed(code, root) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


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
    root = OUT / name
    if not (root / "kpicat.yaml").is_file():
        kpis, terms = SIZES[name]
        print(f"generating {name}: {kpis} KPIs + {terms} terms ...", flush=True)
        generate(root, kpis, terms)
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", nargs="*", default=list(SIZES))
    parser.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    parser.add_argument("--check-only", action="store_true", help="skip the diff and site benches")
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
    slowest_hostile = hostile_formulas()
    shipped, _ = median_of(CHECK, REPO, args.runs)
    print(f"shipped catalogue: kpicat check {shipped:.2f} s (target < 0.5 s)")
    for name in args.sizes:
        root = catalogue(name)
        floor, floor_mem = median_of(FLOOR, root, args.runs)
        check, check_mem = median_of(CHECK, root, args.runs)
        results[name] = {
            "check_s": check,
            "check_mb": check_mem,
            "floor_s": floor,
            "floor_mb": floor_mem,
            "ratio": check / floor,
        }
        print(
            f"{name:>4}: check {check:6.2f} s {check_mem:6.0f} MB | parse floor {floor:6.2f} s "
            f"{floor_mem:6.0f} MB | ratio {check / floor:4.2f}",
            flush=True,
        )
    verdicts = []
    if "10k" in results:
        verdicts.append(("check 10k <= 2.0x parse floor", results["10k"]["ratio"] <= 2.0))
    if "10k" in results and "50k" in results:
        growth = results["50k"]["check_s"] / results["10k"]["check_s"]
        print(f"growth 50k / 10k: {growth:.2f} (target <= 5.5)")
        verdicts.append(("50k <= 5.5x 10k", growth <= 5.5))
        verdicts.append(("peak memory at 50k <= 500 MB", results["50k"]["check_mb"] <= 500))
    verdicts.append(("shipped catalogue < 0.5 s", shipped < 0.5))
    verdicts.append(("every hostile formula rejected within 1 s", slowest_hostile < 1.0))
    for bench in ("diff_bench", "site_bench", "history_bench"):
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
