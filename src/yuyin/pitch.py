"""Fundamental frequency (F0) of speech, one value per log-mel frame: YIN, vectorized in torch.

YIN (de Cheveigné & Kawahara 2002) on frames centred like :class:`yuyin.features.LogMel`'s (hop
:data:`~yuyin.audio.HOP_LENGTH`, ``T = S // hop + 1``), so ``f0[t]`` belongs to ``log_mel[t]``:

1. difference function ``d(tau) = sum_j (x_j - x_{j+tau})^2`` over a window of
   :data:`WINDOW` samples, for all frames and lags at once through FFT autocorrelations;
2. cumulative-mean normalization ``d'(tau) = d(tau) * tau / sum_{k<=tau} d(k)``;
3. the period is the first lag in the F0 range whose ``d'`` falls below :data:`THRESHOLD`, moved
   on to the bottom of its dip (the global minimum of ``d'`` when no lag is that low, as in
   librosa's ``yin``), refined by parabolic interpolation;
4. a frame is voiced when ``d'`` at its period is under :data:`VOICING_THRESHOLD`, the frame
   is not silent (:data:`SILENCE_RMS`) and its samples (window and lags) lie inside the signal:
   the zero padding beyond either end would bias the period (by ~3 % at the last frame).

Unvoiced frames get ``f0 = 0``. Everything is batched over frames (no Python loop over time).

Shapes: S samples, T frames, L lags.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from yuyin.audio import HOP_LENGTH, SAMPLE_RATE

__all__ = ["F0_MAX", "F0_MIN", "PitchTrack", "extract_pitch"]

F0_MIN = 60.0  # Hz: below the lowest common male speaking pitch (~65 Hz)
F0_MAX = 500.0  # Hz: above children's and high female pitch
MAX_LAG = int(SAMPLE_RATE / F0_MIN)  # 266 samples: the longest period searched
MIN_LAG = int(SAMPLE_RATE / F0_MAX)  # 32 samples: the shortest
WINDOW = 400  # 25 ms integration window (the log-mel window): 1.5 periods of F0_MIN
FRAME = WINDOW + MAX_LAG + 1  # samples a frame needs for every lag
THRESHOLD = 0.15  # YIN's absolute threshold on d' for the period (the paper uses 0.1-0.15)
# voicing: the median d' minimum over speech frames of Piper's joe voice is 0.29; 0.15 would call
# 31 % of them voiced, 0.35 calls 59 %; white noise stays above 0.5
VOICING_THRESHOLD = 0.35
SILENCE_RMS = 10 ** (-60 / 20)  # frames quieter than -60 dBFS are unvoiced
_EPS = 1e-10


@dataclass(frozen=True)
class PitchTrack:
    """F0 per frame: ``f0`` (T,) float32 Hz, 0 where unvoiced; ``voiced`` (T,) bool."""

    f0: np.ndarray
    voiced: np.ndarray


def _frames(wave: torch.Tensor, hop: int) -> torch.Tensor:
    """Frames of :data:`FRAME` samples starting ``WINDOW // 2`` before each hop. (T, FRAME)"""
    count = wave.numel() // hop + 1
    start_pad = WINDOW // 2
    end_pad = max(0, (count - 1) * hop - start_pad + FRAME - wave.numel())
    padded = F.pad(wave, (start_pad, end_pad))
    return padded.unfold(0, FRAME, hop)[:count]  # (T, FRAME)


def _difference(frames: torch.Tensor) -> torch.Tensor:
    """YIN difference function d(tau) for tau in 0..MAX_LAG. (T, FRAME) -> (T, L)"""
    n_fft = 1 << (2 * FRAME - 1).bit_length()  # linear (not circular) correlation
    spec = torch.fft.rfft(frames, n_fft)  # (T, F)
    window = torch.fft.rfft(frames[:, :WINDOW], n_fft)  # the first WINDOW samples
    cross = torch.fft.irfft(spec * window.conj(), n_fft)[:, : MAX_LAG + 1]  # (T, L) r_t(tau)
    energy = frames.square().cumsum(dim=1)  # (T, FRAME) running sum of x^2
    energy = F.pad(energy, (1, 0))  # energy[:, k] = sum of the first k squares
    lags = torch.arange(MAX_LAG + 1)
    shifted = energy[:, lags + WINDOW] - energy[:, lags]  # (T, L) sum of x_{j+tau}^2 in window
    return (energy[:, WINDOW : WINDOW + 1] + shifted - 2 * cross).clamp(min=0.0)


