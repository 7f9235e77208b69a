"""The health report reads catalogues built like the rules' ones."""

from tests.rules.conftest import kat  # noqa: F401  (the shared fixture)
