"""`yuyin finetune --dev A --dev B`: the first set is the dev set, the others are watched (their
WER/CER logged as wer@NAME, cer@NAME), e.g. general speech while adapting to a domain."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import torch

from dummies import make_tone_corpus
from yuyin.cli import main
from yuyin.data.manifest import read_manifest, write_manifest
from yuyin.train.asr_watchdog import watched_names

SMALL = [
    "encoder.dim=32",
    "encoder.layers=2",
    "encoder.heads=2",
    "encoder.frontend_channels=16",
    "loop.warmup_steps=2",
    "loop.num_workers=0",
    "loop.progress=false",
    "loop.tensorboard=false",
    "model.freeze_encoder_steps=0",
    "data.max_batch_seconds=8",
    "loop.max_steps=4",
    "loop.eval_every=2",
    "loop.ckpt_every=2",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    manifest, _ = make_tone_corpus(tmp_path_factory.mktemp("ftw"), n=12, seconds_range=(1.0, 1.5))
    return manifest


def _finetune(out, train, devs, *extra):
    args = ["finetune", "--train", str(train), "--out", str(out)]
    args += [a for dev in devs for a in ("--dev", str(dev))]
    sets = [a for item in SMALL for a in ("--set", item)]
    return main([*args, "--config", "configs/finetune/tiny.yaml", *sets, *extra])


def _eval_rows(run):
    with (run / "eval.csv").open() as fh:
        return list(csv.DictReader(fh))


def test_watched_names_are_short_and_distinct(tmp_path):
    paths = [
        "work/corpora/synth-dev/manifest.jsonl",
        "general dev.jsonl",
        "a/general dev.jsonl",
        "b/dev.jsonl",
        "weather.test.jsonl",
    ]
    assert watched_names(paths) == ["synth-dev", "general_dev", "general_dev-2", "b", "weather"]


def test_watched_dev_sets_are_scored_and_the_first_stays_the_dev_set(tmp_path, corpus):
    torch.set_num_threads(1)
    utts = read_manifest(corpus)
    domain = write_manifest(tmp_path / "domain.jsonl", utts[:4])
    general = tmp_path / "general" / "manifest.jsonl"
    general.parent.mkdir()
    write_manifest(general, utts[4:8])
    run = tmp_path / "run"
    assert _finetune(run, corpus, [domain, general]) == 0
    rows = _eval_rows(run)
    assert [int(r["step"]) for r in rows] == [2, 4]
    for row in rows:
        assert {"wer", "cer", "empty", "wer@general", "cer@general"} <= set(row)
        assert float(row["cer@general"]) >= 0.0 and float(row["wer@general"]) >= 0.0
    settings = json.loads((run / "settings.json").read_text())
    assert settings["dev_manifest"] == [str(domain), str(general)]
    # the watched set is scored as the dev set would score it: same numbers with the roles swapped
    swapped = tmp_path / "swapped"
    assert _finetune(swapped, corpus, [general, domain]) == 0
    last, other = _eval_rows(run)[-1], _eval_rows(swapped)[-1]
    assert float(other["wer"]) == pytest.approx(float(last["wer@general"]))
    assert float(other["cer@domain"]) == pytest.approx(float(last["cer"]))


def test_an_unreadable_watched_utterance_is_left_out_and_stays_out_on_resume(
    tmp_path, corpus, capsys
):
    torch.set_num_threads(1)
    utts = read_manifest(corpus)
    nan_wav = tmp_path / "nan.wav"
    sf.write(nan_wav, np.full(16000, np.nan, dtype=np.float32), 16000, subtype="FLOAT")
    broken = utts[0].__class__(**{**utts[0].__dict__, "audio": str(nan_wav), "duration": 1.0})
    watched = write_manifest(tmp_path / "watched.jsonl", [broken, *utts[1:4]])
    run = tmp_path / "run"
    assert _finetune(run, corpus, [corpus, watched]) == 0
    notes = [json.loads(line) for line in (run / "diagnostics.jsonl").read_text().splitlines()]
    left = [n for n in notes if "left out" in n["message"]]
    assert len(left) == 1 and left[0]["utterance"] == f"watched:{utts[0].id}"
    assert "watched dev set 'watched'" in left[0]["message"] and "NaN" in left[0]["message"]
    # cut back to step 2 and resumed without --dev: the run's own two sets, the file stays out
    cut = tmp_path / "cut"
    shutil.copytree(run, cut)
    shutil.rmtree(cut / "ckpt-00000004")
    (cut / "latest").write_text("ckpt-00000002")
    capsys.readouterr()
    assert _finetune(cut, corpus, [], "--resume") == 0
    assert f"resuming with the run's --dev {corpus} {watched}" in capsys.readouterr().err
    again = [json.loads(line) for line in (cut / "diagnostics.jsonl").read_text().splitlines()]
    assert [n for n in again if "left out" in n["message"]] == left
    assert [r["wer@watched"] for r in _eval_rows(cut)] == [
        r["wer@watched"] for r in _eval_rows(run)
    ]


def test_classification_takes_one_dev_set(tmp_path, corpus, capsys):
    code = _finetune(tmp_path / "c", corpus, [corpus, corpus], "--task", "classify")
    assert code == 2
    assert "--task classify takes one --dev manifest" in capsys.readouterr().err
    assert not (tmp_path / "c").exists()


def test_a_resume_from_another_folder_keeps_the_runs_dev_sets(
    tmp_path, corpus, monkeypatch, capsys
):
    """Manifests typed relative to the folder a run started in are recorded whole, so a resume
    from elsewhere finds them (it fell back to scoring training audio); a dev set that is gone
    is an error, not a silent switch."""
    torch.set_num_threads(1)
    utts = read_manifest(corpus)
    work = tmp_path / "work"
    work.mkdir()
    write_manifest(work / "dev.jsonl", utts[:3])
    write_manifest(work / "general.jsonl", utts[3:6])
    monkeypatch.chdir(work)
    assert _finetune("run", corpus, ["dev.jsonl", "general.jsonl"]) == 0
    settings = json.loads((work / "run" / "settings.json").read_text())
    assert settings["dev_manifest"] == [str(work / "dev.jsonl"), str(work / "general.jsonl")]
    shutil.rmtree(work / "run" / "ckpt-00000004")
    (work / "run" / "latest").write_text("ckpt-00000002")
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert _finetune("work/run", corpus, [], "--resume") == 0
    err = capsys.readouterr().err
    assert f"resuming with the run's --dev {work / 'dev.jsonl'}" in err and "no --dev" not in err
    assert [r["wer@general"] != "" for r in _eval_rows(work / "run")] == [True, True]
    (work / "general.jsonl").unlink()
    assert _finetune("work/run", corpus, [], "--resume") == 1
    err = capsys.readouterr().err
    assert f"error: the run's --dev {work / 'general.jsonl'} is not found; give --dev" in err


def test_dev_sets_given_twice_or_holding_training_audio_are_said(tmp_path, corpus, caplog, capsys):
    torch.set_num_threads(1)
    utts = read_manifest(corpus)
    dev = write_manifest(tmp_path / "dev.jsonl", utts[:2])
    part = write_manifest(tmp_path / "part.jsonl", utts[:1] + utts[-1:])
    train = write_manifest(tmp_path / "train.jsonl", utts[2:])
    with caplog.at_level("WARNING"):
        assert _finetune(tmp_path / "r", train, [dev, part, dev], "--set", "loop.max_steps=2") == 0
    assert f"--dev {dev} is given twice: it is scored once" in caplog.text
    assert f"--dev {part}: 1 of its 2 utterances are training audio too" in caplog.text
    assert f"--dev {dev}:" not in caplog.text  # none of it is trained on
    assert list(_eval_rows(tmp_path / "r")[0]) == [
        "step",
        "wer",
        "cer",
        "empty",
        "wer@part",
        "cer@part",
    ]
    tags = write_manifest(
        tmp_path / "tags.jsonl", [u.__class__(**{**u.__dict__, "text": "<noise>"}) for u in utts]
    )
    capsys.readouterr()
    assert _finetune(tmp_path / "t", train, [dev, tags], "--set", "loop.max_steps=2") == 1
    assert f"error: {tags}: no labeled utterance to score" in capsys.readouterr().err


def test_a_resume_that_only_watches_another_set_says_so_not_that_scores_mix(
    tmp_path, corpus, caplog
):
    torch.set_num_threads(1)
    utts = read_manifest(corpus)
    dev = write_manifest(tmp_path / "dev.jsonl", utts[:3])
    other = write_manifest(tmp_path / "other.jsonl", utts[3:6])
    run = tmp_path / "run"
    assert _finetune(run, corpus, [dev], "--set", "loop.max_steps=2") == 0
    with caplog.at_level("WARNING"):
        assert _finetune(run, corpus, [dev, other], "--resume") == 0
    assert "resumed watching" in caplog.text and "scores mix" not in caplog.text
    assert [r["wer@other"] for r in _eval_rows(run)][0] == ""
    caplog.clear()
    with caplog.at_level("WARNING"):
        assert _finetune(run, corpus, [other], "--resume", "--set", "loop.max_steps=6") == 0
    assert "resumed with dev_manifest" in caplog.text and "scores mix" in caplog.text


def test_adapting_a_recognizer_scores_it_before_the_first_update(tmp_path, corpus):
    """With a reused head the run starts from a model that can transcribe: step 0 of eval.csv
    is its score (the baseline adapting is judged by); a new head's step 0 is not scored."""
    torch.set_num_threads(1)
    first = tmp_path / "first"
    assert _finetune(first, corpus, [corpus]) == 0
    assert [int(r["step"]) for r in _eval_rows(first)] == [2, 4]  # a new head: no step 0
    again = tmp_path / "again"
    args = (
        "--pretrained",
        str(first / "model"),
        "--set",
        "loop.lr=0",
        "--set",
        "model.head_dropout=0",
    )
    assert _finetune(again, corpus, [corpus], *args) == 0
    rows = _eval_rows(again)
    assert [int(r["step"]) for r in rows] == [0, 2, 4]
    assert rows[0]["wer"] == rows[-1]["wer"]  # lr 0: the same model
    assert float(rows[0]["wer"]) == pytest.approx(float(_eval_rows(first)[-1]["wer"]))


