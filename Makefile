# The README's two commands are `make demo` and `make test`; CI (.ci/run)
# calls `make test`. Every other target is a step of those two.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
MANAGE := $(PY) manage.py
APP_DIRS := core incubators services events achievements quotas search site
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test setup system-packages messages compilemessages lint format check pytest pytest-postgres browser-test bench clean

demo: setup
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) runserver $(HOST):$(PORT)

test: setup lint check pytest pytest-postgres

setup: system-packages $(STAMP) compilemessages
	mkdir -p var

system-packages:
	./scripts/install-system-packages.sh

$(STAMP): requirements.txt requirements-dev.txt constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $(STAMP)

compilemessages: $(STAMP)
	$(MANAGE) compilemessages --ignore=.venv --ignore=var -v0

# Refresh the zh_Hans catalogues from the source (then translate the new entries).
messages: $(STAMP)
	for dir in $(APP_DIRS); do (cd $$dir && $(CURDIR)/$(PY) $(CURDIR)/manage.py makemessages -l zh_Hans --no-obsolete --no-location -v0); done

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	PYTHONPATH=site $(VENV)/bin/lint-imports

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: $(STAMP)
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	DJANGO_SECRET_KEY=$$($(PY) -c "import secrets; print(secrets.token_urlsafe(50))") DJANGO_ALLOWED_HOSTS=example.org \
		DJANGO_SETTINGS_MODULE=config.settings.production $(MANAGE) check --deploy --fail-level WARNING

pytest: $(STAMP)
	$(VENV)/bin/pytest

# The whole suite again on PostgreSQL 15, in a throwaway cluster under
# var/postgres/ (scripts/with-postgres.sh). The browser tests are left out of
# this second run: their live server always runs on its own scratch SQLite
# database, so a second run would repeat the first exactly.
pytest-postgres: $(STAMP)
	./scripts/with-postgres.sh $(VENV)/bin/pytest -m "not browser"

# Search benchmark (minutes; not part of `make test`): see README, "Search".
bench: $(STAMP)
	$(PY) bench/search_bench.py
	./scripts/with-postgres.sh $(PY) bench/postgres_search_bench.py --sizes 20000 150000

clean:
	rm -rf $(VENV) var tests/screenshots
