# Two commands on a fresh machine: `make run` serves the ledger, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install bench messages fixtures

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py bootstrap
	$(PY) manage.py runserver $(HOST):$(PORT)

# Two workers, one test module each at a time (module fixtures stay in one process): the machine has 2 cores.
test: install
	$(PY) -m pytest -n 2 --dist loadfile

bench: install
	$(PY) manage.py bench ingest

messages: install
	cd ledger && ../$(PY) ../manage.py makemessages -l zh_Hans --no-obsolete && ../$(PY) ../manage.py compilemessages -l zh_Hans

fixtures: install
	$(PY) manage.py build_fixtures
