# jiliang — two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export JILIANG_TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test

# The MQTT tests and the demo use the shipped broker (deploy/mosquitto.conf on 127.0.0.1:1884).
.PHONY: demo test test-sqlite test-postgres lint format bench messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# `make demo PORT=8080` serves on another port (HOST=0.0.0.0 to be reached from other machines).
PORT ?= 8000
HOST ?= 127.0.0.1
demo: $(STAMP)
	@scripts/check-system-packages
	deploy/broker start
	$(BIN)/jiliang demo --addrport $(HOST):$(PORT)

test: $(STAMP)
	deploy/broker start
	$(BIN)/lint-imports
	$(BIN)/jiliang makemigrations --check --dry-run
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: $(STAMP)
	@echo "== test suite on SQLite =="
	env -u DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: $(STAMP)
	@$(BIN)/python -m jiliang.ops.probes postgres; rc=$$?; \
	if [ $$rc -eq 0 ]; then \
		echo "== test suite on PostgreSQL ($(JILIANG_TEST_POSTGRES_URL)) =="; \
		DATABASE_URL=$(JILIANG_TEST_POSTGRES_URL) $(BIN)/pytest $(PYTEST_ARGS); \
	elif [ $$rc -ne 1 ]; then exit $$rc; fi

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy src
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

BENCH_DB ?= jiliang_bench
bench: $(STAMP)
	JILIANG_REQUIRE_SERVICES=1 $(BIN)/python -m jiliang.ops.probes postgres
	psql "$(JILIANG_TEST_POSTGRES_URL)" -qc 'DROP DATABASE IF EXISTS $(BENCH_DB)' -c 'CREATE DATABASE $(BENCH_DB)'
	DATABASE_URL=$(dir $(JILIANG_TEST_POSTGRES_URL))$(BENCH_DB) $(BIN)/jiliang bench --scale city --write docs/performance.md
	# DEBUG off, as the production server runs: Django keeps no per-query log.
	JILIANG_DEBUG=0 DATABASE_URL=$(dir $(JILIANG_TEST_POSTGRES_URL))$(BENCH_DB) $(BIN)/jiliang bench-ingest --readings 200000 --write docs/performance.md

messages: $(STAMP)
	cd src/jiliang && ../../$(BIN)/jiliang makemessages -l zh_Hans --no-obsolete --ignore "kernels/*"
	$(BIN)/python scripts/translate_zh.py
	$(BIN)/jiliang compilemessages_pure

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
