"""The entry kinds of a catalogue and the folder each one lives in: their one home.

Loading, the model, the scaffold, the site and the diff all need to know the
kinds; they read them from here, so adding a kind starts in this file.
"""

from __future__ import annotations

from kpicat.core.i18n import N_

# The settings file and the folder of entries, both relative to the catalogue root.
CONFIG_NAME = "kpicat.yaml"
CATALOGUE_DIR = "catalogue"

# Every kind, in the order readers meet them (glossary first).
KINDS = ("term", "kpi", "kra", "owner", "measure")
# The folder under catalogue/ that holds each kind.
KIND_FOLDERS = {f"{kind}s": kind for kind in KINDS}
# How messages name a kind.
# (N_: English here; messages translate them with kpicat.core.i18n)
KIND_LABELS = {
    "term": N_("term"),
    "kpi": N_("KPI"),
    "kra": N_("KRA"),
    "owner": N_("owner"),
    "measure": N_("measure"),
}
