"""`yuyin pretrain`: each objective runs 20 CPU steps, checkpoints, resumes, saves its encoder."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
import torch

from dummies import make_tone_corpus
from torchrun import run_ranks
from yuyin.cli import main
from yuyin.hub import load_model
from yuyin.models.encoder import SpeechEncoder
from yuyin.train.checkpoint import latest_checkpoint

SMALL = [
    "encoder.dim=32",
    "encoder.layers=2",
    "encoder.heads=2",
    "encoder.frontend_channels=16",
    "loop.warmup_steps=2",
    "loop.log_every=1",
    "loop.ckpt_every=5",
    "loop.eval_every=10",
    "loop.keep_checkpoints=0",
    "loop.num_workers=0",
    "loop.progress=false",
    "loop.tensorboard=false",
    "data.max_batch_seconds=6",
    "monitor.every=5",
    "wav2vec2.num_negatives=5",
    "wav2vec2.codebook_entries=16",
    "wav2vec2.final_dim=16",
    "hubert.num_clusters=8",
    "hubert.final_dim=16",
]


def _losses(run) -> list[float]:
    with (run / "log.csv").open(newline="") as fh:
        return [float(row["loss"]) for row in csv.DictReader(fh)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    manifest, _ = make_tone_corpus(tmp_path_factory.mktemp("pre"), n=12, seconds_range=(1.0, 2.0))
    return manifest


@pytest.mark.parametrize("objective", ["reconstruct", "wav2vec2", "hubert"])
def test_pretrain_20_steps_checkpoint_resume(tmp_path, corpus, objective, capsys):
    torch.set_num_threads(1)
    run = tmp_path / objective
    sets = [arg for item in [*SMALL, "loop.max_steps=20"] for arg in ("--set", item)]

    def pretrain(out, *extra):
        args = ["pretrain", "--objective", objective, "--data", str(corpus), "--out", str(out)]
        args += ["--probe", str(corpus), "--set", "monitor.probe_steps=5"]
        return main([*args, "--config", "configs/pretrain/tiny.yaml", *sets, *extra])

    assert pretrain(run) == 0
    assert latest_checkpoint(run).name == "ckpt-00000020"
    losses = _losses(run)
    assert len(losses) == 20 and all(loss == loss for loss in losses)  # no NaN, one row a step
    health = [json.loads(line) for line in (run / "health.jsonl").read_text().splitlines()]
    assert [h["step"] for h in health if not h["warnings"]][:2] == [5, 10]
    encoder = load_model(run / "encoder")
    assert isinstance(encoder, SpeechEncoder) and encoder.config.dim == 32
    assert encoder.yuyin_meta["objective"] == objective and encoder.yuyin_meta["steps"] == 20
    assert "encoder saved" in capsys.readouterr().out
    with (run / "eval.csv").open(newline="") as fh:  # the probe ran at eval_every and at the end
        probes = list(csv.DictReader(fh))
    assert [int(r["step"]) for r in probes] == [10, 20]
    assert all(float(r["probe_cer_best"]) >= 0.0 for r in probes)

    # a run killed after its step-10 checkpoint resumes into the same steps 11..20
    cut = tmp_path / "cut"
    shutil.copytree(run, cut)
    for late in ("ckpt-00000015", "ckpt-00000020"):
        shutil.rmtree(cut / late)
    (cut / "latest").write_text("ckpt-00000010")
    assert pretrain(cut, "--resume") == 0
    assert _losses(cut) == pytest.approx(losses, abs=1e-6)
    # health.jsonl: the killed run's rows past step 10 are replaced, not doubled, and the
    # monitor's loss average and gradient-norm median go on from log.csv as if never stopped
    resumed = [json.loads(line) for line in (cut / "health.jsonl").read_text().splitlines()]
    assert [h["step"] for h in resumed] == [h["step"] for h in health]
    for a, b in zip(health, resumed, strict=True):
        for key in ("loss_masked", "grad_norm_median"):
            assert b.get(key) == pytest.approx(a.get(key), rel=1e-6, nan_ok=True)


def test_health_goes_on_exactly_when_log_csv_is_sparse(tmp_path, corpus):
    """log.csv holds every 10th step (as configs/pretrain/tiny.yaml): the monitor resumes from
    the state its checkpoint stores, not from those rows, so health.jsonl reads as if the run
    had never stopped (rebuilt from every 10th step, its loss average and gradient-norm median
    were of other numbers), and the killed run's rows past the checkpoint are not doubled."""
    torch.set_num_threads(1)
    sets = [*SMALL, "loop.max_steps=14", "loop.log_every=10", "loop.ckpt_every=7"]
    sets += ["monitor.every=1"]
    args = [arg for item in sets for arg in ("--set", item)]

    def pretrain(out, *extra):
        base = ["pretrain", "--objective", "wav2vec2", "--data", str(corpus), "--out", str(out)]
        return main([*base, "--config", "configs/pretrain/tiny.yaml", *args, *extra])

    run = tmp_path / "whole"
    assert pretrain(run) == 0
    health = [json.loads(line) for line in (run / "health.jsonl").read_text().splitlines()]
    cut = tmp_path / "cut"
    shutil.copytree(run, cut)
    shutil.rmtree(cut / "ckpt-00000014")
    (cut / "latest").write_text("ckpt-00000007")
    assert pretrain(cut, "--resume") == 0
    resumed = [json.loads(line) for line in (cut / "health.jsonl").read_text().splitlines()]
    assert [h["step"] for h in resumed] == [h["step"] for h in health] == list(range(1, 15))
    for a, b in zip(health, resumed, strict=True):
        for key in ("loss_masked", "grad_norm_median"):
            assert b.get(key) == pytest.approx(a.get(key), rel=1e-6, nan_ok=True)
        assert b["active"] == a["active"] and b["warnings"] == a["warnings"]


