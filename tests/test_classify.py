"""`yuyin finetune --task classify` and `yuyin classify` on a tone-command corpus."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch

from dummies import make_tone_corpus
from yuyin.audio import save_audio
from yuyin.cli import main
from yuyin.data.manifest import read_manifest, write_manifest
from yuyin.hub import load_model
from yuyin.models.classifier import UtteranceClassifier

SMALL = [
    "encoder.dim=32",
    "encoder.layers=1",
    "encoder.heads=2",
    "encoder.frontend_channels=8",
    "loop.max_steps=30",
    "loop.lr=3e-3",
    "loop.warmup_steps=3",
    "loop.eval_every=30",
    "loop.num_workers=0",
    "loop.progress=false",
    "loop.tensorboard=false",
    "data.max_batch_seconds=12",
    "data.augment=false",
    "model.freeze_encoder_steps=0",
]


def test_classifier_learns_tone_commands_and_labels_files(tmp_path, capsys):
    torch.set_num_threads(1)
    manifest, _ = make_tone_corpus(tmp_path, n=120, seconds_range=(0.6, 1.0))
    commands = [u for u in read_manifest(manifest) if u.text in ("yes", "no", "stop")]
    train = write_manifest(tmp_path / "commands.jsonl", commands)
    assert len({u.text for u in commands}) == 3 and len(commands) >= 9
    sets = [arg for item in SMALL for arg in ("--set", item)]
    out = tmp_path / "cls"
    args = ["finetune", "--task", "classify", "--train", str(train), "--out", str(out), *sets]
    assert main(args) == 0
    model = load_model(out / "model")
    assert isinstance(model, UtteranceClassifier)
    assert model.yuyin_meta["classes"] == ["no", "stop", "yes"]
    assert model.yuyin_meta["accuracy"] >= 0.8  # three pitches: easily separable
    capsys.readouterr()
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF")
    assert (
        main(["classify", "--model", str(out / "model"), "--json", commands[0].audio, str(bad)])
        == 1
    )
    captured = capsys.readouterr()
    line = json.loads(captured.out.splitlines()[0])
    assert line["label"] == commands[0].text and 0.5 < line["probability"] <= 1.0
    assert "bad.wav" in captured.err
    silent = save_audio(tmp_path / "silent.wav", np.zeros(16000, dtype=np.float32))
    assert main(["classify", "--model", str(out / "model"), str(silent)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "silent.wav: no speech found (the audio is silent)" in captured.err
    naive = tmp_path / "naïve.wav"  # a non-ASCII name is written as it is, like transcribe does
    naive.write_bytes(Path(commands[0].audio).read_bytes())
    assert main(["classify", "--model", str(out / "model"), "--json", str(naive)]) == 0
    assert '"path": "' + str(naive) + '"' in capsys.readouterr().out


def test_a_typo_in_the_model_section_is_an_error(tmp_path, capsys):
    manifest, _ = make_tone_corpus(tmp_path, n=12, seconds_range=(0.6, 1.0))
    sets = [arg for item in [*SMALL, "model.freeze_encoder_step=5"] for arg in ("--set", item)]
    args = [
        "finetune",
        "--task",
        "classify",
        "--train",
        str(manifest),
        "--out",
        str(tmp_path / "c"),
    ]
    assert main([*args, *sets]) == 1
    assert "model.freeze_encoder_step" in capsys.readouterr().err


def test_dev_classes_the_training_lacks_are_said(tmp_path, caplog):
    manifest, _ = make_tone_corpus(tmp_path, n=30, seconds_range=(0.6, 0.8))
    commands = [u for u in read_manifest(manifest) if u.text in ("yes", "no", "stop")]
    train = write_manifest(tmp_path / "train.jsonl", commands)
    renamed = [u.__class__(**{**u.__dict__, "text": "halt"}) for u in commands[:2]]
    dev = write_manifest(tmp_path / "dev.jsonl", [*renamed, *commands[2:4]])
    sets = [arg for item in [*SMALL, "loop.max_steps=1"] for arg in ("--set", item)]
    args = ["finetune", "--task", "classify", "--train", str(train), "--dev", str(dev)]
    with caplog.at_level("WARNING", logger="yuyin.train"):
        assert main([*args, "--out", str(tmp_path / "cls"), *sets]) == 0
    assert "2 dev utterance(s) of classes the training data lacks ('halt' (2))" in caplog.text
