"""Workflow rules: suppressions and placeholders left by `kpicat new`."""

from __future__ import annotations

from kpicat.rules.registry import document

document("KC502", "unused-suppression", """A `lint.ignore` entry suppresses nothing.

    Suppressions must carry a reason and should disappear with the problem
    they hid; one that no longer matches anything only hides future findings.

    Bad (no KC401 finding in this entry any more):
        lint: {ignore: {KC401: "nur im Vorstandsbericht"}}

    Good: remove the `lint.ignore` line.
    """, level="warning", group="workflow")
