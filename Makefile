# Two commands do everything: `make run` (portal with demo data on SQLite) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Written once, never printed; settings read it when SECRET_KEY is not set (see README).
KEY_FILE := var/secret_key

# `make run`: the portal as the public sees it (debug off), on this machine's addresses.
run: export DJANGO_DEBUG = 0
run: export ALLOWED_HOSTS ?= 127.0.0.1,localhost,$(HOST)
run: RUNSERVER_OPTIONS = --noreload
# `make dev`: Django's debug pages, and the server restarts when code changes.
dev: export DJANGO_DEBUG = 1

.PHONY: run dev test install lint format migrations-check collectstatic clean

$(BIN)/activate:
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# What running needs; the test tools stay out unless `make install` (or test, lint) added them.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet .
	touch $@

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet '.[test]'
	touch $@

install: $(VENV)/.installed

$(KEY_FILE): | $(VENV)/.installed-run
	$(BIN)/python -c 'from pathlib import Path; from portal.env import create_secret_key_file as create; create(Path("$@"))'

# The admin's address, user name and password come last, right before the server's own lines.
run dev: $(VENV)/.installed-run $(KEY_FILE)
	$(BIN)/python manage.py migrate --noinput --verbosity 0
	$(BIN)/python manage.py load_starter_content --if-empty
	$(BIN)/python manage.py create_editors_group
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@$(BIN)/python manage.py ensure_local_admin --url http://$(HOST):$(PORT)/
	@$(BIN)/python manage.py runserver $(RUNSERVER_OPTIONS) $(HOST):$(PORT)

test: install
	SECRET_KEY="$${SECRET_KEY:-test-only-not-a-secret}" $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install
	DJANGO_DEBUG=1 DATABASE_URL=sqlite://:memory: $(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var/static
