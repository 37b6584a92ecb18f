"""`yuyin finetune`: smoke runs from scratch and from a pretrained encoder, and the diagnostics."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
import torch

import yuyin
from dummies import make_tone_corpus, tone
from yuyin.audio import save_audio
from yuyin.cli import main
from yuyin.data.manifest import read_manifest, write_manifest
from yuyin.models.asr import CTCModel
from yuyin.text.tokenizer import tokenizer_from_dict

SMALL = [
    "encoder.dim=32",
    "encoder.layers=2",
    "encoder.heads=2",
    "encoder.frontend_channels=16",
    "loop.warmup_steps=2",
    "loop.log_every=1",
    "loop.eval_every=10",
    "loop.ckpt_every=10",
    "loop.num_workers=0",
    "loop.progress=false",
    "loop.tensorboard=false",
    "model.freeze_encoder_steps=5",
    "data.max_batch_seconds=8",
]


def _sets(*extra: str) -> list[str]:
    return [arg for item in [*SMALL, *extra] for arg in ("--set", item)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    manifest, _ = make_tone_corpus(tmp_path_factory.mktemp("ft"), n=16, seconds_range=(1.0, 2.0))
    return manifest


def _finetune(out, corpus, *extra_args, sets=()):
    args = ["finetune", "--train", str(corpus), "--dev", str(corpus), "--out", str(out)]
    return main([*args, "--config", "configs/finetune/tiny.yaml", *extra_args, *_sets(*sets)])


def test_finetune_from_scratch_20_steps(tmp_path, corpus, capsys):
    torch.set_num_threads(1)
    room = ["augment.reverb_prob=0.5", "augment.color_prob=0.5"]  # simulated rooms and mics
    assert _finetune(tmp_path / "asr", corpus, sets=["loop.max_steps=20", *room]) == 0
    assert "model saved" in capsys.readouterr().out
    settings = json.loads((tmp_path / "asr" / "settings.json").read_text())
    assert settings["augment"]["reverb_prob"] == 0.5 and settings["augment"]["speed_prob"] == 0.5
    assert settings["data"]["augment"] is True
    model = yuyin.load(tmp_path / "asr" / "model")
    assert isinstance(model, CTCModel)
    tokenizer = tokenizer_from_dict(model.yuyin_meta["tokenizer"])
    assert model.config.vocab_size == tokenizer.vocab_size
    with (tmp_path / "asr" / "eval.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert [int(r["step"]) for r in rows] == [10, 20]
    assert all(float(r["cer"]) >= 0.0 for r in rows)
    with (tmp_path / "asr" / "log.csv").open() as fh:
        losses = [float(r["loss"]) for r in csv.DictReader(fh)]
    assert losses[-1] < losses[0]  # CTC learns something in 20 steps


def test_finetune_from_pretrained_encoder(tmp_path, corpus):
    torch.set_num_threads(1)
    pre = tmp_path / "pre"
    pre_sets = [
        arg
        for item in [*SMALL[:4], "loop.max_steps=3", "loop.progress=false", "loop.num_workers=0"]
        for arg in ("--set", item)
    ]
    assert (
        main(
            [
                "pretrain",
                "--objective",
                "reconstruct",
                "--data",
                str(corpus),
                "--out",
                str(pre),
                "--set",
                "loop.tensorboard=false",
                *pre_sets,
            ]
        )
        == 0
    )
    assert (
        _finetune(tmp_path / "asr", corpus, "--pretrained", str(pre), sets=["loop.max_steps=10"])
        == 0
    )
    model = yuyin.load(tmp_path / "asr" / "model")
    assert model.yuyin_meta["pretrained"] == str(pre)
    encoder = yuyin.load(pre)
    assert model.encoder.config == encoder.config


def test_finetune_continues_from_a_fine_tuned_recognizer(tmp_path, corpus):
    torch.set_num_threads(1)
    first = tmp_path / "first"
    assert _finetune(first, corpus, sets=["loop.max_steps=4"]) == 0
    sets = ["loop.max_steps=1", "loop.lr=0", "loop.warmup_steps=0", "model.head_dropout=0"]
    assert (
        _finetune(tmp_path / "again", corpus, "--pretrained", str(first / "model"), sets=sets) == 0
    )
    before, after = yuyin.load(first / "model"), yuyin.load(tmp_path / "again" / "model")
    assert after.yuyin_meta["head_reused"] is True
    for name, tensor in before.state_dict().items():  # lr 0: encoder and head carried over
        assert torch.equal(tensor, after.state_dict()[name]), name


def test_a_head_that_cannot_be_reused_is_said(tmp_path, corpus, caplog):
    """A recognizer whose tokenizer is not the run's (here its character set lacks one of the
    run's) gives a fresh head: a warning says why, not only the meta."""
    torch.set_num_threads(1)
    first = tmp_path / "first"
    assert _finetune(first, corpus, sets=["loop.max_steps=1"]) == 0
    sets = ["loop.max_steps=1", "tokenizer.extend=true"]
    meta = json.loads((first / "model" / "config.json").read_text())
    chars = meta["meta"]["tokenizer"]["chars"]
    (first / "model" / "config.json").write_text(  # as if made from other transcripts
        json.dumps(meta).replace(json.dumps(chars), json.dumps(chars[:-1]))
    )
    with caplog.at_level("WARNING", logger="yuyin.finetune"):
        assert (
            _finetune(tmp_path / "b", corpus, "--pretrained", str(first / "model"), sets=sets) == 0
        )
    assert yuyin.load(tmp_path / "b" / "model").yuyin_meta["head_reused"] is False
    assert "its CTC head is not reused" in caplog.text


