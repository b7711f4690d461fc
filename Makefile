# Two entry points for a fresh machine with only Python >= 3.11 and make:
#   make demo   runs the main job on the bundled demo studies
#   make test   runs the test suite
# Both create (or refresh) the virtual environment in .venv first.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
STAMP = $(VENV)/.installed
OUT ?= out

.PHONY: demo test test-fast bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/interview-analysis run corpus/sme-customer-management --out $(OUT)/sme-customer-management
	$(BIN)/interview-analysis run corpus/after-sales --out $(OUT)/after-sales

test: $(STAMP)
	$(BIN)/python -m pytest -q

# The quick subset (under a minute): no end-to-end runs, notebooks, fuzzers or benchmarks.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

bench: $(STAMP)
	$(BIN)/python bench/run_bench.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
