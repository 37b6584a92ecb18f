"""`yuyin transcribe` / `yuyin eval`: chunking of long audio, JSON output, per-file errors."""

from __future__ import annotations

import json

import numpy as np
import pytest
import soundfile as sf
import torch

from dummies import make_tone_corpus, tone
from yuyin.audio import SAMPLE_RATE, save_audio
from yuyin.chunking import MAX_CHUNK_SECONDS, chunk_boundaries
from yuyin.cli import main
from yuyin.decode.lm_mix import NEURAL_ONLY_LM_WEIGHT
from yuyin.transcribe import Recognizer, audio_files

SMALL = [
    "encoder.dim=32",
    "encoder.layers=1",
    "encoder.heads=2",
    "encoder.frontend_channels=8",
    "loop.max_steps=3",
    "loop.num_workers=0",
    "loop.progress=false",
    "loop.tensorboard=false",
    "data.max_batch_seconds=8",
]


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    torch.set_num_threads(1)
    root = tmp_path_factory.mktemp("tr")
    manifest, _ = make_tone_corpus(root, n=6, seconds_range=(1.0, 1.5))
    sets = [arg for item in SMALL for arg in ("--set", item)]
    args = ["finetune", "--train", str(manifest), "--out", str(root / "asr"), *sets]
    assert main(args) == 0
    return root / "asr" / "model"


def test_a_hotword_the_model_cannot_spell_is_refused(tmp_path, model_dir, capsys):
    save_audio(tmp_path / "x.wav", tone(1.0, 300.0))
    args = ["transcribe", "--model", str(model_dir), "--beam", "4", str(tmp_path / "x.wav")]
    assert main([*args, "--hotword", "привет"]) == 1  # no letter of it in the model's set
    err = capsys.readouterr().err
    assert "hotword 'привет' cannot be spelled" in err and "Traceback" not in err


def test_chunks_cut_in_pauses_and_respect_the_limit():
    speech = lambda s: tone(s, 300.0)  # noqa: E731
    pause = np.zeros(int(0.5 * SAMPLE_RATE), dtype=np.float32)
    part = 0.6 * MAX_CHUNK_SECONDS  # two parts would not fit in one chunk
    wave = np.concatenate([speech(part), pause, speech(part), pause, speech(3.0)])
    cuts = chunk_boundaries(wave)
    assert cuts[-1] == len(wave)
    sizes = np.diff([0, *cuts])
    assert sizes.max() <= MAX_CHUNK_SECONDS * SAMPLE_RATE
    first_pause = int(part * SAMPLE_RATE)
    assert first_pause <= cuts[0] <= first_pause + len(pause)  # inside the first pause
    no_pause = speech(50.0)
    assert np.diff([0, *chunk_boundaries(no_pause)]).max() <= MAX_CHUNK_SECONDS * SAMPLE_RATE


def test_json_output_and_per_file_errors(tmp_path, model_dir, capsys):
    good = save_audio(tmp_path / "in" / "good.wav", tone(1.5, 440.0))
    save_audio(tmp_path / "in" / "silent.wav", np.zeros(SAMPLE_RATE, dtype=np.float32))
    (tmp_path / "in" / "corrupt.flac").write_bytes(b"fLaC" + b"\x00" * 100)
    (tmp_path / "in" / "notes.txt").write_text("not audio")
    (tmp_path / "in" / "good.txt").write_text("a transcript beside its audio: not named")
    long = tmp_path / "in" / "long.wav"
    sf.write(str(long), np.zeros(int(3 * SAMPLE_RATE), dtype=np.float32), SAMPLE_RATE)
    code = main(
        [
            "transcribe",
            "--model",
            str(model_dir),
            "--json",
            "--max-duration",
            "2",
            str(tmp_path / "in"),
        ]
    )
    out, err = capsys.readouterr()
    assert code == 1
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["path"] for line in lines] == [str(good)]
    assert set(lines[0]) == {"path", "text", "words"}
    for word in lines[0]["words"]:
        assert set(word) == {"word", "start", "end", "confidence"}
        assert 0.0 <= word["start"] <= word["end"] <= 1.5 + 1e-6
        assert 0.0 <= word["confidence"] <= 1.0
    assert "silent.wav: no speech found" in err
    assert "corrupt.flac: not a readable audio file" in err
    assert "long.wav: too long" in err
    assert "skipped 1 non-audio file(s) in " in err and "notes.txt" in err
    assert "good.txt" not in err
    assert "3 of 4 file(s) failed" in err


