# Two commands on a fresh machine: `make run` and `make test` (see README and docs/testing.md).
PYTHON_BIN ?= python3
VENV       := .venv
PY         := $(VENV)/bin/python
HOST       ?= 127.0.0.1
PORT       ?= 8000
# The PostgreSQL pass of `make test`; override to use another server.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/alliance

# Browser tests drive Debian's chromium, never a downloaded browser.
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test test-sqlite test-postgres lint check install install-dev browser varnish clean messages

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

# HOST and PORT reach the settings too, so mail links, reset links and certificate QR codes point
# at the address runserver listens on (SITE_BASE_URL, unless set, is derived from them).
run: install
	HOST=$(HOST) PORT=$(PORT) $(PY) manage.py migrate --noinput
	HOST=$(HOST) PORT=$(PORT) $(PY) manage.py load_demo
	HOST=$(HOST) PORT=$(PORT) $(PY) manage.py runserver $(HOST):$(PORT)

# Installs Debian's chromium (browser journeys; CJK fonts for the screenshots) and poppler-utils
# (pdftoppm: the certificate PDFs are drawn to images and checked) when missing; without root or
# sudo it says so, and those tests are skipped with that reason.
browser:
	@if [ ! -x "$(CHROMIUM)" ] || ! command -v pdftoppm >/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else SUDO=none; fi; \
		if [ "$$SUDO" = none ]; then \
			echo "WARNING: no chromium/pdftoppm and no root to install them: browser and certificate-image tests will be skipped"; \
		else \
			$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk poppler-utils >/dev/null; \
		fi; \
	fi

# Installs Debian's varnish for the front-cache test (tests/scale/test_varnish.py) when it is
# missing; without root or sudo it says so, and that test is skipped with the reason.
varnish:
	@if ! command -v varnishd >/dev/null && [ ! -x /usr/sbin/varnishd ]; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else SUDO=none; fi; \
		if [ "$$SUDO" = none ]; then \
			echo "WARNING: no varnishd and no root to install it: the front-cache test will be skipped"; \
		else \
			$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq varnish >/dev/null; \
		fi; \
	fi

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: install-dev
	DJANGO_SETTINGS_MODULE=alliance.settings.test $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=alliance.settings.test $(PY) manage.py makemigrations --check --dry-run

test-sqlite: install-dev browser varnish
	$(PY) -m pytest

test-postgres: install-dev browser varnish
	@if $(PY) scripts/postgres_ready.py "$(TEST_DATABASE_URL)"; then \
		DATABASE_URL="$(TEST_DATABASE_URL)" $(PY) -m pytest; \
	else \
		echo "SKIPPED: PostgreSQL pass — no server answers at $(TEST_DATABASE_URL)"; \
	fi

test: lint check test-sqlite test-postgres

# Update the English catalogue from the code and compile every catalogue (docs/i18n.md).
messages: install-dev
	DJANGO_SETTINGS_MODULE=alliance.settings.test $(PY) manage.py makemessages -l en --no-location \
		-i ".venv/*" -i "bench/*" -i "tests/*" -i "test-artifacts/*" -i "static/*"
	$(PY) scripts/compile_messages.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