def _diagnoses(run) -> list[str]:
    return [json.loads(line)["message"] for line in (run / "diagnostics.jsonl").open()]


def test_diagnoses_vocabulary_and_infeasible_targets(tmp_path, corpus):
    utts = read_manifest(corpus)
    odd = [u.__class__(**{**u.__dict__, "text": "café straße " * 15}) for u in utts[:4]]
    manifest = write_manifest(tmp_path / "odd.jsonl", odd + utts[4:])
    assert _finetune(tmp_path / "asr", manifest, sets=["loop.max_steps=2"]) == 0
    notes = " ".join(_diagnoses(tmp_path / "asr"))
    assert "does not cover" in notes and "'ß'" in notes
    assert "spelled without accents: 'é' as 'e'" in notes
    assert "more CTC targets than" in notes


def test_diagnoses_wer_stuck_at_100(tmp_path, corpus):
    sets = ["loop.max_steps=6", "loop.eval_every=2", "loop.lr=1e-9", "model.freeze_encoder_steps=0"]
    assert _finetune(tmp_path / "asr", corpus, sets=sets) == 0
    notes = " ".join(_diagnoses(tmp_path / "asr"))
    assert "WER has been >= 100%" in notes or "blank-only" in notes


def test_finetune_on_several_manifests(tmp_path, corpus):
    """`--train A --train B` trains on both (their hours add up) and records both manifests."""
    torch.set_num_threads(1)
    utts = read_manifest(corpus)
    first = write_manifest(tmp_path / "a.jsonl", utts[:8])
    second = write_manifest(tmp_path / "b.jsonl", utts[8:])
    args = ["finetune", "--train", str(first), "--train", str(second), "--out", str(tmp_path / "r")]
    code = main([*args, "--config", "configs/finetune/tiny.yaml", *_sets("loop.max_steps=2")])
    assert code == 0
    meta = yuyin.load(tmp_path / "r" / "model").yuyin_meta
    assert meta["train_manifest"] == [str(first), str(second)]
    total = sum(u.duration for u in utts) / 3600
    assert meta["train_hours"] == pytest.approx(total, abs=1e-3)


