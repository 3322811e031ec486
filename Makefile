# Two commands on a fresh machine: `make run` serves the ledger, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
THREADS ?= 4

.PHONY: run serve test install bench messages fixtures

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py bootstrap --host $(HOST) --port $(PORT) --check-port
	$(PY) manage.py runserver $(HOST):$(PORT)

# Production: gunicorn, DEBUG off, static files served by WhiteNoise. Needs SECRET_KEY (and ALLOWED_HOSTS, and
# the TLS settings of the README's configuration table when a proxy terminates TLS in front). Creates no login:
# run `manage.py bootstrap` once, or `manage.py createsuperuser`.
serve: export DEBUG = false
serve: install
	@test -n "$$SECRET_KEY" || { echo "SECRET_KEY must be set: DEBUG is off"; exit 1; }
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) -m gunicorn config.wsgi -b $(HOST):$(PORT) -w $(WORKERS) -k gthread --threads $(THREADS) --access-logfile -

# Two workers, one test module each at a time (module fixtures stay in one process): the machine has 2 cores.
test: install
	$(PY) -m pytest -n 2 --dist loadfile

bench: install
	$(PY) manage.py bench ingest

messages: install
	cd ledger && ../$(PY) ../manage.py makemessages -l zh_Hans --no-obsolete && ../$(PY) ../manage.py compilemessages -l zh_Hans

fixtures: install
	$(PY) manage.py build_fixtures
