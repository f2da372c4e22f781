# The README's two commands are `make demo` and `make test`; CI (.ci/run)
# calls `make test`. Every other target is a step of those two.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
MANAGE := $(PY) manage.py
APP_DIRS := core incubators services events achievements quotas search matchmaking site api
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test setup system-packages messages compilemessages lint format check pytest pytest-postgres test-passes browser-test bench clean \
	serve backup restore load

# The demo runs as visitors see it (DEBUG off: branded error pages);
# --insecure lets runserver serve the static files all the same.
demo: setup
	$(MANAGE) migrate --noinput
	SITE_BASE_URL=$${SITE_BASE_URL:-http://$(HOST):$(PORT)} $(MANAGE) load_demo
	SITE_BASE_URL=$${SITE_BASE_URL:-http://$(HOST):$(PORT)} DJANGO_DEBUG=0 $(MANAGE) runserver --insecure $(HOST):$(PORT)

# Both test passes (SQLite, PostgreSQL) run side by side: scripts/test-passes.sh.
test: setup lint check test-passes

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

test-passes: $(STAMP)
	./scripts/test-passes.sh

# The whole suite again on PostgreSQL 15, in a throwaway cluster under
# var/postgres/ (scripts/with-postgres.sh). The browser tests and the tests
# marked own_sqlite (serving, the migration from an earlier version) are left
# out of this second run: they run the site on SQLite files of their own, so
# a second run would repeat the first exactly.
pytest-postgres: $(STAMP)
	./scripts/with-postgres.sh $(VENV)/bin/pytest -m "not browser and not own_sqlite"

# Benchmarks (minutes; not part of `make test`): see README, "Search", "At scale" and "Matchmaking".
bench: $(STAMP)
	$(PY) bench/search_bench.py
	$(PY) bench/import_bench.py
	./scripts/with-postgres.sh $(PY) bench/postgres_search_bench.py --sizes 20000 150000
	$(PY) bench/match_bench.py

# Production configuration on one machine: gunicorn + the task worker (README, "Serving").
serve: setup
	HOST=$(HOST) PORT=$(PORT) $(PY) scripts/serve.py

# A dated archive of the database and media in var/backups (README, "Backups").
backup: $(STAMP)
	$(MANAGE) backup

# make restore ARCHIVE=var/backups/rongcheng-….tar.gz, into an empty var/.
restore: $(STAMP)
	test -n "$(ARCHIVE)" || (echo "usage: make restore ARCHIVE=path/to/archive.tar.gz" >&2; exit 2)
	$(MANAGE) restore "$(ARCHIVE)"
	$(MANAGE) migrate --noinput

# 50 visitors on `make serve` with the demo data, headless locust, loopback only (README, "Serving").
load: setup
	$(PY) bench/load.py

clean:
	rm -rf $(VENV) var tests/screenshots
