"""Babel extraction methods for kpicat's own message kinds (``babel.cfg``; ``make translations``).

Besides ``_()``, ``N_()`` and ``ngettext()`` calls (Babel's Python extractor), users read:
rule documentation (the docstring of an ``@rule`` function or the text of a ``document()``
call, one msgid per prose paragraph as :func:`kpicat.core.i18n.translate_doc` looks them up),
Click help (the docstring of a command and every ``help=`` text) and the field descriptions
of the JSON Schemas (the comments of ``kpicat new``). Only pybabel imports this module.
"""

from __future__ import annotations

import ast
import inspect
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from kpicat.core.i18n import doc_blocks

Message = tuple[int, str | None, str, list[str]]


def extract_python(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[Message]:
    """Babel's Python extraction plus rule documentation and Click help."""
    from babel.messages.extract import extract_python as babel_python

    source = fileobj.read()
    yield from babel_python(io.BytesIO(source), keywords, comment_tags, options)
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            names = {_name(d) for d in node.decorator_list}
            doc = ast.get_docstring(node, clean=True)
            if doc and "rule" in names:
                yield from _doc_messages(node.lineno, doc)
            elif doc and names & {"command", "group"}:
                yield node.lineno, None, inspect.cleandoc(doc), ["Click help"]
        elif isinstance(node, ast.Call):
            if _name(node) == "document" and len(node.args) >= 3:
                text = node.args[2]
                if isinstance(text, ast.Constant) and isinstance(text.value, str):
                    yield from _doc_messages(node.lineno, inspect.cleandoc(text.value))
            for keyword in node.keywords:
                value = keyword.value
                if (
                    keyword.arg in ("help", "help_text")
                    and isinstance(value, ast.Constant)
                    and isinstance(value.value, str)
                    and value.value.strip()
                ):
                    yield value.lineno, None, value.value, ["Click help"]


def extract_schema(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[Message]:
    """Every ``description`` of a JSON Schema (what `kpicat new` writes as comments)."""
    data = json.loads(fileobj.read().decode("utf-8"))
    for text in _descriptions(data):
        yield 1, None, text, ["schema description"]


def _descriptions(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "description" and isinstance(value, str):
                yield value
            else:
                yield from _descriptions(value)
    elif isinstance(node, list):
        for item in node:
            yield from _descriptions(item)


def _doc_messages(line: int, doc: str) -> Iterator[Message]:
    for prose, text in doc_blocks(doc):
        if prose:
            yield line, None, text, ["rule documentation"]


def _name(node: ast.expr) -> str:
    """``rule`` for ``@rule(...)``, ``command`` for ``@cli.command()`` or ``@click.command``."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def fill_source_language(po_file: str) -> int:
    """The English catalogue: an empty msgstr gets its msgid (English is the source).

    A copy editor may then improve an English text in ``en/…/kpicat.po`` without
    changing the msgid the code and the other languages use. Returns how many were filled.
    """
    from babel.messages.pofile import read_po, write_po

    path = Path(po_file)
    with path.open("rb") as handle:
        catalog = read_po(handle)
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            if not any(message.string):
                message.string = tuple(message.id)
                filled += 1
        elif not message.string:
            message.string = message.id
            filled += 1
        message.flags.discard("fuzzy")
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, include_previous=False)
    return filled


if __name__ == "__main__":
    import sys

    for path in sys.argv[1:]:
        print(f"{path}: {fill_source_language(path)} English texts filled from their msgid")
