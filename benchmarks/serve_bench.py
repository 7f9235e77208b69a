"""`kpicat serve`: how long the site takes to be rebuilt after a save (issue 17: <= 2 s).

Two measurements on a copy of the shipped catalogue, with this repository's mkdocs.yml and
docs/ (the site `make serve` serves), in a git repository of its own (so that the site's
change history is part of the cost, as in a real repository):

- **rebuild**: what the server runs on a save (the check, then the MkDocs build of
  every language's site into the served folder, the second language by a helper
  from a fork server, as ``kpicat serve`` does), in one process: a first build
  (start-up), then the median of several rebuilds, each after a different edit of the
  text of one KPI, with the two parts;
- **end to end**: the installed ``kpicat serve`` on a free local port; the time from
  writing the edited file to the server answering with a page that shows the new text
  (MkDocs' file watcher polls every half second, so this includes up to 0.5 s of
  noticing the save).

Not part of the test suite: run `python benchmarks/serve_bench.py`.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

EDITED = Path("catalogue/kpis/churn_rate.yaml")
PAGE = "kpi/churn_rate/"
MARKER = "Messpunkt"


def edit(root: Path, original: bytes, n: int) -> str:
    """The KPI's German definition with a word that names this edit; the word it now shows."""
    word = f"{MARKER}{n}x{time.monotonic_ns() % 1000000}"
    text = original.decode("utf-8")
    marker = "definition:\n  de: "
    at = text.index(marker) + len(marker)
    (root / EDITED).write_text(text[:at] + word + " " + text[at:], encoding="utf-8")
    return word


def repository(tmp: Path) -> Path:
    root = tmp / "catalogue-repo"
    shutil.copytree(REPO / "catalogue", root / "catalogue")
    shutil.copy(REPO / "kpicat.yaml", root / "kpicat.yaml")
    # the site `make serve` serves here: this repository's mkdocs.yml (strict, link and
    # anchor checks) and its hand-written pages
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "docs", root / "docs")
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "check": True}
    subprocess.run(["git", "init", "-q", str(root)], **quiet)
    for setting in (("user.name", "Bench"), ("user.email", "bench@example.invalid")):
        subprocess.run(["git", "-C", str(root), "config", *setting], **quiet)
    subprocess.run(["git", "-C", str(root), "add", "-A"], **quiet)
    subprocess.run(["git", "-C", str(root), "commit", "-q", "-m", "catalogue"], **quiet)
    return root


def rebuilds(root: Path, runs: int) -> tuple[float, list[tuple[float, float]]]:
    from kpicat.check import run_check
    from kpicat.infra.parallel import Helpers
    from kpicat.site.build import build_site, load_mkdocs, mkdocs_config
    from kpicat.site.serving import HELPER_PRELOAD

    helpers = Helpers(HELPER_PRELOAD)
    site_dir = root.parent / "site"
    original = (root / EDITED).read_bytes()
    with mkdocs_config(root, None) as config_path:
        load_mkdocs(config_path, None, site_dir=str(site_dir))

        def rebuild() -> tuple[float, float]:
            start = time.perf_counter()
            result = run_check(root)
            checked = time.perf_counter()
            build_site(
                root,
                result,
                site_dir,
                config_file=config_path,
                strict=None,
                helpers=helpers,
                rebuild_cache=root.parent / "rebuild",
            )
            return checked - start, time.perf_counter() - checked

        first = sum(rebuild())
        parts = []
        for n in range(runs):
            word = edit(root, original, n)
            parts.append(rebuild())
            page = (site_dir / PAGE / "index.html").read_text(encoding="utf-8")
            assert word in page, "the rebuilt page does not show the edit"
    (root / EDITED).write_bytes(original)
    return first, parts


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def page_text(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return str(answer.read().decode("utf-8"))
    except (urllib.error.URLError, OSError):
        return None


def end_to_end(root: Path, runs: int) -> tuple[float, list[float]]:
    script = Path(sys.executable).parent / "kpicat"
    port = free_port()
    url = f"http://127.0.0.1:{port}/{PAGE}"
    env = {**os.environ, "KPICAT_LANG": "de"}
    started = time.perf_counter()
    server = subprocess.Popen(
        [str(script), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    original = (root / EDITED).read_bytes()
    try:
        while page_text(url) is None:
            if time.perf_counter() - started > 120:
                raise SystemExit("kpicat serve did not answer within 120 s")
            time.sleep(0.05)
        ready = time.perf_counter() - started
        times = []
        for n in range(runs):
            time.sleep(1.0)  # a quiet moment, as between two saves
            saved = time.perf_counter()
            word = edit(root, original, n)
            while word not in (page_text(url) or ""):
                if time.perf_counter() - saved > 60:
                    raise SystemExit("the edit did not reach the served page within 60 s")
                time.sleep(0.02)
            times.append(time.perf_counter() - saved)
    finally:
        server.terminate()
        server.wait(timeout=30)
        (root / EDITED).write_bytes(original)
    return ready, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rebuild-only", action="store_true", help="skip the end-to-end part")
    args = parser.parse_args()
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="kpicat-serve-bench-") as tmp:
        root = repository(Path(tmp))
        first, parts = rebuilds(root, args.runs)
        check = statistics.median(p[0] for p in parts)
        build = statistics.median(p[1] for p in parts)
        total = statistics.median(sum(p) for p in parts)
        print(f"kpicat serve, shipped catalogue: first build {first:.2f} s")
        print(
            f"rebuild after a save: {total:.2f} s (check {check:.2f} s + MkDocs build"
            f" {build:.2f} s) {'PASS' if total <= 2.0 else 'FAIL'} <= 2 s"
        )
        if args.rebuild_only:
            return
        ready, times = end_to_end(root, args.runs)
        seen = statistics.median(times)
        print(f"kpicat serve started and answering: {ready:.2f} s")
        print(
            f"save to served page, end to end: {seen:.2f} s (runs: "
            + ", ".join(f"{t:.2f}" for t in times)
            + f") {'PASS' if seen <= 2.0 else 'FAIL'} <= 2 s"
        )


if __name__ == "__main__":
    main()
