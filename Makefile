# Two commands do all set-up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PY := .venv/bin/python
UV_VERSION := 0.13.9
UV := $(shell command -v uv 2>/dev/null || echo var/uv/bin/uv)
MANAGE := $(PY) manage.py
PYTEST_ARGS ?=

.PHONY: install run demo-reset serve worker test test-fast bench-quick lint format messages clean

# uv is bootstrapped with pip into var/uv when the machine does not have it.
var/uv/bin/uv:
	python3 -m venv var/uv
	var/uv/bin/pip install -q uv==$(UV_VERSION)

install: $(if $(findstring var/uv,$(UV)),var/uv/bin/uv)
	@scripts/system_deps.sh
	@$(UV) sync --frozen --quiet

run: install
	mkdir -p var
	DJANGO_DEBUG=1 $(MANAGE) migrate --no-input
	DJANGO_DEBUG=1 $(MANAGE) createcachetable
	DJANGO_DEBUG=1 $(MANAGE) load_demo
	@# The demo's task worker runs beside the server and stops with it (e-mails print here).
	DJANGO_DEBUG=1 $(MANAGE) qcluster & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=1 $(MANAGE) runserver 127.0.0.1:8000

# Back to a clean demo: a new SQLite database (var/db.sqlite3) with the demo data only.
demo-reset: install
	@if [ -n "$$DATABASE_URL" ]; then echo "demo-reset only resets the SQLite demo database; unset DATABASE_URL." >&2; exit 1; fi
	rm -f var/db.sqlite3
	mkdir -p var
	DJANGO_DEBUG=1 $(MANAGE) migrate --no-input
	DJANGO_DEBUG=1 $(MANAGE) load_demo

# Production mode on 127.0.0.1:8000 (gunicorn, debug off, collected static files); see the
# README's "Running in production". Settings come from the environment.
serve: install
	scripts/serve.sh

# The task queue's worker cluster (e-mail): run one beside the app servers in production,
# under a supervisor that restarts it (docs/operations.md).
worker: install
	$(MANAGE) qcluster

test: install
	@scripts/system_deps.sh --browser
	$(PY) -m pytest -n auto $(PYTEST_ARGS)

# Every benchmark in bench/ with small sizes: the CI's check that each still runs and prints
# its figures (nothing about time is asserted). Without --quick they print the README's figures.
bench-quick: install
	@for script in bench/[!_]*.py; do \
		echo "== $$script --quick"; \
		$(PY) $$script --quick || exit 1; \
	done

# Everything but the browser tests and the PDF renders, in parallel, for a quick loop while
# coding.
test-fast: install
	$(PY) -m pytest -n auto -m "not e2e and not pdf" $(PYTEST_ARGS)

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	DJANGO_DEBUG=1 $(MANAGE) makemigrations --check --dry-run

format: install
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

# Refresh the Danish catalogue after changing strings, then translate the new entries.
messages: install
	DJANGO_DEBUG=1 $(MANAGE) makemessages -l da --no-obsolete --add-location file -i ".venv/*" -i "var/*" -i "static/vendor/*" -i "locale_thirdparty/*"
	DJANGO_DEBUG=1 $(MANAGE) compilemessages -l da -i ".venv" -i "var"

clean:
	rm -rf .venv var/uv var/staticfiles
