"""``kpicat render``: the generated site as a plain MkDocs project on disk.

The output folder gets ``docs/`` (hand-written pages, generated pages, assets),
``includes/abbreviations.md`` and a ``mkdocs.yml`` without the kpicat plugin
but with everything the plugin would set (abbreviation glossary, navigation,
Mermaid fence, scripts), so MkDocs alone or Zensical builds the same site.

Every further language of the catalogue gets its own project beside it:
``docs-<lang>/``, ``includes/abbreviations.<lang>.md`` and ``mkdocs.<lang>.yml``
building into ``site/<lang>/`` (``mkdocs build && mkdocs build -f mkdocs.en.yml``;
the root first, since each build empties its folder). ``overrides/`` holds the
language selector that links each page to its counterpart.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import click
import yaml

from kpicat.core.i18n import _
from kpicat.core.result import CheckResult
from kpicat.site import paths
from kpicat.site.bundle import make_bundle, read_history
from kpicat.site.languages import alternates, prefix, theme_dir, translated_page

MARKER = ".kpicat-render"
OVERRIDES = "overrides"
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


def project_config(
    data: dict[str, Any],
    bundle: Any,
    lang: str | None = None,
    languages: tuple[str, ...] = (),
) -> dict[str, Any]:
    """The mkdocs.yml of the rendered project (of ``lang``'s site when there are several)."""
    data = copy.deepcopy(data)
    folder = prefix(lang, languages) if lang else ""
    data["docs_dir"] = f"docs-{lang}" if folder else "docs"
    data["site_dir"] = f"site/{lang}" if folder else "site"
    plugins = [p for p in data.get("plugins") or ["search"] if _name(p) != "kpicat"]
    if lang:
        plugins = [dict(p) if isinstance(p, dict) else p for p in plugins]
        _options(plugins, "search")["lang"] = [lang]
        theme = data.get("theme")
        theme = dict(theme) if isinstance(theme, dict) else {"name": theme or "material"}
        theme["language"] = lang
        theme["custom_dir"] = OVERRIDES
        data["theme"] = theme
        if len(languages) > 1:
            extra = dict(data.get("extra") or {})
            directory_urls = bool(data.get("use_directory_urls", True))
            extra.setdefault("alternate", alternates(lang, languages, directory_urls))
            data["extra"] = extra
        if bundle.site_name:
            data["site_name"] = bundle.site_name
        if folder and isinstance(data.get("site_url"), str) and data["site_url"]:
            data["site_url"] = data["site_url"].rstrip("/") + "/" + folder
    data["plugins"] = plugins
    extensions = list(data.get("markdown_extensions") or [])
    from kpicat.site.mdext import NAME

    _options(extensions, NAME)
    abbr = _options(extensions, "abbr")
    abbr["glossary"] = {**bundle.glossary, **(abbr.get("glossary") or {})}
    if bundle.term_links:  # the plugin's term links (kpicat.site.termlinks)
        from kpicat.site.termlinks import NAME as TERM_LINKS

        terms = {name: list(link) for name, link in bundle.term_links.items()}
        _options(extensions, TERM_LINKS)["links"] = terms
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
    languages = result.catalogue.config.languages
    site_url = data["site_url"] if isinstance(data.get("site_url"), str) else None
    site_path = paths.site_path(data.get("site_url"))
    if site_path is None:
        click.echo(
            _(
                "kpicat: note: {name} sets no site_url, so the links inside formulas "
                "and diagrams are relative to each page. MkDocs keeps them; Zensical rewrites "
                "them and they break when the site is served under a sub-path. Set site_url to "
                "the address the site is published at."
            ).format(name=config_file.name),
            err=True,
        )
    bundles = {}
    history = read_history(result)  # one pass over git for every language's site
    for lang in languages:  # the first answers whether diagrams are at hand, for all
        folder = prefix(lang, languages)
        bundles[lang] = make_bundle(
            result,
            directory_urls=bool(data.get("use_directory_urls", True)),
            diagrams=diagrams,
            docs_dir=docs_dir,
            site_path=site_path + folder if site_path is not None else None,
            site_url=site_url,
            lang=lang,
            check_diagrams=not bundles,
            history=history,
            # the same export files in every language's site: made for the first one only
            downloads=next(iter(bundles.values())).downloads if bundles else None,
        )
        diagrams = bundles[lang].diagrams
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise click.UsageError(f"--out {out} is not empty and was not written by kpicat render")
    if docs_dir == out or out in docs_dir.parents or docs_dir in out.parents:
        raise click.UsageError("--out must lie outside the docs folder")
    for target in [out / name for name in ("docs", "includes", "mkdocs.yml", OVERRIDES)] + [
        *out.glob("docs-*"),
        *out.glob("mkdocs.*.yml"),
    ]:
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("written by kpicat render\n", encoding="utf-8")
    write_overrides(data, base, out / OVERRIDES)
    (out / "includes").mkdir()
    for index, (lang, bundle) in enumerate(bundles.items()):
        suffix = "" if index == 0 else f".{lang}"
        write_docs(bundle, docs_dir, out / ("docs" if index == 0 else f"docs-{lang}"))
        write_redirects(
            options,
            bool(data.get("use_directory_urls", True)),
            out / ("docs" if index == 0 else f"docs-{lang}"),
        )
        from kpicat.site.pages import abbreviations_markdown

        (out / "includes" / f"abbreviations{suffix}.md").write_text(
            abbreviations_markdown(bundle.glossary), encoding="utf-8"
        )
        config = project_config(data, bundle, lang, languages)
        (out / f"mkdocs{suffix}.yml").write_text(
            yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100),
            encoding="utf-8",
        )
    return sum(len(b.pages) for b in bundles.values())


def write_redirects(options: object, directory_urls: bool, docs: Path) -> None:
    """The plugin's ``redirects`` as static pages of the docs folder (as the plugin adds them)."""
    from kpicat.site.redirects import redirect_pages

    redirects = options.get("redirects") if isinstance(options, dict) else None
    if not isinstance(redirects, dict):
        return
    pages, unusable = redirect_pages(redirects, directory_urls)
    if unusable:
        raise click.UsageError("kpicat redirects: " + "; ".join(unusable))
    for old, (output, text) in pages.items():
        path = docs / output
        if not (docs / old).exists() and not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


def write_overrides(data: dict[str, Any], base: Path, target: Path) -> None:
    """The theme overrides of the rendered projects: the project's own ``custom_dir``, if
    any, and kpicat's language selector unless the project has its own."""
    theme = data.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if isinstance(custom, str) and (base / custom).is_dir():
        shutil.copytree(base / custom, target)
    for source in Path(theme_dir()).rglob("*"):
        path = target / source.relative_to(theme_dir())
        if source.is_file() and not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, path)


def write_docs(bundle: Any, docs_dir: Path, docs: Path) -> None:
    """One language's docs folder: hand-written pages, generated pages, assets, downloads."""
    if docs_dir.is_dir():
        shutil.copytree(docs_dir, docs)
        for page in sorted(docs.rglob("*.md")):
            translated = translated_page(page.relative_to(docs).as_posix(), bundle.languages)
            if translated is None:
                continue
            base, lang = translated
            if lang == bundle.lang:
                page.replace(docs / base)
            else:
                page.unlink()
        from kpicat.site.contributing import maintenance_page

        for page in sorted(docs.rglob("*.md")):  # hand-written: "Katalogpflege", as the plugin
            if page.relative_to(docs).as_posix() not in bundle.pages:
                text = page.read_text(encoding="utf-8")
                page.write_text(maintenance_page(text, bundle.lang), encoding="utf-8")
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
