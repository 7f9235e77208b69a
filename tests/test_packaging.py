"""A non-editable install works from any directory: schemas ship in the wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import MINIMAL, REPO, write_entry


@pytest.mark.slow
def test_wheel_contains_schemas_and_runs_elsewhere(tmp_path: Path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        cwd=tmp_path,
        timeout=300,
    )
    (wheel,) = wheels.glob("kpicat-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for kind in ("common", "kpi", "term", "kra", "owner", "measure", "config"):
        assert f"kpicat/schemas/{kind}.schema.json" in names
    target = tmp_path / "site-packages"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    catalogue = tmp_path / "elsewhere"
    for rel, text in MINIMAL.items():
        write_entry(catalogue, rel, text)
    write_entry(catalogue, "kpis/kaputt.yaml", "id: kaputt\nname: x\n")
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import kpicat, sys; print(kpicat.__file__); from kpicat.cli import main; main()",
            "check",
            "--root",
            str(catalogue),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
    )
    assert proc.stdout.splitlines()[0].startswith(str(target))
    assert proc.returncode == 1, proc.stderr
    # no KPICAT_LANG here: the catalogue's language (de, the default) and the wheel's
    # compiled German catalogue (kpicat/locale/de/LC_MESSAGES/kpicat.mo)
    assert (
        "catalogue/kpis/kaputt.yaml:1:1: error KC011 das Pflichtfeld 'definition' fehlt"
        in proc.stdout
    )
