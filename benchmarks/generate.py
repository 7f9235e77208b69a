"""Grow a valid catalogue to any size, for benchmarks and scale tests.

Names are pseudo-words from a seeded generator, so they are distinct (no
near-duplicate findings), formulas are distinct, units agree and every KPI has
a worked example that matches: a large catalogue that checks clean, like a
well-kept real one.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "sa",
    "ti",
    "vo",
    "ber",
    "dan",
    "fel",
    "gor",
    "hus",
    "jen",
    "kor",
    "lim",
    "mar",
    "nor",
    "pel",
    "quin",
    "ros",
    "sten",
    "tur",
    "ulm",
    "ver",
    "wal",
    "xan",
    "yor",
    "zel",
    "bra",
    "cre",
    "dro",
    "fla",
    "gri",
    "klo",
    "pra",
    "stu",
    "tra",
    "wen",
    "zor",
]


def word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def unique_names(rng: random.Random, count: int) -> list[str]:
    names: set[str] = set()
    result = []
    while len(result) < count:
        name = f"{word(rng, 3)} {word(rng, 3)} {word(rng, 2)}"
        if name not in names:
            names.add(name)
            result.append(name)
    return result


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def generate(root: Path, kpis: int, terms: int, seed: int = 1) -> None:
    """Write kpicat.yaml and catalogue/ under ``root``."""
    rng = random.Random(seed)
    kras = max(4, kpis // 40)
    owners = max(4, kpis // 60)
    measures = max(20, kpis // 20)
    names = unique_names(rng, kpis + 2 * terms + kras + owners + measures)
    take = iter(names)
    cat = root / "catalogue"
    write(
        root / "kpicat.yaml",
        f"languages: [de, en]\nbudgets: {{catalogue: {kpis + 10}, per_kra: 60, per_owner: 90}}\n",
    )
    for i in range(owners):
        write(
            cat / "owners" / f"team_{i:05d}.yaml",
            f"id: team_{i:05d}\nname: Team {next(take)}\nkind: team\n"
            f'contact: team{i}@example.com\ngithub: "@example-org/team-{i}"\n',
        )
    for i in range(kras):
        write(
            cat / "kras" / f"kra_{i:05d}.yaml",
            f"id: kra_{i:05d}\nname: {{de: {next(take)}, en: Area {i}}}\n"
            f"definition: {{de: Verantwortungsbereich {i}., en: Key result area {i}.}}\n"
            f"owner: team_{i % owners:05d}\nmax_kpis: 60\n",
        )
    for i in range(measures):
        write(
            cat / "measures" / f"m_{i:05d}.yaml",
            f"id: m_{i:05d}\nname: {{de: {next(take)}, en: Measure {i}}}\n"
            f"definition: {{de: Basisgröße {i} aus dem CRM., en: Base measure {i} from the CRM.}}\n"
            f"unit: count\nsource: {{system: CRM, object: Obj{i % 17}, field: Feld{i}}}\n"
            f"owner: team_{i % owners:05d}\n",
        )
    triples: set[tuple[int, int, int]] = set()
    for i in range(kpis):
        while True:
            a, b, c = rng.randrange(measures), rng.randrange(measures), rng.randrange(measures)
            key = (min(a, b), max(a, b), c)
            if len({a, b, c}) == 3 and key not in triples:
                triples.add(key)
                break
        indicator = "input" if i % 3 == 0 else "output"
        va, vb, vc = rng.randint(1, 500), rng.randint(1, 500), 4 * rng.randint(1, 250)
        expected = (va + vb) * 100 / vc
        formula = f"(m_{a:05d} + m_{b:05d}) / m_{c:05d} * 100"
        inputs = f"{{m_{a:05d}: {va}, m_{b:05d}: {vb}, m_{c:05d}: {vc}}}"
        kra = i % kras
        owner = kra % owners
        write(
            cat / "kpis" / f"kpi_{i:05d}.yaml",
            f"""id: kpi_{i:05d}
name: {{de: {next(take)}, en: KPI {i}}}
definition:
  de: Anteil der Basisgrößen {a} und {b} an Basisgröße {c}, je Quartal gemessen.
  en: Share of base measures {a} and {b} in base measure {c}, measured per quarter.
formula: {formula}
unit: percent
type: {{indicator: {indicator}, nature: non_financial}}
category: {rng.choice(["revenue", "customer", "activity"])}
kra: kra_{kra:05d}
owner: team_{owner:05d}
status: active
period: quarterly
direction: higher_is_better
target: {{value: {rng.randint(10, 90)}}}
used_in: [Dashboard {kra}]
last_reviewed: "2026-10-01"
review_every: 12
version: 1
examples:
  - inputs: {inputs}
    expected: {expected:.6f}
""",
        )
    for i in range(terms):
        write(
            cat / "terms" / f"term_{i:05d}.yaml",
            f"id: term_{i:05d}\nname: {{de: {next(take)}, en: Term {i}}}\n"
            f"definition: {{de: Begriff {i} des Glossars., en: Glossary term {i}.}}\n"
            f"synonyms: {{de: [{next(take)}]}}\n",
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--kpis", type=int, default=1000)
    parser.add_argument("--terms", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.root, args.kpis, args.terms, args.seed)


if __name__ == "__main__":
    main()
