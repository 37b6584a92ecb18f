"""YIN pitch tracking: accurate on sines, unvoiced on noise and silence, frames like log_mel."""

from __future__ import annotations

import numpy as np
import pytest

from dummies import tone
from yuyin.audio import SAMPLE_RATE
from yuyin.features import log_mel
from yuyin.pitch import extract_pitch

MAX_RELATIVE_ERROR = 0.02
MIN_VOICED = 0.9  # of the frames of a steady tone (the fades at the ends may be unvoiced)


@pytest.mark.parametrize("hz", [100.0, 130.0, 175.0, 220.0, 260.0, 300.0])
def test_sine_pitch_within_two_percent(hz):
    track = extract_pitch(tone(1.0, hz))
    assert track.voiced.mean() >= MIN_VOICED
    error = np.abs(track.f0[track.voiced] / hz - 1.0)
    assert error.max() < MAX_RELATIVE_ERROR
    assert (track.f0[~track.voiced] == 0).all()


def test_harmonic_tone_gives_its_fundamental():
    t = np.arange(SAMPLE_RATE) / SAMPLE_RATE
    wave = sum(np.sin(2 * np.pi * 140.0 * k * t) / k for k in range(1, 12)) * 0.1
    track = extract_pitch(wave.astype(np.float32))
    assert np.median(track.f0[track.voiced]) == pytest.approx(140.0, rel=MAX_RELATIVE_ERROR)


def test_noise_and_silence_are_unvoiced():
    noise = 0.3 * np.random.default_rng(0).standard_normal(SAMPLE_RATE).astype(np.float32)
    assert extract_pitch(noise).voiced.mean() < 0.05
    silence = extract_pitch(np.zeros(SAMPLE_RATE, dtype=np.float32))
    assert not silence.voiced.any() and not silence.f0.any()


def test_voicing_follows_the_signal():
    wave = np.concatenate([tone(0.5, 200.0), np.zeros(SAMPLE_RATE // 2, dtype=np.float32)])
    track = extract_pitch(wave)
    half = len(track.f0) // 2
    assert track.voiced[5 : half - 5].all() and not track.voiced[half + 5 :].any()


@pytest.mark.parametrize("samples", [1, 159, 160, 4000, 16001])
def test_one_value_per_log_mel_frame(samples):
    wave = tone(samples / SAMPLE_RATE, 150.0) if samples > 1 else np.zeros(1, np.float32)
    track = extract_pitch(wave)
    assert track.f0.shape == track.voiced.shape == (log_mel(wave).shape[0],)
    assert track.f0.dtype == np.float32 and track.voiced.dtype == bool


def test_other_sample_rate_is_refused():
    with pytest.raises(ValueError, match="16000"):
        extract_pitch(np.zeros(100, np.float32), sample_rate=8000)
