# kpicat: `make site` builds the website, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: site test lint format bench serve clean browser assets

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

## assets: the self-hosted diagram script (mermaid, from the npm registry, pinned by checksum),
## fetched here so that neither the build nor the tests reach beyond localhost later
assets: $(STAMP)
	$(BIN)/python -c "from kpicat.site.mermaid import ensure_mermaid; ensure_mermaid()"

## site: install, check the shipped catalogue, build the website into site/
site: assets
	$(BIN)/kpicat check
	$(BIN)/kpicat build --site-dir site

serve: assets
	$(BIN)/kpicat serve

## test: install, lint, format check, the whole test suite
test: assets
	$(BIN)/ruff check kpicat tests benchmarks
	$(BIN)/ruff format --check kpicat tests benchmarks
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check kpicat tests benchmarks

format: $(STAMP)
	$(BIN)/ruff format kpicat tests benchmarks
	$(BIN)/ruff check --fix kpicat tests benchmarks

## bench: the performance benchmarks (prints medians and ratios)
bench: assets
	$(BIN)/python benchmarks/run.py

## browser: Debian's chromium for the browser tests (needs root, as in CI)
browser:
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

clean:
	rm -rf $(VENV) site build *.egg-info .pytest_cache .ruff_cache
