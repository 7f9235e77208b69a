"""Where each rule code is emitted, read from kpicat's source (for the rule-contract test)."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import kpicat

_CODE = re.compile(r"^KC\d{3}$")
PACKAGE = Path(kpicat.__file__).parent


def _code(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and _CODE.match(node.value):
        return node.value
    return None


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def emission_sites() -> tuple[dict[str, set[str]], list[str]]:
    """code -> modules that emit it; and every hand-built Diagnostic with a literal code.

    An emission is a ``LoadError("KC…")``, a ``Finding(..., code="KC…")``, a tuple
    yielded with a code first (the schema translator) or a module constant naming a
    code (the engine's unused-suppression check).
    """
    sites: dict[str, set[str]] = defaultdict(set)
    handmade: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                first = node.args[0] if node.args else None
                keyword = next((k.value for k in node.keywords if k.arg == "code"), None)
                if name == "LoadError" and _code(first):
                    sites[_code(first)].add(module)  # type: ignore[index]
                elif name == "Finding" and _code(keyword):
                    sites[_code(keyword)].add(module)  # type: ignore[index]
                elif name == "Diagnostic" and (_code(first) or _code(keyword)):
                    handmade.append(f"{module}:{node.lineno}")
            elif isinstance(node, ast.Yield) and isinstance(node.value, ast.Tuple):
                code = _code(node.value.elts[0]) if node.value.elts else None
                if code:
                    sites[code].add(module)
        for node in tree.body:
            if isinstance(node, ast.Assign) and _code(node.value):
                sites[_code(node.value)].add(module)  # type: ignore[index]
    return dict(sites), handmade
