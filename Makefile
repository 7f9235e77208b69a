# kpicat: `make site` builds the website, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Every dependency (runtime, tests, tools) comes from the lock file, with hashes, so a new
# upstream release cannot change what a fresh clone installs. `make lock` refreshes it.
LOCK := requirements.lock
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCK) | cksum | cut -d' ' -f1)
LATEST := .venv-latest

.PHONY: site test lint format bench serve clean browser assets lock test-latest \
	translations i18n-extract i18n-update i18n-compile

$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	rm -f $(VENV)/.installed-*
	touch $@

## lock: resolve the newest versions pyproject.toml allows into requirements.lock (with hashes)
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/uv pip compile pyproject.toml --all-extras --generate-hashes --universal \
		--python-version 3.11 --no-header --quiet -o $(LOCK)

## test-latest: the suite against the newest versions pyproject.toml allows (scratch venv,
## not the lock), to see an upstream release break kpicat before `make lock` takes it in
test-latest: assets
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[test,generators]'
	$(LATEST)/bin/python -m pip list --format=freeze
	$(LATEST)/bin/python -m pytest -q

## assets: the self-hosted scripts (mermaid, tablesort: from the npm registry, pinned by checksum),
## fetched here so that neither the build nor the tests reach beyond localhost later
assets: $(STAMP)
	$(BIN)/python -c "from kpicat.site.bundle import scripts_available as s; assert all(s().values())"

## site: install, check the shipped catalogue, build the website into site/
site: assets
	$(BIN)/kpicat check
	$(BIN)/kpicat build --site-dir site

serve: assets
	$(BIN)/kpicat serve

## test: install, lint, format check, the import layers, the whole test suite
test: assets
	$(BIN)/ruff check kpicat tests benchmarks
	$(BIN)/ruff format --check kpicat tests benchmarks
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check kpicat tests benchmarks

format: $(STAMP)
	$(BIN)/ruff format kpicat tests benchmarks
	$(BIN)/ruff check --fix kpicat tests benchmarks

## translations: the gettext catalogues of kpicat's messages (kpicat/locale, Babel):
## extract the English msgids (kpicat's, and Click's from the installed Click), update de
## and en, fill en from the msgids, compile the .mo files. Translate the new entries in
## kpicat/locale/de/LC_MESSAGES/kpicat.po and click.po, run
## `make translations` again and commit the .po and .mo files (a test checks they match).
LOCALES := kpicat/locale
POT := $(LOCALES)/kpicat.pot
# Click's own messages (errors, [default: ...]) in their own domain, from the installed Click
CLICK_POT := $(LOCALES)/click.pot
translations: i18n-extract i18n-update i18n-compile

i18n-extract: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --no-wrap --sort-by-file --add-location=file \
		--project kpicat --copyright-holder "kpicat contributors" -o $(POT) .
	$(BIN)/pybabel extract --no-wrap --no-location --project click -o $(CLICK_POT) \
		"$$($(BIN)/python -c 'import click, pathlib; print(pathlib.Path(click.__file__).parent)')"

i18n-update: $(STAMP)
	for domain in kpicat click; do for lang in de en; do \
		test -f $(LOCALES)/$$lang/LC_MESSAGES/$$domain.po || \
			$(BIN)/pybabel init -i $(LOCALES)/$$domain.pot -d $(LOCALES) -D $$domain -l $$lang \
				--no-wrap; \
	done; \
	$(BIN)/pybabel update -i $(LOCALES)/$$domain.pot -d $(LOCALES) -D $$domain --no-wrap \
		--ignore-obsolete --no-fuzzy-matching; done
	$(BIN)/python -m kpicat.core.i18n_extract $(LOCALES)/en/LC_MESSAGES/kpicat.po \
		$(LOCALES)/en/LC_MESSAGES/click.po

i18n-compile: $(STAMP)
	$(BIN)/pybabel compile -d $(LOCALES) -D kpicat --statistics
	$(BIN)/pybabel compile -d $(LOCALES) -D click --statistics

## bench: the performance benchmarks (prints medians and ratios)
bench: assets
	$(BIN)/python benchmarks/run.py

## browser: Debian's chromium for the browser tests (needs root, as in CI)
browser:
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

clean:
	rm -rf $(VENV) $(LATEST) site build *.egg-info .pytest_cache .ruff_cache
