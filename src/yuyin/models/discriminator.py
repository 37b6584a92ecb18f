"""Discriminators for adversarial vocoder training, and the GAN losses.

* :class:`PeriodDiscriminator` (HiFi-GAN, Kong et al. 2020): the waveform folded into a 2-D grid
  of ``period`` columns, strided 2-D convolutions along time. Several periods make the
  multi-period discriminator (MPD).
* :class:`ResolutionDiscriminator` (UnivNet, Jang et al. 2021; Vocos): 2-D convolutions over the
  magnitude spectrogram at one STFT resolution. Several resolutions make the MRD.

:class:`Discriminator` runs both sets and returns, per sub-discriminator, its logits and its
intermediate feature maps (for feature matching). Channels here are a fraction of the papers'
(HiFi-GAN's MPD has 41 M parameters): the vocoder is trained on CPUs.

Losses: ``hinge`` (Vocos) or ``lsgan`` (HiFi-GAN) for the discriminator and the generator, and the
L1 feature-matching loss.

Shapes: B batch, S samples, C channels, T frames, F frequency bins.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

__all__ = [
    "GAN_LOSSES",
    "Discriminator",
    "DiscriminatorConfig",
    "DiscriminatorOutput",
    "PeriodDiscriminator",
    "ResolutionDiscriminator",
    "build_discriminator",
    "discriminator_loss",
    "feature_matching_loss",
    "generator_loss",
]

GAN_LOSSES = ("hinge", "lsgan")
LEAKY_SLOPE = 0.1  # HiFi-GAN's LeakyReLU slope
PERIOD_KERNEL, PERIOD_STRIDE = 5, 3  # HiFi-GAN MPD: (5, 1) kernels, stride 3 along time
RESOLUTION_KERNEL = (3, 9)  # UnivNet/Vocos MRD: 3 frames x 9 bins, stride 2 along frequency
RESOLUTION_LAYERS = 4  # strided 2-D convolutions per resolution (Vocos: 1 + 3 strided + 1)
MAGNITUDE_FLOOR = 1e-5  # before the log of the MRD input spectrogram

# (B, 1, ...) logits and the feature maps before them, one entry per sub-discriminator
DiscriminatorOutput = list[tuple[torch.Tensor, list[torch.Tensor]]]


@dataclass(frozen=True)
class DiscriminatorConfig:
    """Plain-value hyper-parameters of :class:`Discriminator`."""

    periods: tuple[int, ...] = (2, 3, 5, 7, 11)  # HiFi-GAN: primes, so the grids do not overlap
    period_channels: tuple[int, ...] = (16, 64, 128, 256)  # HiFi-GAN: (32, 128, 512, 1024)
    resolutions: tuple[tuple[int, int, int], ...] = (
        (512, 128, 512),
        (1024, 256, 1024),
        (256, 64, 256),
    )  # (n_fft, hop, window)
    resolution_channels: int = 32  # Vocos MRD

    def __post_init__(self) -> None:
        if not self.periods and not self.resolutions:
            raise ValueError("a discriminator needs periods, resolutions or both")
        if any(p < 1 for p in self.periods) or any(c < 1 for c in self.period_channels):
            raise ValueError("periods and period_channels must be >= 1")
        if self.periods and not self.period_channels:
            raise ValueError("period_channels must not be empty when periods are given")
        for n_fft, hop, window in self.resolutions:
            if not 0 < hop <= window <= n_fft:
                raise ValueError(f"resolution {(n_fft, hop, window)}: need 0 < hop <= win <= n_fft")


class PeriodDiscriminator(nn.Module):
    """Waveform (B, S) folded to (B, 1, S / p, p); strided convs along time. HiFi-GAN's MPD."""

    def __init__(self, period: int, channels: tuple[int, ...]) -> None:
        super().__init__()
        self.period = period
        pad = (PERIOD_KERNEL // 2, 0)
        sizes = (1, *channels)
        self.convs = nn.ModuleList(
            nn.Conv2d(c_in, c_out, (PERIOD_KERNEL, 1), (PERIOD_STRIDE, 1), pad)
            for c_in, c_out in zip(sizes[:-1], sizes[1:], strict=True)
        )
        self.last = nn.Conv2d(channels[-1], channels[-1], (PERIOD_KERNEL, 1), 1, pad)
        self.post = nn.Conv2d(channels[-1], 1, (3, 1), 1, (1, 0))

    def forward(self, wave: torch.Tensor) -> tuple[torch.Tensor, list[torch.Tensor]]:
        batch, samples = wave.shape
        pad = (-samples) % self.period
        if pad:
            wave = F.pad(wave, (0, pad), mode="reflect" if pad < samples else "constant")
        x = wave.view(batch, 1, -1, self.period)  # (B, 1, S / p, p)
        features = []
        for conv in (*self.convs, self.last):
            x = F.leaky_relu(conv(x), LEAKY_SLOPE)
            features.append(x)
        return self.post(x), features


class ResolutionDiscriminator(nn.Module):
    """Log-magnitude STFT (B, 1, T, F) at one resolution; convs strided along frequency (MRD)."""

    def __init__(self, resolution: tuple[int, int, int], channels: int) -> None:
        super().__init__()
        self.n_fft, self.hop, self.win = resolution
        self.register_buffer("window", torch.hann_window(self.win), persistent=False)
        pad = (RESOLUTION_KERNEL[0] // 2, RESOLUTION_KERNEL[1] // 2)
        layers = [nn.Conv2d(1, channels, RESOLUTION_KERNEL, padding=pad)]
        layers += [
            nn.Conv2d(channels, channels, RESOLUTION_KERNEL, (1, 2), pad)
            for _ in range(RESOLUTION_LAYERS - 1)
        ]
        layers.append(nn.Conv2d(channels, channels, 3, padding=1))
        self.convs = nn.ModuleList(layers)
        self.post = nn.Conv2d(channels, 1, 3, padding=1)

    def forward(self, wave: torch.Tensor) -> tuple[torch.Tensor, list[torch.Tensor]]:
        spec = torch.stft(
            wave.float(), self.n_fft, self.hop, self.win, self.window, return_complex=True
        ).abs()  # (B, F, T)
        x = torch.log(spec.clamp(min=MAGNITUDE_FLOOR)).transpose(1, 2)[:, None]  # (B, 1, T, F)
        features = []
        for conv in self.convs:
            x = F.leaky_relu(conv(x), LEAKY_SLOPE)
            features.append(x)
        return self.post(x), features


class Discriminator(nn.Module):
    """All period and resolution discriminators: waveform (B, S) -> :data:`DiscriminatorOutput`."""

    def __init__(self, config: DiscriminatorConfig) -> None:
        super().__init__()
        self.config = config
        self.periods = nn.ModuleList(
            PeriodDiscriminator(p, config.period_channels) for p in config.periods
        )
        self.resolutions = nn.ModuleList(
            ResolutionDiscriminator(r, config.resolution_channels) for r in config.resolutions
        )

    def forward(self, wave: torch.Tensor) -> DiscriminatorOutput:
        return [d(wave) for d in (*self.periods, *self.resolutions)]


def build_discriminator(config: DiscriminatorConfig) -> Discriminator:
    """A fresh :class:`Discriminator` of ``config``."""
    return Discriminator(config)


def discriminator_loss(real: DiscriminatorOutput, fake: DiscriminatorOutput, kind: str) -> tuple:
    """Mean over sub-discriminators of the loss on real (-> 1) and generated (-> -1 / 0) audio.

    Returns ``(loss, real_score, fake_score)``; the scores are mean logits, for the log.
    """
    losses = []
    for (real_logits, _), (fake_logits, _) in zip(real, fake, strict=True):
        if kind == "hinge":
            losses.append(F.relu(1 - real_logits).mean() + F.relu(1 + fake_logits).mean())
        else:
            losses.append((1 - real_logits).square().mean() + fake_logits.square().mean())
    real_score = torch.stack([r.mean() for r, _ in real]).mean()
    fake_score = torch.stack([f.mean() for f, _ in fake]).mean()
    return torch.stack(losses).mean(), real_score.detach(), fake_score.detach()


def generator_loss(fake: DiscriminatorOutput, kind: str) -> torch.Tensor:
    """Mean over sub-discriminators of the generator's adversarial loss (fake -> real)."""
    if kind == "hinge":
        return torch.stack([F.relu(1 - logits).mean() for logits, _ in fake]).mean()
    return torch.stack([(1 - logits).square().mean() for logits, _ in fake]).mean()


def feature_matching_loss(real: DiscriminatorOutput, fake: DiscriminatorOutput) -> torch.Tensor:
    """Mean L1 distance between the feature maps of real (no gradient) and generated audio."""
    distances = [
        (r.detach() - f).abs().mean()
        for (_, real_maps), (_, fake_maps) in zip(real, fake, strict=True)
        for r, f in zip(real_maps, fake_maps, strict=True)
    ]
    return torch.stack(distances).mean()
