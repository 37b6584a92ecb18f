"""Golden end-to-end test: the bundled recognizer on the shipped clip.

The clip is a held-out sentence in a training voice. ``expected_output`` pins what the bundled
model says (a regression check of the whole path: audio, features, model, decoding, alignment);
``max_cer`` bounds how far that may be from the true words.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import jiwer
import numpy as np
import pytest
import soundfile

import yuyin
from yuyin.cli import main
from yuyin.text.normalize import normalize_for_scoring
from yuyin.transcribe import BUNDLED_MODEL

CLIP = Path(yuyin.__file__).parent / "assets" / "audio" / "golden.wav"
GOLDEN = json.loads(CLIP.with_suffix(".json").read_text())
# held-out (test-split) prompts, as in tests/golden_voice.json
FUSION_SENTENCES = json.loads((Path(__file__).parent / "golden_voice.json").read_text())[
    "sentences"
]


def test_bundled_model_is_small():
    size = sum(p.stat().st_size for p in BUNDLED_MODEL.iterdir())
    assert size < 6 * 2**20  # 2.2 M parameters stored as float16 (4.4 MB)
    record = json.loads((BUNDLED_MODEL / "config.json").read_text())
    # scored at that precision before shipping (bench/results/asr-bundled.json)
    assert record["weights_dtype"] == "float16"


def test_transcribe_json_golden(capsys):
    assert main(["transcribe", "--json", str(CLIP)]) == 0  # no --model: the bundled one
    result = json.loads(capsys.readouterr().out)
    assert result["path"] == str(CLIP)
    assert result["text"] == GOLDEN["expected_output"]
    assert [w["word"] for w in result["words"]] == GOLDEN["expected_output"].split()
    assert jiwer.cer(GOLDEN["reference"], result["text"]) <= GOLDEN["max_cer"]
    starts = [w["start"] for w in result["words"]]
    assert starts == sorted(starts) and all(w["end"] > w["start"] for w in result["words"])
    assert result["words"][-1]["end"] <= GOLDEN["duration"] + 0.05


def test_word_confidence_is_low_on_noise(capsys, tmp_path):
    """The JSON words' confidence (mean posterior over their aligned frames) tells the golden
    clip's speech from white noise the model still spells out as words."""
    noise = tmp_path / "noise.wav"
    rng = np.random.default_rng(0)
    soundfile.write(noise, (0.01 * rng.standard_normal(2 * 16000)).astype(np.float32), 16000)
    assert main(["transcribe", "--json", str(CLIP), str(noise)]) == 0
    speech, hiss = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert hiss["words"], "noise decoded to nothing: pick another noise for this test"
    # measured: 0.94 on the clip; 0.35-0.50 on 24 noises (8 seeds x 0.003, 0.01, 0.1 RMS)
    assert np.mean([w["confidence"] for w in speech["words"]]) > 0.8
    assert np.mean([w["confidence"] for w in hiss["words"]]) < 0.6

    # --min-confidence drops the unsure words, from the words and from the text
    assert main(["transcribe", "--json", "--min-confidence", "0.6", str(CLIP), str(noise)]) == 0
    kept, hushed = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    sure = [w for w in speech["words"] if w["confidence"] >= 0.6]
    assert kept["words"] == sure and kept["text"] == " ".join(w["word"] for w in sure)
    assert hushed["words"] == [w for w in hiss["words"] if w["confidence"] >= 0.6]
    assert len(hushed["words"]) < len(hiss["words"])
    assert main(["transcribe", "--min-confidence", "2", str(CLIP)]) == 1
    assert "--min-confidence must be in [0, 1]" in capsys.readouterr().err


def test_transcribe_with_the_bundled_neural_lm(capsys, tmp_path):
    """--neural-lm bundled: shallow fusion with the shipped character LM spells held-out
    sentences (said by the bundled voice) better than greedy decoding does."""
    clips = []
    for i, sentence in enumerate(FUSION_SENTENCES):
        wave, sr = yuyin.synthesize(sentence)
        clips.append(str(tmp_path / f"{i}.wav"))
        soundfile.write(clips[-1], wave, sr)
    references = [normalize_for_scoring(s) for s in FUSION_SENTENCES]

    def heard(*options: str) -> list[str]:
        assert main(["transcribe", *options, *clips]) == 0
        return [line.split("\t")[1] for line in capsys.readouterr().out.strip().split("\n")]

    greedy, fused = heard(), heard("--beam", "4", "--neural-lm", "bundled")
    assert jiwer.cer(references, fused) < jiwer.cer(references, greedy)
    assert main(["transcribe", "--neural-lm", "bundled", str(CLIP)]) == 0  # greedy: a note
    captured = capsys.readouterr()
    assert "--neural-lm needs beam search" in captured.err
    assert captured.out.strip().split("\t")[1] == GOLDEN["expected_output"]
    assert main(["transcribe", "--beam", "4", "--neural-lm", "no/such/lm", str(CLIP)]) == 1
    assert "no/such/lm" in capsys.readouterr().err