def test_unusable_audio_is_named_before_any_training(tmp_path, corpus, capsys):
    """A missing or corrupt file in --train or --dev: one clear error before step 1, no run lost."""
    utts = read_manifest(corpus)
    corrupt = tmp_path / "corrupt.wav"
    corrupt.write_bytes(b"RIFF\x00\x00not a wave")
    broken = [
        utts[0].__class__(**{**utts[0].__dict__, "audio": str(tmp_path / "gone.wav")}),
        utts[1].__class__(**{**utts[1].__dict__, "audio": str(corrupt)}),
    ]
    bad = write_manifest(tmp_path / "bad.jsonl", broken + utts[2:])
    for train, dev in ((bad, corpus), (corpus, bad)):
        args = ["finetune", "--train", str(train), "--dev", str(dev), "--out", str(tmp_path / "r")]
        code = main([*args, "--config", "configs/finetune/tiny.yaml", *_sets("loop.max_steps=2")])
        err = capsys.readouterr().err
        assert code == 1 and "Traceback" not in err
        assert f"error: {bad}: 2 of {len(utts)} utterances have unusable audio" in err
        assert "gone.wav (file not found" in err and "corrupt.wav (" in err
        assert not (tmp_path / "r" / "log.csv").exists()  # nothing was trained


@pytest.mark.parametrize("task", ["ctc", "classify"])
def test_pretrained_of_another_kind_is_refused(tmp_path, corpus, capsys, task):
    lm = "src/yuyin/assets/models/lm"
    args = ["finetune", "--task", task, "--pretrained", lm, "--train", str(corpus)]
    code = main([*args, "--out", str(tmp_path / "r"), *_sets("loop.max_steps=1")])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert f"error: {lm}: a model of kind 'lm', not of kind 'asr' or 'encoder'" in err


def test_transcripts_the_vocabulary_cannot_spell_are_an_error(tmp_path, corpus, capsys):
    utts = read_manifest(corpus)
    cjk = [u.__class__(**{**u.__dict__, "text": "你好世界"}) for u in utts]
    manifest = write_manifest(tmp_path / "cjk.jsonl", cjk)
    args = ["finetune", "--train", str(manifest), "--out", str(tmp_path / "r")]
    assert main([*args, "--config", "configs/finetune/tiny.yaml", *_sets("loop.max_steps=1")]) == 1
    err = capsys.readouterr().err
    assert f"error: {manifest}: no transcript has a character the char tokenizer knows" in err
    assert not (tmp_path / "r" / "log.csv").exists()
    extended = _sets("loop.max_steps=1", "tokenizer.extend=true")
    args[-1] = str(tmp_path / "r2")
    assert main([*args, "--config", "configs/finetune/tiny.yaml", *extended]) == 0


def test_a_resume_whose_data_changed_the_tokenizer_is_refused(tmp_path, corpus, capsys):
    utts = read_manifest(corpus)

    def with_text(text, name):
        return write_manifest(
            tmp_path / name, [u.__class__(**{**u.__dict__, "text": text}) for u in utts]
        )

    first, second = with_text("un café", "e.jsonl"), with_text("über alles", "u.jsonl")
    run = tmp_path / "r"
    sets = _sets("loop.max_steps=2", "loop.ckpt_every=1", "tokenizer.extend=true")
    base = ["finetune", "--config", "configs/finetune/tiny.yaml", "--out", str(run), *sets]
    assert main([*base, "--train", str(first)]) == 0
    settings = (run / "settings.json").read_text()
    capsys.readouterr()
    assert main([*base, "--train", str(second), "--set", "loop.max_steps=4", "--resume"]) == 1
    assert "its tokenizer differs" in capsys.readouterr().err
    assert main([*base, "--train", str(second)]) == 1  # without --resume: refused too
    assert "already holds checkpoint" in capsys.readouterr().err
    assert (run / "settings.json").read_text() == settings  # the run's record is untouched


def test_out_that_is_a_file_is_a_clear_error(tmp_path, corpus, capsys):
    afile = tmp_path / "afile"
    afile.write_text("keep me")
    for out in (afile, afile / "sub"):
        args = ["finetune", "--train", str(corpus), "--out", str(out), *_sets("loop.max_steps=1")]
        assert main(args) == 1
        err = capsys.readouterr().err
        where = f"{afile}" if out == afile else f"{out}: {afile}"  # the path named once
        assert f"error: {where} is a file, not a folder to train into" in err
        assert "Traceback" not in err and afile.read_text() == "keep me"


