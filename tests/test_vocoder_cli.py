"""`yuyin vocoder`: a 20-step training run with checkpoints and exact resume; resynthesis."""

from __future__ import annotations

import csv
import dataclasses
import shutil

import pytest
import soundfile as sf
import torch

import yuyin
from dummies import make_tone_corpus
from yuyin.cli import main
from yuyin.data.manifest import read_manifest, write_manifest
from yuyin.models.vocoder import Vocoder
from yuyin.train.checkpoint import latest_checkpoint

SMALL = [
    "model.size=tiny",
    "model.dim=32",
    "model.intermediate_dim=64",
    "model.layers=2",
    "data.segment_seconds=0.16",
    "data.batch_size=4",
    "data.dev_utterances=2",
    "data.dev_max_seconds=0.5",
    "loop.warmup_steps=2",
    "loop.log_every=1",
    "loop.ckpt_every=5",
    "loop.eval_every=10",
    "loop.keep_checkpoints=0",
    "loop.num_workers=0",
    "loop.max_steps=20",
    "loop.deterministic=true",  # on a GPU: the exact resume below needs deterministic kernels
]


def _rows(path) -> list[dict[str, str]]:
    with path.open(newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("voc")
    manifest, _ = make_tone_corpus(root, n=10, seconds_range=(0.3, 1.0), labeled=False)
    return manifest


def _train(corpus, out, *extra: str) -> int:
    sets = [arg for item in SMALL for arg in ("--set", item)]
    args = ["vocoder", "train", "--data", str(corpus), "--out", str(out)]
    return main([*args, "--config", "configs/vocoder/tiny.yaml", *sets, *extra])


def test_train_20_steps_checkpoint_resume_and_load(tmp_path, corpus, capsys):
    run = tmp_path / "run"
    assert _train(corpus, run) == 0
    assert "model saved" in capsys.readouterr().out
    assert latest_checkpoint(run).name == "ckpt-00000020"
    losses = [float(r["loss"]) for r in _rows(run / "log.csv")]
    assert len(losses) == 20 and all(loss == loss for loss in losses)
    evals = _rows(run / "eval.csv")  # the vocoder's scores next to Griffin-Lim's
    assert [int(r["step"]) for r in evals] == [10, 20]
    assert {"dev_mel_l1", "dev_mcd", "gl_mel_l1", "gl_mcd"} <= set(evals[0])
    assert float(evals[0]["gl_mel_l1"]) < float(evals[0]["dev_mel_l1"])  # untrained: GL wins
    vocoder = yuyin.load(run / "model")
    assert isinstance(vocoder, Vocoder) and vocoder.config.dim == 32
    assert vocoder.yuyin_meta["steps"] == 20 and "dev_mcd" in vocoder.yuyin_meta

    # a run killed after its step-10 checkpoint resumes into the same steps 11..20
    cut = tmp_path / "cut"
    shutil.copytree(run, cut)
    for late in ("ckpt-00000015", "ckpt-00000020"):
        shutil.rmtree(cut / late)
    (cut / "latest").write_text("ckpt-00000010")
    assert _train(corpus, cut, "--resume") == 0
    assert [float(r["loss"]) for r in _rows(cut / "log.csv")] == pytest.approx(losses, abs=1e-6)
    resumed = yuyin.load(cut / "model")
    mel = torch.randn(12, 80)
    assert torch.allclose(resumed.synthesize(mel), vocoder.synthesize(mel), atol=1e-6)


def test_resynth_with_a_model_and_with_griffin_lim(tmp_path, corpus, capsys):
    clip = read_manifest(corpus)[0].audio
    run = tmp_path / "run"
    assert _train(corpus, run, "--set", "loop.max_steps=2") == 0
    frames = sf.info(clip).frames
    for name, flags in (("gl.wav", ["--griffin-lim"]), ("nn.wav", ["--model", str(run / "model")])):
        out = tmp_path / name
        assert main(["vocoder", "resynth", clip, "-o", str(out), *flags]) == 0
        assert sf.info(out).frames == frames and sf.info(out).samplerate == 16000
    printed = capsys.readouterr().out
    assert "griffin-lim, log-mel L1" in printed and "real-time factor" in printed
    gl_line, nn_line = printed.splitlines()[-2:]  # only Griffin-Lim's score is said to flatter
    assert "cannot hear its phase" in gl_line and "cannot hear" not in nn_line
    missing, out = str(tmp_path / "missing.wav"), str(tmp_path / "x.wav")
    assert main(["vocoder", "resynth", missing, "-o", out]) == 1
    assert main(["vocoder", "resynth", clip, "-o", out, "--model", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "missing.wav: file not found" in err and "not a yuyin model folder" in err
    assert main(["vocoder", "resynth", clip, "-o", out]) == 0  # the shipped voice's vocoder
    assert "voice/vocoder, log-mel L1" in capsys.readouterr().out


@pytest.mark.parametrize("labeled", [False, True])
def test_unusable_audio_is_named_before_any_training(tmp_path, corpus, capsys, labeled):
    """A missing or corrupt file in --data or --dev stops the run before step 1 with one error
    naming the manifest and the file, as finetune, pretrain and tts train do (it was skipped)."""
    utts = read_manifest(corpus)
    if labeled:
        utts = [dataclasses.replace(u, text="a tone") for u in utts]
        corpus = write_manifest(tmp_path / "labeled.jsonl", utts)
    corrupt = tmp_path / "broken.wav"
    corrupt.write_bytes(b"RIFF garbage")
    broken = [
        dataclasses.replace(utts[0], audio=str(tmp_path / "gone.wav")),
        dataclasses.replace(utts[1], audio=str(corrupt)),
    ]
    bad = write_manifest(tmp_path / "bad.jsonl", broken + utts[2:])
    for data, dev in ((bad, corpus), (corpus, bad)):
        run = tmp_path / "run"
        assert _train(data, run, "--dev", str(dev), "--set", "loop.max_steps=2") == 1
        err = capsys.readouterr().err
        assert "Traceback" not in err
        assert f"error: {bad}: 2 of {len(utts)} utterances have unusable audio" in err
        assert "gone.wav (file not found" in err and "broken.wav (" in err
        assert not (run / "log.csv").exists()  # nothing was trained


def test_bad_settings_are_errors(tmp_path, corpus, capsys):
    assert _train(corpus, tmp_path / "c", "--set", "loss.mel_wieght=1") == 1
    assert "loss.mel_wieght" in capsys.readouterr().err


def test_adversarial_run_resumes_exactly(tmp_path, corpus):
    """Generator and discriminator share the loop's optimizer: a resume restores both."""
    gan = [
        "adversarial.enabled=true",
        "adversarial.start_step=3",
        "adversarial.discriminator={periods: [2], period_channels: [4], resolution_channels: 4}",
        "loop.max_steps=6",
        "loop.ckpt_every=3",
        "data.dev_utterances=0",
    ]
    sets = [arg for item in gan for arg in ("--set", item)]
    run = tmp_path / "gan"
    assert _train(corpus, run, *sets) == 0
    rows = _rows(run / "log.csv")
    assert [float(r["disc_loss"]) == 0.0 for r in rows] == [True] * 2 + [False] * 4
    cut = tmp_path / "cut"
    shutil.copytree(run, cut)
    shutil.rmtree(cut / "ckpt-00000006")
    (cut / "latest").write_text("ckpt-00000003")
    assert _train(corpus, cut, *sets, "--resume") == 0
    resumed = _rows(cut / "log.csv")
    for key in ("loss", "disc_loss", "gen_adv"):
        want = [float(r[key]) for r in rows]
        assert [float(r[key]) for r in resumed] == pytest.approx(want, abs=1e-6)


def test_init_starts_from_a_trained_vocoder_and_its_settings(tmp_path, corpus, capsys):
    first = tmp_path / "first"
    assert _train(corpus, first, "--set", "loop.max_steps=3") == 0
    capsys.readouterr()
    # no --config: the init's model settings; lr 0: the two updates leave its weights as they are
    loop = [a for item in SMALL if not item.startswith("model.") for a in ("--set", item)]
    args = ["vocoder", "train", "--data", str(corpus), "--init", str(first / "model")]
    args += ["--out", str(tmp_path / "next"), *loop, "--set", "loop.max_steps=2"]
    assert main([*args, "--set", "loop.lr=0"]) == 0
    assert "(the vocoder to start from)" in capsys.readouterr().err
    before, after = yuyin.load(first / "model"), yuyin.load(tmp_path / "next" / "model")
    assert after.config == before.config and after.yuyin_meta["init"] == str(first / "model")
    old, new = before.state_dict(), after.state_dict()
    assert all(torch.equal(old[k], new[k]) for k in old)
    # resumed by a bare command: its own settings (lr 0, the init's model), one step more
    bare = [*args[:6], "--out", str(tmp_path / "next"), "--resume", "--set", "loop.max_steps=3"]
    assert main(bare) == 0
    err = capsys.readouterr().err
    assert "resuming with the settings the run started with" in err
    assert "(the vocoder to start from)" not in err  # the run's own model settings, not again
    assert latest_checkpoint(tmp_path / "next").name == "ckpt-00000003"
    new = yuyin.load(tmp_path / "next" / "model").state_dict()
    assert all(torch.equal(old[k], new[k]) for k in old)  # lr 0 held (the default would move)
    # other model settings than the init's: one error naming them
    other = ["--out", str(tmp_path / "x"), "--set", "model.layers=3"]
    assert main([*args, *other, "--set", "loop.lr=0"]) == 1
    err = capsys.readouterr().err
    assert "other model settings (layers 2 there, 3 here)" in err and "Traceback" not in err
    # a folder of another kind
    args[5] = str(yuyin.voice.acoustic_folder("bundled"))
    assert main([*args[:6], "--out", str(tmp_path / "y"), *loop]) == 1
    assert "'tts'" in capsys.readouterr().err


def test_init_bundled_names_the_shipped_voices_vocoder(tmp_path, corpus):
    loop = [a for item in SMALL if not item.startswith("model.") for a in ("--set", item)]
    args = ["vocoder", "train", "--data", str(corpus), "--init", "bundled"]
    assert main([*args, "--out", str(tmp_path / "v"), *loop, "--set", "loop.max_steps=1"]) == 0
    model = yuyin.load(tmp_path / "v" / "model")
    assert model.config == yuyin.load(yuyin.voice.vocoder_folder("bundled")).config
