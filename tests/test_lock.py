"""The lock file pins every dependency pyproject.toml names, within its ranges, with hashes.

A fresh clone installs only from requirements.lock (`make`), so a requirement added to
pyproject.toml without `make lock` would silently be missing there, and a pin outside the
declared range would test a combination users can never get.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
_PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)(?:\s*;\s*([^\\]+?))?\s*\\?$")


def _locked() -> dict[str, list[tuple[str, str | None]]]:
    pins: dict[str, list[tuple[str, str | None]]] = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            name, version, marker = match.groups()
            pins.setdefault(canonicalize_name(name), []).append((version, marker))
    return pins


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        names.extend(extra)
    # an extra may include another of kpicat's own extras ("kpicat[site]"): not a pin
    own = canonicalize_name(project["name"])
    return [r for r in map(Requirement, names) if canonicalize_name(r.name) != own]


def test_every_declared_dependency_is_locked_within_its_range() -> None:
    pins = _locked()
    environment = default_environment()
    for requirement in _declared():
        versions = pins.get(canonicalize_name(requirement.name))
        assert versions, f"{requirement.name} is not in requirements.lock: run 'make lock'"
        applicable = [
            version
            for version, marker in versions
            if marker is None or Requirement(f"x; {marker}").marker.evaluate(environment)
        ]
        assert applicable, f"no pin of {requirement.name} applies to this Python"
        for version in applicable:
            assert requirement.specifier.contains(version, prereleases=True), (
                f"requirements.lock pins {requirement.name}=={version}, outside "
                f"'{requirement.specifier}' in pyproject.toml: run 'make lock'"
            )


def test_every_runtime_range_has_an_upper_bound() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for name in project["dependencies"]:
        specifier = Requirement(name).specifier
        assert any(spec.operator in {"<", "<=", "==", "~="} for spec in specifier), (
            f"{name}: give users a compatible range with an upper bound"
        )


def test_every_pin_carries_a_hash() -> None:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text.strip())
    for block in blocks:
        if block.startswith("#"):
            continue
        assert "--hash=sha256:" in block, f"no hash for: {block.splitlines()[0]}"
