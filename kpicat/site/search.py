"""Search for business readers: kind labels, ranking, and umlaut/ß folding.

Material's search (lunr) matches the words of a page as they are written, so
"Basisgrosse" never found "Basisgröße". Folding works both ways with one rule,
``fold``: ä → ae, ö → oe, ü → ue, ß → ss, in the index and in the query.

- Index: after Material has written ``search/search_index.json``, every page
  section gets two extra fields that hold only the words that folding changes,
  in their folded form and without the dots (``basisgroesse``, ``basisgrosse``);
  they get the boosts of title and text, and the result list never shows them.
- Query: a small script (``search-fold.js``, generated here so that it uses the
  same table) adds the folded form of every query word before Material's search
  worker sees the query.

Kinds and ranking are page front matter that Material's search reads: ``tags``
(shown on every result) and ``search.boost``; duplicates come from text that is
not prose (diagram source, MathML) and are kept out with ``data-search-exclude``.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from markupsafe import Markup

from kpicat.model import Catalogue, Entry, Term
from kpicat.model.entries import localized
from kpicat.site import labels, paths

# ä = ae and ß = ss; the undotted form (ä = a) is indexed too, for readers who drop the dots.
FOLD = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"}
UNDOTTED = {"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "ẞ": "ss"}
_FOLD = str.maketrans(FOLD)
_UNDOTTED = str.maketrans(UNDOTTED)
FIELDS = {"title": "kpicat_title", "text": "kpicat_text"}
FOLD_SCRIPT = "assets/kpicat/search-fold.js"
# How far each kind ranks above or below an ordinary page (Material multiplies).
BOOST = {"kpi": 3.0, "term": 3.0, "kra": 1.5, "owner": 1.0, "measure": 0.6}
MAINTENANCE_BOOST = 0.3
_TAG = re.compile(r"<[^>]*>")
# what folding can change: the letters of FOLD in either case (no other character lowers to
# one of them), and '&', since an entity (``&ouml;``) is unescaped to one
_FOLDABLE = re.compile(
    "[&" + "".join(sorted({ch for c in FOLD for ch in (c, c.upper()) if len(ch) == 1})) + "]"
)
_EDGES = re.compile(r"^\W+|\W+$")


def fold(text: str) -> str:
    """Lower case with ä → ae, ö → oe, ü → ue, ß → ss (what query and index share)."""
    return text.lower().translate(_FOLD)


def variants(text: str, separator: str) -> list[str]:
    """The folded forms of the words in ``text`` (HTML) that folding changes, in order.

    Text without an umlaut, ß or entity has none: most sections of an index, so they are
    not split into words at all."""
    if not _FOLDABLE.search(text):
        return []
    words = re.split(separator, html.unescape(_TAG.sub(" ", text)).lower())
    found: dict[str, None] = {}
    for word in words:
        word = _EDGES.sub("", word)
        if not word:
            continue
        for form in (word.translate(_FOLD), word.translate(_UNDOTTED)):
            if form != word:
                found.setdefault(form)
    return list(found)


def _names(entry: Entry, languages: tuple[str, ...], default: str) -> list[str]:
    """An entry's name in every language, its synonyms and abbreviations."""
    found = [localized(entry.data.get("name"), lang, default) for lang in languages]
    if isinstance(entry, Term):
        for lang in languages:
            found += entry.synonyms(lang, default)
    abbreviation = entry.data.get("abbreviation")
    if isinstance(abbreviation, str):
        found.append(abbreviation)
    elif isinstance(abbreviation, dict):
        found += [a for a in abbreviation.values() if isinstance(a, str)]
    return [n for n in found if isinstance(n, str) and n.strip()]


def aliases(catalogue: Catalogue) -> dict[str, list[str]]:
    """Page path -> the other names an entry is searched by, ranked like its title.

    A KPI is found by the names of the terms that name it ("Abwanderungsrate" for
    the Churn-Rate), not only through its body text, where a base measure with the
    word in its title would outrank it.
    """
    config = catalogue.config
    languages, default = config.languages, config.default_language
    found: dict[str, list[str]] = {}
    named: dict[str, list[str]] = {}
    for term in catalogue.terms:
        kpi = term.str_field("kpi")
        if kpi:
            named.setdefault(kpi, []).extend(_names(term, languages, default))
    for entry in catalogue.by_id.values():
        path = paths.entry_path(entry.kind, entry.id)
        if path is None:
            continue
        title = entry.display_name(languages)
        names = [*_names(entry, languages, default), *named.get(entry.id, [])]
        unique = list(dict.fromkeys(n for n in names if n != title))
        if unique:
            found[path] = unique
    return found