def test_a_file_that_fails_to_decode_is_skipped_and_the_run_finishes(tmp_path, corpus):
    """Its header is fine (the check before training passes); its NaN samples only show when it
    is decoded: training leaves it out of its batches, dev evaluation notes it and goes on."""
    import numpy as np
    import soundfile as sf

    utts = read_manifest(corpus)
    nan_wav = tmp_path / "nan.wav"
    samples = np.full(round(utts[0].duration * 16000), np.nan, dtype=np.float32)
    sf.write(nan_wav, samples, 16000, subtype="FLOAT")
    broken = utts[0].__class__(**{**utts[0].__dict__, "audio": str(nan_wav)})
    manifest = write_manifest(tmp_path / "nan.jsonl", [broken, *utts[1:]])
    assert _finetune(tmp_path / "r", manifest, sets=["loop.max_steps=4", "loop.eval_every=2"]) == 0
    assert (tmp_path / "r" / "model" / "config.json").is_file()
    notes = " ".join(_diagnoses(tmp_path / "r"))
    assert f"dev utterance {utts[0].id!r} left out" in notes and "NaN" in notes


def test_a_resumed_run_goes_on_with_its_diagnoses(tmp_path, corpus):
    """Killed after its step-4 checkpoint, a run resumes with the diagnoses it had made: the dev
    file it left out stays out, the count of evaluations at 100% WER goes on, and what the
    killed run noted after step 4 is noted once, as an uninterrupted run does."""
    import shutil

    import numpy as np
    import soundfile as sf

    utts = read_manifest(corpus)
    nan_wav = tmp_path / "nan.wav"
    sf.write(nan_wav, np.full(16000, np.nan, dtype=np.float32), 16000, subtype="FLOAT")
    broken = utts[0].__class__(**{**utts[0].__dict__, "audio": str(nan_wav), "duration": 1.0})
    manifest = write_manifest(tmp_path / "nan.jsonl", [broken, *utts[1:]])
    sets = ["loop.max_steps=8", "loop.eval_every=2", "loop.ckpt_every=4", "loop.lr=1e-9"]
    sets += ["model.freeze_encoder_steps=0"]
    run = tmp_path / "run"
    assert _finetune(run, manifest, sets=sets) == 0
    whole = (run / "diagnostics.jsonl").read_text().splitlines()
    assert any("WER has been >= 100%" in line for line in whole)
    cut = tmp_path / "cut"
    shutil.copytree(run, cut)
    shutil.rmtree(cut / "ckpt-00000008")
    (cut / "latest").write_text("ckpt-00000004")
    assert _finetune(cut, manifest, "--resume", sets=sets) == 0
    assert (cut / "diagnostics.jsonl").read_text().splitlines() == whole


def test_a_refused_resume_keeps_settings_json_and_bad_lr_scales_are_named(tmp_path, corpus, capsys):
    run = tmp_path / "asr"
    assert _finetune(run, corpus, sets=["loop.max_steps=2"]) == 0
    before = (run / "settings.json").read_text()
    assert _finetune(run, corpus, "--resume", sets=["loop.max_steps=2", "encoder.dim=48"]) == 1
    assert "does not fit" in capsys.readouterr().err
    assert (run / "settings.json").read_text() == before
    for bad in ("layer_decay=.nan", "layer_decay=-1", "head_lr_scale=.inf", "layer_decay=abc"):
        assert _finetune(tmp_path / "x", corpus, sets=["loop.max_steps=2", bad]) == 1
        err = capsys.readouterr().err
        assert bad.split("=")[0] in err and "Traceback" not in err


def test_targets_no_frame_rate_can_emit_are_refused(tmp_path, corpus, capsys):
    rows = [json.loads(line) for line in corpus.read_text().splitlines()]
    long_text = tmp_path / "long.jsonl"
    long_text.write_text("".join(json.dumps({**r, "text": "abc " * 200}) + "\n" for r in rows))
    args = ["finetune", "--train", str(long_text), "--out", str(tmp_path / "r")]
    assert main([*args, "--config", "configs/finetune/tiny.yaml", *_sets("loop.max_steps=2")]) == 1
    assert "every utterance has more CTC targets" in capsys.readouterr().err


def test_pseudo_label_refuses_to_overwrite_its_input(tmp_path, corpus, capsys):
    copy = tmp_path / "in.jsonl"
    copy.write_text(corpus.read_text())
    assert main(["pseudo-label", str(copy), "-o", str(copy)]) == 1
    assert "the input manifest itself" in capsys.readouterr().err
    assert copy.read_text() == corpus.read_text()


