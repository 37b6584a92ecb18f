"""`yuyin align`: word timings of known transcripts, and the transcripts that fit worst."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

import yuyin
from yuyin.audio import SAMPLE_RATE, load_audio, save_audio
from yuyin.cli import main
from yuyin.data.manifest import Utterance, write_manifest

CLIP = Path(yuyin.__file__).parent / "assets" / "audio" / "golden.wav"
GOLDEN = json.loads(CLIP.with_suffix(".json").read_text())


def test_a_transcript_is_aligned_word_by_word(capsys):
    text = "No, sir, replied his son, laughing; I seem to have had it from nobody."
    assert main(["align", str(CLIP), "--text", text]) == 0
    line = json.loads(capsys.readouterr().out)
    assert line["text"] == GOLDEN["reference"]  # normalized as scoring does
    assert [w["word"] for w in line["words"]] == GOLDEN["reference"].split()  # as said, not heard
    starts = [w["start"] for w in line["words"]]
    assert starts == sorted(starts) and line["words"][-1]["end"] <= GOLDEN["duration"] + 0.05
    assert all(w["end"] > w["start"] for w in line["words"]) and line["confidence"] > 0.8


def test_a_manifest_lists_the_transcripts_that_fit_worst(tmp_path, capsys):
    wave = load_audio(CLIP)
    clip = save_audio(tmp_path / "clip.wav", wave)
    padded = save_audio(tmp_path / "late.wav", np.concatenate([np.zeros(SAMPLE_RATE), wave]))
    seconds = len(wave) / SAMPLE_RATE
    utts = [
        Utterance("right", str(clip), seconds, text=GOLDEN["reference"]),
        Utterance("late", str(padded), seconds + 1, text=GOLDEN["reference"]),
        Utterance("wrong", str(clip), seconds, text="the weather in the mountains was cold"),
        Utterance("too-long", str(clip), seconds, text="word " * 200),
    ]
    manifest = write_manifest(tmp_path / "m.jsonl", utts)
    out = tmp_path / "aligned.jsonl"
    assert main(["align", str(manifest), "-o", str(out), "--worst", "1"]) == 1  # one failed
    err = capsys.readouterr().err
    lines = {d["id"]: d for d in map(json.loads, out.read_text().splitlines())}
    assert set(lines) == {"right", "late", "wrong"}
    late, right = lines["late"]["words"], lines["right"]["words"]
    assert abs(late[0]["start"] - right[0]["start"] - 1.0) <= 0.05  # times in its own file
    assert lines["wrong"]["confidence"] < lines["right"]["confidence"] - 0.2
    assert "least sure of their words (mean confidence):\n" in err
    assert err.split("least sure of their words (mean confidence):\n")[1].split()[1] == "wrong"
    assert "its text does not fit the audio" in err and "'too-long'" in err
    assert "1 of 4 utterance(s) could not be aligned" in err


def test_align_guards_its_input_and_keeps_segments_in_their_file(tmp_path, capsys):
    wave = load_audio(CLIP)
    long = save_audio(tmp_path / "long.wav", np.concatenate([np.zeros(2 * SAMPLE_RATE), wave]))
    seconds = len(wave) / SAMPLE_RATE
    utts = [
        Utterance("seg", str(long), seconds, text=GOLDEN["reference"], start=2.0, end=2 + seconds),
        Utterance("other", str(long), seconds, text="what an 语音 agreeable man", start=2.0),
        Utterance("unlabeled", str(long), seconds),
    ]
    manifest = write_manifest(tmp_path / "m.jsonl", utts)
    before = manifest.read_bytes()
    assert main(["align", str(manifest), "-o", str(manifest)]) == 1  # would overwrite it
    assert "-o is the input itself" in capsys.readouterr().err and manifest.read_bytes() == before
    assert main(["align", str(CLIP)]) == 1
    assert "an audio file needs --text" in capsys.readouterr().err
    assert main(["align", str(manifest), "--text", "hello"]) == 1
    assert "--text goes with one audio file" in capsys.readouterr().err
    assert main(["align", str(manifest), "-o", str(tmp_path / "a.jsonl")]) == 0
    err = capsys.readouterr().err
    assert "1 utterance(s) without a transcript left out" in err
    assert "1 word(s) of its text have no letter the model spells" in err
    lines = {d["id"]: d for d in map(json.loads, (tmp_path / "a.jsonl").read_text().splitlines())}
    seg = lines["seg"]
    assert seg["start"] == 2.0 and 2.0 <= seg["words"][0]["start"] <= 2.2  # the file's time
