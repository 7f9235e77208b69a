"""Grow a real-shaped catalogue from the shipped entries, for `make bench`.

`generate.py` writes small, plain entries; real ones carry bilingual definitions, targets
with notes, sources, examples and synonyms. This copies every shipped entry as often as
needed (10,000 KPIs + 5,000 terms from 30 KPIs and 80 terms), with ids that stay
consistent (a copy of a KPI reads copies of its measures, names copies of its KRA and
owner) and names that stay distinct (each copy adds a place and a segment to its names),
so the grown catalogue checks as cleanly as the shipped one.

``findings=True`` gives most entries warnings instead (an overdue review and a missing
English definition on every KPI, a term that lists itself as related): the cost of
reporting many findings, as a neglected catalogue has.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path
from typing import Any

import yaml

from benchmarks.generate import SYLLABLES as BASE_SYLLABLES

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "catalogue"
# copies of the kinds that KPIs and terms refer to (the 18,884 files at 10k)
SUPPORT_COPIES = {"measure": 100, "kra": 80, "owner": 14}
FOLDERS = {"kpi": "kpis", "term": "terms", "measure": "measures", "kra": "kras", "owner": "owners"}
# generate.py's syllables and more: pseudo-words that rarely share pieces with real ones
SYLLABLES = [
    *BASE_SYLLABLES,
    *[
        "bex",
        "dov",
        "fip",
        "gux",
        "hab",
        "jaw",
        "kez",
        "luf",
        "mog",
        "nix",
        "pux",
        "qev",
        "rab",
        "sif",
        "tog",
    ],
]
IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class Dumper(yaml.SafeDumper):
    """Block style with readable Unicode, like the shipped files."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


Dumper.add_representer(str, _text)


class Names:
    """A new name for each copy: two words of the shipped names plus a pseudo-word.

    "Kundenbindung Angebote Kalomi", "Cross-Selling Abdeckung Turbex": realistic
    words and lengths, and no family of 334 names that differ only in their last word
    (a catalogue of that shape would be full of near-duplicates, KC303).
    """

    def __init__(self, vocabulary: dict[str, list[str]], seed: int) -> None:
        self.rng = random.Random(seed)
        self.vocabulary = vocabulary
        self.seen: set[str] = set()

    def pseudo(self) -> str:
        """A pseudo-word no other call returned (abbreviations must stay distinct: KC302)."""
        while True:
            word = "".join(self.rng.choice(SYLLABLES) for _ in range(3)).capitalize()
            if word.casefold() not in self.seen:
                self.seen.add(word.casefold())
                return word

    def __call__(self, language: str) -> str:
        words = self.vocabulary.get(language) or self.vocabulary["de"]
        while True:
            text = " ".join([*self.rng.sample(words, 2), self.pseudo()])
            if text.casefold() not in self.seen:
                self.seen.add(text.casefold())
                return text


