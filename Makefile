# Two commands for a newcomer: `make run` (the demo) and `make test` (lint and every test).
VENV   ?= .venv
PYTHON ?= python3
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
MO     := $(patsubst %.po,%.mo,$(wildcard ballot/translations/*/LC_MESSAGES/messages.po))
# Debian packages the tests and the letters need: the browser, PDF rasteriser, fonts, WeasyPrint.
DEBIAN := chromium poppler-utils fonts-dejavu-core fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0

.PHONY: install system-deps translations messages run test test-faults test-fast lint bench clean

install: $(STAMP) translations

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Installs what is missing, with apt-get when we may (as root); otherwise says what to install.
system-deps:
	@missing=""; for p in $(DEBIAN); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "please install these Debian packages:$$missing"; exit 1; fi; \
	fi

translations: $(STAMP) $(MO)

# Collect every translatable string and merge it into the catalogs (de, en, tr, ar).
messages: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k Msg -k N_ -k ShareRejected -k Reason -k add:2 --no-location --sort-output \
	  -o ballot/translations/messages.pot .
	for lang in de en tr ar; do \
	  if [ -f ballot/translations/$$lang/LC_MESSAGES/messages.po ]; then \
	    $(VENV)/bin/pybabel update --no-fuzzy-matching -i ballot/translations/messages.pot -d ballot/translations -l $$lang; \
	  else $(VENV)/bin/pybabel init -i ballot/translations/messages.pot -d ballot/translations -l $$lang; fi; \
	done

%.mo: %.po
	$(VENV)/bin/pybabel compile --use-fuzzy -i $< -o $@ >/dev/null

run: install
	$(VENV)/bin/ballot demo

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

test: install system-deps lint
	$(VENV)/bin/pytest -n 2 --dist loadfile -m "not slow"

# Long fault runs (a worker killed mid-load, a database restart): sequential, run by CI too.
test-faults: install system-deps
	$(VENV)/bin/pytest -p no:xdist -m slow tests/faults

test-fast: install lint
	$(VENV)/bin/pytest -n 2 --dist loadfile -m "not browser and not slow"

bench: install
	$(PY) bench/roll_import.py

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache test-artifacts
