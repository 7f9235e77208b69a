"""Files to plain data: strict YAML with a position for every key and value."""

from kpicat.load.document import Document, LoadError, Positions
from kpicat.load.strict_yaml import Limits, load_bytes

__all__ = ["Document", "Limits", "LoadError", "Positions", "load_bytes"]
