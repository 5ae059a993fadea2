# ctis — two commands do all set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-browser install setup lint messages clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "ctis needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

setup: install
	CTIS_DEMO=1 $(BIN)/ctis setup --demo

# The server and, beside it, one background worker (documents, imports, exports, periodic
# jobs); Ctrl+C stops both, and so does the server's end.
run: setup
	@echo "ctis is serving on http://$(HOST):$(PORT)/ with a background worker (Ctrl+C stops both)"
	@CTIS_DEMO=1 $(BIN)/ctis worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null; exit 0' INT TERM; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	CTIS_DEMO=1 $(BIN)/ctis runserver --noreload $(HOST):$(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy ctis
	$(BIN)/ctis makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

# Browser tests only; here a missing Chromium is a failure, not a skip.
test-browser: install
	CTIS_BROWSER_REQUIRED=1 $(BIN)/pytest -m browser $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

messages: install
	cd ctis && ../$(BIN)/ctis makemessages -l az -l en -l ru --no-obsolete --no-location
	cd ctis && ../$(BIN)/ctis compilemessages

clean:
	rm -rf $(VENV) data
