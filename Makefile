# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint install install-test services browser bench-tools bench translations load

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"

## Set up and serve the demo regency on http://127.0.0.1:5000 (SQLite, no Redis needed).
demo: install
	$(BIN)/skm demo

services:
	bash scripts/ensure-services.sh
	bash scripts/install-report-tools.sh

## Debian's chromium for the browser tests in tests/e2e (apt; never `playwright install`).
browser:
	bash scripts/install-browser.sh

## wrk, the load generator of bench/respond_bench.py (apt).
bench-tools:
	bash scripts/install-bench-tools.sh

## Every benchmark against its baseline at the README's sizes, written to bench/RESULTS.md (long: see bench/suite.py).
bench: install-test services bench-tools
	$(BIN)/python -m bench

lint: install-test
	$(BIN)/ruff check skm tests bench

## Set up and run the whole test suite against real PostgreSQL and Redis.
test: install-test services browser lint
	$(BIN)/python -m pytest

## The load test (bench/load): 5 minutes of 200 residents, staff and a 10,000-contact campaign against
## gunicorn and the Celery workers on loopback; checks, then writes bench/results/load.md.
load: install-test services
	$(BIN)/python -m bench.load

## Re-extract the UI strings and update the English catalogue (then translate and compile).
translations: install-test
	$(BIN)/pybabel extract -F babel.cfg -k _l -o translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching -i translations/messages.pot -d translations
	$(BIN)/pybabel compile -d translations
