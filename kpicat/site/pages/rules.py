"""The rules page: every rule kpicat checks, with its documentation."""

from __future__ import annotations

from markupsafe import Markup

from kpicat.site import labels, paths
from kpicat.site.pages.context import Page, RuleDoc, SiteContext
from kpicat.site.search import front_matter_yaml


def rules_page(site: SiteContext) -> str:
    rules = site.rules if site.rules is not None else rule_docs()
    return site.render(
        "rules.md.j2",
        search_meta=front_matter_yaml(None, site.lang),
        rules=[
            {
                "code": r.code,
                "anchor": r.code.lower(),
                "name": r.name,
                "level": site.label(labels.SEVERITY, r.level),
                "group": site.label(labels.RULE_GROUP, r.group),
                "doc": Markup(doc_markdown(r.local_doc())),
            }
            for r in sorted(rules, key=lambda r: r.code)
        ],
    )


def doc_markdown(doc: str) -> str:
    """A rule's docstring as Markdown: indented examples become fenced YAML blocks.

    Rule docs are written by kpicat's developers, not by contributors; they are
    still kept from opening headings, raw HTML or snippet includes.
    """
    out: list[str] = []
    in_code = False
    for line in doc.splitlines():
        if line.startswith("    ") and line.strip():
            if not in_code:
                if out and out[-1].strip():
                    out.append("")
                out.append("```yaml")
                in_code = True
            out.append(line[4:])
            continue
        if in_code:
            out.append("```")
            out.append("")
            in_code = False
        text = line.replace("<", "&lt;").replace(">", "&gt;")
        if text.lstrip().startswith(("#", "--8")):
            text = "\\" + text.lstrip()
        out.append(text)
    if in_code:
        out.append("```")
    return "\n".join(out).strip()


def rule_docs() -> list[RuleDoc]:
    """Every registered rule's documentation."""
    from kpicat.rules.registry import all_rules

    return [RuleDoc(r.code, r.name, r.level, r.group, r.summary, r.doc) for r in all_rules()]


PAGES = (Page(paths.RULES, rules_page),)
