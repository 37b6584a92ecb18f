"""Neural vocoder: log-mel (T, 80) -> waveform (T * 160,), Vocos-style (Siuzdak 2023).

::

    log-mel (B, T, M) ─► Conv1d embed ─► LayerNorm ─► ConvNeXt blocks ─► LayerNorm ─► Linear
        ─► log-magnitude, phase (B, F, T) of an STFT (n_fft 640, hop 160) ─► torch.istft ─► wave

Everything runs at the frame rate (100 frames/s); only the inverse FFT touches samples, which is
why it is fast on a CPU. The input is exactly :func:`yuyin.features.log_mel` of a 16 kHz signal:
frame ``t`` is centered on sample ``t * HOP_LENGTH``, and so is frame ``t`` of the inverse STFT.
A signal of S samples gives ``T = S // 160 + 1`` frames; the vocoder returns ``T * 160``
samples, of which the first S line up with the signal.

:class:`MultiResolutionSTFTLoss` is the reconstruction loss it trains with
(:mod:`yuyin.train.vocoder`). Rebuild from a checkpoint with
``build_vocoder(VocoderConfig(**ckpt_config))``; the Griffin-Lim fallback (no learned weights) is
:func:`yuyin.models.griffin_lim.griffin_lim`.

Shapes: B batch, T frames, M mel bins, D channels, F frequency bins (n_fft // 2 + 1), S samples.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch
from torch import nn

from yuyin.audio import HOP_LENGTH, N_MELS
from yuyin.config import check_ranges
from yuyin.models.griffin_lim import griffin_lim

__all__ = [
    "OVERSHOOT_PEAK",
    "STFT_RESOLUTIONS",
    "VOCODER_KIND",
    "ConvNeXtBlock",
    "MultiResolutionSTFTLoss",
    "Vocoder",
    "VocoderConfig",
    "build_vocoder",
    "griffin_lim",
    "vocoder_config",
]

VOCODER_KIND = "vocoder"  # the hub kind of a saved Vocoder
OVERSHOOT_PEAK = 0.95  # a waveform past full scale is scaled down to this peak
ISTFT_FFT_PER_HOP = 4  # Vocos: n_fft = 4 x hop (640 at hop 160: 40 ms windows, 75 % overlap)
# Vocos clips the predicted magnitude at 1e2 (log 4.6): a full-scale sine of amplitude 1 has a
# magnitude of sum(hann) / 2 = 160 at n_fft 640, so 1e2 would clip loud speech; e^6 = 403 does not.
MAX_LOG_MAGNITUDE = 6.0
# (n_fft, hop, window) of the STFT loss: 32, 64 and 16 ms windows at 16 kHz, 75 % overlap; about
# the span of Parallel WaveGAN's three (25, 50 and 10 ms windows at 24 kHz)
STFT_RESOLUTIONS = ((512, 128, 512), (1024, 256, 1024), (256, 64, 256))
STFT_FLOOR = 1e-7  # magnitude floor before the log in the STFT loss (Parallel WaveGAN)


@dataclass(frozen=True)
class VocoderConfig:
    """Plain-value hyper-parameters of :class:`Vocoder`; ``asdict`` goes in checkpoints."""

    n_mels: int = N_MELS  # M: must match the log-mel it is given
    dim: int = 192  # D
    intermediate_dim: int = 576  # pointwise MLP width (Vocos: 3 x dim)
    layers: int = 8
    kernel_size: int = 7  # depthwise conv over frames (ConvNeXt)
    hop_length: int = HOP_LENGTH  # samples per frame: 160 = 10 ms at 16 kHz
    n_fft: int = ISTFT_FFT_PER_HOP * HOP_LENGTH  # 640

    def __post_init__(self) -> None:
        check_ranges(self, n_mels=(N_MELS, N_MELS), kernel_size=(1, None), hop_length=(1, None))
        if self.hop_length != HOP_LENGTH:  # the log-mel it reads comes 10 ms apart
            raise ValueError(
                f"hop_length must be {HOP_LENGTH} (yuyin's log-mel), got {self.hop_length}"
            )
        if min(self.n_mels, self.dim, self.intermediate_dim, self.layers) < 1:
            raise ValueError("n_mels, dim, intermediate_dim and layers must be >= 1")
        if self.kernel_size < 1 or self.kernel_size % 2 == 0:
            raise ValueError(f"kernel_size must be odd, got {self.kernel_size}")
        if self.n_fft < 2 * self.hop_length or self.n_fft % 2:
            raise ValueError(f"n_fft {self.n_fft} must be even and >= 2 x hop {self.hop_length}")

    @property
    def freq_bins(self) -> int:
        """F = n_fft // 2 + 1 bins of the predicted STFT."""
        return self.n_fft // 2 + 1


