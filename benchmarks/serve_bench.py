"""`kpicat serve`: how long the site takes to be rebuilt after a save (issue 17: <= 2 s).

Runs what the server runs on a save (``kpicat.site.serving``'s rebuild: the check,
then the MkDocs build into the served folder) on a copy of the shipped catalogue, in
one process as the server does: a first build (start-up), then the median of several
rebuilds, each after a different edit of one KPI file. Also reports the two parts.
Not part of the test suite: run `python benchmarks/serve_bench.py`.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))


def main() -> None:
    from kpicat.check import run_check
    from kpicat.site.build import build_site, load_mkdocs, mkdocs_config

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="kpicat-serve-bench-") as tmp:
        root = Path(tmp) / "catalogue-repo"
        shutil.copytree(REPO / "catalogue", root / "catalogue")
        shutil.copy(REPO / "kpicat.yaml", root / "kpicat.yaml")
        site_dir = Path(tmp) / "site"
        edited = root / "catalogue" / "kpis" / "churn_rate.yaml"
        original = edited.read_bytes()
        with mkdocs_config(root, None) as config_path:
            load_mkdocs(config_path, None, site_dir=str(site_dir))

            def rebuild() -> tuple[float, float]:
                start = time.perf_counter()
                result = run_check(root)
                checked = time.perf_counter()
                build_site(root, result, site_dir, config_file=config_path, strict=None)
                return checked - start, time.perf_counter() - checked

            first = sum(rebuild())
            parts = []
            for n in range(args.runs):
                edited.write_bytes(original + f"# saved {n}\n".encode())
                parts.append(rebuild())
    check = statistics.median(p[0] for p in parts)
    build = statistics.median(p[1] for p in parts)
    total = statistics.median(sum(p) for p in parts)
    print(f"kpicat serve, shipped catalogue: first build {first:.2f} s")
    print(
        f"rebuild after a save: {total:.2f} s (check {check:.2f} s + MkDocs build {build:.2f} s)"
        f" {'PASS' if total <= 2.0 else 'FAIL'} <= 2 s"
    )


if __name__ == "__main__":
    main()
