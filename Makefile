# The two commands of the README:
#   make run   set everything up (first time) and serve http://127.0.0.1:8000/
#   make test  set up with the development tools and run the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMPS := .stamps
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-unit test-e2e setup setup-dev lint format check messages clean-db bench lock

run: setup
	DJANGO_SETTINGS_MODULE=config.settings.dev $(MANAGE) migrate --no-input -v 0
	DJANGO_SETTINGS_MODULE=config.settings.dev $(MANAGE) seed_demo
	DJANGO_SETTINGS_MODULE=config.settings.dev $(MANAGE) collectstatic --no-input -v 0
	@echo "安全生产法治培训平台: http://$(HOST):$(PORT)/  (后台 /admin/，演示账号见 README)"
	DJANGO_SETTINGS_MODULE=config.settings.dev $(MANAGE) runserver $(HOST):$(PORT)

test: setup-dev
	$(MAKE) --no-print-directory test-unit test-e2e

test-unit:
	$(VENV)/bin/pytest tests --ignore=tests/e2e $(PYTEST_ARGS)

# Playwright's sync API and pytest-asyncio clash in one process: a separate run.
test-e2e:
	$(VENV)/bin/pytest tests/e2e -p no:asyncio $(PYTEST_ARGS)

setup: $(STAMPS)/system $(STAMPS)/venv messages

setup-dev: setup $(STAMPS)/venv-dev $(STAMPS)/browser

$(STAMPS)/system: bin/system-deps
	bin/system-deps
	@mkdir -p $(STAMPS) && touch $@

# make test runs the browser tests too, so it installs Debian's Chromium.
$(STAMPS)/browser: bin/system-deps
	bin/system-deps browser
	@mkdir -p $(STAMPS) && touch $@

# Every install comes from the hash-checked lock files in requirements/ (made by
# `make lock` from pyproject.toml's ranges), so two installs a month apart are the same.
$(STAMPS)/venv: requirements/base.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --require-hashes --no-deps -r requirements/base.txt
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/venv-dev: $(STAMPS)/venv requirements/dev.txt
	$(PY) -m pip install -q --require-hashes --no-deps -r requirements/dev.txt
	@mkdir -p $(STAMPS) && touch $@

# Re-resolve the lock files after changing pyproject.toml's dependencies (needs the
# package index). The runtime lock is constrained to the dev lock's versions.
UV_VERSION := 0.13.8
LOCK_FLAGS := --universal --python-version 3.11 --generate-hashes --quiet
lock:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q uv==$(UV_VERSION)
	@mkdir -p requirements
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev $(LOCK_FLAGS) -o requirements/dev.txt
	$(VENV)/bin/uv pip compile pyproject.toml -c requirements/dev.txt $(LOCK_FLAGS) -o requirements/base.txt

# Catalogues are committed as .po and compiled here (the .mo files are not committed).
messages:
	@find . -path ./$(VENV) -prune -o -name '*.po' -path '*/LC_MESSAGES/*' -print | \
	while read po; do mo="$${po%.po}.mo"; \
	  if [ ! -f "$$mo" ] || [ "$$po" -nt "$$mo" ]; then msgfmt --check-format -o "$$mo" "$$po" || exit 1; fi; \
	done

lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: setup-dev
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run

bench: setup-dev
	@ls benchmarks/*.py

clean-db:
	rm -f db.sqlite3
