# Bloem — the README's commands. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEMO_FAMILIES ?= 300
export DJANGO_SETTINGS_MODULE ?= bloem.settings.dev

CHROMIUM := /usr/bin/chromium
# apt-get needs root; elsewhere through sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help run test test-postgres lint fmt messages bench bench-demo-load screenshots clean

help:  ## list the commands
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.installed  ## install, migrate, load the demo when empty, serve on 127.0.0.1:$(PORT)
	$(BIN)/bloem migrate --no-input
	$(BIN)/bloem demo --if-empty --families $(DEMO_FAMILIES) --seed 1
	$(BIN)/bloem collectstatic --no-input --verbosity 0
	$(BIN)/bloem demo_logins
	$(BIN)/gunicorn bloem.wsgi:application --bind 127.0.0.1:$(PORT) --workers 2 \
		--env DJANGO_SETTINGS_MODULE=bloem.settings.dev --access-logformat '%(h)s "%(m)s %(U)s" %(s)s'

# The browser tests drive Debian's chromium (Playwright's own browser download does not work).
$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

test: $(VENV)/.installed $(CHROMIUM)  ## install the test dependencies and run the whole suite
	$(BIN)/bloem makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/pytest -n auto -q

test-postgres: $(VENV)/.installed $(CHROMIUM)  ## the suite against PostgreSQL (DATABASE_URL must point at a server)
	$(BIN)/pytest -n auto -q

lint: $(VENV)/.installed  ## ruff lint
	$(BIN)/ruff check .

fmt: $(VENV)/.installed  ## ruff format and fix
	$(BIN)/ruff format bloem tests bench
	$(BIN)/ruff check --fix .

messages: $(VENV)/.installed  ## extract and compile the Dutch catalogue
	cd bloem && ../$(BIN)/bloem makemessages -l nl --no-obsolete --add-location file
	cd bloem && ../$(BIN)/bloem compilemessages -l nl

# The benchmark suite (bench/README.md): sizes and databases as make variables, e.g.
# make bench BENCH_FAMILIES=1000,10000,100000 BENCH_DB=sqlite,postgres
BENCH_FAMILIES ?= 1000
BENCH_DB ?= sqlite
BENCH_REQUESTS ?= 200
BENCH_SLOW_REQUESTS ?= 20
BENCH_LOAD_SECONDS ?= 20
BENCH_DATA ?= var/bench
WRK := /usr/bin/wrk

$(WRK):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk

bench: $(VENV)/.installed $(WRK)  ## the benchmark suite: pages, limits, load (never part of make test)
	$(BIN)/python bench/run.py --families $(BENCH_FAMILIES) --db $(BENCH_DB) \
		--requests $(BENCH_REQUESTS) --slow-requests $(BENCH_SLOW_REQUESTS) \
		--load-seconds $(BENCH_LOAD_SECONDS) --data-dir $(BENCH_DATA)

bench-demo-load: $(VENV)/.installed  ## time `bloem demo` at 100,000 families on SQLite
	$(BIN)/python bench/demo_load.py

screenshots: $(VENV)/.installed $(CHROMIUM)  ## the browser flows, saving screenshots to docs/screenshots/
	BLOEM_SCREENSHOT_DIR=docs/screenshots $(BIN)/pytest tests/e2e -q -n 0

.PHONY: bench-replica
bench-replica: $(VENV)/.installed  ## load test of a PostgreSQL primary + streaming replica on loopback (bench/README.md)
	$(BIN)/python bench/replica.py

clean:  ## remove the virtualenv and local data
	rm -rf $(VENV) var
