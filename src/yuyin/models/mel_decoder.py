"""The mel decoder of the acoustic model, and its pretraining as a masked log-mel model.

:class:`MelDecoder` maps frame vectors (B, T, D) to normalized log-mel (B, T, M) through Conformer
blocks (rotary attention, depthwise convolutions). It keeps the per-bin mean and standard
deviation of :func:`yuyin.features.log_mel` as buffers, so a pretrained decoder carries the scale it
learned in.

:class:`MaskedMelModel` pretrains it on unlabeled audio, no text::

    wave (B, S) ─► log-mel (B, T, M) ─► normalize ─► Linear M -> D ─► spans of ~50 % of the
    frames replaced by a learned mask vector ─► MelDecoder ─► normalized log-mel (B, T, M)
    loss: L1 on the masked frames

so the decoder learns what speech spectra look like from their context. The acoustic model then
starts from its weights (:mod:`yuyin.train.tts`) and learns to read them from phonemes instead.

Shapes: B batch, S samples, T mel frames, M mel bins, D decoder channels.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from yuyin.audio import N_MELS
from yuyin.features import LogMel
from yuyin.nn.blocks import rotary_conformer_stack
from yuyin.nn.masks import compute_span_mask, lengths_to_padding_mask

__all__ = [
    "MASKED_MEL_KIND",
    "MaskedMelConfig",
    "MaskedMelModel",
    "MelDecoder",
    "MelDecoderConfig",
    "masked_mean",
]

MASKED_MEL_KIND = "tts-masked-mel"  # hub kind of a saved MaskedMelModel (a pretrained decoder)


def masked_mean(values: torch.Tensor, keep: torch.Tensor) -> torch.Tensor:
    """Mean of ``values`` where ``keep`` is True (same shape); 0 when nothing is kept."""
    keep = keep.to(values.dtype)
    return (values * keep).sum() / keep.sum().clamp(min=1.0)


@dataclass(frozen=True)
class MelDecoderConfig:
    """The decoder's shape; :class:`~yuyin.models.tts.TTSConfig` derives it."""

    n_mels: int = N_MELS
    dim: int = 192
    heads: int = 2
    layers: int = 4
    ff_mult: int = 2
    conv_kernel: int = 9
    dropout: float = 0.1


class MelDecoder(nn.Module):
    """Frame vectors (B, T, D) -> normalized log-mel (B, T, M); mel statistics as buffers."""

    def __init__(self, config: MelDecoderConfig) -> None:
        super().__init__()
        self.config = config
        self.blocks = rotary_conformer_stack(
            config.layers,
            config.dim,
            config.heads,
            config.ff_mult,
            config.conv_kernel,
            config.dropout,
        )
        self.out = nn.Linear(config.dim, config.n_mels)
        self.register_buffer("mel_mean", torch.zeros(config.n_mels))  # (M,)
        self.register_buffer("mel_std", torch.ones(config.n_mels))  # (M,)

    def set_statistics(self, mean: torch.Tensor, std: torch.Tensor) -> None:
        """Per-bin mean and standard deviation (M,) of the log-mel the decoder predicts."""
        self.mel_mean.copy_(mean)
        self.mel_std.copy_(std)

    def normalize(self, mel: torch.Tensor) -> torch.Tensor:
        """Log-mel (..., M) -> zero mean, unit variance per bin."""
        return (mel - self.mel_mean) / self.mel_std

    def denormalize(self, mel: torch.Tensor) -> torch.Tensor:
        """Inverse of :meth:`normalize`."""
        return mel * self.mel_std + self.mel_mean

    def forward(self, x: torch.Tensor, padding_mask: torch.Tensor) -> torch.Tensor:
        """``x`` (B, T, D), ``padding_mask`` (B, T) True at padding -> (B, T, M) normalized."""
        for block in self.blocks:
            x = block(x, padding_mask)
        return self.out(x)


@dataclass(frozen=True)
class MaskedMelConfig:
    """Masked log-mel pretraining of a :class:`MelDecoder`."""

    decoder: MelDecoderConfig = MelDecoderConfig()
    # span starts per frame / span: with overlaps about 1 - exp(-0.7) = 50 % of frames hidden
    mask_prob: float = 0.7
    mask_span: int = 10  # frames (100 ms): about a phoneme, so context must fill it in
    min_masks: int = 1

    def __post_init__(self) -> None:
        if isinstance(self.decoder, dict):  # from JSON
            object.__setattr__(self, "decoder", MelDecoderConfig(**self.decoder))


class MaskedMelModel(nn.Module):
    """Pretraining objective: reconstruct masked spans of log-mel frames (module doc)."""

    def __init__(self, config: MaskedMelConfig) -> None:
        super().__init__()
        self.config = config
        self.logmel = LogMel()
        self.mel_in = nn.Linear(config.decoder.n_mels, config.decoder.dim)
        self.mask_embedding = nn.Parameter(torch.randn(config.decoder.dim) * 0.02)
        self.decoder = MelDecoder(config.decoder)

    def forward(
        self, wave: torch.Tensor, wave_lengths: torch.Tensor
    ) -> tuple[torch.Tensor, dict[str, float]]:
        """``wave`` (B, S) at 16 kHz, ``wave_lengths`` (B,) samples -> (loss, logs)."""
        mel, lengths = self.logmel(wave, wave_lengths)  # (B, T, M), (B,)
        lengths = lengths.clamp(max=mel.shape[1])
        target = self.decoder.normalize(mel)
        pad = lengths_to_padding_mask(lengths, mel.shape[1])  # (B, T)
        cfg = self.config
        mask = compute_span_mask(
            (mel.shape[0], mel.shape[1]), lengths, cfg.mask_prob, cfg.mask_span, cfg.min_masks
        )  # (B, T)
        x = self.mel_in(target)  # (B, T, D)
        x = torch.where(mask[:, :, None], self.mask_embedding.to(x.dtype), x)
        pred = self.decoder(x, pad)  # (B, T, M)
        error = (pred - target).abs().mean(-1)  # (B, T)
        loss = masked_mean(error, mask)
        visible = masked_mean(error.detach(), ~mask & ~pad)
        logs = {
            "loss_masked": float(loss.detach()),
            "loss_unmasked": float(visible),
            "masked_fraction": float(mask.sum() / (~pad).sum().clamp(min=1)),
        }
        return loss, logs
