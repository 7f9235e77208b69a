"""A build either completes or leaves the previous site: kills, concurrent builds, OS errors.

Real processes: builds run as subprocesses (through ``build_driver.py`` where a
build has to stop at a chosen point) and are killed with SIGKILL.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import TODAY, build, copy_fixture, write_entries

from tests.hang import no_hang

pytestmark = pytest.mark.slow

DRIVER = Path(__file__).resolve().parent / "build_driver.py"
KPICAT = Path(sys.executable).parent / "kpicat"
MARKER = "previous-site.txt"


def build_args(root: Path, site: Path) -> list[str]:
    return ["build", "--root", str(root), "--site-dir", str(site), "--today", TODAY]


def first_site(tmp_path: Path) -> tuple[Path, Path]:
    """A catalogue and a built site carrying a marker file that a new build would drop."""
    root = copy_fixture(tmp_path / "root")
    site = tmp_path / "out" / "site"
    code, output = build(root, site)
    assert code == 0, output
    (site / MARKER).write_text("old", encoding="utf-8")
    return root, site


def leftovers(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir() if p.name != site.name)


def start_paused(
    tmp_path: Path, point: str, root: Path, site: Path
) -> tuple[subprocess.Popen[str], Path]:
    ready, go = tmp_path / f"{point}.ready", tmp_path / f"{point}.go"
    process = subprocess.Popen(
        [sys.executable, str(DRIVER), point, str(ready), str(go), "--", *build_args(root, site)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    with no_hang(120):
        while not ready.exists():
            if process.poll() is not None:
                pytest.fail(f"the build ended before {point}: {process.stderr.read()}")
            time.sleep(0.05)
    return process, go


def kill(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.stderr is not None
    process.stderr.close()


def run_build(root: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(KPICAT), *build_args(root, site)], capture_output=True, text=True, timeout=300
    )


def test_a_build_killed_before_the_swap_keeps_the_site_and_the_next_build_cleans_up(
    tmp_path: Path,
) -> None:
    root, site = first_site(tmp_path)
    process, _ = start_paused(tmp_path, "built", root, site)
    kill(process)
    assert (site / MARKER).is_file(), "the killed build replaced the site"
    assert any(name.startswith(".site.new-") for name in leftovers(site))
    done = run_build(root, site)
    assert done.returncode == 0, done.stderr
    assert not (site / MARKER).exists()
    assert leftovers(site) == []


def test_a_build_killed_between_the_two_renames_loses_no_site(tmp_path: Path) -> None:
    """Without renameat2 (forced here) the swap is two renames; a kill between them
    leaves the old site aside, and the next ``kpicat build`` puts it back at once,
    even one that then refuses because the check finds errors."""
    root, site = first_site(tmp_path)
    process, _ = start_paused(tmp_path, "between-renames", root, site)
    kill(process)
    assert any(name.startswith(".site.old-") for name in leftovers(site))
    write_entries(root, {"kpis/kaputt.yaml": "id: kaputt\nname: [unclosed\n"})
    refused = run_build(root, site)
    assert refused.returncode == 1, refused.stderr
    assert "Traceback" not in refused.stderr
    assert (site / MARKER).read_text(encoding="utf-8") == "old"
    assert leftovers(site) == []
    (root / "catalogue" / "kpis" / "kaputt.yaml").unlink()
    done = run_build(root, site)
    assert done.returncode == 0, done.stderr
    assert not (site / MARKER).exists()
    assert leftovers(site) == []


def test_a_second_build_waits_for_the_first_then_both_succeed(tmp_path: Path) -> None:
    root, site = first_site(tmp_path)
    first, go = start_paused(tmp_path, "built", root, site)
    log = tmp_path / "second.log"
    with log.open("w", encoding="utf-8") as err:
        second = subprocess.Popen(
            [str(KPICAT), *build_args(root, site)], stdout=subprocess.DEVNULL, stderr=err
        )
        with no_hang(120):
            while "waiting" not in log.read_text(encoding="utf-8"):
                assert second.poll() is None, "the second build did not wait: " + log.read_text(
                    encoding="utf-8"
                )
                time.sleep(0.05)
        go.touch()
        assert first.wait(timeout=300) == 0, first.stderr.read() if first.stderr else ""
        assert second.wait(timeout=300) == 0, log.read_text(encoding="utf-8")
    assert first.stderr is not None
    first.stderr.close()
    assert "Traceback" not in log.read_text(encoding="utf-8")
    assert (site / "index.html").is_file()
    assert leftovers(site) == []


def test_concurrent_builds_never_crash(tmp_path: Path) -> None:
    root, site = first_site(tmp_path)
    processes = [
        subprocess.Popen(
            [str(KPICAT), *build_args(root, site)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    results = [(p.wait(timeout=300), p.communicate()[1]) for p in processes]
    assert [code for code, _ in results] == [0, 0, 0], results
    assert not any("Traceback" in err for _, err in results)
    assert (site / "index.html").is_file()
    assert leftovers(site) == []


@pytest.mark.skipif(not Path("/sys").is_dir(), reason="needs /sys (Linux)")
def test_a_folder_that_refuses_writes_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    """Tests run as root, where chmod does not stop writes; /sys (sysfs) refuses
    new entries even to root, so it stands in for a read-only parent folder."""
    root = copy_fixture(tmp_path / "root")
    probe = Path("/sys") / "kpicat-probe"
    try:
        probe.mkdir()
    except OSError:
        pass
    else:
        probe.rmdir()
        pytest.skip("/sys accepts new folders here")
    done = run_build(root, Path("/sys") / "kpicat-site")
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "/sys" in done.stderr and "not built" in done.stderr


def test_a_site_dir_below_a_file_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path / "root")
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    done = run_build(root, blocker / "site")
    assert done.returncode in (1, 2), done.stderr
    assert "Traceback" not in done.stderr
    assert str(blocker) in done.stderr


def test_a_full_disk_keeps_the_previous_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ENOSPC is simulated (no small filesystem can be mounted in CI): the page writer fails."""
    import mkdocs.utils

    root, site = first_site(tmp_path)

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(site))

    monkeypatch.setattr(mkdocs.utils, "write_file", full)
    code, output = build(root, site)
    assert code == 1, output
    assert os.strerror(errno.ENOSPC) in output and "kept" in output
    assert (site / MARKER).is_file()
    assert leftovers(site) == []
