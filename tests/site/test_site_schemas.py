"""The site publishes the schemas editors are pointed at, under the address they are
fetched from (issue 12)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kpicat.check import run_check
from kpicat.core.kinds import KINDS
from kpicat.schemas import published_path, schema_url, standalone_schema
from kpicat.site.bundle import make_bundle


def published(root: Path, site_url: str | None = None) -> dict[str, dict]:
    bundle = make_bundle(run_check(root), diagrams=False, site_url=site_url)
    return {
        name: json.loads(bundle.asset_text[published_path(name)]) for name in (*KINDS, "config")
    }


def test_every_kind_is_published_self_contained(catalogue_root: Path) -> None:
    schemas = published(catalogue_root)
    for name, data in schemas.items():
        assert "$ref" not in json.dumps(data), name
        assert data == standalone_schema(name), name  # no site address: no $id


@pytest.mark.parametrize(
    ("setting", "mkdocs", "base"),
    [
        ("site: {url: https://acme.example/kpis/}\n", None, "https://acme.example/kpis/"),
        ("", "https://docs.acme.example/katalog/", "https://docs.acme.example/katalog/"),
        (
            "site: {url: https://acme.example/kpis}\n",
            "http://127.0.0.1:8000/",
            "https://acme.example/kpis",
        ),
    ],
)
def test_id_is_where_the_site_publishes_it(
    catalogue_root: Path, setting: str, mkdocs: str | None, base: str
) -> None:
    config = catalogue_root / "kpicat.yaml"
    config.write_text(config.read_text() + setting)
    for name, data in published(catalogue_root, mkdocs).items():
        assert data["$id"] == schema_url(base, name)
