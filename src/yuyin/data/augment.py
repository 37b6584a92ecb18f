"""Data augmentation: SpecAugment and VTLP on features, noise/speed/gain perturbation on waveforms.

Waveform augmentations run in DataLoader workers and draw every random choice from an explicit
``torch.Generator`` (the dataset seeds one per ``(seed, epoch, index)``), so they are reproducible.
:class:`SpecAugment` runs on the batch inside the model, on any device, in training mode only.

Shapes: S samples, B batch, T frames, M mel bins.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import soxr
import torch
import torch.nn.functional as F
from torch import nn

from yuyin.audio import N_MELS, SAMPLE_RATE
from yuyin.data import room
from yuyin.data.dataset import lengths_to_mask, load_utterance
from yuyin.data.manifest import Utterance, read_manifest
from yuyin.features import hz_to_mel, mel_to_hz

NOISE_COLORS = ("white", "pink")
POWER_DB = 10.0  # dB = 10 log10(power ratio)
AMPLITUDE_DB = 20.0  # dB = 20 log10(amplitude ratio)

# SpecAugment defaults: two frequency masks of up to 27 bins (LibriSpeech policy of Park et al.
# 2019, for 80 mels) and up to ten time masks each of at most 5% of the utterance, so masking scales
# with length (the adaptive policy of Park et al. 2020; also NeMo's default).
DEFAULT_FREQ_MASKS = 2
DEFAULT_FREQ_WIDTH = 27  # mel bins
DEFAULT_TIME_MASKS = 10
DEFAULT_TIME_WIDTH = 0.05  # fraction of the utterance's frames

__all__ = [
    "NOISE_COLORS",
    "AugmentConfig",
    "SpecAugment",
    "SpecAugmentConfig",
    "WaveAugment",
    "add_noise",
    "apply_gain",
    "colored_noise",
    "random_warp_mel",
    "speed_perturb",
    "vtlp_source_bins",
    "warp_mel",
]


# --- waveform augmentations: (S,) -> (S',) ---


def _uniform(low: float, high: float, generator: torch.Generator) -> float:
    return low + (high - low) * float(torch.rand((), generator=generator))


def _choice(n: int, generator: torch.Generator) -> int:
    return int(torch.randint(n, (), generator=generator))


def _power(wave: torch.Tensor) -> float:
    """Mean square in float64 with numpy: bitwise the same whatever the torch thread count."""
    samples = wave.detach().cpu().numpy().astype(np.float64)
    return float(np.mean(np.square(samples))) if samples.size else 0.0


def colored_noise(num_samples: int, color: str, generator: torch.Generator) -> torch.Tensor:
    """Unit-power noise: ``white`` (flat spectrum) or ``pink`` (power ~ 1/f). Returns (S,).

    The FFT runs in numpy: torch's FFT result depends on the thread count, which differs between
    the main process and DataLoader workers.
    """
    if color not in NOISE_COLORS:
        raise ValueError(f"unknown noise color {color!r}; choose from {NOISE_COLORS}")
    noise = torch.randn(num_samples, generator=generator).numpy().astype(np.float64)  # (S,)
    if color == "pink" and num_samples > 1:
        spectrum = np.fft.rfft(noise)  # (S // 2 + 1,)
        bins = np.arange(spectrum.size, dtype=np.float64)
        bins[0] = 1.0  # DC is zeroed below; avoid dividing by zero
        spectrum = spectrum / np.sqrt(bins)  # amplitude 1/sqrt(f) -> power 1/f
        spectrum[0] = 0.0
        noise = np.fft.irfft(spectrum, n=num_samples)
    power = float(np.mean(np.square(noise))) if num_samples else 0.0
    if power > 0:
        noise = noise / np.sqrt(power)
    return torch.from_numpy(noise.astype(np.float32))


def add_noise(wave: torch.Tensor, noise: torch.Tensor, snr_db: float) -> torch.Tensor:
    """Add ``noise`` (same length) scaled to ``snr_db`` dB below ``wave``'s power. (S,) -> (S,)

    A silent wave or noise has no defined SNR and is returned unchanged.
    """
    if noise.shape != wave.shape:
        raise ValueError(f"noise shape {tuple(noise.shape)} != wave shape {tuple(wave.shape)}")
    signal_power, noise_power = _power(wave), _power(noise)
    if signal_power == 0 or noise_power == 0:
        return wave.clone()
    scale = math.sqrt(signal_power / (noise_power * 10 ** (snr_db / POWER_DB)))
    return wave + scale * noise.to(wave.dtype)


def speed_perturb(
    wave: torch.Tensor, factor: float, sample_rate: int = SAMPLE_RATE
) -> torch.Tensor:
    """Play ``factor`` times faster (tempo and pitch, Kaldi style): (S,) -> (~S / factor,).

    Resamples with soxr as if the audio had been recorded at ``sample_rate * factor``.
    """
    if not factor > 0:
        raise ValueError(f"speed factor must be > 0, got {factor!r}")
    if factor == 1.0:
        return wave
    out = soxr.resample(wave.detach().cpu().numpy(), sample_rate * factor, sample_rate, "HQ")
    return torch.from_numpy(np.ascontiguousarray(out, dtype=np.float32))


def apply_gain(wave: torch.Tensor, gain_db: float) -> torch.Tensor:
    """Scale amplitude by ``gain_db`` dB (no clipping: the pipeline is float). (S,) -> (S,)"""
    return wave * 10 ** (gain_db / AMPLITUDE_DB)


def _fit_length(noise: torch.Tensor, num_samples: int, generator: torch.Generator) -> torch.Tensor:
    """A random window of ``num_samples`` from ``noise``, tiled first when it is too short."""
    if noise.numel() < num_samples:
        noise = noise.repeat(math.ceil(num_samples / noise.numel()))
    offset = _choice(noise.numel() - num_samples + 1, generator)
    return noise[offset : offset + num_samples]


@dataclass(frozen=True)
class AugmentConfig:
    """Waveform augmentation policy (plain values; YAML lists become tuples).

    Each augmentation runs with its probability, in this order: speed, reverberation (a
    simulated room, :func:`yuyin.data.room.synthetic_rir`), channel coloring (a random
    microphone or line response, :func:`yuyin.data.room.color`), noise, gain. Reverberation and
    coloring are off by default; with their probability at 0 they draw no random numbers, so the
    other augmentations' draws stay what they were.
    """

    speed_prob: float = 1.0
    speed_factors: tuple[float, ...] = (0.9, 1.0, 1.1)  # the classic 3-way perturbation
    noise_prob: float = 0.5
    snr_db: tuple[float, float] = (5.0, 30.0)  # uniform in [low, high] dB
    noise_colors: tuple[str, ...] = NOISE_COLORS  # generated noise, used without a noise manifest
    noise_manifest: str | None = None  # recorded noise (e.g. MUSAN) replaces generated noise
    gain_prob: float = 0.5
    gain_db: tuple[float, float] = (-6.0, 6.0)
    reverb_prob: float = 0.0
    rt60: tuple[float, float] = (0.2, 0.8)  # seconds, uniform: small office to living room
    drr_db: tuple[float, float] = (0.0, 15.0)  # direct-to-reverberant ratio, uniform
    color_prob: float = 0.0
    color_bands: int = 8  # random gains at log-spaced centres 100 Hz .. 8 kHz
    color_db: float = 6.0  # each band's gain uniform in [-color_db, color_db]
    highpass_hz: tuple[float, float] = (20.0, 300.0)  # -3 dB corner, uniform
    lowpass_hz: tuple[float, float] = (3400.0, 8000.0)  # telephone band .. full band
    sample_rate: int = SAMPLE_RATE

    def __post_init__(self) -> None:
        ranges = ("snr_db", "gain_db", "rt60", "drr_db", "highpass_hz", "lowpass_hz")
        for name in ("speed_factors", "noise_colors", *ranges):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        for name in ("speed_prob", "noise_prob", "gain_prob", "reverb_prob", "color_prob"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be in [0, 1], got {getattr(self, name)!r}")
        for name in ranges:
            low, high = getattr(self, name)
            if low > high:
                raise ValueError(f"{name} must be (low, high) with low <= high, got {(low, high)}")
        if not self.speed_factors or min(self.speed_factors) <= 0:
            raise ValueError(f"speed_factors must be positive, got {self.speed_factors}")
        if not self.noise_colors or set(self.noise_colors) - set(NOISE_COLORS):
            raise ValueError(f"noise_colors must be from {NOISE_COLORS}, got {self.noise_colors}")
        if self.rt60[0] <= 0:
            raise ValueError(f"rt60 must be positive seconds, got {self.rt60}")
        if self.color_bands < 2 or self.color_db < 0:
            raise ValueError("color_bands must be >= 2 and color_db >= 0")
        if not 0 < self.highpass_hz[1] < self.lowpass_hz[0]:
            raise ValueError(
                f"highpass_hz {self.highpass_hz} must lie below lowpass_hz {self.lowpass_hz}"
            )


class WaveAugment:
    """Waveform augmentation per :class:`AugmentConfig`: ``(wave, generator) -> wave``.

    Meant as ``AudioDataset(transform=WaveAugment(config))``. Noise comes from the noise manifest
    when one is set (a random utterance, a random window of it, tiled when short), else generated.
    """

    def __init__(self, config: AugmentConfig | None = None) -> None:
        self.config = config or AugmentConfig()
        self.noises: list[Utterance] = []
        if self.config.noise_manifest is not None:
            self.noises = read_manifest(self.config.noise_manifest)
            if not self.noises:
                raise ValueError(f"{self.config.noise_manifest}: noise manifest is empty")

    def noise(self, num_samples: int, generator: torch.Generator) -> torch.Tensor:
        """Noise of ``num_samples`` (S,) from the noise manifest or generated."""
        if self.noises:
            utt = self.noises[_choice(len(self.noises), generator)]
            recorded = torch.from_numpy(load_utterance(utt, self.config.sample_rate))
            return _fit_length(recorded, num_samples, generator)
        color = self.config.noise_colors[_choice(len(self.config.noise_colors), generator)]
        return colored_noise(num_samples, color, generator)

    def __call__(self, wave: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
        """Augment one waveform (S,) -> (S',); S' differs from S under speed perturbation."""
        cfg = self.config
        if _uniform(0.0, 1.0, generator) < cfg.speed_prob:
            factor = cfg.speed_factors[_choice(len(cfg.speed_factors), generator)]
            wave = speed_perturb(wave, factor, cfg.sample_rate)
        if cfg.reverb_prob > 0 and _uniform(0.0, 1.0, generator) < cfg.reverb_prob:
            rt60, drr_db = _uniform(*cfg.rt60, generator), _uniform(*cfg.drr_db, generator)
            rir = room.synthetic_rir(rt60, drr_db, cfg.sample_rate, generator)  # (L,)
            wave = room.reverberate(wave, rir)
        if cfg.color_prob > 0 and _uniform(0.0, 1.0, generator) < cfg.color_prob:
            bands = (torch.rand(cfg.color_bands, generator=generator) * 2 - 1) * cfg.color_db
            highpass = _uniform(*cfg.highpass_hz, generator)
            lowpass = min(_uniform(*cfg.lowpass_hz, generator), 0.5 * cfg.sample_rate)
            wave = room.color(wave, bands.double().numpy(), highpass, lowpass, cfg.sample_rate)
        if _uniform(0.0, 1.0, generator) < cfg.noise_prob:
            snr_db = _uniform(*cfg.snr_db, generator)
            wave = add_noise(wave, self.noise(wave.numel(), generator), snr_db)
        if _uniform(0.0, 1.0, generator) < cfg.gain_prob:
            wave = apply_gain(wave, _uniform(*cfg.gain_db, generator))
        return wave


# --- SpecAugment on batched features: (B, T, M) -> (B, T, M) ---


@dataclass(frozen=True)
class SpecAugmentConfig:
    """SpecAugment policy. Time masks scale with each utterance's length; time warp is off (0)."""

    freq_masks: int = DEFAULT_FREQ_MASKS
    freq_width: int = DEFAULT_FREQ_WIDTH  # max bins per frequency mask
    time_masks: int = DEFAULT_TIME_MASKS
    time_width: float = DEFAULT_TIME_WIDTH  # max frames per time mask, as a fraction of length
    time_warp: int = 0  # max frames a warp point moves (Park et al. use 80); 0 disables
    mask_value: float | None = None  # None: the utterance's mean over its valid frames

    def __post_init__(self) -> None:
        for name in ("freq_masks", "freq_width", "time_masks", "time_warp"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be >= 0, got {getattr(self, name)!r}")
        if not 0.0 <= self.time_width <= 1.0:
            raise ValueError(
                f"time_width is a fraction of the length in [0, 1], got {self.time_width}"
            )


def _spans(
    limit: torch.Tensor,
    width_max: torch.Tensor,
    count: int,
    size: int,
    generator: torch.Generator | None,
) -> torch.Tensor:
    """``count`` random spans per row as a mask (B, size) bool, True inside a span.

    Row ``b``'s spans are at most ``width_max[b]`` wide and lie within ``[0, limit[b])``.
    """
    rows = width_max.numel()
    if count == 0 or size == 0:
        return torch.zeros(rows, size, dtype=torch.bool)
    width = (torch.rand(rows, count, generator=generator) * (width_max[:, None] + 1)).floor()
    room = limit[:, None] - width + 1  # (B, n) possible start positions
    start = (torch.rand(rows, count, generator=generator) * room).floor()
    steps = torch.arange(size)  # (size,)
    inside = (steps >= start[..., None]) & (steps < (start + width)[..., None])  # (B, n, size)
    return inside.any(dim=1)  # (B, size)


class SpecAugment(nn.Module):
    """Frequency and time masking (and optional time warp) of a padded feature batch.

    ``forward(feats (B, T, M), lengths (B,) frames)`` returns augmented features in training mode
    and ``feats`` itself in eval mode. Masks and warps touch only frames inside each length;
    padding is returned as it came.
    """

    def __init__(self, config: SpecAugmentConfig | None = None) -> None:
        super().__init__()
        self.config = config or SpecAugmentConfig()

    def forward(
        self,
        feats: torch.Tensor,
        lengths: torch.Tensor | None = None,
        generator: torch.Generator | None = None,
    ) -> torch.Tensor:
        if not self.training:
            return feats
        cfg = self.config
        batch, frames, bins = feats.shape  # (B, T, M)
        if lengths is None:
            lengths = torch.full((batch,), frames, dtype=torch.long)
        lengths = lengths.detach().cpu().long().clamp(max=frames)  # (B,)
        if cfg.time_warp > 0:
            feats = self._time_warp(feats, lengths, generator)
        valid = ~lengths_to_mask(lengths, frames)  # (B, T)
        freq = _spans(
            torch.full((batch,), bins),
            torch.full((batch,), min(cfg.freq_width, bins)),
            cfg.freq_masks,
            bins,
            generator,
        )  # (B, M)
        time_width = (lengths.double() * cfg.time_width).floor()  # (B,)
        time = _spans(lengths.double(), time_width, cfg.time_masks, frames, generator)  # (B, T)
        mask = (time[:, :, None] | freq[:, None, :]) & valid[:, :, None]  # (B, T, M)
        mask = mask.to(feats.device)
        if cfg.mask_value is None:
            pad = ~valid.to(feats.device)[:, :, None]  # (B, T, 1)
            total = feats.masked_fill(pad, 0.0).sum(dim=(1, 2))  # (B,) padding may hold anything
            count = (lengths.to(feats.device) * bins).clamp(min=1)
            fill = (total / count).to(feats.dtype)[:, None, None]  # (B, 1, 1)
        else:
            fill = torch.tensor(cfg.mask_value, dtype=feats.dtype, device=feats.device)
        return torch.where(mask, fill, feats)

    def _time_warp(
        self, feats: torch.Tensor, lengths: torch.Tensor, generator: torch.Generator | None
    ) -> torch.Tensor:
        """Move a random point of each utterance by up to ``time_warp`` frames, stretching both
        sides linearly (the point stays inside the utterance)."""
        warp = self.config.time_warp
        out = feats.clone()
        for row, length in enumerate(lengths.tolist()):
            if length < 2 * warp + 3:  # no room for a point that can move by +-warp
                continue
            center = warp + 1 + int(torch.randint(length - 2 * warp - 2, (), generator=generator))
            shift = int(torch.randint(2 * warp + 1, (), generator=generator)) - warp
            moved = center + shift  # in [1, length - 1]
            seq = feats[row, :length].transpose(0, 1)[None]  # (1, M, L)
            left = F.interpolate(seq[..., :center], size=moved, mode="linear")
            right = F.interpolate(seq[..., center:], size=length - moved, mode="linear")
            out[row, :length] = torch.cat([left, right], dim=-1)[0].transpose(0, 1)  # (L, M)
        return out


# --- vocal tract length perturbation on log-mels: (B, T, M) -> (B, T, M) ---

VTLP_BOUNDARY = 0.8  # of Nyquist: above it the warp bends so the band edge maps to itself


def vtlp_source_bins(
    alpha: torch.Tensor,
    n_mels: int = N_MELS,
    sample_rate: int = SAMPLE_RATE,
    boundary: float = VTLP_BOUNDARY,
) -> torch.Tensor:
    """Fractional input mel bin (B, M) that each output bin reads under VTLP factor ``alpha`` (B,).

    Vocal tract length perturbation (Jaitly & Hinton 2013): frequencies scale as f -> alpha f up to
    ``boundary * min(alpha, 1) / alpha`` of Nyquist, then linearly to Nyquist, so the band is kept.
    Bin centers are those of the Slaney mel filterbank; alpha > 1 moves formants up.
    """
    nyquist = sample_rate / 2
    edges = mel_to_hz(
        torch.linspace(hz_to_mel(torch.tensor(0.0)), hz_to_mel(torch.tensor(nyquist)), n_mels + 2)
    )
    centers = edges[1:-1].double()  # (M,) Hz, increasing
    alpha = alpha.double()[:, None]  # (B, 1)
    knee = boundary * nyquist * alpha.clamp(max=1.0) / alpha  # (B, 1) input Hz of the bend
    above = nyquist - (nyquist - boundary * nyquist * alpha.clamp(max=1.0)) / (nyquist - knee) * (
        nyquist - centers
    )
    warped = torch.where(centers <= knee, centers * alpha, above)  # (B, M) where input bins go
    # invert: output bin m reads the input where warped == centers[m]
    index = torch.arange(n_mels, dtype=torch.float64)
    upper = torch.searchsorted(warped.contiguous(), centers.expand_as(warped).contiguous())
    upper = upper.clamp(1, n_mels - 1)
    x0, x1 = warped.gather(1, upper - 1), warped.gather(1, upper)
    frac = ((centers - x0) / (x1 - x0).clamp(min=1e-9)).clamp(0.0, 1.0)
    return (index[upper - 1] + frac).float()  # (B, M)


def warp_mel(mel: torch.Tensor, alpha: torch.Tensor) -> torch.Tensor:
    """Log-mels (B, T, M) with each utterance's frequency axis warped by ``alpha`` (B,) (VTLP),
    by linear interpolation between input bins. ``alpha`` 1 returns the input unchanged."""
    batch, frames, bins = mel.shape
    source = vtlp_source_bins(alpha.cpu(), bins).to(mel.device)  # (B, M)
    low = source.floor().long().clamp(0, bins - 1)
    high = (low + 1).clamp(max=bins - 1)
    frac = (source - low).to(mel.dtype)[:, None, :]  # (B, 1, M)
    below = mel.gather(2, low[:, None, :].expand(batch, frames, bins))  # (B, T, M)
    above = mel.gather(2, high[:, None, :].expand(batch, frames, bins))
    return below * (1 - frac) + above * frac


def random_warp_mel(mel: torch.Tensor, width: float) -> torch.Tensor:
    """:func:`warp_mel` of each utterance of (B, T, M) by a factor uniform in 1 +- ``width``,
    drawn from the global torch RNG (which the training loop seeds and checkpoints)."""
    alpha = 1.0 + width * (2 * torch.rand(mel.shape[0]) - 1)  # (B,)
    return warp_mel(mel, alpha)


def random_freq_mask(mel: torch.Tensor, masks: int, width: int) -> torch.Tensor:
    """SpecAugment frequency masking (Park et al. 2019): in each utterance of normalized log-mels
    (B, T, M), ``masks`` bands of ``f`` bins, ``f`` uniform in [0, ``width``] and the first bin
    uniform in [0, M - f], are set to 0 (the normalized mean). Draws from the global torch RNG."""
    batch, _, bins = mel.shape
    width = min(width, bins)
    sizes = (torch.rand(batch, masks) * (width + 1)).floor()  # (B, K)
    starts = (torch.rand(batch, masks) * (bins - sizes + 1)).floor()  # (B, K)
    index = torch.arange(bins)[None, None, :]  # (1, 1, M)
    hidden = (index >= starts[..., None]) & (index < (starts + sizes)[..., None])  # (B, K, M)
    return mel.masked_fill(hidden.any(1)[:, None, :].to(mel.device), 0.0)
