"""`kpicat serve` for real: a server on localhost that rebuilds when a YAML file changes."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.site.conftest import FIXTURE


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - localhost only
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, needle: str, seconds: float) -> str | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if page is not None and needle in page:
            return page
        time.sleep(0.5)
    return None


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
