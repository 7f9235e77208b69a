"""Files to plain data: strict YAML with a position for every key and value."""

from kpicat.load.document import Document, LoadError, Note, Positions
from kpicat.load.strict_yaml import Limits, load_bytes

__all__ = ["Document", "Limits", "LoadError", "Note", "Positions", "load_bytes"]