def fold_index(data: dict[str, Any], aliases: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The search index with the folded fields added (see module doc) and duplicates dropped.

    ``aliases`` (location -> names) go into the title field of a page's first entry.
    """
    aliases = aliases or {}
    config = data.get("config") or {}
    separator = config.get("separator") or r"[\s\-]+"
    fields = config.setdefault("fields", {})
    for source, target in FIELDS.items():
        fields[target] = dict(fields.get(source) or {"boost": 1.0})
    seen: set[tuple[str, str, str]] = set()
    docs = []
    for doc in data.get("docs") or []:
        page = str(doc.get("location", "")).split("#", 1)[0]
        key = (page, str(doc.get("title", "")), str(doc.get("text", "")))
        if "#" in str(doc.get("location", "")) and key in seen:
            continue  # the same section twice on one page: one hit is enough
        seen.add(key)
        extra = aliases.get(str(doc.get("location", ""))) or []
        for source, target in FIELDS.items():
            text = str(doc.get(source, ""))
            if source == "title" and extra:
                text = " ".join([text, *extra])
            words = variants(text, separator)
            if source == "title" and extra:
                words = [html.escape(" ".join(extra), quote=False), *words]
            if words:
                doc[target] = " ".join(words)
        docs.append(doc)
    data["docs"] = docs
    return data


def rewrite_index(site_dir: Path, aliases: dict[str, list[str]] | None = None) -> bool:
    """Fold ``search/search_index.json`` in place; False if there is none (search is off)."""
    path = site_dir / "search" / "search_index.json"
    if not path.is_file():
        return False
    data = json.loads(path.read_text(encoding="utf-8"))
    text = json.dumps(fold_index(data, aliases), ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")
    return True


def front_matter(kind: str, title: object | None = None) -> dict[str, Any]:
    """Front matter for an entry page: its kind as the search result's label, its boost."""
    meta: dict[str, Any] = {
        "tags": [labels.label(labels.KIND, kind) or kind],
        "search": {"boost": BOOST[kind]},
    }
    if title is not None:
        meta["title"] = str(title)
    return meta


def front_matter_yaml(kind: str | None, lang: str = "de") -> Markup:
    """Front-matter lines for a page of ``kind`` (None: a contributor page): label and boost."""
    if kind is None:
        tags, boost = [labels.text("maintenance", lang)], MAINTENANCE_BOOST
    else:
        tags, boost = [labels.label(labels.KIND, kind, lang) or kind], BOOST[kind]
    return Markup(f"tags: {json.dumps(tags, ensure_ascii=False)}\nsearch:\n  boost: {boost}")


def maintenance_meta(meta: dict[str, Any], lang: str = labels.DEFAULT) -> None:
    """Defaults for a contributor page (docs/): labelled "Katalogpflege", ranked below entries."""
    meta.setdefault("tags", [labels.text("maintenance", lang)])
    search = meta.setdefault("search", {})
    if isinstance(search, dict):
        search.setdefault("boost", MAINTENANCE_BOOST)


def fold_script() -> str:
    """The query side: adds each query word's folded form before the search worker sees it.

    Material's search runs in a worker and takes the query as a message
    ``{type: 2, data: "<query>"}`` (SearchMessageType.QUERY); wrapping
    ``Worker.prototype.postMessage`` is the one place a query passes without
    changing Material's files. Anything else is passed on unchanged.
    """
    table = json.dumps(FOLD, ensure_ascii=True)
    return f"""// kpicat: umlaut/ß folding of search queries (generated by kpicat.site.search).
(function () {{
  "use strict";
  var FOLD = {table};
  var QUERY = 2;
  function fold(word) {{
    return word.toLowerCase().replace(/[äöüßẞ]/g, function (c) {{ return FOLD[c]; }});
  }}
  function expand(query) {{
    var extra = [];
    query.split(/\\s+/).forEach(function (word) {{
      var bare = word.replace(/^[+\\-]+/, "").replace(/"/g, "");
      var folded = fold(bare);
      if (bare && folded !== bare.toLowerCase() && extra.indexOf(folded) < 0) extra.push(folded);
    }});
    return extra.length ? query + " " + extra.join(" ") : query;
  }}
  if (typeof Worker === "undefined") return;
  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {{
    if (message && message.type === QUERY && typeof message.data === "string") {{
      arguments[0] = {{ type: message.type, data: expand(message.data) }};
    }}
    return post.apply(this, arguments);
  }};
}})();
"""