def _normalized(diff: torch.Tensor) -> torch.Tensor:
    """Cumulative-mean-normalized difference d'(tau), with d'(0) = 1. (T, L) -> (T, L)"""
    lags = torch.arange(1, diff.shape[1], dtype=diff.dtype)
    running = diff[:, 1:].cumsum(dim=1) / lags  # (T, L-1) mean of d(1..tau)
    cmnd = diff[:, 1:] / (running + _EPS)
    return torch.cat([torch.ones_like(diff[:, :1]), cmnd], dim=1)


def _refine(cmnd: torch.Tensor, lag: torch.Tensor) -> torch.Tensor:
    """Parabolic interpolation of d' around integer lags (T,) -> fractional lags (T,)."""
    rows = torch.arange(cmnd.shape[0])
    left = cmnd[rows, (lag - 1).clamp(min=0)]
    mid = cmnd[rows, lag]
    right = cmnd[rows, (lag + 1).clamp(max=cmnd.shape[1] - 1)]
    curvature = left - 2 * mid + right
    shift = torch.where(curvature.abs() > _EPS, 0.5 * (left - right) / curvature, 0.0)
    return lag.to(cmnd.dtype) + shift.clamp(-1.0, 1.0)


def extract_pitch(
    wave: np.ndarray | torch.Tensor,
    sample_rate: int = SAMPLE_RATE,
    hop_length: int = HOP_LENGTH,
    threshold: float = THRESHOLD,
    voicing_threshold: float = VOICING_THRESHOLD,
) -> PitchTrack:
    """F0 of a mono 16 kHz signal (S,), one frame per ``hop_length`` samples (module doc).

    Returns a :class:`PitchTrack` of ``S // hop_length + 1`` frames, aligned with
    :func:`yuyin.log_mel`.
    """
    if sample_rate != SAMPLE_RATE:
        raise ValueError(f"extract_pitch works at {SAMPLE_RATE} Hz, got {sample_rate}")
    x = torch.from_numpy(np.asarray(wave)) if isinstance(wave, np.ndarray) else wave
    x = x.detach().to("cpu", torch.float64).reshape(-1)  # float64: d' of tiny differences
    frames = _frames(x, hop_length)  # (T, FRAME)
    cmnd = _normalized(_difference(frames))  # (T, L)
    lags = torch.arange(cmnd.shape[1])
    in_range = lags >= MIN_LAG  # (L,)
    below = (cmnd < threshold) & in_range  # (T, L)
    first = below.float().argmax(dim=1)  # (T,) first lag under the threshold
    # walk from there to the bottom of the dip: the first later lag where d' rises again
    rising = torch.zeros_like(below)
    rising[:, :-1] = cmnd[:, 1:] >= cmnd[:, :-1]
    after = rising & (lags[None, :] >= first[:, None])
    bottom = torch.where(after.any(dim=1), after.float().argmax(dim=1), first)  # (T,)
    global_min = cmnd.masked_fill(~in_range, torch.inf).argmin(dim=1)  # (T,)
    bottom = torch.where(below.any(dim=1), bottom, global_min)
    period = _refine(cmnd, bottom)  # (T,)
    rms = frames[:, :WINDOW].square().mean(dim=1).sqrt()  # (T,)
    depth = cmnd.gather(1, bottom[:, None])[:, 0]  # (T,) d' at the period
    starts = torch.arange(len(frames)) * hop_length - WINDOW // 2  # (T,) first sample
    inside = (starts >= 0) & (starts + FRAME <= x.numel())
    voiced = (depth < voicing_threshold) & (rms > SILENCE_RMS) & inside
    f0 = torch.where(voiced, sample_rate / period.clamp(min=1.0), 0.0)
    voiced &= (f0 >= F0_MIN) & (f0 <= F0_MAX)
    f0 = torch.where(voiced, f0, 0.0)
    return PitchTrack(f0.numpy().astype(np.float32), voiced.numpy())
