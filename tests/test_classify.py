"""`yuyin finetune --task classify` and `yuyin classify` on a tone-command corpus."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
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


def test_classifier_learns_tone_commands_and_labels_files(tmp_path, capsys, monkeypatch):
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
    # seconds of silence around a quiet clip: the model hears it as transcribe hears speech
    # (edges trimmed to 0.15 s, peak 0.7), the same answer as the clip with those pauses
    import yuyin.hub
    from yuyin.audio import load_audio

    clip = load_audio(commands[0].audio)
    pause = np.zeros(int(0.15 * 16000), np.float32)
    near = save_audio(tmp_path / "near.wav", np.concatenate([pause, clip, pause]))
    quiet = 0.05 * clip / np.abs(clip).max()
    far = save_audio(tmp_path / "far.wav", np.concatenate([pause.repeat(20), quiet, pause]))
    heard_waves = []
    classifier = load_model(out / "model")
    original_forward = classifier.forward

    def listening(wave, lengths):  # noqa: ANN001, ANN202
        heard_waves.append(wave[0])
        return original_forward(wave, lengths)

    classifier.forward = listening
    load = yuyin.hub.load_model
    yuyin.hub.load_model = lambda *a, **k: classifier
    try:
        assert main(["classify", "--model", str(out / "model"), "--json", str(near), str(far)]) == 0
    finally:
        yuyin.hub.load_model = load
    heard = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert heard[0]["label"] == heard[1]["label"]
    assert abs(heard[0]["probability"] - heard[1]["probability"]) < 0.05
    for wave in heard_waves:
        assert float(wave.abs().max()) == pytest.approx(0.7, abs=1e-3)
        assert abs(len(wave) - len(clip) - len(pause) * 2) <= 2 * 160  # a frame each side
    # --min-probability: an unsure answer is no class, with its best guess
    args = ["classify", "--model", str(out / "model"), commands[0].audio, "--min-probability"]
    assert main([*args, "1.0", "--json"]) == 0
    unsure = json.loads(capsys.readouterr().out)
    assert unsure["label"] is None and unsure["best"] == line["label"]
    assert main([*args, "1.0"]) == 0 and capsys.readouterr().out.split("\t")[1] == "-"
    assert main([*args, "1.5"]) == 2
    naive = tmp_path / "naïve.wav"  # a non-ASCII name is written as it is, like transcribe does
    naive.write_bytes(Path(commands[0].audio).read_bytes())
    assert main(["classify", "--model", str(out / "model"), "--json", str(naive)]) == 0
    assert '"path": "' + str(naive) + '"' in capsys.readouterr().out
    # audio piped in is called by --stdin-name
    import io
    import sys

    piped = io.TextIOWrapper(io.BytesIO(Path(commands[0].audio).read_bytes()))
    monkeypatch.setattr(sys, "stdin", piped)
    assert main(["classify", "--model", str(out / "model"), "--stdin-name", "cmd.wav", "-"]) == 0
    assert capsys.readouterr().out.startswith(f"cmd.wav\t{line['label']}\t")


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


def test_silent_clips_new_classes_on_resume_and_tiny_classes_are_named(tmp_path, caplog, capsys):
    """(An audit: a silent clip labeled "stop" taught the model silence; resuming on data with
    another class set relabeled the outputs silently.)"""
    manifest, _ = make_tone_corpus(tmp_path, n=60, seconds_range=(0.6, 0.8))
    commands = [u for u in read_manifest(manifest) if u.text in ("yes", "no", "stop")]
    train = write_manifest(tmp_path / "train.jsonl", commands)
    sets = [arg for item in [*SMALL, "loop.max_steps=1"] for arg in ("--set", item)]
    out = tmp_path / "cls"
    base = ["finetune", "--task", "classify", *sets]
    with caplog.at_level("WARNING", logger="yuyin.train"):
        assert main([*base, "--train", str(train), "--out", str(out)]) == 0
    renamed = [u.__class__(**{**u.__dict__, "text": "halt"}) if u.text == "stop" else u
               for u in commands]  # fmt: skip
    other = write_manifest(tmp_path / "other.jsonl", renamed)
    resumed = [*base, "--set", "loop.max_steps=2", "--train", str(other), "--out", str(out)]
    assert main([*resumed, "--resume"]) == 1
    err = capsys.readouterr().err
    assert "was started with the classes ['no', 'stop', 'yes']" in err and "new: ['halt']" in err
    silent = save_audio(tmp_path / "silent.wav", np.zeros(12000, dtype=np.float32))
    one = commands[0].__class__(**{**commands[0].__dict__, "id": "s", "audio": str(silent),
                                   "duration": 0.75, "text": "hush"})  # fmt: skip
    with_silence = write_manifest(tmp_path / "silence.jsonl", [*commands, one])
    assert main([*base, "--train", str(with_silence), "--out", str(tmp_path / "s")]) == 1
    assert "silent.wav (silent: all zeros" in capsys.readouterr().err
    caplog.clear()
    rare = [*commands, *(u.__class__(**{**u.__dict__, "id": u.id + "r", "text": "go"})
                         for u in commands[:1])]  # fmt: skip
    with caplog.at_level("WARNING", logger="yuyin.train"):
        assert main([*base, "--train", str(write_manifest(tmp_path / "r.jsonl", rare)),
                     "--out", str(tmp_path / "r")]) == 0  # fmt: skip
    assert "class(es) with fewer than 3 examples (" in caplog.text and "'go' (1)" in caplog.text
    assert "classes are imbalanced" in caplog.text


def test_classify_opens_each_file_once(tmp_path, monkeypatch, capsys):
    """The length limit comes from the header the decode opens: one open of each file, not a
    header read (``soundfile.info``) and then the decoder's own."""
    from dataclasses import asdict

    import soundfile

    from yuyin.hub import save_model
    from yuyin.models.classifier import ClassifierConfig, build_classifier
    from yuyin.models.encoder import EncoderConfig

    torch.manual_seed(0)
    encoder = EncoderConfig(dim=32, layers=1, heads=2, frontend_channels=8)
    config = ClassifierConfig(encoder=asdict(encoder), num_classes=2)
    save_model(
        build_classifier(config), tmp_path / "m", "classifier", config, {"classes": ["a", "b"]}
    )
    _, utts = make_tone_corpus(tmp_path, n=2)
    opened: list[str] = []

    class Counted(soundfile.SoundFile):
        def __init__(self, file, *args, **kwargs):  # noqa: ANN001
            opened.append(str(file))
            super().__init__(file, *args, **kwargs)

    monkeypatch.setattr(soundfile, "SoundFile", Counted)
    assert main(["classify", "--model", str(tmp_path / "m"), *[u.audio for u in utts]]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2
    assert opened == [u.audio for u in utts]


def _diagnoses(run: Path) -> list[dict]:
    return [json.loads(line) for line in (run / "diagnostics.jsonl").read_text().splitlines()]


def test_a_tiny_run_writes_its_diagnoses(tmp_path, caplog):
    """As CTC fine-tuning does: diagnostics.jsonl names a class the dev set never scores and dev
    audio at another sample rate than the training audio."""
    torch.set_num_threads(1)
    manifest, _ = make_tone_corpus(tmp_path, n=30, seconds_range=(0.6, 0.8))
    commands = [u for u in read_manifest(manifest) if u.text in ("yes", "no", "stop")]
    train = write_manifest(tmp_path / "train.jsonl", commands)
    _, low = make_tone_corpus(tmp_path, n=30, seconds_range=(0.6, 0.8), sample_rate=8000,
                              name="dev")  # fmt: skip
    dev = write_manifest(tmp_path / "dev.jsonl", [u for u in low if u.text in ("yes", "no")])
    sets = [arg for item in [*SMALL, "loop.max_steps=2", "loop.eval_every=1"]
            for arg in ("--set", item)]  # fmt: skip
    out = tmp_path / "cls"
    args = ["finetune", "--task", "classify", "--train", str(train), "--dev", str(dev)]
    with caplog.at_level("WARNING", logger="yuyin.train"):
        assert main([*args, "--out", str(out), *sets]) == 0
    rows = _diagnoses(out)
    text = "\n".join(row["message"] for row in rows)
    assert "1 of 3 classes have no dev utterance ('stop')" in text
    assert "sample-rate mismatch: dev audio is recorded at 8000 Hz" in text
    data = ("no dev utterance", "sample-rate mismatch")
    before = [row for row in rows if any(said in row["message"] for said in data)]
    assert len(before) == 2 and all(row["step"] == 0 for row in before)  # said before training
    assert "diagnosis: " in caplog.text and "'stop'" in caplog.text
    # a resumed run keeps them (said when it began), not twice
    more = [*sets, "--set", "loop.max_steps=3"]
    assert main([*args, "--out", str(out), *more, "--resume"]) == 0
    assert _diagnoses(out)[: len(rows)] == rows
    assert sum("no dev utterance" in row["message"] for row in _diagnoses(out)) == 1


class _OneClass(torch.nn.Module):
    """Answers class 0 whatever it hears: logits (B, C)."""

    step = 7

    def forward(self, wave: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        return torch.tensor([[1.0, 0.0, 0.0]]).expand(len(wave), 3)


def test_one_class_answers_and_accuracy_at_chance_are_diagnosed(tmp_path):
    from yuyin.train.classify_diagnosis import STUCK_EVALS, ClassifyWatchdog

    _, utts = make_tone_corpus(tmp_path, n=6, seconds_range=(0.5, 0.6))
    labels = ["no", "yes", "stop", "yes", "no", "stop"]
    watch = ClassifyWatchdog(utts, labels, ["no", "stop", "yes"], tmp_path)
    watch.start(None)
    for _ in range(STUCK_EVALS):
        assert watch(_OneClass()) == {"accuracy": pytest.approx(1 / 3)}
    rows = _diagnoses(tmp_path)
    assert sum("every dev utterance is predicted as 'no'" in r["message"] for r in rows) == 3
    assert sum("dev accuracy has been at chance" in r["message"] for r in rows) == 1
    assert all(r["step"] == 7 for r in rows)
    # a resume counts on from eval.csv: the stuck note is not said again one evaluation later
    (tmp_path / "eval.csv").write_text("step,accuracy\n5,0.33\n6,0.3\n7,0.34\n")
    again = ClassifyWatchdog(utts, labels, ["no", "stop", "yes"], tmp_path)
    again.start(7)
    assert again.stuck == STUCK_EVALS
    again(_OneClass())
    assert sum("at chance" in r["message"] for r in _diagnoses(tmp_path)) == 1
