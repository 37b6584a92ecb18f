"""`yuyin tts train --init MODEL`: a trained acoustic model (or voice) trained on new data."""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import replace

import pytest
import torch

import yuyin
from dummies import TINY_TTS_MODEL, make_tone_corpus
from yuyin.cli import main
from yuyin.config import ConfigError
from yuyin.data.manifest import Utterance
from yuyin.models.tts import TTSConfig
from yuyin.train.tts_data import speaker_ids
from yuyin.voice import acoustic_folder

MODEL = [
    *TINY_TTS_MODEL,
    "model.bin_start_step=4",  # the bin loss fully on after 4 + 4 of the 10 updates
    "model.bin_warmup_steps=4",
]
LOOP = [
    "train.loop.warmup_steps=1",
    "train.loop.log_every=1",
    "train.loop.ckpt_every=10",
    "train.loop.eval_every=100",
    "train.loop.num_workers=0",
    "train.loop.progress=false",
    "train.loop.tensorboard=false",
    "train.max_batch_seconds=4",
    "train.stats_utterances=4",
]


def _sets(*items: str) -> list[str]:
    return [arg for item in items for arg in ("--set", item)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("tts-init")
    train, _ = make_tone_corpus(root, n=6, seconds_range=(1.0, 2.0), speakers=1, name="a")
    other, _ = make_tone_corpus(root, n=6, seconds_range=(1.0, 2.0), seed=3, speakers=1, name="b")
    return train, other


@pytest.fixture(scope="module")
def first(corpus, tmp_path_factory):
    """A tiny acoustic model trained 10 updates (past its bin-loss ramp)."""
    run = tmp_path_factory.mktemp("first") / "run"
    args = ["tts", "train", "--data", str(corpus[0]), "--out", str(run)]
    args += ["--config", "configs/tts/tiny.yaml", *_sets(*MODEL, *LOOP, "train.loop.max_steps=10")]
    assert main(args) == 0
    return run / "model"


def _state(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    return {k: v.clone() for k, v in model.state_dict().items()}


def test_init_starts_from_every_weight_and_takes_its_settings(first, corpus, tmp_path, capsys):
    out = tmp_path / "adapted"
    args = ["tts", "train", "--data", str(corpus[1]), "--init", str(first), "--out", str(out)]
    # no --config: the model settings are the init's; lr 0: the one update changes nothing
    assert main([*args, *_sets(*LOOP, "train.loop.max_steps=1", "train.loop.lr=0")]) == 0
    assert f"model settings from {first} (the model to start from)" in capsys.readouterr().err
    before, after = yuyin.load(first), yuyin.load(out / "model")
    assert after.config.dim == 32
    old, new = _state(before), _state(after)
    assert old.keys() == new.keys()
    for name in old:  # every weight and the mel / pitch / energy statistics
        assert torch.equal(old[name], new[name]), name
    meta = after.yuyin_meta
    assert meta["init"] == str(first) and meta["steps"] == 1
    # the init trained past its bin-loss ramp: the loss stays on from the first update
    assert (after.config.bin_start_step, after.config.bin_warmup_steps) == (0, 0)


def test_init_then_training_changes_the_weights(first, corpus, tmp_path):
    out = tmp_path / "adapted"
    args = ["tts", "train", "--data", str(corpus[1]), "--init", str(first), "--out", str(out)]
    assert main([*args, *_sets(*LOOP, "train.loop.max_steps=3")]) == 0
    old, new = _state(yuyin.load(first)), _state(yuyin.load(out / "model"))
    assert any(not torch.equal(old[k], new[k]) for k in old)


def test_init_with_other_model_settings_names_them(first, corpus, tmp_path, capsys):
    args = ["tts", "train", "--data", str(corpus[1]), "--init", str(first)]
    args += ["--out", str(tmp_path / "x"), "--config", "configs/tts/tiny.yaml"]
    assert main([*args, *_sets(*LOOP, "train.loop.max_steps=1")]) == 1
    err = capsys.readouterr().err
    assert "made with other model settings (" in err and "dim 32 there, 128 here" in err
    assert "Traceback" not in err


def test_init_and_pretrained_together_is_refused(first, corpus, tmp_path, capsys):
    args = ["tts", "train", "--data", str(corpus[1]), "--init", str(first)]
    args += ["--pretrained", str(first), "--out", str(tmp_path / "x")]
    assert main([*args, *_sets(*LOOP, "train.loop.max_steps=1")]) == 1
    assert "not both" in capsys.readouterr().err


def test_init_of_another_kind_is_a_clear_error(corpus, tmp_path, capsys):
    encoder = tmp_path / "enc"
    encoder.mkdir()
    (encoder / "config.json").write_text(
        json.dumps({"format": "yuyin-model", "version": 1, "kind": "encoder", "config": {}})
    )
    args = ["tts", "train", "--data", str(corpus[1]), "--init", str(encoder)]
    assert main([*args, "--out", str(tmp_path / "x"), *_sets(*LOOP)]) == 1
    err = capsys.readouterr().err
    assert "encoder" in err and "Traceback" not in err


def test_init_bundled_adapts_the_shipped_voice(corpus, tmp_path):
    out = tmp_path / "mine"
    args = ["tts", "train", "--data", str(corpus[1]), "--init", "bundled", "--out", str(out)]
    assert main([*args, *_sets(*LOOP, "train.loop.max_steps=1")]) == 0
    model, shipped = yuyin.load(out / "model"), yuyin.load(acoustic_folder("bundled"))
    # the shipped voice's settings (not the defaults), its bin loss on from the start
    assert model.config == replace(shipped.config, bin_start_step=0, bin_warmup_steps=0)
    assert model.yuyin_meta["init"] == str(acoustic_folder("bundled"))
    assert model.yuyin_meta["speakers"] == ["spk0"]


def _utts(*speakers: str) -> list[Utterance]:
    return [
        Utterance(id=f"u{i}", audio="a.wav", duration=1.0, speaker=s)
        for i, s in enumerate(speakers)
    ]


def test_speaker_ids_keep_the_known_speakers_ids():
    config = TTSConfig(n_speakers=4)
    ids, names = speaker_ids(_utts("carol", "bob", "alice"), config, known=["bob", "zed"])
    assert names == ["bob", "zed", "alice", "carol"]
    assert ids == [3, 0, 2]
    # one speaker: every id is 0, whatever the init knew
    ids, names = speaker_ids(_utts("carol"), TTSConfig(n_speakers=1), known=["bob"])
    assert (ids, names) == ([0], ["carol"])


def _losses(run) -> list[float]:
    with (run / "log.csv").open(newline="") as fh:
        return [float(row["loss"]) for row in csv.DictReader(fh)]


def test_a_resumed_init_run_keeps_to_its_start_without_the_init_folder(first, corpus, tmp_path):
    """Killed after its step-2 checkpoint, resumed without --init after the folder it started
    from is gone: the same losses as the run never stopped, its bin loss still on from step 0,
    its record still naming where it started."""
    start = tmp_path / "start"
    shutil.copytree(first, start)
    sets = _sets(*LOOP, "train.loop.max_steps=4", "train.loop.ckpt_every=2")
    sets += _sets("train.loop.keep_checkpoints=0")
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    base = ["tts", "train", "--data", str(corpus[1])]
    assert main([*base, "--init", str(start), "--out", str(whole), *sets]) == 0
    shutil.copytree(whole, cut)
    shutil.rmtree(cut / "ckpt-00000004")
    shutil.rmtree(cut / "model")
    (cut / "latest").write_text("ckpt-00000002")
    shutil.rmtree(start)
    # without --config the settings are the defaults'; the run's own model settings still hold
    assert main([*base, "--config", "configs/tts/tiny.yaml", *_sets(*MODEL[:-2])]
                + ["--out", str(cut), "--resume", *sets]) == 0  # fmt: skip
    assert _losses(cut) == pytest.approx(_losses(whole), rel=1e-6, abs=1e-6)
    model = yuyin.load(cut / "model")
    assert (model.config.bin_start_step, model.config.bin_warmup_steps) == (0, 0)
    assert model.yuyin_meta["init"] == str(start)


def test_speakers_beyond_the_models_table_are_named():
    with pytest.raises(ConfigError, match=r"knows 2 speakers \(bob, zed\) and the data has 1 more"):
        speaker_ids(_utts("carol", "bob"), TTSConfig(n_speakers=2), known=["bob", "zed"])
