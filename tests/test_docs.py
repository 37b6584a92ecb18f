"""The examples in the public API's docstrings run and print what they show (doctest).

Only modules whose examples are self-contained and quick; examples that train or read a user's
files (``runs/...``) are illustrations and are left out."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "yuyin.config",
    "yuyin.data.prompts",
    "yuyin.data.text_corpus",
    "yuyin.eval.probe",
    "yuyin.eval.tts",
    "yuyin.models.lm",
    "yuyin.text.g2p",
    "yuyin.text.lexicon",
    "yuyin.text.normalize",
    "yuyin.text.phonemize",
    "yuyin.text.tokenizer",
    "yuyin.train.run_settings",
    "yuyin.train.schedule",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run_as_shown(name: str) -> None:
    module = importlib.import_module(name)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testmod(module, optionflags=flags, verbose=False)
    assert result.attempted > 0, f"{name} has no example to run: take it off the list"
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} examples failed"
