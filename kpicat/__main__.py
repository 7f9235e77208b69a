"""Allow ``python -m kpicat``."""

from kpicat.cli import main

main()
