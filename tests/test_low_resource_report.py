"""The low-resource recipe's markdown report: ratios to scratch and the dev table."""

from __future__ import annotations

import importlib.util
from pathlib import Path

RECIPE = Path(__file__).resolve().parent.parent / "recipes" / "low_resource" / "run.py"


def _recipe():
    spec = importlib.util.spec_from_file_location("low_resource_run", RECIPE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _row(encoder: str, test: str, wer_lm: float) -> dict:
    return {
        "encoder": encoder,
        "labeled_minutes": 10.0,
        "test": test,
        "wer_greedy": 0.9,
        "cer_greedy": 0.5,
        "wer_lm": wer_lm,
        "cer_lm": 0.4,
    }


def _report(dev: list[dict]) -> dict:
    return {
        "command": "run.py",
        "seed": 0,
        "config": "configs/finetune/tiny.yaml",
        "overrides": [],
        "lm": {"order": 3, "beam_size": 8, "tuned_on": "dev.jsonl", "grid": [], "fixed": None},
        "results": [
            _row("scratch", "held-out", 0.80),
            _row("scratch", "unseen", 0.90),
            _row("hubert", "held-out", 0.60),
            _row("hubert", "unseen", 0.45),
        ],
        "pretraining": [],
        "dev": dev,
    }


def test_ratios_are_pretrained_over_scratch_per_test_set():
    text = _recipe().markdown(_report([]))
    assert "| 10 min | hubert | 0.75 | 0.50 |" in text
    assert "Dev set" not in text  # no --lm-dev: no dev table


def test_dev_table_lists_what_each_model_scored_on_the_tuning_set():
    dev = [
        {"encoder": e, "labeled_minutes": 10.0, "dev": "dev.jsonl", "lm_weight": 0.5}
        | {"word_bonus": 2.0, "dev_wer_greedy": g, "dev_wer_lm": w}
        for e, g, w in (("scratch", 0.8676, 0.6834), ("hubert", 0.7458, 0.5008))
    ]
    text = _recipe().markdown(_report(dev))
    assert "Dev set (`dev.jsonl`" in text
    assert "| 10 min | scratch | 86.8% | 68.3% | 0.5 | 2.0 |" in text
    assert "| 10 min | hubert | 74.6% | 50.1% | 0.5 | 2.0 |" in text
