"""Log-mel features, computed in torch: the Slaney mel scale, its filterbank, and
:class:`LogMel`, the one front end every yuyin model reads (80 bins, 25 ms Hann windows every
10 ms at 16 kHz, natural log over a floor of :data:`~yuyin.audio.LOG_FLOOR`).

Shapes: S samples, B batch, T frames, M mel bins.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from yuyin.audio import (
    F_MAX,
    F_MIN,
    HOP_LENGTH,
    LOG_FLOOR,
    N_FFT,
    N_MELS,
    SAMPLE_RATE,
    WIN_LENGTH,
    as_mono,
)


def hz_to_mel(hz: torch.Tensor) -> torch.Tensor:
    """Slaney mel scale: linear below 1 kHz, logarithmic above (the librosa default)."""
    f_sp = 200.0 / 3  # Hz per mel in the linear part
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = math.log(6.4) / 27.0  # 27 mels per factor 6.4 above 1 kHz
    mel = hz / f_sp
    return torch.where(hz >= min_log_hz, min_log_mel + torch.log(hz / min_log_hz) / logstep, mel)


def mel_to_hz(mel: torch.Tensor) -> torch.Tensor:
    """Inverse of :func:`hz_to_mel`."""
    f_sp = 200.0 / 3
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = math.log(6.4) / 27.0
    return torch.where(
        mel >= min_log_mel, min_log_hz * torch.exp(logstep * (mel - min_log_mel)), f_sp * mel
    )


def mel_filterbank(
    n_fft: int = N_FFT,
    n_mels: int = N_MELS,
    sample_rate: int = SAMPLE_RATE,
    f_min: float = F_MIN,
    f_max: float = F_MAX,
) -> torch.Tensor:
    """Slaney-normalized triangular filters. Returns (M, n_fft // 2 + 1)."""
    freqs = torch.linspace(0, sample_rate / 2, n_fft // 2 + 1, dtype=torch.float64)
    mels = torch.linspace(
        hz_to_mel(torch.tensor(f_min, dtype=torch.float64)).item(),
        hz_to_mel(torch.tensor(f_max, dtype=torch.float64)).item(),
        n_mels + 2,
        dtype=torch.float64,
    )
    edges = mel_to_hz(mels)  # (M + 2,)
    lower = (freqs[None, :] - edges[:-2, None]) / (edges[1:-1, None] - edges[:-2, None])
    upper = (edges[2:, None] - freqs[None, :]) / (edges[2:, None] - edges[1:-1, None])
    fb = torch.clamp(torch.minimum(lower, upper), min=0.0)  # (M, F)
    fb = fb * (2.0 / (edges[2:] - edges[:-2]))[:, None]  # equal area per filter (Slaney)
    return fb.float()


def num_frames(num_samples: int | torch.Tensor, hop_length: int = HOP_LENGTH):
    """Frames that :class:`LogMel` produces for ``num_samples`` (centered STFT)."""
    return num_samples // hop_length + 1


class LogMel(nn.Module):
    """Batched log-mel spectrogram on any device: (B, S) -> (B, T, M).

    ``T = S // HOP_LENGTH + 1`` (centered frames). Power spectrum, Slaney mel filters, natural log
    with a floor of :data:`LOG_FLOOR`. Pass ``lengths`` (B,) samples to get frame lengths back.
    """

    def __init__(
        self,
        sample_rate: int = SAMPLE_RATE,
        n_fft: int = N_FFT,
        win_length: int = WIN_LENGTH,
        hop_length: int = HOP_LENGTH,
        n_mels: int = N_MELS,
        f_min: float = F_MIN,
        f_max: float | None = None,
    ) -> None:
        super().__init__()
        self.n_fft, self.win_length, self.hop_length = n_fft, win_length, hop_length
        self.n_mels = n_mels
        f_max = sample_rate / 2 if f_max is None else f_max
        self.register_buffer("window", torch.hann_window(win_length), persistent=False)
        self.register_buffer(
            "filters", mel_filterbank(n_fft, n_mels, sample_rate, f_min, f_max), persistent=False
        )

    def forward(
        self, wave: torch.Tensor, lengths: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor | None]:
        squeeze = wave.dim() == 1
        if squeeze:
            wave = wave[None]
        spec = torch.stft(
            wave.float(),
            self.n_fft,
            self.hop_length,
            self.win_length,
            self.window,
            center=True,
            pad_mode="reflect" if wave.shape[-1] > self.n_fft // 2 else "constant",
            return_complex=True,
        )  # (B, F, T)
        power = spec.real.square() + spec.imag.square()
        mel = torch.matmul(self.filters, power)  # (B, M, T)
        feats = torch.log(torch.clamp(mel, min=LOG_FLOOR)).transpose(1, 2)  # (B, T, M)
        frame_lengths = None if lengths is None else num_frames(lengths, self.hop_length)
        if squeeze:
            feats = feats[0]
        return feats, frame_lengths


def log_mel(wave: np.ndarray | torch.Tensor) -> torch.Tensor:
    """Convenience: log-mel of one 16 kHz signal (anything :func:`~yuyin.audio.as_mono`
    takes). (S,) -> (T, M)"""
    wave = torch.from_numpy(as_mono(wave))
    feats, _ = _default_logmel()(wave)
    return feats


_LOGMEL: LogMel | None = None


def _default_logmel() -> LogMel:
    global _LOGMEL
    if _LOGMEL is None:
        _LOGMEL = LogMel()
    return _LOGMEL
