"""The command line: one module per command family, wired lazily in ``main``."""

from kpicat.cli.main import cli, main

__all__ = ["cli", "main"]