def test_a_silent_stretch_of_a_long_file_gives_no_words(capsys, tmp_path):
    """Each piece of a long file is raised to the training speech's level; a piece holding no
    speech (a hiss at -70 dBFS) is left unsaid, not raised into made-up words."""
    speech, rate = soundfile.read(CLIP, dtype="float32")
    hiss = (10 ** (-70 / 20) * np.random.default_rng(0).standard_normal(rate * 45)).astype(
        "float32"
    )
    long = tmp_path / "long.wav"
    soundfile.write(long, np.concatenate([speech, hiss, speech]), rate)
    assert main(["transcribe", "--json", str(long)]) == 0
    words = json.loads(capsys.readouterr().out)["words"]
    quiet = (len(speech) / rate + 1.0, (len(speech) + len(hiss)) / rate - 1.0)
    assert words and not [w for w in words if quiet[0] < w["start"] < quiet[1]]
    assert len(words) == 2 * len(GOLDEN["expected_output"].split())


def test_word_times_find_where_synthesized_speech_starts_and_ends_within_50_ms():
    """#4's alignment line on real (synthesized) speech: the golden clip placed twice at known
    offsets in silence; the first and last words of each copy start and end within 50 ms of
    where that copy's sound starts and ends (its frames within 35 dB of its loudest)."""
    from yuyin.audio import frame_db as _frame_db
    from yuyin.transcribe import Recognizer

    speech, rate = soundfile.read(CLIP, dtype="float32")
    loud = np.flatnonzero(_frame_db(speech) > _frame_db(speech).max() - 35)
    onset, offset = loud[0] * 0.01, (loud[-1] + 1) * 0.01  # 10 ms frames
    gap = np.zeros(round(1.3 * rate), dtype=np.float32)
    words = Recognizer.load().transcribe_wave(np.concatenate([gap, speech, gap, speech])).words
    count = len(GOLDEN["expected_output"].split())
    assert len(words) == 2 * count
    for copy, at in enumerate((1.3, 2.6 + len(speech) / rate)):
        first, last = words[copy * count], words[copy * count + count - 1]
        assert abs(first.start - (at + onset)) <= 0.05
        assert abs(last.end - (at + offset)) <= 0.05


def test_recognize_is_the_counterpart_of_synthesize(tmp_path):
    """yuyin.recognize(file or array) with the bundled recognizer, as yuyin.synthesize speaks
    with the bundled voice: the golden clip's transcript, from its file and from an array at
    another rate; a loaded Recognizer or a model folder works as the model."""
    from yuyin.transcribe import Recognizer

    assert yuyin.recognize(CLIP).text == GOLDEN["expected_output"]
    assert yuyin.recognize(os.fsencode(CLIP)).text == GOLDEN["expected_output"]
    cd_rate = yuyin.load_audio(CLIP, sample_rate=44100)
    assert yuyin.recognize(cd_rate, sample_rate=44100).text == GOLDEN["expected_output"]
    recognizer = Recognizer.load()
    assert yuyin.recognize(CLIP, model=recognizer).words == recognizer.transcribe(CLIP).words
    recognizer.transcribe = lambda path: f"heard {path}"  # the Recognizer given is the one used
    assert yuyin.recognize(CLIP, model=recognizer) == f"heard {CLIP}"
    assert yuyin.recognize(CLIP, model="bundled").text == GOLDEN["expected_output"]
    with pytest.raises(TypeError, match="sample_rate is for an array"):
        yuyin.recognize(CLIP, sample_rate=8000)  # a file's rate is read from the file
    with pytest.raises(TypeError, match="audio must be a file name or an array"):
        yuyin.recognize(3)
    with pytest.raises(TypeError, match="model must be a Recognizer"):
        yuyin.recognize(CLIP, model=3)
    with pytest.raises(yuyin.AudioError, match="missing.wav"):
        yuyin.recognize(tmp_path / "missing.wav")
