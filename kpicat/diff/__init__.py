"""``kpicat diff``: what changed in meaning between two revisions of the catalogue.

Reviewers of a KPI pull request are business people; they need to see that a
formula now measures something else, not a YAML diff. See ``compare`` for the
rules that make a change breaking.
"""

from kpicat.diff.compare import compare
from kpicat.diff.model import DiffResult, EntryChange, FieldChange, Revision
from kpicat.diff.report import DIFF_REPORTERS
from kpicat.infra.git import GitError

__all__ = [
    "DIFF_REPORTERS",
    "DiffResult",
    "EntryChange",
    "FieldChange",
    "GitError",
    "Revision",
    "compare",
]
