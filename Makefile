# social-economy-kg — every setup step a fresh machine needs is here.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= var
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run build info serve test lint typecheck bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# reinstall whenever the project metadata changes
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(VENV)/.installed $@

## run: install, build the graph from the embedded sources, show what it holds, serve it
run: $(VENV)/.installed
	$(BIN)/sekg build --out $(OUT)
	$(BIN)/sekg info --out $(OUT)
	@echo "Open http://$(HOST):$(PORT)/ (network: /browse, SPARQL: /sparql, query page: /query, API: /docs)"
	$(BIN)/sekg serve --store $(OUT) --host $(HOST) --port $(PORT)

serve: $(VENV)/.installed
	$(BIN)/sekg serve --store $(OUT) --host $(HOST) --port $(PORT)

build: $(VENV)/.installed
	$(BIN)/sekg build --out $(OUT)

info: $(VENV)/.installed
	$(BIN)/sekg info --out $(OUT)

## test: install the test extras and run the whole suite
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

## typecheck: mypy on the packages, bench/ and tests/, cross-layer imports included (tests/typecheck.py)
typecheck: $(VENV)/.installed-test
	$(BIN)/python -m tests.typecheck

## bench: build-time and memory benchmarks on synthetic data (see README.md, "Benchmarks")
bench: $(VENV)/.installed-test
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(OUT) .pytest_cache