def vocoder_config(size: str) -> VocoderConfig:
    """Named presets (parameters; real-time factor on one CPU thread in the README):

    ``tiny`` (0.5 M, dim 128 x 4 layers), ``small`` (2.0 M, dim 192 x 8, the default),
    ``base`` (7.6 M, dim 384 x 8, a quarter of Vocos' 512 x 8 in weights).
    """
    if size == "tiny":
        return VocoderConfig(dim=128, intermediate_dim=384, layers=4)
    if size == "small":
        return VocoderConfig()
    if size == "base":
        return VocoderConfig(dim=384, intermediate_dim=1152, layers=8)
    raise ValueError(f"unknown vocoder size {size!r}; expected 'tiny', 'small' or 'base'")


class ConvNeXtBlock(nn.Module):
    """Depthwise conv over frames, LayerNorm, pointwise MLP, layer scale, residual. (B, T, D)"""

    def __init__(self, dim: int, intermediate_dim: int, kernel_size: int, scale: float) -> None:
        super().__init__()
        self.dwconv = nn.Conv1d(dim, dim, kernel_size, padding=kernel_size // 2, groups=dim)
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.pwconv1 = nn.Linear(dim, intermediate_dim)
        self.act = nn.GELU()
        self.pwconv2 = nn.Linear(intermediate_dim, dim)
        self.gamma = nn.Parameter(torch.full((dim,), scale))  # layer scale (ConvNeXt)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.dwconv(x.transpose(1, 2)).transpose(1, 2)  # (B, T, D)
        y = self.pwconv2(self.act(self.pwconv1(self.norm(y))))  # (B, T, D)
        return x + self.gamma * y


class Vocoder(nn.Module):
    """Log-mel (B, T, M) -> waveform (B, T * hop); see the module docstring."""

    def __init__(self, config: VocoderConfig) -> None:
        super().__init__()
        self.config = config
        kernel = config.kernel_size
        self.embed = nn.Conv1d(config.n_mels, config.dim, kernel, padding=kernel // 2)
        self.norm = nn.LayerNorm(config.dim, eps=1e-6)
        scale = 1.0 / config.layers  # Vocos' layer-scale init: the stack starts near identity
        self.blocks = nn.ModuleList(
            ConvNeXtBlock(config.dim, config.intermediate_dim, kernel, scale)
            for _ in range(config.layers)
        )
        self.final_norm = nn.LayerNorm(config.dim, eps=1e-6)
        self.head = nn.Linear(config.dim, 2 * config.freq_bins)  # log-magnitude, phase
        self.register_buffer("window", torch.hann_window(config.n_fft), persistent=False)
        self.apply(_init_weights)

    def spectrum(self, mel: torch.Tensor) -> torch.Tensor:
        """The predicted complex STFT (B, F, T) of log-mel ``mel`` (B, T, M)."""
        x = self.embed(mel.transpose(1, 2)).transpose(1, 2)  # (B, T, D)
        x = self.norm(x)
        for block in self.blocks:
            x = block(x)
        out = self.head(self.final_norm(x)).transpose(1, 2).float()  # (B, 2F, T)
        log_mag, phase = out.chunk(2, dim=1)  # (B, F, T) each
        magnitude = torch.exp(log_mag.clamp(max=MAX_LOG_MAGNITUDE))
        return torch.polar(magnitude, phase)  # (B, F, T) complex

    def forward(self, mel: torch.Tensor) -> torch.Tensor:
        """Waveform of log-mel ``mel`` (B, T, M): (B, T * hop), not clipped."""
        if mel.dim() != 3 or mel.shape[-1] != self.config.n_mels:
            raise ValueError(
                f"expected log-mel (B, T, {self.config.n_mels}), got {tuple(mel.shape)}"
            )
        batch, frames = mel.shape[:2]
        hop = self.config.hop_length
        if frames == 0:
            return mel.new_zeros(batch, 0)
        spec = self.spectrum(mel)  # (B, F, T)
        return torch.istft(
            spec,
            self.config.n_fft,
            hop,
            self.config.n_fft,
            self.window,
            center=True,
            length=frames * hop,
        )  # (B, T * hop)

    @torch.no_grad()
    def synthesize(self, mel: torch.Tensor) -> torch.Tensor:
        """One utterance: log-mel (T, M) -> float32 waveform (T * hop,) in [-1, 1]; a rare
        overshoot past full scale is scaled down to a peak of :data:`OVERSHOOT_PEAK`, never
        clipped."""
        if mel.dim() != 2:
            raise ValueError(f"expected log-mel (T, {self.config.n_mels}), got {tuple(mel.shape)}")
        was_training = self.training
        self.eval()
        try:
            param = next(self.parameters())
            wave = self(mel.to(param.device, torch.float32)[None])[0]  # (T * hop,)
        finally:
            self.train(was_training)
        wave = wave.float()
        peak = float(wave.abs().max()) if wave.numel() else 0.0
        if peak > 1.0:  # clamping would square off the loudest sounds ("Four!" peaked at 1.06)
            wave = wave * (OVERSHOOT_PEAK / peak)
        return wave


def _init_weights(module: nn.Module) -> None:
    """Vocos' init: truncated normal (std 0.02) convolutions and linears, zero biases."""
    if isinstance(module, nn.Conv1d | nn.Linear):
        nn.init.trunc_normal_(module.weight, std=0.02)
        if module.bias is not None:
            nn.init.zeros_(module.bias)


class MultiResolutionSTFTLoss(nn.Module):
    """Spectral convergence + log-magnitude L1 at several STFT resolutions (means over them)."""

    def __init__(self, resolutions: Sequence[tuple[int, int, int]]) -> None:
        super().__init__()
        self.resolutions = [tuple(r) for r in resolutions]
        for i, (_, _, win) in enumerate(self.resolutions):
            self.register_buffer(f"window{i}", torch.hann_window(win), persistent=False)

    def forward(self, fake: torch.Tensor, real: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """``(spectral_convergence, log_magnitude_l1)`` of waveforms (B, S)."""
        sc, mag = [], []
        for i, (n_fft, hop, win) in enumerate(self.resolutions):
            window = getattr(self, f"window{i}")
            spec = [
                torch.stft(w.float(), n_fft, hop, win, window, return_complex=True).abs()
                for w in (fake, real)
            ]  # (B, F, T) each
            fake_mag, real_mag = (s.clamp(min=STFT_FLOOR) for s in spec)
            sc.append(
                torch.linalg.norm(real_mag - fake_mag) / torch.linalg.norm(real_mag).clamp(min=1e-3)
            )
            mag.append((real_mag.log() - fake_mag.log()).abs().mean())
        return torch.stack(sc).mean(), torch.stack(mag).mean()


def build_vocoder(config: VocoderConfig) -> Vocoder:
    """A fresh :class:`Vocoder` of ``config`` (the factory the hub uses for kind ``vocoder``)."""
    return Vocoder(config)