def test_a_final_model_worse_than_its_start_is_said(tmp_path):
    from yuyin.train.asr_watchdog import start_comparison

    (tmp_path / "eval.csv").write_text(
        "step,wer,cer,empty,wer@general,cer@general,wer@late\n"
        "0,0.40,0.2,0,0.30,0.1,\n"
        "50,0.35,0.2,0,0.32,0.1,0.5\n"
        "100,0.45,0.2,0,0.50,0.2,0.9\n"
    )
    dev, watched = start_comparison(tmp_path)
    assert "dev WER 45.0% is worse than the 40.0% of the model it started from" in dev
    assert "model-best" not in dev  # none kept
    (tmp_path / "model-best").mkdir()
    assert f"{tmp_path / 'model-best'} is the model of its best" in start_comparison(tmp_path)[0]
    assert "general 30.0% -> 50.0%" in watched and "late" not in watched
    (tmp_path / "eval.csv").write_text("step,wer,wer@general\n0,0.40,0.30\n100,0.405,0.2\n")
    assert start_comparison(tmp_path) == []  # within a point, and better
    (tmp_path / "eval.csv").write_text("step,wer\n50,0.40\n100,0.60\n")
    assert start_comparison(tmp_path) == []  # no start to compare with


def _best_of(run):
    rows = _eval_rows(run)
    wer = min(float(r["wer"]) for r in rows)
    return next(int(r["step"]) for r in rows if float(r["wer"]) == wer), wer


