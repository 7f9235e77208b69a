"""The MkDocs plugin's configuration work, without a full build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import copy_fixture

from kpicat.site.bundle import hand_written, navigation
from kpicat.site.mermaid import Node, diagram


def load(root: Path):
    from mkdocs.config import load_config

    return load_config(config_file=str(root / "mkdocs.yml"))


def plugin_of(config):
    from kpicat.site.plugin import KpicatPlugin

    return next(p for p in config.plugins.values() if isinstance(p, KpicatPlugin))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    return copy_fixture(tmp_path / "root")


def test_on_config_sets_glossary_nav_fence_and_scripts(root: Path) -> None:
    config = load(root)
    config = plugin_of(config).on_config(config)
    assert config.mdx_configs["abbr"]["glossary"]["KPI"].startswith("Key Performance Indicator")
    fences = config.mdx_configs["pymdownx.superfences"]["custom_fences"]
    assert [f["name"] for f in fences] == ["mermaid"]
    assert config.nav[0] == {"Start": "index.md"}
    assert "mitwirken.md" in config.nav[-1]["Katalogpflege"]
    assert "assets/kpicat/mermaid.min.js" in [str(s) for s in config.extra_javascript]
    assert "assets/kpicat/kpicat.css" in config.extra_css


def test_on_files_keeps_entry_pages_out_of_the_nav(root: Path) -> None:
    from mkdocs.structure.files import Files, InclusionLevel

    config = load(root)
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(Files([]), config=config)
    entry = files.get_file_from_path("kpi/churn_rate.md")
    section = files.get_file_from_path("kpi/index.md")
    assert entry is not None and entry.inclusion is InclusionLevel.NOT_IN_NAV
    assert section is not None and section.inclusion is not InclusionLevel.NOT_IN_NAV
    assert files.get_file_from_path("assets/kpicat/mermaid.min.js") is not None


def test_on_serve_watches_the_catalogue(root: Path) -> None:
    config = load(root)
    plugin = plugin_of(config)
    plugin.on_config(config)

    class Server:
        def __init__(self) -> None:
            self.watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    server = Server()
    plugin.on_serve(server, config=config, builder=None)  # type: ignore[arg-type]
    assert str(root.resolve() / "catalogue") in server.watched
    assert str(root.resolve() / "kpicat.yaml") in server.watched


def test_plugin_refuses_a_catalogue_with_errors(root: Path) -> None:
    from mkdocs.exceptions import PluginError

    (root / "catalogue" / "kpis" / "kaputt.yaml").write_text("id: kaputt\n", encoding="utf-8")
    config = load(root)
    with pytest.raises(PluginError, match="kpicat check found errors"):
        plugin_of(config).on_config(config)


def test_hand_written_pages_order(tmp_path: Path) -> None:
    for name in ["zeta.md", "formulas.md", "mitwirken.md", "index.md"]:
        (tmp_path / name).write_text("# x\n", encoding="utf-8")
    assert hand_written(tmp_path) == ["mitwirken.md", "formulas.md", "zeta.md"]
    assert navigation([])[-1] == {"Katalogpflege": [{"Regeln": "regeln.md"}]}
    assert {"Katalog-Gesundheit": "gesundheit.md"} in navigation([])[1]["Katalog"]


def test_diagram_escapes_labels_and_links_only_given_urls() -> None:
    source = diagram(
        Node("a", 'Churn "Rate"]\nclick x', None, "center"),
        [Node("b", "<b>Eingang</b>", "../b/", "measure")],
        [],
    )
    assert 'n0(["Churn #34;Rate#34;#93; click x"])' in source
    assert 'n1["#60;b#62;Eingang#60;/b#62;"]' in source
    assert 'click n1 href "../b/"' in source
    assert [line for line in source.splitlines() if line.startswith("  click")] == [
        '  click n1 href "../b/"'
    ]
