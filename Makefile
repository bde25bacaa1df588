# The two commands: `make run` and `make test`. Everything else is a helper for them.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

TRANSLATIONS := heritage/translations
KEYWORDS := -k _ -k _l -k gettext -k ngettext:1,2 -k lazy -k lazy_gettext -k lazy_ngettext:1,2

.PHONY: run test lint format check-python vendor clean bench \
	i18n-extract i18n-update i18n-compile i18n-check

run: $(STAMP)
	$(BIN)/heritage db upgrade
	$(BIN)/heritage demo --if-empty
	$(BIN)/heritage run --host $(HOST) --port $(PORT)

# The suite runs on every core (pytest-xdist); TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto
test: $(TEST_STAMP) lint i18n-check
	$(BIN)/pytest -n $(TEST_WORKERS)

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy heritage

format: $(TEST_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
	  { echo "Python 3.11 or newer is needed; set PYTHON=/path/to/python3.11" >&2; exit 1; }

$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/pip install --quiet -e '.[postgres]'
	touch $@

$(TEST_STAMP): $(STAMP) setup.cfg
	$(BIN)/pip install --quiet -e '.[test,postgres]'
	touch $@

# Translations (Flask-Babel): extract the marked text, merge it into each catalogue, compile.
# The compiled .mo files are committed, so a fresh clone runs without this step.
i18n-extract: $(STAMP)
	$(BIN)/pybabel --quiet extract -F babel.cfg --no-location --project "Heritage Damage Registry" --copyright-holder "the Heritage Damage Registry contributors" $(KEYWORDS) -o $(TRANSLATIONS)/messages.pot .

i18n-update: i18n-extract
	$(BIN)/pybabel --quiet update --no-fuzzy-matching --ignore-pot-creation-date -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS)

i18n-compile: $(STAMP)
	$(BIN)/pybabel --quiet compile -d $(TRANSLATIONS)

# Every marked text translated into Arabic, placeholders kept, catalogues compiled.
i18n-check: $(STAMP)
	$(BIN)/python tools/i18n_check.py

# Timings that guard performance promises: ingesting a 24-megapixel JPEG must not be slower
# than Pillow's naive resize of it (issue 10). Exits non-zero when a promise is broken.
bench: $(STAMP)
	$(BIN)/python bench/ingest.py

# Refresh the vendored front-end libraries from npm (needs npm; `make run` does not).
vendor:
	npm ci --no-audit --no-fund
	rm -rf heritage/static/vendor
	mkdir -p heritage/static/vendor/bootstrap heritage/static/vendor/leaflet heritage/static/vendor/world-atlas
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.rtl.min.css \
	   node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/LICENSE heritage/static/vendor/bootstrap/
	cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images \
	   node_modules/leaflet/LICENSE heritage/static/vendor/leaflet/
	cp node_modules/topojson-client/dist/topojson-client.min.js heritage/static/vendor/leaflet/
	cp node_modules/topojson-client/LICENSE heritage/static/vendor/leaflet/LICENSE.topojson-client
	cp node_modules/world-atlas/countries-110m.json node_modules/world-atlas/LICENSE heritage/static/vendor/world-atlas/

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