def test_resuming_a_finished_run_keeps_its_model_and_record(tmp_path, corpus):
    run = tmp_path / "asr"
    assert _finetune(run, corpus, sets=["loop.max_steps=2", "loop.eval_every=2"]) == 0
    record = (run / "settings.json").read_text(), (run / "model" / "config.json").read_text()
    assert _finetune(run, corpus, "--resume", sets=["loop.max_steps=2", "loop.eval_every=2"]) == 0
    assert (
        (run / "settings.json").read_text(),
        (run / "model" / "config.json").read_text(),
    ) == record
    # the final save failed (a full disk) and the run is resumed: the model gets its dev scores
    meta = json.loads(record[1])["meta"]
    shutil.rmtree(run / "model")
    assert _finetune(run, corpus, "--resume", sets=["loop.max_steps=2", "loop.eval_every=2"]) == 0
    again = json.loads((run / "model" / "config.json").read_text())["meta"]
    assert {k: again.get(k) for k in ("wer", "cer", "empty")} == {
        k: meta[k] for k in ("wer", "cer", "empty")
    }


def test_dropped_utterances_and_a_frozen_run_name_the_setting(tmp_path, corpus, caplog):
    import logging

    utts = read_manifest(corpus)
    short = save_audio(tmp_path / "short.wav", tone(0.1, 300.0))
    long = save_audio(tmp_path / "long.wav", tone(21.0, 300.0))
    odd = [
        utts[0].__class__("short", str(short), 0.1, "yes"),
        utts[0].__class__("long", str(long), 21.0, "yes"),
        utts[0].__class__("wordless", utts[0].audio, utts[0].duration, "?!"),
    ]
    manifest = write_manifest(tmp_path / "m.jsonl", [*utts, *odd])
    sets = ["loop.max_steps=2", "model.freeze_encoder_steps=5", "data.max_seconds=20"]
    with caplog.at_level(logging.WARNING, logger="yuyin.finetune"):
        assert _finetune(tmp_path / "r", manifest, sets=sets) == 0
    text = caplog.text
    assert "1 of 19 utterances dropped: shorter than data.min_seconds=0.3 s" in text
    assert "1 of 19 utterances dropped: longer than data.max_seconds=20 s" in text
    assert "1 of 19 utterances dropped: no words left" in text
    assert "model.freeze_encoder_steps=5 >= loop.max_steps=2: the encoder stays frozen" in text
    caplog.clear()  # a setting that is wrong is said alone, not after a warning on the schedule
    with caplog.at_level(logging.WARNING, logger="yuyin.finetune"):
        assert _finetune(tmp_path / "r2", manifest, sets=[*sets, "model.no_such_key=1"]) == 1
    assert "stays frozen" not in caplog.text


def test_without_dev_the_training_utterances_are_scored_and_said(tmp_path, corpus, capsys):
    args = ["finetune", "--train", str(corpus), "--out", str(tmp_path / "nodev")]
    sets = _sets("loop.max_steps=2", "loop.eval_every=2")
    assert main([*args, "--config", "configs/finetune/tiny.yaml", *sets]) == 0
    assert "warning: no --dev: the WER during training is measured on" in capsys.readouterr().err
    settings = json.loads((tmp_path / "nodev" / "settings.json").read_text())
    assert settings["dev_manifest"] == "training utterances"


def test_durations_in_another_unit_are_named_not_advised_away(tmp_path, corpus, capsys):
    utts = read_manifest(corpus)  # a manifest written in milliseconds: every one "too long"
    ms = [u.__class__(u.id, u.audio, round(u.duration * 1000), u.text) for u in utts]
    manifest = write_manifest(tmp_path / "ms.jsonl", ms)
    assert _finetune(tmp_path / "r", manifest, sets=["loop.max_steps=2"]) == 1
    err = capsys.readouterr().err
    assert "the manifest's durations disagree with the audio" in err and "another unit?" in err
    assert "--set it higher" not in err


