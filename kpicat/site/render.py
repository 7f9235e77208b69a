"""``kpicat render``: the generated site as a plain MkDocs project on disk.

The output folder gets ``docs/`` (hand-written pages, generated pages, assets),
``includes/abbreviations.md`` and a ``mkdocs.yml`` without the kpicat plugin
but with everything the plugin would set (abbreviation glossary, navigation,
Mermaid fence, scripts), so MkDocs alone or Zensical builds the same site.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import click
import yaml

from kpicat.core.result import CheckResult
from kpicat.site import paths
from kpicat.site.bundle import make_bundle

MARKER = ".kpicat-render"
FENCE_FORMAT = "kpicat.site.mdext.mermaid_format"


class Tagged:
    """A YAML value with a tag that must survive a round trip (``!ENV``, ``!!python/name``)."""

    def __init__(self, tag: str, value: Any) -> None:
        self.tag = tag
        self.value = value


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml without resolving Python names or environment variables."""


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return Tagged(node.tag, value)


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Loader.add_multi_constructor("!", _construct_tagged)


class _Dumper(yaml.SafeDumper):
    """Writes Tagged values back with their tags."""


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(Tagged, _represent_tagged)
_Dumper.add_representer(str, _represent_str)


def _name(item: Any) -> str:
    return (
        item
        if isinstance(item, str)
        else next(iter(item))
        if isinstance(item, dict) and item
        else ""
    )


def _options(items: list[Any], name: str) -> dict[str, Any]:
    """The options dict of one plugin or extension in a mkdocs.yml list (added if missing)."""
    for index, item in enumerate(items):
        if _name(item) == name:
            if isinstance(item, str) or not isinstance(item[name], dict):
                items[index] = {name: {}}
            return items[index][name]
    items.append({name: {}})
    return items[-1][name]


def project_config(data: dict[str, Any], bundle: Any) -> dict[str, Any]:
    """The mkdocs.yml of the rendered project."""
    data = dict(data)
    data["docs_dir"] = "docs"
    data["site_dir"] = "site"
    plugins = [p for p in data.get("plugins") or ["search"] if _name(p) != "kpicat"]
    data["plugins"] = plugins
    extensions = list(data.get("markdown_extensions") or [])
    from kpicat.site.mdext import NAME

    _options(extensions, NAME)
    abbr = _options(extensions, "abbr")
    abbr["glossary"] = {**bundle.glossary, **(abbr.get("glossary") or {})}
    fences = _options(extensions, "pymdownx.superfences").setdefault("custom_fences", [])
    if not any(isinstance(f, dict) and f.get("name") == "mermaid" for f in fences):
        fences.append(
            {
                "name": "mermaid",
                "class": "mermaid",
                "format": Tagged(f"tag:yaml.org,2002:python/name:{FENCE_FORMAT}", ""),
            }
        )
    data["markdown_extensions"] = extensions
    if not data.get("nav"):
        data["nav"] = bundle.nav
    sections = sorted({p.split("/", 1)[0] for p in bundle.entry_pages})
    data["not_in_nav"] = "".join(f"/{s}/*.md\n" for s in sections) or None
    for key, values in (
        ("extra_css", bundle.extra_css),
        ("extra_javascript", bundle.extra_javascript),
    ):
        existing = list(data.get(key) or [])
        data[key] = existing + [v for v in values if v not in existing]
    return {k: v for k, v in data.items() if v is not None}


def write_project(config_file: Path, result: CheckResult, out: Path) -> int:
    """Write the project; returns the number of generated pages."""
    # _Loader is a SafeLoader that keeps tags as data; it constructs no Python objects.
    data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader) or {}
    if not isinstance(data, dict):
        raise click.UsageError(f"{config_file} is not a mapping")
    base = config_file.parent
    docs_dir = (base / str(data.get("docs_dir", "docs"))).resolve()
    options = next(
        (p["kpicat"] for p in data.get("plugins") or [] if isinstance(p, dict) and "kpicat" in p),
        None,
    )
    diagrams = not (isinstance(options, dict) and options.get("diagrams") is False)
    site_path = paths.site_path(data.get("site_url"))
    if site_path is None:
        click.echo(
            f"kpicat: note: {config_file.name} sets no site_url, so the links inside formulas "
            "and diagrams are relative to each page. MkDocs keeps them; Zensical rewrites "
            "them and they break when the site is served under a sub-path. Set site_url to "
            "the address the site is published at.",
            err=True,
        )
    bundle = make_bundle(
        result,
        directory_urls=bool(data.get("use_directory_urls", True)),
        diagrams=diagrams,
        docs_dir=docs_dir,
        site_path=site_path,
        site_url=data["site_url"] if isinstance(data.get("site_url"), str) else None,
    )
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise click.UsageError(f"--out {out} is not empty and was not written by kpicat render")
    if docs_dir == out or out in docs_dir.parents or docs_dir in out.parents:
        raise click.UsageError("--out must lie outside the docs folder")
    for name in ("docs", "includes", "mkdocs.yml"):
        target = out / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("written by kpicat render\n", encoding="utf-8")
    docs = out / "docs"
    if docs_dir.is_dir():
        shutil.copytree(docs_dir, docs)
    for rel, text in {**bundle.pages, **bundle.asset_text}.items():
        path = docs / rel
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for rel, source in bundle.assets.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)
    for rel, payload in bundle.downloads.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(payload)
    from kpicat.site.pages import abbreviations_markdown

    (out / "includes").mkdir()
    (out / "includes" / "abbreviations.md").write_text(
        abbreviations_markdown(bundle.glossary), encoding="utf-8"
    )
    config = project_config(data, bundle)
    (out / "mkdocs.yml").write_text(
        yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100),
        encoding="utf-8",
    )
    return len(bundle.pages)
