"""Simulated rooms and microphones: reverberation and channel coloring of a waveform.

Synthesized speech is dry and spectrally flat; recorded speech has passed through a room and a
microphone. Convolving training audio with simulated room impulse responses (Ko et al. 2017,
"A study on data augmentation of reverberant speech for robust speech recognition") and random
channel responses narrows that gap without any recorded impulse response:

* :func:`synthetic_rir`: Polack's statistical room model, a direct-path impulse followed by
  Gaussian noise whose energy decays by 60 dB over the reverberation time RT60, scaled to a
  direct-to-reverberant ratio (DRR).
* :func:`channel_response`: a smooth random equalizer (band gains in dB, interpolated on a log
  frequency axis) times high- and low-pass roll-offs: microphones, telephones, codecs.

Both are applied as one FFT filter in numpy (:func:`reverberate`, :func:`color`): torch's FFT
result depends on the thread count, which differs between the main process and DataLoader
workers, and augmentation must be bitwise reproducible. Random draws come from the caller's
``torch.Generator``. Shapes: S samples, L impulse-response taps, F frequency bins.
"""

from __future__ import annotations

import math

import numpy as np
import torch

__all__ = [
    "DECAY_DB",
    "channel_response",
    "color",
    "reverberate",
    "synthetic_rir",
]

DECAY_DB = 60.0  # RT60: the time the reverberant energy takes to fall by 60 dB
POWER_DB = 10.0
_ROLL_OFF_ORDER = 2  # Butterworth order of the band-limit slopes (12 dB per octave)
_FILTER_PAD = 4096  # zero samples after the wave: room for the smooth filter's ringing


def synthetic_rir(
    rt60: float, drr_db: float, sample_rate: int, generator: torch.Generator
) -> np.ndarray:
    """A room impulse response (L,) float64: 1 at tap 0, then an exponentially decaying tail.

    The tail is white Gaussian noise times ``exp(-t / tau)`` with the amplitude time constant
    ``tau`` set so its energy falls by :data:`DECAY_DB` in ``rt60`` seconds, and scaled so the
    direct path carries ``drr_db`` dB more energy than the whole tail. ``L`` covers ``rt60``.
    """
    if not rt60 > 0:
        raise ValueError(f"rt60 must be > 0 seconds, got {rt60!r}")
    taps = max(2, round(rt60 * sample_rate))
    t = np.arange(1, taps, dtype=np.float64) / sample_rate  # (L-1,) the tail's times
    tau = 2 * rt60 / (DECAY_DB / POWER_DB * math.log(10))  # energy exp(-2t/tau): -60 dB at rt60
    noise = torch.randn(taps - 1, generator=generator).numpy().astype(np.float64)
    tail = noise * np.exp(-t / tau)
    energy = float(np.sum(np.square(tail)))
    rir = np.zeros(taps, dtype=np.float64)
    rir[0] = 1.0
    if energy > 0:
        rir[1:] = tail * math.sqrt(10 ** (-drr_db / POWER_DB) / energy)
    return rir


def _filter(wave: torch.Tensor, response: np.ndarray, n_fft: int) -> torch.Tensor:
    """``wave`` (S,) times a spectrum ``response`` (n_fft // 2 + 1,): the first S samples, at
    the input's mean power (the effect changes timbre, not level). (S,) float32"""
    samples = wave.detach().cpu().numpy().astype(np.float64)
    out = np.fft.irfft(np.fft.rfft(samples, n=n_fft) * response, n=n_fft)[: samples.size]
    target, power = float(np.mean(np.square(samples))), float(np.mean(np.square(out)))
    if power > 0 and target > 0:
        out = out * math.sqrt(target / power)
    return torch.from_numpy(out.astype(np.float32))


def reverberate(wave: torch.Tensor, rir: np.ndarray) -> torch.Tensor:
    """Convolve ``wave`` (S,) with ``rir`` (L,) and keep S samples at the input's power. (S,)

    The direct path is tap 0, so words keep their timing (CTC and alignment labels stay valid);
    the tail past the end of the wave is cut.
    """
    if wave.numel() == 0:
        return wave.clone()
    n_fft = 1 << (wave.numel() + rir.size - 1).bit_length()
    return _filter(wave, np.fft.rfft(rir, n=n_fft), n_fft)


def channel_response(
    freqs_hz: np.ndarray,
    band_db: np.ndarray,
    highpass_hz: float,
    lowpass_hz: float,
) -> np.ndarray:
    """Magnitude response at ``freqs_hz`` (F,): band gains and band limits, float64 (F,).

    ``band_db`` (N,) are gains at N centres spaced evenly in log frequency from 100 Hz to 8 kHz,
    interpolated linearly in log frequency (flat beyond the ends). ``highpass_hz`` and
    ``lowpass_hz`` are -3 dB corners of second-order Butterworth magnitude slopes.
    """
    centres = np.geomspace(100.0, 8000.0, len(band_db))
    log_f = np.log(np.maximum(freqs_hz, 1.0))
    gain_db = np.interp(log_f, np.log(centres), band_db)
    order = 2 * _ROLL_OFF_ORDER
    with np.errstate(divide="ignore"):
        high = 1.0 / np.sqrt(1.0 + (highpass_hz / np.maximum(freqs_hz, 1e-9)) ** order)
    low = 1.0 / np.sqrt(1.0 + (freqs_hz / lowpass_hz) ** order)
    return 10 ** (gain_db / (2 * POWER_DB)) * high * low


def color(
    wave: torch.Tensor,
    band_db: np.ndarray,
    highpass_hz: float,
    lowpass_hz: float,
    sample_rate: int,
) -> torch.Tensor:
    """Filter ``wave`` (S,) by :func:`channel_response` (zero phase), at the input's power. (S,)"""
    if wave.numel() == 0:
        return wave.clone()
    n_fft = 1 << (wave.numel() + _FILTER_PAD - 1).bit_length()  # no circular wrap-around
    freqs = np.fft.rfftfreq(n_fft, d=1.0 / sample_rate)  # (F,)
    response = channel_response(freqs, band_db, highpass_hz, lowpass_hz)
    return _filter(wave, response, n_fft)
