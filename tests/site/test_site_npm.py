"""Pinned npm scripts: a cached copy is used only with the pinned checksum, a local copy as is."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kpicat.site import npm

BYTES = b"window.demo = 1;\n"
SCRIPT = npm.NpmScript(
    package="demo-script",
    version="1.0.0",
    member="package/dist/demo.min.js",
    sha256=hashlib.sha256(BYTES).hexdigest(),
    licence="package/LICENSE",
    override="KPICAT_DEMO_JS",
    purpose="the demo script",
)


@pytest.fixture
def offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No npm on PATH, an empty cache folder."""
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.setenv("KPICAT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv(SCRIPT.override, raising=False)
    return tmp_path / "cache"


def test_without_npm_the_message_says_what_to_do(offline: Path) -> None:
    with pytest.raises(npm.ScriptUnavailable, match="KPICAT_DEMO_JS"):
        npm.ensure(SCRIPT)


def test_a_cached_copy_with_the_pinned_checksum_is_used(offline: Path) -> None:
    folder = offline / "demo-script-1.0.0"
    folder.mkdir(parents=True)
    (folder / "demo.min.js").write_bytes(BYTES)
    (folder / "demo-script.LICENSE.txt").write_text("MIT", encoding="utf-8")
    assert npm.files(SCRIPT) == {
        "assets/kpicat/demo.min.js": folder / "demo.min.js",
        "assets/kpicat/demo-script.LICENSE.txt": folder / "demo-script.LICENSE.txt",
    }


def test_a_cached_copy_with_other_bytes_is_not_shipped(offline: Path) -> None:
    folder = offline / "demo-script-1.0.0"
    folder.mkdir(parents=True)
    (folder / "demo.min.js").write_bytes(BYTES + b"alert(1);\n")
    with pytest.raises(npm.ScriptUnavailable):
        npm.files(SCRIPT)


def test_a_local_copy_named_by_the_environment_is_used_as_it_is(
    offline: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    local = tmp_path / "copy.js"
    local.write_bytes(b"// my own build\n")
    monkeypatch.setenv(SCRIPT.override, str(local))
    assert npm.files(SCRIPT) == {"assets/kpicat/demo.min.js": local}
    monkeypatch.setenv(SCRIPT.override, str(tmp_path / "missing.js"))
    with pytest.raises(npm.ScriptUnavailable, match="is not a file"):
        npm.files(SCRIPT)