def test_a_resume_on_other_manifests_is_said(tmp_path, corpus, caplog):
    copy = write_manifest(tmp_path / "copy.jsonl", read_manifest(corpus))  # same text: same tokens
    run = tmp_path / "run"
    assert _finetune(run, corpus, sets=["loop.max_steps=2", "loop.ckpt_every=1"]) == 0
    args = ["finetune", "--train", str(copy), "--dev", str(corpus), "--out", str(run), "--resume"]
    with caplog.at_level("WARNING", logger="yuyin.finetune"):
        assert main([*args, "--config", "configs/finetune/tiny.yaml", *_sets("loop.max_steps=3")])\
            == 0  # fmt: skip
    assert f"resumed with train_manifest {copy}; it started with {corpus}" in caplog.text


def test_a_bpe_recognizer_keeps_its_tokenizer_and_head_when_adapted(tmp_path, corpus, caplog):
    """Adapting a bpe recognizer to other transcripts keeps its sentencepiece model, so its head
    is reused (a new one from other transcripts has other pieces); retrain=true asks for new
    pieces, and a char run from it is told how to keep them."""
    torch.set_num_threads(1)
    first = tmp_path / "first"
    bpe = ["tokenizer.kind=bpe", "tokenizer.vocab_size=20"]
    assert _finetune(first, corpus, sets=["loop.max_steps=1", *bpe]) == 0
    utts = read_manifest(corpus)
    other = [u.__class__(**{**u.__dict__, "text": f"{u.text} again"}) for u in utts]
    manifest = write_manifest(tmp_path / "other.jsonl", other)
    runs = {
        "kept": ["tokenizer.kind=bpe"],
        "retrained": ["tokenizer.kind=bpe", "tokenizer.retrain=true", "tokenizer.vocab_size=30"],
        "char": [],
    }
    for name, sets in runs.items():
        caplog.clear()
        with caplog.at_level("INFO", logger="yuyin.finetune"):
            args = ("--pretrained", str(first / "model"))
            assert (
                _finetune(tmp_path / name, manifest, *args, sets=["loop.max_steps=1", *sets]) == 0
            )
        meta = yuyin.load(tmp_path / name / "model").yuyin_meta
        assert meta["head_reused"] is (name == "kept"), name
        if name == "kept":
            assert meta["tokenizer"] == yuyin.load(first / "model").yuyin_meta["tokenizer"]
            assert "its bpe tokenizer (" in caplog.text and "is kept" in caplog.text
        if name == "char":
            assert "--set tokenizer.kind=bpe keeps its tokenizer and head" in caplog.text
    assert _finetune(tmp_path / "bad", corpus, sets=["tokenizer.retrain=maybe"]) == 1


def test_bpe_vocabulary_too_small_or_capped_is_said(tmp_path, corpus, capsys, caplog):
    bpe = ["loop.max_steps=1", "tokenizer.kind=bpe"]
    assert _finetune(tmp_path / "small", corpus, sets=[*bpe, "tokenizer.vocab_size=4"]) == 1
    err = capsys.readouterr().err
    assert "vocab_size 4 is too small for this text: it needs at least" in err
    assert "trainer_interface" not in err and "--character_coverage" not in err
    assert _finetune(tmp_path / "neg", corpus, sets=[*bpe, "tokenizer.vocab_size=-5"]) == 1
    assert "vocab_size must be an integer >= 3, got -5" in capsys.readouterr().err
    with caplog.at_level("WARNING", logger="yuyin.finetune"):
        assert _finetune(tmp_path / "big", corpus, sets=[*bpe, "tokenizer.vocab_size=5000"]) == 0
    assert "tokenizer.vocab_size 5000: these transcripts make only" in caplog.text


def test_dev_characters_the_model_cannot_write_are_said(tmp_path, corpus):
    utts = read_manifest(corpus)
    odd = [u.__class__(**{**u.__dict__, "text": f"{u.text} жук"}) for u in utts[:3]]
    dev = write_manifest(tmp_path / "dev.jsonl", odd + utts[3:6])
    args = ["finetune", "--train", str(corpus), "--dev", str(dev), "--out", str(tmp_path / "a")]
    sets = _sets("loop.max_steps=2")
    assert main([*args, "--config", "configs/finetune/tiny.yaml", *sets]) == 0
    notes = " ".join(_diagnoses(tmp_path / "a"))
    assert "the dev transcripts hold characters this model cannot write: 'ж' (3x)" in notes
