"""Runs ``kpicat build`` in this process and pauses at one chosen point, for kill tests.

Usage: ``python build_driver.py POINT READY GO -- ARGS...``. At POINT the build
writes the file READY and waits until the file GO exists (or it is killed):

- ``built``: MkDocs has written the new site, nothing is swapped yet;
- ``between-renames``: the fallback swap (two renames, as without Linux'
  renameat2) has moved the old site aside and not yet moved the new one in.

A test hook by monkeypatching, so the product carries no test-only code.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any


def pause(ready: Path, go: Path) -> None:
    ready.write_text(str(os.getpid()), encoding="utf-8")
    while not go.exists():
        time.sleep(0.05)


def main() -> None:
    point, ready, go = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    args = sys.argv[sys.argv.index("--") + 1 :]
    import mkdocs.commands.build as mkdocs_build

    from kpicat.cli import cli

    if point == "built":
        original_build = mkdocs_build.build

        def build_then_pause(*a: Any, **k: Any) -> None:
            original_build(*a, **k)
            pause(ready, go)

        mkdocs_build.build = build_then_pause
    elif point == "between-renames":
        try:
            from kpicat.site import publish
        except ImportError:  # before the atomic swap existed
            pass
        else:
            publish.exchange = lambda _a, _b: False  # as on a system without renameat2
        original_rename = os.rename

        def rename_then_pause(src: Any, dst: Any, *a: Any, **k: Any) -> None:
            original_rename(src, dst, *a, **k)
            if ".old-" in Path(dst).name:
                pause(ready, go)

        os.rename = rename_then_pause
    cli.main(args, prog_name="kpicat")


if __name__ == "__main__":
    main()