def shipped() -> dict[str, dict[str, dict[str, Any]]]:
    """kind -> id -> data of every shipped entry."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for kind, folder in FOLDERS.items():
        out[kind] = {}
        for path in sorted((SHIPPED / folder).glob("*.yaml")):
            data = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
            out[kind][data["id"]] = data
    return out


class Grower:
    """Maps every id of a copy to the copy it refers to, and writes the files."""

    def __init__(self, root: Path, kpis: int, terms: int, findings: bool, seed: int) -> None:
        self.root = root
        self.findings = findings
        self.base = shipped()
        self.kind_of = {i: kind for kind, entries in self.base.items() for i in entries}
        self.copies: dict[str, dict[str, int]] = {}  # kind -> id -> number of copies
        for kind, total in (("kpi", kpis), ("term", terms)):
            ids = list(self.base[kind])
            # as many copies of each (10,020 KPIs for 10,000): links stay mutual
            self.copies[kind] = dict.fromkeys(ids, -(-total // len(ids)))
        kpi_copies = max(self.copies["kpi"].values())
        for kind, count in SUPPORT_COPIES.items():
            # as many KPIs per KRA, owner and measure at every size (the same counts at 10k):
            # a larger organisation has more areas, not fuller ones (fixed counts put 83 KPIs
            # on each of 400 KRAs at 50k, each then over its budget of 60)
            scaled = max(1, round(count * kpis / 10_000))
            self.copies[kind] = dict.fromkeys(self.base[kind], min(scaled, kpi_copies))
        vocabulary: dict[str, set[str]] = {}
        for entries in self.base.values():
            for data in entries.values():
                name = data.get("name")
                for lang, text in name.items() if isinstance(name, dict) else ():
                    vocabulary.setdefault(lang, set()).update(
                        w for w in text.split() if len(w) > 3 and w.isalpha()
                    )
        self.names = Names({k: sorted(v) for k, v in vocabulary.items()}, seed)
        self.formulas: set[str] = set()
        self.extra_measures: dict[tuple[str, int], int] = {}

    def new_id(self, old: str, copy: int) -> str:
        """The id of ``old``'s copy for a referrer of copy number ``copy``."""
        kind = self.kind_of[old]
        return f"{old}_{copy % self.copies[kind][old]:03d}"

    def formula(self, text: str, copy: int) -> str:
        """A formula (or an example's input such as ``prev(x)``) reading the copy's ids."""
        return IDENT.sub(lambda m: self.new_id(m[0], copy) if m[0] in self.kind_of else m[0], text)

    def remap(self, value: Any, copy: int, key: str = "") -> Any:
        """Every reference in ``value`` pointed at the copies of ``copy``."""
        if isinstance(value, dict):
            return {
                (self.formula(k, copy) if key == "inputs" else k): self.remap(v, copy, k)
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [self.remap(v, copy, key) for v in value]
        if isinstance(value, str) and key == "formula":
            return self.formula(value, copy)
        if isinstance(value, str) and value in self.kind_of and key not in ("name", "category"):
            return self.new_id(value, copy)
        return value

    def rename(self, data: dict[str, Any], default: str = "de") -> None:
        """New names and synonyms for a copy; abbreviations get a pseudo-word."""
        value = data.get("name")
        if isinstance(value, str):
            data["name"] = self.names(default)
        elif isinstance(value, dict):
            data["name"] = {lang: self.names(lang) for lang in value}
        value = data.get("abbreviation")
        if isinstance(value, str):
            data["abbreviation"] = f"{value} {self.names.pseudo()}"
        elif isinstance(value, dict):
            data["abbreviation"] = {lang: f"{t} {self.names.pseudo()}" for lang, t in value.items()}
        synonyms = data.get("synonyms")
        if isinstance(synonyms, list):
            data["synonyms"] = [self.names(default) for _ in synonyms]
        elif isinstance(synonyms, dict):
            data["synonyms"] = {
                lang: [self.names(lang) for _ in items] for lang, items in synonyms.items()
            }

    def copy_of(self, kind: str, old: str, copy: int) -> dict[str, Any]:
        data = self.remap(self.base[kind][old], copy)
        data["id"] = f"{old}_{copy:03d}"
        self.rename(data)
        if kind == "kra":
            data["max_kpis"] = 60
        return data

    def distinct_formula(self, data: dict[str, Any], old: str, copy: int) -> None:
        """A KPI copy whose formula equals an earlier copy's reads fresh measure copies."""
        formula = data.get("formula")
        if not isinstance(formula, str) or formula not in self.formulas:
            if isinstance(formula, str):
                self.formulas.add(formula)
            return
        base = self.base["kpi"][old]
        measures = sorted(
            {m for m in IDENT.findall(base["formula"]) if self.kind_of.get(m) == "measure"}
        )
        count = self.copies["measure"][measures[0]] if measures else 1
        # other combinations of the regular measure copies first, fresh copies last
        for offset in range(1, count + 1):
            mapping = {
                self.new_id(m, copy): f"{m}_{(copy + (n + 1) * offset) % count:03d}"
                for n, m in enumerate(measures)
            }
            if offset == count:
                fresh = count + copy  # beyond the regular copies
                mapping = {self.new_id(m, copy): f"{m}_{fresh:03d}" for m in measures}
                for m in measures:
                    self.extra_measures[(m, fresh)] = copy
            rename = re.compile("|".join(rf"\b{re.escape(k)}\b" for k in mapping) or "(?!)")
            text = rename.sub(lambda m, mapping=mapping: mapping[m[0]], formula)
            if text not in self.formulas:
                break
        data["formula"] = text
        for example in data.get("examples") or []:
            inputs = example.get("inputs") or {}
            example["inputs"] = {
                rename.sub(lambda m: mapping[m[0]], k): v for k, v in inputs.items()
            }
        self.formulas.add(text)

    def write(self, kind: str, data: dict[str, Any]) -> None:
        path = self.root / "catalogue" / FOLDERS[kind] / f"{data['id']}.yaml"
        path.write_text(
            yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100),
            encoding="utf-8",
        )

    def grow(self) -> None:
        for folder in FOLDERS.values():
            (self.root / "catalogue" / folder).mkdir(parents=True, exist_ok=True)
        for kind in ("measure", "kra", "owner", "kpi", "term"):
            for old, count in self.copies[kind].items():
                for copy in range(count):
                    data = self.copy_of(kind, old, copy)
                    if kind == "kpi":
                        self.distinct_formula(data, old, copy)
                    if self.findings:
                        self.add_findings(kind, data)
                    self.write(kind, data)
        for (old, fresh), copy in self.extra_measures.items():
            data = self.copy_of("measure", old, copy)
            data["id"] = f"{old}_{fresh:03d}"

            self.write("measure", data)
        config = yaml.load((REPO / "kpicat.yaml").read_bytes(), Loader=yaml.CSafeLoader)
        kpis = sum(self.copies["kpi"].values())
        config["budgets"] = {"catalogue": kpis + 10, "per_kra": 60, "per_owner": kpis}
        (self.root / "kpicat.yaml").write_text(
            yaml.dump(config, Dumper=Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )

    @staticmethod
    def add_findings(kind: str, data: dict[str, Any]) -> None:
        if kind == "kpi":
            data["last_reviewed"] = "2024-01-15"  # KC405 review-overdue
            definition = data.get("definition")
            if isinstance(definition, dict):
                definition.pop("en", None)  # KC308 missing-translation
        elif kind == "term":
            data["related"] = [*(data.get("related") or []), data["id"]]  # KC103


def grow(root: Path, kpis: int, terms: int, *, findings: bool = False, seed: int = 1) -> None:
    """Write kpicat.yaml and catalogue/ under ``root``."""
    Grower(root, kpis, terms, findings, seed).grow()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--kpis", type=int, default=10_000)
    parser.add_argument("--terms", type=int, default=5_000)
    parser.add_argument("--findings", action="store_true")
    args = parser.parse_args()
    grow(args.root, args.kpis, args.terms, findings=args.findings)


if __name__ == "__main__":
    main()
