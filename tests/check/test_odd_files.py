"""Only regular files inside the root are read: pipes, sockets, devices and links are errors.

A FIFO named like an entry used to hang ``check`` and ``build`` forever; a symlinked kind
folder or catalogue/ was followed and published files from outside the repository.
Each odd file is now a diagnostic at its path (line 1, column 1) and is never opened.
"""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from kpicat.cli import cli
from kpicat.load import LoadError
from kpicat.load.files import read_regular
from tests.hang import no_hang

SECRET = "hunter2"


def _check(root: Path, *extra: str) -> tuple[int, str]:
    with no_hang():
        result = CliRunner().invoke(cli, ["check", "--root", str(root), *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.fixture
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder outside the catalogue with an entry-shaped file holding a secret."""
    folder = tmp_path_factory.mktemp("outside")
    (folder / "geheim.yaml").write_text(
        f"id: geheim\nname: Geheim\ndefinition: {SECRET}\n", encoding="utf-8"
    )
    return folder


def test_fifo_entry_is_an_error_not_a_hang(catalogue_root):
    os.mkfifo(catalogue_root / "catalogue/kpis/pipe.yaml")
    code, output = _check(catalogue_root)
    assert code == 1
    assert "catalogue/kpis/pipe.yaml:1:1" in output
    assert "named pipe" in output


def test_fifo_kind_folder_and_fifo_settings_are_errors(catalogue_root):
    os.mkfifo(catalogue_root / "catalogue/pipe")
    code, output = _check(catalogue_root)
    assert code == 1 and "catalogue/pipe:1:1" in output
    (catalogue_root / "kpicat.yaml").unlink()
    os.mkfifo(catalogue_root / "kpicat.yaml")
    code, output = _check(catalogue_root)
    assert code == 2 and "kpicat.yaml:1:1" in output


def test_socket_entry_is_an_error(tmp_path):
    # a short path: AF_UNIX names are limited to about 100 bytes
    root = Path(os.environ.get("TMPDIR", "/tmp")) / f"kpicat-sock-{os.getpid()}"
    (root / "catalogue/terms").mkdir(parents=True)
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(root / "catalogue/terms/s.yaml"))
        code, output = _check(root)
    finally:
        server.close()
        subprocess.run(["rm", "-rf", str(root)], check=True)
    assert code == 1
    assert "catalogue/terms/s.yaml:1:1" in output
    assert "socket" in output


def test_symlinked_entry_is_an_error(catalogue_root, outside):
    (catalogue_root / "catalogue/terms/geheim.yaml").symlink_to(outside / "geheim.yaml")
    code, output = _check(catalogue_root)
    assert code == 1
    assert "catalogue/terms/geheim.yaml:1:1" in output
    assert "symbolic link" in output
    assert SECRET not in output


def test_symlinked_kind_folder_is_not_followed(catalogue_root, outside):
    terms = catalogue_root / "catalogue/terms"
    for path in terms.iterdir():
        path.unlink()
    terms.rmdir()
    terms.symlink_to(outside, target_is_directory=True)
    code, output = _check(catalogue_root, "--format", "json")
    assert code == 1
    assert '"file": "catalogue/terms"' in output
    assert "geheim" not in output and SECRET not in output


def test_symlinked_catalogue_is_not_followed(tmp_path, outside):
    (outside / "terms").mkdir()
    (outside / "geheim.yaml").rename(outside / "terms/geheim.yaml")
    root = tmp_path / "repo"
    root.mkdir()
    (root / "kpicat.yaml").write_text("languages: [de]\n", encoding="utf-8")
    (root / "catalogue").symlink_to(outside, target_is_directory=True)
    code, output = _check(root)
    assert code == 1
    assert "catalogue:1:1" in output
    assert SECRET not in output


def test_catalogue_that_is_a_file_is_an_error(tmp_path):
    (tmp_path / "kpicat.yaml").write_text("languages: [de]\n", encoding="utf-8")
    (tmp_path / "catalogue").write_text("id: x\n", encoding="utf-8")
    code, output = _check(tmp_path)
    assert code == 1
    assert "catalogue:1:1" in output


def test_a_folder_named_like_an_entry_is_reported(catalogue_root):
    (catalogue_root / "catalogue/kpis/ordner.yaml").mkdir()
    _code, output = _check(catalogue_root)
    assert "catalogue/kpis/ordner.yaml:1:1" in output


@pytest.mark.parametrize("make", ["fifo", "symlink", "device"])
def test_reading_never_opens_what_discovery_would_refuse(tmp_path, make):
    """A file swapped after discovery (a race) is refused when opened, without blocking."""
    path = tmp_path / "x.yaml"
    if make == "fifo":
        os.mkfifo(path)
    elif make == "symlink":
        (tmp_path / "real.yaml").write_text("id: x\n", encoding="utf-8")
        path.symlink_to(tmp_path / "real.yaml")
    else:
        path = Path("/dev/zero")  # endless: must not be read at all
    with no_hang(), pytest.raises(LoadError) as caught:
        read_regular(path)
    assert caught.value.code == "KC020"
    assert (caught.value.line, caught.value.column) == (1, 1)


def test_reading_stops_at_the_size_cap(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * 2_000_000)
    with pytest.raises(LoadError) as caught:
        read_regular(path)
    assert caught.value.code == "KC005"


@pytest.mark.slow
def test_build_with_a_fifo_fails_and_does_not_hang(catalogue_root, tmp_path):
    os.mkfifo(catalogue_root / "catalogue/terms/pipe.yaml")
    site = tmp_path / "site"
    with no_hang(120):
        result = CliRunner().invoke(
            cli, ["build", "--root", str(catalogue_root), "--site-dir", str(site)]
        )
    assert result.exit_code == 1, result.output
    assert "catalogue/terms/pipe.yaml:1:1" in result.output
    assert not site.exists()


def test_diff_of_the_working_tree_skips_a_fifo(catalogue_root):
    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
            cwd=catalogue_root,
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "base")
    os.mkfifo(catalogue_root / "catalogue/kpis/pipe.yaml")
    with no_hang():
        result = CliRunner().invoke(cli, ["diff", "HEAD", "--root", str(catalogue_root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("size", [0, 1, 4_095, 65_536, 65_537, 300_000])
def test_every_byte_of_a_regular_file_is_read(tmp_path, size):
    path = tmp_path / "entry.yaml"
    content = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    path.write_bytes(content)
    assert read_regular(path) == content


def test_a_file_that_grows_after_fstat_is_read_to_its_end(tmp_path, monkeypatch):
    """The size fstat reports is where reading starts, not where it ends."""
    path = tmp_path / "entry.yaml"
    path.write_bytes(b"id: a\n")
    real_fstat = os.fstat

    def fstat_then_grow(fd):
        info = real_fstat(fd)
        with path.open("ab") as out:
            out.write(b"name: grown\n")
        return info

    monkeypatch.setattr(os, "fstat", fstat_then_grow)
    assert read_regular(path) == b"id: a\nname: grown\n"