def test_pretrain_rejects_unknown_setting(tmp_path, corpus, capsys):
    code = main(
        [
            "pretrain",
            "--data",
            str(corpus),
            "--out",
            str(tmp_path / "x"),
            "--set",
            "loop.learning_rate=1",
        ]
    )
    assert code == 1
    assert "learning_rate" in capsys.readouterr().err


def test_pretrain_under_torchrun_with_two_gloo_ranks(tmp_path, corpus):
    run = tmp_path / "ddp"
    sets = [arg for item in [*SMALL, "loop.max_steps=4"] for arg in ("--set", item)]
    args = ["-m", "yuyin", "pretrain", "--objective", "hubert", "--data", str(corpus)]
    out = run_ranks(2, [*args, "--out", str(run), "--config", "configs/pretrain/tiny.yaml", *sets])
    assert out.count("pretrained hubert for 4 steps") == 1, out  # rank 0 says it once
    assert latest_checkpoint(run).name == "ckpt-00000004"
    assert len(_losses(run)) == 4  # rank 0 alone logs
    assert load_model(run / "encoder").yuyin_meta["steps"] == 4


def test_a_refused_resume_keeps_settings_json(tmp_path, corpus, capsys):
    run = tmp_path / "run"
    sets = [arg for item in [*SMALL, "loop.max_steps=2"] for arg in ("--set", item)]
    args = ["pretrain", "--objective", "reconstruct", "--data", str(corpus), "--out", str(run)]
    assert main([*args, "--config", "configs/pretrain/tiny.yaml", *sets]) == 0
    before = (run / "settings.json").read_text()
    again = [*args, "--config", "configs/pretrain/tiny.yaml", *sets, "--resume"]
    assert main([*again, "--set", "encoder.dim=48"]) == 1  # weights of another shape
    assert "does not fit" in capsys.readouterr().err
    assert (
        main(args[:-2] + ["--out", str(run), "--config", "configs/pretrain/tiny.yaml", *sets]) == 1
    )
    assert "already holds checkpoint" in capsys.readouterr().err  # no --resume
    assert (run / "settings.json").read_text() == before


@pytest.mark.parametrize(
    ("setting", "named"),
    [
        ("encoder.layers=0", "layers"),
        ("encoder.dropout=2", "dropout"),
        ("encoder.dim=abc", "encoder.dim"),
        ("wav2vec2.num_negatives=0", "num_negatives"),
        ("wav2vec2.logit_temperature=0", "logit_temperature"),
        ("wav2vec2.mask_span_seconds=100", "mask_span_seconds"),
        ("data.max_batch_seconds=0", "max_batch_seconds"),
        ("monitor.every=0", "every"),
        ("monitor.probe_layers=[99]", "probe_layers"),
    ],
)
def test_bad_objective_encoder_and_data_settings_are_named(
    tmp_path, corpus, capsys, setting, named
):
    sets = [arg for item in [*SMALL, "loop.max_steps=2", setting] for arg in ("--set", item)]
    args = ["pretrain", "--objective", "wav2vec2", "--data", str(corpus), "--out", str(tmp_path)]
    assert (
        main([*args, "--config", "configs/pretrain/tiny.yaml", "--probe", str(corpus), *sets]) == 1
    )
    err = capsys.readouterr().err
    assert named in err and "Traceback" not in err
    assert not (tmp_path / "encoder").exists()


def test_more_negatives_than_frames_is_warned(caplog):
    from yuyin.train.pretrain import PretrainSettings, build_encoder_from, build_objective

    settings = PretrainSettings.from_dict({"wav2vec2": {"num_negatives": 5000}}, "wav2vec2")
    build_objective(settings, build_encoder_from(settings.encoder))
    assert "num_negatives=5000 exceeds the 150 frames" in caplog.text


