"""Rules, one module per group; importing this package registers them all."""

from kpicat.rules import loading, references, schema, workflow  # noqa: F401
