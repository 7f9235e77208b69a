"""The entry kinds of a catalogue and the folder each one lives in: their one home.

Loading, the model, the scaffold, the site and the diff all need to know the
kinds; they read them from here, so adding a kind starts in this file.
"""

from __future__ import annotations

# The settings file and the folder of entries, both relative to the catalogue root.
CONFIG_NAME = "kpicat.yaml"
CATALOGUE_DIR = "catalogue"

KIND_FOLDERS = {
    "terms": "term",
    "kpis": "kpi",
    "kras": "kra",
    "owners": "owner",
    "measures": "measure",
}
KIND_LABELS = {"term": "term", "kpi": "KPI", "kra": "KRA", "owner": "owner", "measure": "measure"}
