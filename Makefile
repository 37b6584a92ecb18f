# yuyin: the two set-up commands are `make demo` and `make test`.
# Both create .venv when missing and install torch's CPU wheel first (torch==2.13.0), so that the
# `torch>=2.2` requirement of the package is already met and pip never pulls a CUDA build.

PYTHON ?= python3.11
VENV   ?= .venv
PY     := $(VENV)/bin/python
TORCH  ?= torch==2.13.0
STAMP  := $(VENV)/.yuyin-installed
DEMO   ?= work/demo

.PHONY: install demo test test-all lint bench clean

$(PY):
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q $(TORCH)
	$(PY) -m pip install -q -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(PY) -m yuyin.recipes_demo --out $(DEMO)

test: $(STAMP)
	$(PY) -m pytest

test-all: $(STAMP)
	$(PY) -m pytest -m "slow or not slow"

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench

bench: $(STAMP)
	$(PY) bench/data.py

clean:
	rm -rf work runs .pytest_cache
