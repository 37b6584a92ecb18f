"""Griffin-Lim vocoding of a log-mel: the fallback when no neural vocoder is given.

Two steps, no learned weights:

1. **mel -> linear magnitude.** ``exp(log_mel)`` is ``filters @ power`` with the Slaney filters of
   :func:`yuyin.features.mel_filterbank` (M x F). The power spectrum is recovered as a non-negative
   least-squares solution: a clamped pseudo-inverse to start, then multiplicative updates
   (Lee & Seung 2001) that keep every bin non-negative and lower ``||filters @ power - mel||``.
2. **phase.** Fast Griffin-Lim (Perraudin et al. 2013): alternate projections between the
   consistent spectrograms (``stft(istft(X))``) and those of the wanted magnitude, with momentum
   0.99 on the phase, using the STFT of :func:`yuyin.features.log_mel` (n_fft 400, hop 160, Hann).

Shapes: T frames, M mel bins, F linear bins (N_FFT // 2 + 1 = 201), S samples.
"""

from __future__ import annotations

import functools

import torch

from yuyin.audio import HOP_LENGTH, LOG_FLOOR, N_FFT, N_MELS, WIN_LENGTH
from yuyin.features import mel_filterbank

__all__ = ["DEFAULT_ITERATIONS", "MOMENTUM", "griffin_lim", "mel_to_linear"]

DEFAULT_ITERATIONS = 32
MOMENTUM = 0.99  # Perraudin et al. 2013 (librosa's and torchaudio's default)
NNLS_ITERATIONS = 20  # multiplicative updates after the pseudo-inverse; the fit stops improving
EPS = 1e-10  # guards divisions by zero in the updates and the phase normalization
PHASE_SEED = 0  # the random initial phase is the same every call: the output is reproducible


@functools.lru_cache(maxsize=1)
def _filters() -> tuple[torch.Tensor, torch.Tensor]:
    """The log-mel filters (M, F) and their pseudo-inverse (F, M), float64."""
    filters = mel_filterbank().double()  # (M, F)
    return filters, torch.linalg.pinv(filters)


def mel_to_linear(mel: torch.Tensor, iterations: int = NNLS_ITERATIONS) -> torch.Tensor:
    """Log-mel (T, M) -> non-negative linear *magnitude* (F, T) of the n_fft-400 STFT."""
    filters, inverse = _filters()
    target = torch.exp(mel.double()).T  # (M, T) mel power
    power = (inverse @ target).clamp(min=0.0)  # (F, T) clamped pseudo-inverse
    numerator = filters.T @ target  # (F, T)
    gram = filters.T @ filters  # (F, F)
    for _ in range(iterations):
        power = power * numerator / (gram @ power + EPS)  # stays >= 0, lowers the squared error
    return power.sqrt().float()  # (F, T)


def griffin_lim(mel: torch.Tensor, n_iter: int = DEFAULT_ITERATIONS) -> torch.Tensor:
    """Vocode one log-mel (T, M) of :func:`yuyin.features.log_mel` into float32 (T * 160,) in
    [-1, 1].

    Deterministic (fixed initial phase seed); ``T == 0`` gives an empty signal.
    """
    if mel.dim() != 2 or mel.shape[1] != N_MELS:
        raise ValueError(f"expected log-mel (T, {N_MELS}), got {tuple(mel.shape)}")
    if n_iter < 0:
        raise ValueError(f"n_iter must be >= 0, got {n_iter}")
    frames = mel.shape[0]
    length = frames * HOP_LENGTH
    if frames == 0:
        return torch.zeros(0)
    mel = mel.detach().cpu().float().clamp(min=float(torch.log(torch.tensor(LOG_FLOOR))))
    magnitude = mel_to_linear(mel)  # (F, T)
    window = torch.hann_window(WIN_LENGTH)
    generator = torch.Generator().manual_seed(PHASE_SEED)
    angles = torch.polar(
        torch.ones_like(magnitude), 2 * torch.pi * torch.rand(magnitude.shape, generator=generator)
    )  # (F, T) unit phases
    previous = torch.zeros_like(angles)

    def invert(phases: torch.Tensor) -> torch.Tensor:
        return torch.istft(
            magnitude * phases, N_FFT, HOP_LENGTH, WIN_LENGTH, window, center=True, length=length
        )  # (S,)

    for _ in range(n_iter):
        rebuilt = torch.stft(
            invert(angles),
            N_FFT,
            HOP_LENGTH,
            WIN_LENGTH,
            window,
            center=True,
            pad_mode="constant",
            return_complex=True,
        )[:, :frames]  # (F, T): T * 160 samples give T + 1 frames, the last past the end
        angles = rebuilt - previous * (MOMENTUM / (1 + MOMENTUM))
        angles = angles / (angles.abs() + EPS)
        previous = rebuilt
    return invert(angles).clamp(-1.0, 1.0)
