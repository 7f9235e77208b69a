"""Allow ``python -m kpicat``."""

from kpicat.cli import main

# a helper from kpicat serve's fork server imports this module again (as __mp_main__)
if __name__ == "__main__":
    main()