def test_the_model_of_the_best_dev_wer_is_kept_and_survives_a_resume(tmp_path, corpus, capsys):
    import yuyin

    torch.set_num_threads(1)
    run = tmp_path / "run"
    sets = ("--set", "loop.max_steps=6", "--set", "loop.lr=3e-3")
    assert _finetune(run, corpus, [corpus], *sets) == 0
    out = capsys.readouterr().out
    step, wer = _best_of(run)
    meta = yuyin.load(run / "model-best").yuyin_meta
    assert (meta["steps"], meta["wer"]) == (step, pytest.approx(wer, abs=1e-6))
    assert "tokenizer" in meta  # a model transcribe can load like model/
    from yuyin.eval.cost import model_identity

    assert model_identity(run / "model-best")["steps"] == step  # as eval --json reports it
    assert (f"at step {step}: {run / 'model-best'}" in out) == (step != 6)
    # killed after its step-4 checkpoint: the resumed run ends with the same best model
    cut = tmp_path / "cut"
    shutil.copytree(run, cut)
    shutil.rmtree(cut / "ckpt-00000006")
    (cut / "latest").write_text("ckpt-00000004")
    assert _finetune(cut, corpus, [corpus], "--resume", *sets) == 0
    assert yuyin.load(cut / "model-best").yuyin_meta["steps"] == step
    # without a held-out --dev, training utterances are scored: nothing to keep
    assert _finetune(tmp_path / "nodev", corpus, [], "--set", "loop.max_steps=2") == 0
    assert not (tmp_path / "nodev" / "model-best").exists()


def test_an_unreadable_dev_file_is_left_out_of_the_first_score_too(tmp_path):
    """A dev file that fails to decode is left out of every evaluation, the first included:
    an audit's step 0 had scored it as an empty transcript and later steps without it, so they
    looked better than the unchanged model was (and model-best was picked by that)."""
    import yuyin
    from yuyin.data.manifest import Utterance
    from yuyin.train.asr_watchdog import ASRWatchdog
    from yuyin.train.finetune import BUNDLED_ASR

    torch.set_num_threads(1)
    golden = "src/yuyin/assets/audio/golden.wav"
    text = json.loads(Path("src/yuyin/assets/audio/golden.json").read_text())["reference"]
    nan_wav = tmp_path / "nan.wav"
    sf.write(nan_wav, np.full(16000, np.nan, dtype=np.float32), 16000, subtype="FLOAT")
    dev = [
        Utterance(id="golden", audio=golden, duration=4.48, text=text),
        Utterance(id="nan", audio=str(nan_wav), duration=1.0, text="five more words are here"),
    ]
    from yuyin.text.tokenizer import tokenizer_from_dict

    model = yuyin.load(BUNDLED_ASR)
    model.step = 0
    tokenizer = tokenizer_from_dict(model.yuyin_meta["tokenizer"])
    (tmp_path / "run").mkdir()
    watchdog = ASRWatchdog(dev, tokenizer, tmp_path / "run")
    watchdog.start(None)
    first, second = watchdog(model), watchdog(model)
    assert [u.id for u in watchdog.dev] == ["golden"]
    assert first == second and first["wer"] < 0.3  # the golden clip alone: 2 words of 14 wrong
