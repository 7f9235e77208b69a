"""The check pipeline: settings -> files -> entries -> rules -> a sorted CheckResult."""

from kpicat.check.pipeline import (
    build_catalogue,
    config_from_bytes,
    load_catalogue,
    load_config,
    run_check,
)

__all__ = ["build_catalogue", "config_from_bytes", "load_catalogue", "load_config", "run_check"]
