"""The TTS trainer's data: edge silence of one's own recordings is cut (and said), or kept."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from yuyin.audio import SAMPLE_RATE, save_audio, speech_span
from yuyin.config import ConfigError
from yuyin.data.dataset import load_utterance
from yuyin.data.manifest import Utterance, write_manifest
from yuyin.models.tts import TTSConfig
from yuyin.train.tts import TrainStage
from yuyin.train.tts_data import paired_utterances


def recording(lead: float, speech: float, tail: float, peak: float = 0.5) -> np.ndarray:
    """``lead`` s of a faint floor, ``speech`` s of a tone at ``peak``, ``tail`` s of floor."""
    rng = np.random.default_rng(0)
    n = round((lead + speech + tail) * SAMPLE_RATE)
    wave = rng.normal(0, peak * 1e-4, n).astype(np.float32)  # 80 dB under the tone
    first, last = round(lead * SAMPLE_RATE), round((lead + speech) * SAMPLE_RATE)
    t = np.arange(last - first) / SAMPLE_RATE
    wave[first:last] += peak * np.sin(2 * np.pi * 220 * t).astype(np.float32)
    return wave


@pytest.mark.parametrize("peak", [0.5, 0.005])  # a quiet recording is trimmed as a loud one
def test_speech_span_cuts_the_edges_to_the_margin(peak):
    first, last = speech_span(recording(1.0, 0.5, 0.7, peak), top_db=40, margin=0.1)
    assert abs(first / SAMPLE_RATE - 0.9) <= 0.011
    assert abs(last / SAMPLE_RATE - 1.6) <= 0.011


def test_speech_span_keeps_what_it_cannot_judge():
    assert speech_span(np.zeros(16000, np.float32), 40, 0.1) == (0, 16000)  # nothing but zeros
    assert speech_span(np.ones(50, np.float32), 40, 0.1) == (0, 50)  # under one frame
    whole = recording(0.0, 1.0, 0.0)
    assert speech_span(whole, 40, 0.1) == (0, len(whole))  # speech to the edges: nothing cut


def test_paired_utterances_cut_the_edge_silence_and_say_so(tmp_path, caplog):
    wave = recording(1.2, 0.8, 0.5)
    audio = save_audio(tmp_path / "mine.wav", wave)
    utt = Utterance("mine", str(audio), len(wave) / SAMPLE_RATE, text="hello there")
    manifest = write_manifest(tmp_path / "mine.jsonl", [utt])
    with caplog.at_level(logging.INFO, logger="yuyin"):
        (kept,), _ = paired_utterances(manifest, TrainStage(), TTSConfig())
    assert abs(kept.start - 1.1) <= 0.011 and abs(kept.duration - 1.0) <= 0.021
    trimmed = load_utterance(kept)  # what the trainer hears: the speech and 0.1 s each side
    assert abs(len(trimmed) - SAMPLE_RATE) <= 0.021 * SAMPLE_RATE
    assert np.abs(trimmed[: SAMPLE_RATE // 20]).max() < 1e-3  # the margin is the floor
    warned = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warned) == 1 and "mine.jsonl: cut 1.5 s of edge silence from 1 of 1" in caplog.text
    assert "train.trim_db=0 keeps it" in caplog.text
    (whole,), _ = paired_utterances(manifest, TrainStage(trim_db=0), TTSConfig())
    assert whole == utt  # kept as recorded when asked


def test_trimming_happens_before_the_duration_limit(tmp_path):
    """A 14 s sentence recorded with 3 s of silence around it is trained on, not skipped."""
    wave = recording(2.0, 14.0, 1.0)
    audio = save_audio(tmp_path / "long.wav", wave)
    utt = Utterance("long", str(audio), len(wave) / SAMPLE_RATE, text="a long sentence")
    manifest = write_manifest(tmp_path / "long.jsonl", [utt])
    (kept,), _ = paired_utterances(manifest, TrainStage(max_seconds=15.0), TTSConfig())
    assert kept.duration < 15.0
    with pytest.raises(ConfigError, match="no utterance with text"):
        paired_utterances(manifest, TrainStage(max_seconds=15.0, trim_db=0), TTSConfig())


def test_a_bad_trim_setting_is_named():
    with pytest.raises(ValueError, match="TrainStage.trim_db must be >= 0"):
        TrainStage(trim_db=-3)


def test_nothing_is_said_when_no_clip_had_silence_to_cut(tmp_path, caplog):
    wave = recording(0.0, 1.5, 0.0)
    audio = save_audio(tmp_path / "tight.wav", wave)
    utt = Utterance("tight", str(audio), len(wave) / SAMPLE_RATE, text="hello there")
    manifest = write_manifest(tmp_path / "tight.jsonl", [utt])
    with caplog.at_level(logging.INFO, logger="yuyin"):
        paired_utterances(manifest, TrainStage(), TTSConfig())
    assert "edge silence" not in caplog.text  # it had said "cut -0.0 s ... from 0 of 1 clips"


def test_each_clip_is_decoded_once_to_check_and_trim_it(tmp_path, monkeypatch):
    """The check that finds silent clips and the edge-silence trim share one decode per clip."""
    import yuyin.data.dataset

    utts = []
    for i in range(3):
        wave = recording(0.6, 0.8, 0.4)
        audio = save_audio(tmp_path / f"clip{i}.wav", wave)
        utts.append(Utterance(f"clip{i}", str(audio), len(wave) / SAMPLE_RATE, text="hello"))
    manifest = write_manifest(tmp_path / "clips.jsonl", utts)
    decoded: list[str] = []
    load = yuyin.data.dataset.load_audio  # what load_utterance decodes a clip with

    def counted(path, *args, **kwargs):
        decoded.append(str(path))
        return load(path, *args, **kwargs)

    monkeypatch.setattr(yuyin.data.dataset, "load_audio", counted)
    kept, _ = paired_utterances(manifest, TrainStage(), TTSConfig())
    assert len(kept) == 3 and all(abs(u.start - 0.5) <= 0.011 for u in kept)  # trimmed
    assert sorted(decoded) == sorted(u.audio for u in utts)  # once each, not twice
