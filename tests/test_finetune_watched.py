"""`yuyin finetune --dev A --dev B`: the first set is the dev set, the others are watched (their
WER/CER logged as wer@NAME, cer@NAME), e.g. general speech while adapting to a domain."""

from __future__ import annotations

import csv
import json
import shutil

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
