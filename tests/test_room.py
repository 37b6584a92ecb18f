"""Simulated rooms and microphones (yuyin.data.room) and their use in WaveAugment."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from yuyin.audio import SAMPLE_RATE
from yuyin.data.augment import AugmentConfig, WaveAugment
from yuyin.data.room import DECAY_DB, channel_response, color, reverberate, synthetic_rir


def gen(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def tones(seconds: float, *freqs: float) -> torch.Tensor:
    t = torch.arange(round(seconds * SAMPLE_RATE), dtype=torch.float64) / SAMPLE_RATE
    return sum(torch.sin(2 * math.pi * f * t) for f in freqs).float()


def band_power(wave: torch.Tensor, freq: float, width: float = 50.0) -> float:
    spectrum = np.abs(np.fft.rfft(wave.numpy().astype(np.float64))) ** 2
    freqs = np.fft.rfftfreq(wave.numel(), 1.0 / SAMPLE_RATE)
    return float(spectrum[np.abs(freqs - freq) < width].sum())


@pytest.mark.parametrize(("rt60", "drr_db"), [(0.3, 0.0), (0.8, 10.0)])
def test_rir_has_direct_path_drr_and_rt60(rt60, drr_db):
    rir = synthetic_rir(rt60, drr_db, SAMPLE_RATE, gen(0))
    assert rir.shape == (round(rt60 * SAMPLE_RATE),) and rir[0] == 1.0
    tail = rir[1:]
    assert 10 * math.log10(1.0 / np.sum(tail**2)) == pytest.approx(drr_db, abs=1e-6)
    # Schroeder backward integration: the energy decay curve falls ~60 dB per rt60
    decay = np.cumsum(tail[::-1] ** 2)[::-1]
    decay_db = 10 * np.log10(decay / decay[0])
    t = np.arange(1, rir.size) / SAMPLE_RATE
    early = (decay_db > -25) & (decay_db < -5)  # the T20 range of ISO 3382
    slope = np.polyfit(t[early], decay_db[early], 1)[0]  # dB per second
    assert slope * rt60 == pytest.approx(-DECAY_DB, rel=0.15)


def test_rir_is_reproducible_and_validates():
    assert np.array_equal(
        synthetic_rir(0.5, 5, SAMPLE_RATE, gen(1)), synthetic_rir(0.5, 5, SAMPLE_RATE, gen(1))
    )
    with pytest.raises(ValueError, match="rt60"):
        synthetic_rir(0.0, 5, SAMPLE_RATE, gen(1))


def test_reverberate_keeps_length_timing_and_power_and_fills_the_silence():
    burst = torch.cat([tones(0.3, 500.0), torch.zeros(SAMPLE_RATE // 2)])  # 0.3 s, then silence
    rir = synthetic_rir(0.6, 3.0, SAMPLE_RATE, gen(2))
    wet = reverberate(burst, rir)
    assert wet.shape == burst.shape and wet.dtype == torch.float32
    assert float(wet.square().mean()) == pytest.approx(float(burst.square().mean()), rel=1e-4)
    cut = round(0.3 * SAMPLE_RATE)
    after = wet[cut : cut + SAMPLE_RATE // 10].square().mean()  # 100 ms after the burst ends
    late = wet[-SAMPLE_RATE // 10 :].square().mean()  # the last 100 ms
    assert after > 1e-3 * wet[:cut].square().mean()  # a tail where the input was silent
    assert late < after  # ... that decays
    # the direct path is tap 0: the onset does not move
    onset = int(torch.nonzero(wet.abs() > 1e-3)[0])
    assert onset <= 2


def test_reverberate_with_a_dry_room_is_the_input():
    wave = tones(0.2, 300.0, 1200.0)
    dry = reverberate(wave, synthetic_rir(0.3, 120.0, SAMPLE_RATE, gen(0)))
    assert torch.allclose(dry, wave, atol=1e-4)
    assert reverberate(torch.zeros(0), np.array([1.0])).numel() == 0


def test_channel_response_gains_and_corners():
    freqs = np.array([100.0, 1000.0, 8000.0])
    flat = channel_response(freqs, np.zeros(4), highpass_hz=1e-3, lowpass_hz=1e6)
    assert np.allclose(flat, 1.0)
    corners = channel_response(np.array([200.0, 4000.0]), np.zeros(4), 200.0, 4000.0)
    assert np.allclose(20 * np.log10(corners), -3.0103, atol=0.05)  # -3 dB at each corner
    boost = channel_response(np.array([100.0, 8000.0]), np.array([6.0, 0.0, 0.0, -6.0]), 1e-3, 1e6)
    assert np.allclose(20 * np.log10(boost), [6.0, -6.0], atol=1e-6)


def test_color_band_limits_like_a_telephone():
    wave = tones(0.5, 1000.0, 6000.0)
    narrow = color(wave, np.zeros(8), 300.0, 3400.0, SAMPLE_RATE)
    assert narrow.shape == wave.shape
    assert float(narrow.square().mean()) == pytest.approx(float(wave.square().mean()), rel=1e-4)
    before = band_power(wave, 6000.0) / band_power(wave, 1000.0)
    after = band_power(narrow, 6000.0) / band_power(narrow, 1000.0)
    response = channel_response(np.array([1000.0, 6000.0]), np.zeros(8), 300.0, 3400.0)
    expected_db = 20 * math.log10(response[0] / response[1])  # 12 dB an octave past the corner
    assert expected_db > 9
    assert 10 * math.log10(before / after) == pytest.approx(expected_db, abs=0.3)


def test_wave_augment_room_and_channel_are_reproducible_and_keep_length():
    config = AugmentConfig(
        speed_prob=0.0, noise_prob=0.0, gain_prob=0.0, reverb_prob=1.0, color_prob=1.0
    )
    augment, wave = WaveAugment(config), tones(0.4, 440.0)
    out = augment(wave, gen(5))
    assert out.shape == wave.shape and not torch.allclose(out, wave, atol=1e-3)
    assert torch.equal(out, augment(wave, gen(5)))
    assert not torch.equal(out, augment(wave, gen(6)))


def test_room_and_channel_off_draw_nothing():
    """With their probabilities at 0 the other augmentations draw exactly as before."""
    base = AugmentConfig(noise_prob=1.0, gain_prob=1.0)
    generator = gen(7)
    WaveAugment(base)(tones(0.2, 440.0), generator)
    expected = torch.rand(1, generator=generator)
    generator = gen(7)
    WaveAugment(AugmentConfig(noise_prob=1.0, gain_prob=1.0, color_db=3.0))(
        tones(0.2, 440.0), generator
    )
    assert torch.equal(torch.rand(1, generator=generator), expected)
    generator = gen(7)
    WaveAugment(AugmentConfig(noise_prob=1.0, gain_prob=1.0, reverb_prob=1.0))(
        tones(0.2, 440.0), generator
    )
    assert not torch.equal(torch.rand(1, generator=generator), expected)


@pytest.mark.parametrize(
    "bad",
    [
        {"reverb_prob": -0.1},
        {"color_prob": 2.0},
        {"rt60": (0.0, 0.5)},
        {"rt60": (0.9, 0.5)},
        {"color_bands": 1},
        {"highpass_hz": (100.0, 5000.0)},
    ],
)
def test_room_settings_validate(bad):
    with pytest.raises(ValueError):
        AugmentConfig(**bad)
