"""The low-resource recipe checks its inputs before anything trains, and keeps its caches honest
(from an audit that ran it on its own data)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from dummies import make_tone_corpus

RECIPE_DIR = Path(__file__).resolve().parent.parent / "recipes" / "low_resource"


@pytest.fixture(scope="module")
def checks():
    if str(RECIPE_DIR) not in sys.path:
        sys.path.insert(0, str(RECIPE_DIR))
    import checks as module

    return module


def _args(train: Path, **values) -> argparse.Namespace:
    base = {"train": train, "pretrained": [], "test": [], "budgets": [0.05], "lm_dev": None,
            "self_train": None, "self_train_keep": 0.6, "set": []}  # fmt: skip
    return argparse.Namespace(**{**base, **values})


def test_names_come_from_files_and_a_name_given_twice_is_refused(checks) -> None:
    assert checks.named(["a=x.jsonl", "sets/test.jsonl", "unseen/manifest.jsonl"], "--test",
                        checks.test_name) == {"a": "x.jsonl", "test": "sets/test.jsonl",
                                              "unseen": "unseen/manifest.jsonl"}  # fmt: skip
    with pytest.raises(SystemExit, match="--test names 'a' twice"):
        checks.named(["a=x.jsonl", "a=y.jsonl"], "--test", checks.test_name)
    assert checks.named(["bundled"], "--pretrained", lambda r: Path(r).name) == {
        "bundled": "bundled"
    }


def test_every_input_is_checked_before_training(checks, tmp_path: Path, capsys) -> None:
    train, _ = make_tone_corpus(tmp_path, n=6, name="train")  # about 6 s of labels
    test, _ = make_tone_corpus(tmp_path, n=3, seed=1, name="test")
    unlabeled, _ = make_tone_corpus(tmp_path, n=3, seed=2, labeled=False, name="unlab")
    args = _args(train, test=[f"t={test}"], budgets=[0.05, 0.05, 0.02])
    assert checks.check_inputs(args) == ({}, {"t": str(test)})
    assert args.budgets == [0.05, 0.02]  # a repeated budget once
    with pytest.raises(SystemExit, match=r"--budgets 10: .* holds 0\.\d+ min of labeled audio"):
        checks.check_inputs(_args(train, budgets=[0.05, 10]))
    with pytest.raises(SystemExit, match="--test gone: .*not found"):
        checks.check_inputs(_args(train, test=[f"gone={tmp_path / 'no.jsonl'}"]))
    with pytest.raises(SystemExit, match="--lm-dev .*: no utterance with a transcript"):
        checks.check_inputs(_args(train, lm_dev=str(unlabeled)))
    with pytest.raises(SystemExit, match=r"--lm-dev .*: 3 of its files are test audio"):
        checks.check_inputs(_args(train, test=[f"t={test}"], lm_dev=str(test)))
    with pytest.raises(SystemExit, match=r"--train .*: 6 of its files are test audio"):
        checks.check_inputs(_args(train, test=[f"t={train}"]))
    with pytest.raises(SystemExit, match=r"--self-train-keep must be in \(0, 1\], got 1.5"):
        checks.check_inputs(_args(train, self_train_keep=1.5))
    with pytest.raises(SystemExit, match="--pretrained x=nowhere: no such run"):
        checks.check_inputs(_args(train, pretrained=["x=nowhere"]))


def test_scratch_is_built_as_the_pretrained_encoders_unless_told(checks) -> None:
    from yuyin.train.finetune import pretrained_path

    shipped = json.loads((pretrained_path("bundled") / "config.json").read_text())["config"]
    assert checks.scratch_encoder({"s": "bundled"}, []) == shipped
    assert checks.scratch_encoder({"s": "bundled", "a": "bundled-asr"}, []) == shipped
    assert checks.scratch_encoder({"s": "bundled"}, ["encoder.size=tiny"]) is None
    assert checks.scratch_encoder({}, []) is None


def test_the_recipe_rescores_a_changed_test_set_and_scores_bad_audio_as_empty(tmp_path: Path):
    train, _ = make_tone_corpus(tmp_path, n=12, name="train")
    test, utts = make_tone_corpus(tmp_path, n=3, seed=1, name="test")
    out = tmp_path / "out"
    command = [sys.executable, str(RECIPE_DIR / "run.py"), "--train", str(train), "--test",
               str(test), "--budgets", "0.1", "--pretrained", "bundled", "--greedy-only",
               "--no-reference", "--threads", "1", "--out", str(out), "--set",
               "loop.max_steps=2", "--set", "loop.eval_every=2", "--set", "loop.progress=false",
               "--set", "loop.num_workers=0"]  # fmt: skip

    def run() -> list[dict]:
        done = subprocess.run(command, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads((out / "asr.json").read_text())["results"]

    first = run()
    assert {(r["encoder"], r["test"], r["utterances"]) for r in first} == {
        ("scratch", "test", 3), ("bundled", "test", 3)}  # fmt: skip
    nan = np.full(1600, np.nan, dtype=np.float32)
    sf.write(utts[0].audio, nan, 16000, subtype="FLOAT")  # now unreadable
    lines = Path(test).read_text().splitlines()
    Path(test).write_text("\n".join(lines[:2]) + "\n")  # the same name, other contents
    second = run()
    assert {(r["encoder"], r["utterances"], r["unusable"]) for r in second} == {
        ("scratch", 2, 1), ("bundled", 2, 1)}  # fmt: skip
    report = json.loads((out / "asr.json").read_text())
    assert report["scratch_encoder"]["block"] == "conformer"  # the bundled encoder's build
    assert (
        "Scratch: the pretrained encoders' architecture (block=conformer"
        in (out / "asr.md").read_text()
    )


def test_subsets_no_model_was_trained_on_are_cut_again_from_a_new_train_manifest(tmp_path):
    """(`data check -o clean.jsonl` after a failed first run: the same --out was refused.)"""
    import importlib.util

    spec = importlib.util.spec_from_file_location("low_resource_run", RECIPE_DIR / "run.py")
    if str(RECIPE_DIR) not in sys.path:
        sys.path.insert(0, str(RECIPE_DIR))
    recipe = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(recipe)
    first, _ = make_tone_corpus(tmp_path, n=6, name="first")
    second, utts = make_tone_corpus(tmp_path, n=6, seed=3, name="second")
    out = tmp_path / "out"
    recipe.budget_manifest(first, 0.05, out)
    subset = recipe.budget_manifest(second, 0.05, out)  # nothing trained yet: cut again
    assert {u.audio for u in recipe.read_manifest(subset)} <= {u.audio for u in utts}
    (out / "scratch-0.05min").mkdir()
    (out / "scratch-0.05min" / "recipe-run.json").write_text("{}")  # now a model used them
    with pytest.raises(SystemExit, match="holds labeled subsets made with other settings"):
        recipe.budget_manifest(first, 0.05, out)
