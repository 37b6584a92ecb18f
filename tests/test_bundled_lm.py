"""The shipped character LM loads offline through ``yuyin.load`` and prefers English."""

from __future__ import annotations

import json
import random
from pathlib import Path

import yuyin
from yuyin.models.lm import TextLM

LM_DIR = Path(yuyin.__file__).parent / "assets" / "models" / "lm"


def test_shipped_lm_is_small_and_loads():
    assert sum(p.stat().st_size for p in LM_DIR.iterdir()) < 2 * 2**20  # 0.8 M params, float16
    # scored at that precision before shipping (bench/results/lm-float16.json)
    assert json.loads((LM_DIR / "config.json").read_text())["weights_dtype"] == "float16"
    model = yuyin.load(LM_DIR)
    assert isinstance(model, TextLM)
    assert model.yuyin_meta["source"]


def test_shipped_lm_prefers_english_to_shuffled_characters():
    model = yuyin.load(LM_DIR)
    sentence = "and it came to pass that she was very happy with her sister"
    letters = list(sentence)
    random.Random(0).shuffle(letters)
    shuffled = "".join(letters)
    assert model.score(sentence) > model.score(shuffled) + 20.0  # nats over ~60 characters