def test_a_folder_without_audio_is_named(tmp_path, model_dir, capsys):
    (tmp_path / "notes.txt").write_text("no audio here")
    assert main(["transcribe", "--model", str(model_dir), str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"error: no audio file found in {tmp_path}" in err and "notes.txt" in err


def test_audio_files_expands_folders(tmp_path):
    save_audio(tmp_path / "a" / "x.wav", tone(0.2, 300.0))
    (tmp_path / "a" / "y.txt").write_text("x")
    found, skipped = audio_files([tmp_path / "a"])
    assert [p.name for p in found] == ["x.wav"] and [p.name for p in skipped] == ["y.txt"]


def test_audio_files_leave_out_hidden_files_and_take_oga(tmp_path):
    save_audio(tmp_path / "a" / "x.wav", tone(0.2, 300.0))
    save_audio(tmp_path / "a" / "z.ogg", tone(0.2, 300.0)).rename(tmp_path / "a" / "z.OGA")
    (tmp_path / "a" / "._x.wav").write_bytes(b"Mac OS X resource fork")
    (tmp_path / "a" / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    save_audio(tmp_path / "a" / ".cache" / "old.wav", tone(0.2, 300.0))
    found, skipped = audio_files([tmp_path / "a"])
    assert [p.name for p in found] == ["x.wav", "z.OGA"] and skipped == []


def test_eval_measures_the_audio_it_decoded_not_the_manifest_durations(tmp_path, model_dir, capsys):
    manifest, _ = make_tone_corpus(tmp_path, n=3, seconds_range=(1.0, 1.2), seed=5)
    lines = [json.loads(line) for line in manifest.read_text().splitlines()]
    real = sum(sf.info(manifest.parent / row["audio"]).duration for row in lines)
    for row in lines:
        row["duration"] = 100.0  # a stale manifest: the files were trimmed since
    manifest.write_text("".join(json.dumps(row) + "\n" for row in lines))
    assert main(["eval", "--model", str(model_dir), "--json", str(manifest)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["audio_seconds"] == pytest.approx(real, abs=0.1)


def test_eval_prints_wer(tmp_path, model_dir, capsys):
    manifest, _ = make_tone_corpus(tmp_path, n=3, seconds_range=(1.0, 1.2), seed=5)
    assert main(["eval", "--model", str(model_dir), "--json", str(manifest)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["utterances"] == 3 and report["wer"] >= 0 and report["rtf"] > 0
    model = Recognizer.load(model_dir).model
    assert report["cost"]["parameters"] == sum(p.numel() for p in model.parameters())
    assert report["cost"]["gmacs_per_second"] > 0 and report["peak_rss_mb"] > 0
    assert report["decoding"] == {"beam": 0}
    argv = ["eval", "--model", str(model_dir), "--json", "--beam", "4", "--neural-lm", "bundled"]
    assert main([*argv, "--word-bonus", "0.5", "--unk-letter-offset", "-1", str(manifest)]) == 0
    captured = capsys.readouterr()
    decoding = json.loads(captured.out)["decoding"]
    assert decoding == {
        "beam": 4,
        "lm": None,
        "neural_lm": "bundled",
        "lm_weight": NEURAL_ONLY_LM_WEIGHT,  # the neural LM alone: its own default weight
        "word_bonus": 0.5,
        "hotwords": [],
        "hotword_weight": 1.0,
        "unk_offset": 0.0,  # a neural LM lists no words: nothing is charged as unknown
        "unk_letter_offset": 0.0,
    }
    assert "--unk-letter-offset charge words outside" in captured.err
    argv = ["eval", "--model", str(model_dir), "--json", "--beam", "4", "--lm", "prompts"]
    assert main([*argv, "--unk-letter-offset=-1", str(manifest)]) == 0
    decoding = json.loads(capsys.readouterr().out)["decoding"]
    assert decoding["unk_offset"] == -10.0 and decoding["unk_letter_offset"] == -1.0
    assert main(["eval", "--model", str(model_dir), "--json", "--beam", "4", str(manifest)]) == 0
    decoding = json.loads(capsys.readouterr().out)["decoding"]  # no LM: no LM weight, no bonus
    assert decoding["lm_weight"] == 0.0 and decoding["word_bonus"] == 0.0
    assert main(["eval", "--model", str(model_dir), str(manifest)]) == 0
    assert "M parameters" in capsys.readouterr().out


def test_eval_scores_unusable_audio_as_empty_and_goes_on(tmp_path, model_dir, capsys):
    """A missing file and a 5 ms clip: named one by one, counted as all-deleted, exit 1."""
    from yuyin.data.manifest import read_manifest, write_manifest

    manifest, _ = make_tone_corpus(tmp_path, n=3, seconds_range=(1.0, 1.2), seed=5)
    utts = read_manifest(manifest)
    short = tmp_path / "short.wav"
    save_audio(short, np.zeros(80, dtype=np.float32), SAMPLE_RATE)
    broken = [
        utts[0].__class__(**{**utts[0].__dict__, "audio": str(tmp_path / "gone.wav")}),
        utts[1].__class__(**{**utts[1].__dict__, "audio": str(short)}),
    ]
    bad = write_manifest(tmp_path / "bad.jsonl", [*broken, utts[2]])
    assert main(["eval", "--model", str(model_dir), "--json", str(bad)]) == 1
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["utterances"] == 3
    assert sorted(report["unusable_audio"]) == [utts[0].id, utts[1].id]
    assert "gone.wav: file not found" in captured.err and "short.wav: only 5 ms" in captured.err
    assert report["wer"] >= 2 / 3  # the two lost utterances count as every word deleted


def test_not_a_recognizer(tmp_path):
    from yuyin.hub import ModelLoadError, save_model
    from yuyin.models.encoder import build_encoder, encoder_config

    config = encoder_config("tiny")
    save_model(build_encoder(config), tmp_path / "enc", "encoder", config)
    with pytest.raises(ModelLoadError, match="enc: a model of kind 'encoder', not of kind 'asr'"):
        Recognizer.load(tmp_path / "enc")


def test_another_kind_of_model_is_refused_by_the_commands(capsys):
    """The shipped LM folder given as a recognizer, an encoder or a classifier: one clear line."""
    lm = "src/yuyin/assets/models/lm"
    clip = "src/yuyin/assets/audio/golden.wav"
    for argv in (["transcribe", "--model", lm, clip], ["classify", "--model", lm, clip]):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert f"error: {lm}: a model of kind 'lm', not of kind" in err and "Traceback" not in err


def test_batch_decoder_greedy_own_or_given_options(model_dir):
    from yuyin.decode.ctc import DecodingOptions, beam_search

    recognizer = Recognizer.load(model_dir)
    assert recognizer.batch_decoder() is None  # no options: evaluate greedily
    torch.manual_seed(0)
    log_probs = torch.randn(2, 7, recognizer.tokenizer.vocab_size).log_softmax(-1)  # (B, T, V)
    lengths = torch.tensor([7, 4])
    options = DecodingOptions(beam_size=3)
    given = recognizer.batch_decoder(options)(log_probs, lengths)
    expected = [
        beam_search(lp, int(n), recognizer.tokenizer, options)
        for lp, n in zip(log_probs, lengths, strict=True)
    ]
    assert [r.tokens for r in given] == [r.tokens for r in expected]
    recognizer.options = options
    assert [r.tokens for r in recognizer.batch_decoder()(log_probs, lengths)] == [
        r.tokens for r in expected
    ]


def test_eval_probe_reports_every_encoder_layer(tmp_path, model_dir, capsys):
    manifest, _ = make_tone_corpus(tmp_path, n=10, seconds_range=(1.0, 1.2), seed=6)
    assert main(["eval", "--model", str(model_dir), "--json", "--probe", str(manifest)]) == 0
    probe = json.loads(capsys.readouterr().out)["probe"]
    encoder = Recognizer.load(model_dir).model.encoder
    layers = [s["layer"] for s in probe["layers"]]
    assert layers == list(range(len(encoder.blocks) + 1))  # the blocks' input, then each block
    assert probe["best_layer"] in layers and all(0 <= s["cer"] <= 2 for s in probe["layers"])
    assert probe["train_utterances"] + probe["held_out_utterances"] == 10
    two = tmp_path / "two.jsonl"
    two.write_text("".join(manifest.read_text().splitlines(keepends=True)[:1]))
    assert main(["eval", "--model", str(model_dir), "--probe", str(two)]) == 1
    assert "cannot probe" in capsys.readouterr().err


def test_decoding_options_out_of_range_are_refused(model_dir, capsys):
    clip = "src/yuyin/assets/audio/golden.wav"
    for extra, problem in (
        (["--beam", "-1"], "--beam must be 0 (greedy) to 512"),
        (["--beam", "100000"], "--beam must be 0 (greedy) to 512"),
        (["--max-duration", "-5"], "--max-duration must be > 0 seconds"),
    ):
        assert main(["transcribe", "--model", str(model_dir), *extra, clip]) == 1
        assert f"error: {problem}" in capsys.readouterr().err


def test_hotword_weight_sets_the_decoding_options_and_is_checked(monkeypatch, capsys):
    """`--hotword-weight W` (transcribe, eval, pseudo-label) reaches DecodingOptions.hotword_weight;
    NaN, infinity and weights beyond its bounds are one error naming it."""
    from yuyin.decode.ctc import MAX_WEIGHT, DecodingOptions
    from yuyin.hub import ModelLoadError

    given: list[DecodingOptions | None] = []

    def load(cls, model=None, options=None, lm=None, **kwargs):  # noqa: ANN001, ANN202
        given.append(options)
        raise ModelLoadError("not loaded in this test")

    monkeypatch.setattr(Recognizer, "load", classmethod(load))
    clip = "src/yuyin/assets/audio/golden.wav"
    beam = ["--beam", "4", "--hotword", "yuyin"]
    assert main(["transcribe", *beam, "--hotword-weight", "2.5", clip]) == 1
    assert given[-1].hotword_weight == 2.5 and given[-1].hotwords == ("yuyin",)
    assert main(["eval", *beam, "--hotword-weight", "0.5", "m.jsonl"]) == 1
    assert given[-1].hotword_weight == 0.5
    assert main(["transcribe", *beam, clip]) == 1
    assert given[-1].hotword_weight == DecodingOptions.hotword_weight  # the default, 1.0
    capsys.readouterr()
    for bad in ("nan", "inf", "-inf", str(MAX_WEIGHT * 10)):
        assert main(["transcribe", *beam, f"--hotword-weight={bad}", clip]) == 1
        assert "error: hotword_weight must be a number within" in capsys.readouterr().err
    assert main(["transcribe", "--hotword-weight", "2", clip]) == 1  # greedy: said, not used
    assert "note: --hotword-weight needs beam search" in capsys.readouterr().err
    assert given[-1] is None
    assert main(["transcribe", "--lm-weight", "0.7", "--word-bonus", "1", clip]) == 1
    assert "note: --lm-weight, --word-bonus need beam search" in capsys.readouterr().err
    assert main(["transcribe", "--beam", "4", "--neural-weight", "0.5", clip]) == 1
    assert "--neural-weight weighs --neural-lm against --lm" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["transcribe", "--help"])
    assert "--hotword-weight W" in capsys.readouterr().out


def test_audio_piped_on_standard_input_is_named_dash(model_dir, capsys, monkeypatch):
    import io
    import struct
    import sys

    clip = "src/yuyin/assets/audio/golden.wav"
    with open(clip, "rb") as fh:
        piped = fh.read()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(piped)))
    assert main(["transcribe", "--model", str(model_dir), "--json", "-", clip]) == 0
    from_pipe, from_file = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert from_pipe["path"] == "-" and from_file["path"] == clip
    assert from_pipe["text"] == from_file["text"]
    # as arecord writes to a pipe: a WAV header whose sizes are unknown (0xFFFFFFFF)
    samples, rate = sf.read(clip, dtype="int16")
    fmt = struct.pack("<IHHIIHH", 16, 1, 1, rate, 2 * rate, 2, 16)
    streamed = b"RIFF\xff\xff\xff\xffWAVEfmt " + fmt + b"data\xff\xff\xff\xff" + samples.tobytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(streamed)))
    assert main(["transcribe", "--model", str(model_dir), "-"]) == 0
    assert capsys.readouterr().out == f"-\t{from_file['text']}\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"not audio at all")))
    assert main(["transcribe", "--model", str(model_dir), "-"]) == 1
    err = capsys.readouterr().err
    assert "error: -: not a readable audio file" in err and "yuyin-stdin" not in err


def test_a_file_name_with_a_newline_stays_one_output_line(tmp_path, model_dir, capsys):
    odd = save_audio(tmp_path / "two\nlines\t.wav", tone(1.0, 300.0))
    assert main(["transcribe", "--model", str(model_dir), str(odd)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{tmp_path}/two\\nlines\\t.wav\t")


def test_a_wav_cut_short_is_transcribed_with_a_warning(tmp_path, model_dir, caplog):
    whole = save_audio(tmp_path / "whole.wav", tone(1.5, 440.0))
    cut = tmp_path / "cut.wav"
    cut.write_bytes(whole.read_bytes()[: 44 + 2 * SAMPLE_RATE])  # 1 s of the 1.5 s promised
    recognizer = Recognizer.load(model_dir)
    with caplog.at_level("WARNING", logger="yuyin.transcribe"):
        assert recognizer.transcribe(cut).duration == pytest.approx(1.0, abs=0.01)
        recognizer.transcribe(whole)
    assert caplog.text.count("cut short") == 1
    assert "cut.wav: cut short (its WAV header promises 48000 bytes" in caplog.text


def test_model_bundled_names_the_shipped_recognizer(tmp_path, monkeypatch, capsys):
    from yuyin.transcribe import BUNDLED_MODEL

    monkeypatch.chdir(tmp_path)  # no folder called "bundled" here
    assert Recognizer.load("bundled").meta == Recognizer.load().meta
    golden = BUNDLED_MODEL.parent.parent / "audio" / "golden.wav"
    assert main(["transcribe", "--model", "bundled", str(golden)]) == 0
    assert "replied his son" in capsys.readouterr().out


def test_json_lines_write_utf8_names_as_they_are_and_undecodable_ones_escaped(
    tmp_path, model_dir, capsys
):
    import os

    wave = tone(1.5, 440.0)
    save_audio(tmp_path / "café.wav", wave)
    raw = os.path.join(os.fsencode(tmp_path), b"bad\xff.wav")  # not UTF-8: a surrogate in str
    with open(raw, "wb") as fh:
        fh.write((tmp_path / "café.wav").read_bytes())
    assert main(["transcribe", "--model", str(model_dir), "--json", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    out.encode("utf-8")  # every line writable to a strict UTF-8 stdout
    paths = [json.loads(line)["path"] for line in out.splitlines()]
    assert os.fsdecode(raw) in paths and str(tmp_path / "café.wav") in paths
    assert "café" in out and "\\udcff" in out


def test_audio_recorded_under_16_khz_is_warned_about(tmp_path, model_dir, caplog):
    clip = tmp_path / "phone.wav"
    sf.write(clip, tone(1.0, 300.0, sample_rate=8000), 8000)
    recognizer = Recognizer.load(model_dir)
    with caplog.at_level("WARNING", logger="yuyin.transcribe"):
        recognizer.transcribe(clip)
    assert "recorded at 8000 Hz" in caplog.text and "makes more errors on it" in caplog.text
    caplog.clear()
    save_audio(tmp_path / "wide.wav", tone(1.0, 300.0))
    with caplog.at_level("WARNING", logger="yuyin.transcribe"):
        recognizer.transcribe(tmp_path / "wide.wav")
    assert "recorded at" not in caplog.text
