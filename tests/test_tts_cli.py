"""`yuyin tts`: 20-step pretrain and train runs, resume, loading a pretrained decoder, `tts mel`."""

from __future__ import annotations

import csv
import json
import logging
import math
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch
from safetensors.torch import load_file

import yuyin
from dummies import TINY_TTS_MODEL, make_tone_corpus
from yuyin.audio import save_audio
from yuyin.cli import main
from yuyin.data.manifest import Utterance, read_manifest, write_manifest
from yuyin.models.tts import AcousticModel, TTSConfig, build_tts
from yuyin.train.checkpoint import latest_checkpoint
from yuyin.train.tts import load_pretrained_decoder

MODEL = list(TINY_TTS_MODEL)
LOOP = {
    "max_steps": 20,
    "warmup_steps": 2,
    "log_every": 1,
    "ckpt_every": 10,
    "eval_every": 10,
    "keep_checkpoints": 0,
    "num_workers": 0,
    "progress": "false",
    "tensorboard": "false",
}
SMALL = [
    *MODEL,
    *(f"{stage}.loop.{k}={v}" for stage in ("pretrain", "train") for k, v in LOOP.items()),
    "pretrain.max_batch_seconds=4",
    "pretrain.stats_utterances=4",
    "train.max_batch_seconds=4",
    "train.stats_utterances=4",
    "train.dev_utterances=3",
]
SETS = [arg for item in SMALL for arg in ("--set", item)]
CONFIG = ["--config", "configs/tts/tiny.yaml"]


