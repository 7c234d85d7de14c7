# Supple: `make run` installs and starts the app; `make test` runs every check.
# Needs only the machine's Python 3.11+, make, and its package managers (pip, apt, npm).

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
PYTEST_ARGS ?=
# Tests never touch a person's own data.
TEST_ENV := SUPPLE_DATA_DIR=$(CURDIR)/.cache/test-data DJANGO_ALLOW_ASYNC_UNSAFE=true TIME_ZONE=UTC

.PHONY: run install test lint typecheck imports migrations test-sqlite test-postgres \
        chromium postgres-server browser-deps pdf-deps clean figures

run: $(STAMP)
	$(BIN)/supple serve --port $(PORT)

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml | pdf-deps
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(DEV_STAMP): $(STAMP) requirements-dev.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# Pango, which WeasyPrint draws the PDF handouts with, and fonts, from Debian's packages.
pdf-deps:
	@{ $(PYTHON) -c "import ctypes.util as u, sys; \
	    sys.exit(not (u.find_library('pango-1.0') and u.find_library('pangoft2-1.0')))" \
	  && fc-list 2>/dev/null | grep -q .; } || { \
	  echo "Installing Pango and fonts for the PDF handouts"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
	    libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; }

# Debian's Chromium for the browser tests (Playwright's own browser download is not used).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

# PostgreSQL server binaries for the throwaway test server.
postgres-server:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || { \
	  echo "Installing PostgreSQL server binaries for the tests"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql >/dev/null; }

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

browser-deps: chromium node_modules/.package-lock.json

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

typecheck: $(DEV_STAMP)
	$(TEST_ENV) $(BIN)/mypy

imports: $(DEV_STAMP)
	$(BIN)/lint-imports

migrations: $(DEV_STAMP)
	$(TEST_ENV) $(BIN)/supple init >/dev/null
	$(TEST_ENV) $(BIN)/supple manage makemigrations --check --dry-run

test-sqlite: $(DEV_STAMP) browser-deps
	@echo "== tests on SQLite =="
	$(TEST_ENV) $(BIN)/pytest -n 2 $(PYTEST_ARGS)

# The browser tests drive pages, not the database: on PostgreSQL only those marked `database`.
# Tests that run Supple on SQLite in a process of their own run in the SQLite suite only.
test-postgres: $(DEV_STAMP) browser-deps postgres-server
	@echo "== tests on PostgreSQL =="
	$(TEST_ENV) $(BIN)/python scripts/with_postgres.py -- \
	  $(BIN)/pytest -n 2 -m "not browser and not sqlite_process or database" $(PYTEST_ARGS)

test: lint typecheck imports migrations test-sqlite test-postgres
	@echo "All checks passed: lint, types, import rules, migrations, SQLite and PostgreSQL suites."

# A contact sheet of every exercise's key poses, to review the figures by eye.
figures: $(STAMP)
	$(BIN)/python scripts/figures.py --out build/figures.png

clean:
	rm -rf $(VENV) node_modules .cache .mypy_cache .ruff_cache
