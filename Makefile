# Two commands on a fresh machine: `make run` and `make test` (see README).
PYTHON_BIN ?= python3
VENV       := .venv
PY         := $(VENV)/bin/python
HOST       ?= 127.0.0.1
PORT       ?= 8000
# The PostgreSQL pass of `make test`; override to use another server.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/alliance

.PHONY: run test test-sqlite test-postgres lint check install install-dev clean

$(VENV)/.installed: requirements.txt
	$(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: install-dev
	DJANGO_SETTINGS_MODULE=alliance.settings.test $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=alliance.settings.test $(PY) manage.py makemigrations --check --dry-run

test-sqlite: install-dev
	$(PY) -m pytest

test-postgres: install-dev
	@if $(PY) scripts/postgres_ready.py "$(TEST_DATABASE_URL)"; then \
		DATABASE_URL="$(TEST_DATABASE_URL)" $(PY) -m pytest; \
	else \
		echo "SKIPPED: PostgreSQL pass — no server answers at $(TEST_DATABASE_URL)"; \
	fi

test: lint check test-sqlite test-postgres

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
