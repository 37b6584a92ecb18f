"""A bare ``finetune --resume`` keeps the run's dev set and pretrained encoder (its dev scores
had gone on over training utterances, and the model's record lost where it came from)."""

from __future__ import annotations

import json

import torch

from dummies import make_tone_corpus
from yuyin.cli import main

ENCODER = ["encoder.dim=32", "encoder.layers=1", "encoder.heads=2", "encoder.frontend_channels=8"]
LOOP = ["loop.num_workers=0", "loop.progress=false", "loop.tensorboard=false", "loop.eval_every=1"]


def _sets(*items: str) -> list[str]:
    return [arg for item in items for arg in ("--set", item)]


def test_a_bare_resume_keeps_the_runs_dev_set_and_pretrained_encoder(tmp_path, capsys):
    torch.set_num_threads(1)
    train, _ = make_tone_corpus(tmp_path / "train", n=6, seconds_range=(1.0, 1.5))
    dev, _ = make_tone_corpus(tmp_path / "dev", n=2, seconds_range=(1.0, 1.5), seed=1)
    pre = tmp_path / "pre"
    args = ["pretrain", "--objective", "reconstruct", "--data", str(train), "--out", str(pre)]
    assert (
        main([*args, *_sets(*ENCODER, *LOOP, "loop.max_steps=2", "data.max_batch_seconds=6")]) == 0
    )
    run = tmp_path / "ft"
    args = ["finetune", "--pretrained", str(pre), "--train", str(train), "--dev", str(dev)]
    assert main([*args, "--out", str(run), *_sets(*LOOP, "loop.max_steps=2")]) == 0
    capsys.readouterr()
    bare = ["finetune", "--train", str(train), "--out", str(run), "--resume"]
    assert main([*bare, *_sets("loop.max_steps=3")]) == 0
    err = capsys.readouterr().err
    assert f"resuming with the run's --dev {dev}" in err
    assert f"resuming with the run's --pretrained {pre}" in err
    assert "no --dev" not in err and "scores mix" not in err
    meta = json.loads((run / "model" / "config.json").read_text())["meta"]
    assert meta["steps"] == 3 and meta["pretrained"] == str(pre)
    settings = json.loads((run / "settings.json").read_text())
    assert settings["dev_manifest"] == str(dev)
