"""`kpicat serve` for real: a server on localhost that rebuilds when a YAML file changes."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.site.conftest import FIXTURE

KPICAT = Path(sys.executable).parent / "kpicat"
BROKEN_STATUS = 'status: "<b>kaputt</b>"'


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch_any(url: str) -> tuple[int, str] | None:
    """Status and body, error statuses included; None when nothing answers in time."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, needle: str, seconds: float, *, absent: str | None = None) -> str | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        answer = fetch_any(url)
        if (
            answer is not None
            and needle in answer[1]
            and (absent is None or absent not in answer[1])
        ):
            return answer[1]
        time.sleep(0.5)
    return None


def start_server(root: Path, port: int, tmp: Path) -> subprocess.Popen[str]:
    """``kpicat serve`` with its own temporary folder, so that cleanup can be checked."""
    tmp.mkdir()
    return subprocess.Popen(
        [str(KPICAT), "serve", "--root", str(root), "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(tmp)},
    )


def stop(server: subprocess.Popen[str]) -> None:
    if server.poll() is None:
        server.kill()
        server.wait(timeout=20)
    assert server.stderr is not None
    server.stderr.close()


def break_status(kpi: Path) -> str:
    """Make the KPI's status invalid (with markup in it); returns ``file:line:``."""
    lines = kpi.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("status:"))
    lines[number - 1] = BROKEN_STATUS + "\n"
    kpi.write_text("".join(lines), encoding="utf-8")
    return f"catalogue/kpis/{kpi.name}:{number}:"


@pytest.mark.slow
def test_serve_rebuilds_when_a_kpi_changes(tmp_path: Path):
    root = tmp_path / "catalogue-repo"
    shutil.copytree(FIXTURE, root)
    port = free_port()
    script = Path(sys.executable).parent / "kpicat"
    server = subprocess.Popen(
        [str(script), "serve", "--root", str(root), "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/kpi/churn_rate/"
        assert wait_for(url, "Churn", 90), "the server did not come up"
        kpi = root / "catalogue" / "kpis" / "churn_rate.yaml"
        text = kpi.read_text(encoding="utf-8")
        kpi.write_text(text.replace("Churn Rate", "Kündigungsquote Neu", 1), encoding="utf-8")
        assert wait_for(url, "Kündigungsquote Neu", 90), "the edit did not reach the served page"
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.mark.slow
def test_serve_keeps_the_last_good_site_with_a_notice_and_recovers(tmp_path: Path):
    root = tmp_path / "catalogue-repo"
    shutil.copytree(FIXTURE, root)
    port = free_port()
    server = start_server(root, port, tmp_path / "tmp")
    try:
        url = f"http://127.0.0.1:{port}/kpi/churn_rate/"
        assert wait_for(url, "Churn", 90), "the server did not come up"
        kpi = root / "catalogue" / "kpis" / "churn_rate.yaml"
        good = kpi.read_text(encoding="utf-8")
        where = break_status(kpi)
        page = wait_for(url, where, 90)
        assert page is not None, "the error did not reach the served page (or requests hung)"
        assert "Churn" in page, "the last good site is no longer served"
        assert "<b>kaputt</b>" not in page and "&lt;b&gt;kaputt&lt;/b&gt;" in page
        kpi.write_text(good.replace("Churn Rate", "Kündigungsquote Neu", 1), encoding="utf-8")
        assert wait_for(url, "Kündigungsquote Neu", 90, absent=where), "no recovery"
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
        assert server.stderr is not None
        assert "Traceback" not in server.stderr.read()
        assert list((tmp_path / "tmp").iterdir()) == [], "temporary folders were left behind"
    finally:
        stop(server)


@pytest.mark.slow
def test_serve_without_a_good_build_serves_an_error_page(tmp_path: Path):
    root = tmp_path / "catalogue-repo"
    shutil.copytree(FIXTURE, root)
    kpi = root / "catalogue" / "kpis" / "churn_rate.yaml"
    good = kpi.read_text(encoding="utf-8")
    where = break_status(kpi)
    port = free_port()
    server = start_server(root, port, tmp_path / "tmp")
    try:
        url = f"http://127.0.0.1:{port}/kpi/churn_rate/"
        assert wait_for(url, where, 90), "no error page (or requests hung)"
        answer = fetch_any(url)
        assert answer is not None and answer[0] == 503
        assert "<b>kaputt</b>" not in answer[1]
        kpi.write_text(good, encoding="utf-8")
        assert wait_for(url, "Churn", 90, absent=where), "no recovery"
        answer = fetch_any(url)
        assert answer is not None and answer[0] == 200
    finally:
        stop(server)
