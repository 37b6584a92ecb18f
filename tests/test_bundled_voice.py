"""Golden end-to-end test: the bundled voice says held-out sentences, and yuyin hears them.

The sentences come from the shipped prompts' *test* split (never used to train the voice, the
recognizer or the word LM). ``expected`` in ``golden_voice.json`` pins what the bundled
recognizer hears (greedy) in the bundled voice's rendering, a regression check of the whole path
(normalization, G2P, acoustic model, vocoder, ASR); ``max_wer`` / ``max_cer`` bound how far that
may be from the true words. ``expected_lm`` pins what yuyin's full ASR hears (the recognizer with
beam search and the built-in word LM, ``yuyin transcribe --beam 8 --lm prompts``), whose WER must
stay <= 0.3 (the TTS acceptance line). Whisper base hears this voice at ~5 % WER.
"""

from __future__ import annotations

import json
from pathlib import Path

import jiwer
import numpy as np
import pytest
import soundfile as sf

import yuyin
from yuyin.audio import SAMPLE_RATE
from yuyin.cli import main
from yuyin.decode.ctc import DecodingOptions
from yuyin.decode.ngram import prompts_lm
from yuyin.text.normalize import normalize_for_scoring
from yuyin.transcribe import Recognizer
from yuyin.voice import BUNDLED_VOICE

GOLDEN = json.loads((Path(__file__).parent / "golden_voice.json").read_text())


def test_bundled_voice_is_small_and_complete():
    size = sum(p.stat().st_size for p in BUNDLED_VOICE.rglob("*") if p.is_file())
    assert size < 9 * 2**20  # two models stored as float16 (7.3 MB)
    for part in ("acoustic", "vocoder"):
        record = json.loads((BUNDLED_VOICE / part / "config.json").read_text())
        # scored at that precision before shipping (bench/results/tts-voice-float16.md)
        assert record["weights_dtype"] == "float16", part


@pytest.fixture(scope="module")
def heard() -> list[tuple[str, str, np.ndarray]]:
    recognizer = Recognizer.load()  # the bundled recognizer
    out = []
    for sentence in GOLDEN["sentences"]:
        wave, sr = yuyin.synthesize(sentence)  # the bundled voice
        assert sr == SAMPLE_RATE
        out.append((sentence, recognizer.transcribe_wave(wave).text, wave))
    return out


def test_bundled_voice_output_is_speech_of_a_plausible_length(heard):
    for sentence, _, wave in heard:
        seconds = len(wave) / SAMPLE_RATE
        words = len(sentence.split())
        assert 1.0 <= words / seconds <= 5.0, (sentence, seconds)  # 60-300 words a minute
        assert 0.05 < np.abs(wave).max() <= 1.0 and np.sqrt(np.mean(wave**2)) > 0.01


def test_yuyin_hears_what_the_bundled_voice_says(heard):
    refs = [normalize_for_scoring(s) for s, _, _ in heard]
    hyps = [h for _, h, _ in heard]
    assert hyps == GOLDEN["expected"]
    assert jiwer.wer(refs, hyps) <= GOLDEN["max_wer"]
    assert jiwer.cer(refs, hyps) <= GOLDEN["max_cer"]


@pytest.fixture(scope="module")
def word_lm(tmp_path_factory):
    return prompts_lm(cache_dir=tmp_path_factory.mktemp("lm"))  # ~15 s: estimated from text


def test_say_golden_heard_by_yuyin_asr_with_its_word_lm(tmp_path, word_lm):
    """The TTS acceptance line: ``yuyin say`` speaks held-out *test* sentences with the bundled
    voice, and yuyin's ASR (the bundled recognizer, beam search and the built-in word LM of the
    prompts' *train* split, i.e. ``yuyin transcribe --beam 8 --lm prompts``) hears them at
    WER <= 0.3."""
    options = DecodingOptions(beam_size=8)  # the tuned LM weight and bonus, as the CLI
    recognizer = Recognizer.load(options=options, lm=word_lm)
    refs, hyps = [], []
    for i, sentence in enumerate(GOLDEN["sentences"]):
        out = tmp_path / f"{i}.wav"
        assert main(["say", sentence, "-o", str(out)]) == 0
        refs.append(normalize_for_scoring(sentence))
        hyps.append(recognizer.transcribe(out).text)
    assert hyps == GOLDEN["expected_lm"]
    assert jiwer.wer(refs, hyps) <= 0.3


def test_say_golden(tmp_path, capsys):
    out = tmp_path / "golden.wav"
    assert main(["say", GOLDEN["sentences"][0], "-o", str(out)]) == 0
    wave, sr = sf.read(out, dtype="float32")
    assert sr == SAMPLE_RATE
    recognizer = Recognizer.load()
    assert recognizer.transcribe_wave(wave).text == GOLDEN["expected"][0]
    assert "vocoder neural" in capsys.readouterr().err


def test_the_bundled_voice_answers_to_its_name(tmp_path, monkeypatch):
    from yuyin.voice import Voice

    assert Voice.load("bundled").name == Voice.load().name
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bundled").mkdir()  # a folder of that name is what the user means
    with pytest.raises(ValueError, match="bundled"):
        Voice.load("bundled")