def test_an_unlabeled_probe_set_is_refused_before_k_means(tmp_path, corpus, capsys, caplog):
    import logging

    from yuyin.data.manifest import read_manifest, write_manifest

    unlabeled = [u.__class__(u.id, u.audio, u.duration) for u in read_manifest(corpus)]
    probe = write_manifest(tmp_path / "unlabeled.jsonl", unlabeled)
    sets = [arg for item in [*SMALL, "loop.max_steps=2"] for arg in ("--set", item)]
    args = ["pretrain", "--objective", "hubert", "--data", str(corpus), "--probe", str(probe)]
    with caplog.at_level(logging.INFO):
        assert main([*args, "--out", str(tmp_path / "run"), *sets]) == 1
    assert "the probe needs" in capsys.readouterr().err and "k-means" not in caplog.text


def test_a_probe_set_too_small_to_split_is_refused_before_training(tmp_path, corpus, capsys):
    """One labeled utterance cannot be split into a train and a held-out part (two or more can:
    a few utterances that all hash into the train part give one of them to the other, so the
    refusal of four such utterances is gone; fewer than four are refused as too few)."""
    from yuyin.data.manifest import read_manifest, write_manifest

    probe = write_manifest(tmp_path / "small.jsonl", read_manifest(corpus)[:1])
    sets = [arg for item in [*SMALL, "loop.max_steps=2"] for arg in ("--set", item)]
    args = ["pretrain", "--objective", "reconstruct", "--data", str(corpus), "--probe", str(probe)]
    assert main([*args, "--out", str(tmp_path / "run"), *sets]) == 1
    err = capsys.readouterr().err
    assert "small.jsonl: 1 utterance(s) with a transcript; the probe needs 4 or more" in err
    assert not (tmp_path / "run" / "log.csv").exists()  # refused before any step


def test_a_run_folder_without_resume_is_refused_before_k_means(tmp_path, corpus, capsys, caplog):
    import logging

    sets = [arg for item in [*SMALL, "loop.max_steps=2"] for arg in ("--set", item)]
    run = ["--data", str(corpus), "--out", str(tmp_path / "run"), *sets]
    assert main(["pretrain", "--objective", "reconstruct", *run]) == 0
    capsys.readouterr()
    with caplog.at_level(logging.INFO):
        assert main(["pretrain", "--objective", "hubert", *run]) == 1
    assert "already holds checkpoint" in capsys.readouterr().err and "k-means" not in caplog.text


def test_a_resume_without_its_config_keeps_the_runs_own_settings(tmp_path, corpus, caplog, capsys):
    """A killed run is resumed by a shorter command than started it: its settings still hold
    (the defaults had applied: another encoder, refused, or another schedule, trained on)."""
    run = tmp_path / "own"
    sets = [arg for item in [*SMALL, "loop.max_steps=4"] for arg in ("--set", item)]
    args = ["pretrain", "--objective", "reconstruct", "--data", str(corpus), "--out", str(run)]
    assert main([*args, "--config", "configs/pretrain/tiny.yaml", *sets]) == 0
    given = json.loads((run / "settings.json").read_text())["given"]
    assert given["encoder"] == {"size": "tiny", "dim": 32, "layers": 2, "heads": 2,
                                "frontend_channels": 16}  # fmt: skip
    assert given["loop"]["max_steps"] == 4 and given["loop"]["lr"] == 1e-3  # the YAML's too
    capsys.readouterr()
    assert main([*args, "--resume", "--set", "loop.max_steps=6"]) == 0  # no --config, one --set
    err = capsys.readouterr().err
    assert f"resuming with the settings the run started with ({run / 'settings.json'})" in err
    assert "with --set loop.max_steps=6 on top" in err
    assert "other settings than it started with (max_steps: 4 -> 6)" in caplog.text  # the one
    assert latest_checkpoint(run).name == "ckpt-00000006"
    record = json.loads((run / "settings.json").read_text())
    assert record["encoder"]["dim"] == 32 and record["loop"]["warmup_steps"] == 2
    assert record["given"]["loop"]["max_steps"] == 6  # a later resume keeps the 6
    caplog.clear()
    assert main([*args, "--resume", "--set", "loop.max_steps=7"]) == 0
    assert "(max_steps: 6 -> 7)" in caplog.text
    assert main([*args, "--resume", "--config", "configs/pretrain/tiny.yaml"]) == 1  # as it says
    assert "was started with other model settings" in capsys.readouterr().err
    # the --objective flag (the YAML says wav2vec2) is kept too: a resume without it goes on
    bare = ["pretrain", "--data", str(corpus), "--out", str(run), "--resume"]
    assert main([*bare, "--set", "loop.max_steps=8"]) == 0
    assert json.loads((run / "settings.json").read_text())["objective"] == "reconstruct"