def _losses(run) -> list[float]:
    with (run / "log.csv").open(newline="") as fh:
        return [float(row["loss"]) for row in csv.DictReader(fh)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("tts")
    train, _ = make_tone_corpus(root, n=10, seconds_range=(1.0, 2.0), speakers=1, name="train")
    dev, _ = make_tone_corpus(root, n=3, seconds_range=(1.0, 2.0), seed=1, name="dev")
    return train, dev


@pytest.fixture(scope="module")
def pretrained(corpus, tmp_path_factory):
    run = tmp_path_factory.mktemp("pre") / "run"
    args = ["tts", "pretrain", "--data", str(corpus[0]), "--out", str(run)]
    assert main([*args, *CONFIG, *SETS]) == 0
    return run


@pytest.fixture(scope="module")
def trained(corpus, pretrained, tmp_path_factory):
    run = tmp_path_factory.mktemp("fit") / "run"
    args = ["tts", "train", "--data", str(corpus[0]), "--dev", str(corpus[1])]
    assert main([*args, "--pretrained", str(pretrained), "--out", str(run), *CONFIG, *SETS]) == 0
    return run


def test_pretrain_20_steps(pretrained):
    assert latest_checkpoint(pretrained).name == "ckpt-00000020"
    losses = _losses(pretrained)
    assert len(losses) == 20 and all(math.isfinite(x) for x in losses)
    record = json.loads((pretrained / "decoder" / "config.json").read_text())
    assert record["kind"] == "tts-masked-mel" and record["meta"]["steps"] == 20
    assert yuyin.load(pretrained).yuyin_meta["steps"] == 20  # the run folder loads its decoder


def test_train_20_steps_saves_a_loadable_model(trained, capsys):
    losses = _losses(trained)
    assert len(losses) == 20 and all(math.isfinite(x) for x in losses)
    with (trained / "eval.csv").open(newline="") as fh:
        evals = list(csv.DictReader(fh))
    assert [int(r["step"]) for r in evals] == [10, 20]
    assert all(float(r["dev_mel_l1"]) > 0 and float(r["dev_mel_l1_dtw"]) > 0 for r in evals)
    model = yuyin.load(trained / "model")
    assert isinstance(model, AcousticModel) and model.config.dim == 32
    meta = model.yuyin_meta
    assert meta["steps"] == 20 and meta["pretrained_tensors"] > 0 and "dev_mel_l1" in meta
    assert model.pitch_stats[1] > 0 and model.decoder.mel_std.min() > 0
    mel = model.synthesize(["<s>", "Y", "EH1", "S", "</s>"])
    assert mel.ndim == 2 and mel.shape[1] == 80 and torch.isfinite(mel).all()


def test_train_without_config_takes_the_pretraining_runs_model_settings(
    corpus, pretrained, tmp_path, capsys
):
    loop = [a for item in SMALL if not item.startswith("model.") for a in ("--set", item)]
    args = ["tts", "train", "--data", str(corpus[0]), "--pretrained", str(pretrained)]
    args += ["--out", str(tmp_path / "run"), *loop, "--set", "train.loop.max_steps=2"]
    assert main(args) == 0
    assert f"model settings from {pretrained / 'settings.json'}" in capsys.readouterr().err
    assert yuyin.load(tmp_path / "run" / "model").config.dim == 32


def test_train_resumes_after_a_cut(trained, corpus, pretrained, tmp_path):
    cut = tmp_path / "cut"
    shutil.copytree(trained, cut)
    shutil.rmtree(cut / "ckpt-00000020")
    (cut / "latest").write_text("ckpt-00000010")
    args = ["tts", "train", "--data", str(corpus[0]), "--dev", str(corpus[1])]
    args += ["--pretrained", str(pretrained), "--out", str(cut), "--resume"]
    assert main([*args, *CONFIG, *SETS]) == 0
    # float32 rounding of losses near 250 (run alone, 3 of 20 rows differed by 1.8e-7 relative)
    assert _losses(cut) == pytest.approx(_losses(trained), rel=1e-6, abs=1e-6)
    bare = tmp_path / "bare"  # resumed without --config and --set: the run's own settings
    shutil.copytree(trained, bare)
    shutil.rmtree(bare / "ckpt-00000020")
    (bare / "latest").write_text("ckpt-00000010")
    args[args.index(str(cut))] = str(bare)
    assert main(args) == 0
    assert _losses(bare) == pytest.approx(_losses(trained), rel=1e-6, abs=1e-6)


def test_pretrained_decoder_weights_are_loaded(pretrained):
    config = TTSConfig(**json.loads((pretrained / "settings.json").read_text())["model"])
    torch.manual_seed(0)
    model = build_tts(config)
    saved = load_file(str(pretrained / "decoder" / "model.safetensors"))
    name = "blocks.0.attn.qkv.weight"
    assert not torch.equal(model.decoder.state_dict()[name], saved[f"decoder.{name}"])
    loaded = load_pretrained_decoder(model, pretrained)
    assert loaded == len(model.decoder.state_dict())
    for key, value in model.decoder.state_dict().items():
        torch.testing.assert_close(value, saved[f"decoder.{key}"], rtol=0, atol=0)


def test_pretrained_decoder_of_another_size_is_refused(pretrained):
    from yuyin.hub import ModelLoadError

    model = build_tts(TTSConfig(dim=48, heads=2, decoder_layers=1, encoder_layers=1))
    with pytest.raises(ModelLoadError, match="does not fit this model"):
        load_pretrained_decoder(model, pretrained)


def test_mel_command(trained, tmp_path, capsys):
    out = tmp_path / "mel.npy"
    assert main(["tts", "mel", "Yes, no.", "--model", str(trained / "model"), "-o", str(out)]) == 0
    mel = np.load(out)
    assert mel.ndim == 2 and mel.shape[1] == 80 and np.isfinite(mel).all()
    assert "Y EH1 S" in capsys.readouterr().out
    assert main(["tts", "mel", "?!", "--model", str(trained / "model"), "-o", str(out)]) == 0
    assert np.load(out).shape == (0, 80)
    assert "nothing to say" in capsys.readouterr().out
    bad = main(["tts", "mel", "yes", "--model", str(tmp_path), "-o", str(out)])
    assert bad == 1 and "not a yuyin model folder" in capsys.readouterr().err
    model = ["--model", str(trained / "model")]
    assert main(["tts", "mel", "yes", *model, "-o", str(out), "--speed", "1e-6"]) == 1  # as say
    assert "--speed must be within" in capsys.readouterr().err  # it used to fill the memory
    assert main(["tts", "mel", "yes", *model, "-o", str(out), "--speaker", "joe"]) == 1
    assert "has no speaker 'joe'; it has:" in capsys.readouterr().err
    assert main(["tts", "mel", "yes", *model, "-o", str(tmp_path / "mel.txt")]) == 2
    assert "-o must name a .npy file" in capsys.readouterr().err


def test_mel_command_takes_the_bundled_voice_as_say_does(tmp_path, capsys, monkeypatch):
    """`--model bundled` is the shipped voice's acoustic model (it was refused: no config.json),
    a voice folder is its acoustic/; an existing .npy is replaced, as the message says."""
    from yuyin.voice import BUNDLED_VOICE

    monkeypatch.chdir(tmp_path)  # no folder called "bundled" here
    out = tmp_path / "mel.npy"
    out.write_bytes(b"old")
    assert main(["tts", "mel", "Yes.", "--model", "bundled", "-o", str(out)]) == 0
    bundled = np.load(out)
    assert bundled.ndim == 2 and bundled.shape[1] == 80 and len(bundled) > 0
    assert "Y EH1 S" in capsys.readouterr().out
    again = tmp_path / "again.npy"
    assert main(["tts", "mel", "Yes.", "--model", str(BUNDLED_VOICE), "-o", str(again)]) == 0
    np.testing.assert_array_equal(np.load(again), bundled)
    assert main(["tts", "mel", "Yes.", "--model", "bundled", "-o", "m.txt"]) == 2
    assert "m.txt: -o must name a .npy file" in capsys.readouterr().err


def test_unusable_utterances_are_skipped_with_a_count(corpus, tmp_path, caplog):
    utts = read_manifest(corpus[0])
    short = utts[0].duration  # about 100 frames: more symbols than that cannot be aligned
    odd = [
        Utterance("empty", utts[0].audio, short, text="", speaker=utts[0].speaker),
        Utterance("emoji", utts[0].audio, short, text="😀 ?!", speaker=utts[0].speaker),
        Utterance("long", utts[0].audio, short, text="yes no " * 40, speaker=utts[0].speaker),
    ]
    manifest = write_manifest(tmp_path / "odd.jsonl", [*utts, *odd])
    sets = [*SETS, "--set", "train.loop.max_steps=2"]
    args = ["tts", "train", "--data", str(manifest), "--out", str(tmp_path / "run")]
    with caplog.at_level(logging.WARNING, logger="yuyin.tts"):
        assert main([*args, *CONFIG, *sets]) == 0
    assert "2 no words" in caplog.text and "1 too many symbols" in caplog.text
    only_odd = write_manifest(tmp_path / "only_odd.jsonl", odd)
    args = ["tts", "train", "--data", str(only_odd), "--out", str(tmp_path / "run2")]
    assert main([*args, *CONFIG, *sets]) == 1


def test_bad_settings_and_data_are_clear_errors(corpus, tmp_path, capsys):
    args = ["tts", "train", "--data", str(corpus[0]), "--out", str(tmp_path / "x")]
    assert main([*args, "--set", "model.width=3"]) == 1
    assert "model.width" in capsys.readouterr().err
    assert main([*args, "--set", "train.loop.lr_max=3"]) == 1
    assert "lr_max" in capsys.readouterr().err
    missing = ["tts", "pretrain", "--data", str(tmp_path / "none.jsonl"), "--out", str(tmp_path)]
    assert main(missing) == 1
    assert "manifest not found" in capsys.readouterr().err


def test_train_uses_every_data_manifest_and_checks_their_audio_first(
    corpus, tmp_path, capsys, caplog
):
    sets = [*SETS, "--set", "train.loop.max_steps=2"]
    run = tmp_path / "two"
    args = ["tts", "train", "--data", str(corpus[0]), "--data", str(corpus[1])]
    with caplog.at_level("INFO", logger="yuyin.tts"):
        assert main([*args, "--out", str(run), *CONFIG, *sets]) == 0
    settings = json.loads((run / "settings.json").read_text())
    said = f"training on {settings['train_utterances']} utterances ("  # how much, said up front
    assert said in caplog.text and "no dev set" in caplog.text
    assert settings["train_manifest"] == [str(corpus[0]), str(corpus[1])]  # not the last alone
    utts = read_manifest(corpus[0])
    whole = Path(utts[0].audio).read_bytes()
    cut = tmp_path / "cut.wav"
    cut.write_bytes(whole[: len(whole) // 2])  # an interrupted copy, its duration as it now reads
    gone = Utterance("cut", str(cut), utts[0].duration / 2, text=utts[0].text)
    manifest = write_manifest(tmp_path / "cut.jsonl", [*utts, gone])
    bad = ["tts", "train", "--data", str(manifest), "--out", str(tmp_path / "bad")]
    assert main([*bad, *CONFIG, *sets]) == 1
    assert "cut.wav (cut short: its WAV header promises" in capsys.readouterr().err
    # a silent recording with a transcript (an audit's own folder): refused, not learned
    silent = save_audio(tmp_path / "silent.wav", np.zeros(16000, dtype=np.float32))
    hush = Utterance("hush", str(silent), 1.0, text=utts[0].text)
    manifest = write_manifest(tmp_path / "silent.jsonl", [*utts, hush])
    bad = ["tts", "train", "--data", str(manifest), "--out", str(tmp_path / "quiet")]
    assert main([*bad, *CONFIG, *sets]) == 1
    assert "silent.wav (silent: all zeros" in capsys.readouterr().err
