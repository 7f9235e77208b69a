"""Rules, one module per group; importing this package registers them all."""

from kpicat.rules import (  # noqa: F401
    bloat,
    consistency,
    formulas,
    loading,
    references,
    schema,
    workflow,
)
