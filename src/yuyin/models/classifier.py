"""Utterance classifier: a (pretrained) speech encoder, mean-pooled, with a linear head.

    wave (B, S) ─► SpeechEncoder ─► mean over valid frames (B, D) ─► dropout ─► Linear ─► (B, C)

For spoken commands and keywords (the voice-assistant front end). As in CTC fine-tuning, the
encoder can stay frozen for the first updates so a random head does not disturb it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import torch
from torch import nn

from yuyin.models.encoder import EncoderConfig, SpeechEncoder, build_encoder


@dataclass
class ClassifierConfig:
    """Encoder config, the class count and the fine-tuning regularizers."""

    encoder: dict = field(default_factory=dict)  # asdict(EncoderConfig)
    num_classes: int = 2
    dropout: float = 0.1
    freeze_encoder_steps: int = 0


class UtteranceClassifier(nn.Module):
    """Mean-pooled encoder output -> class logits; see the module docstring."""

    def __init__(self, encoder: SpeechEncoder, config: ClassifierConfig) -> None:
        super().__init__()
        self.encoder, self.config = encoder, config
        self.dropout = nn.Dropout(config.dropout)
        self.head = nn.Linear(encoder.config.dim, config.num_classes)
        self.step = 0

    def set_step(self, step: int) -> None:
        """The loop's update counter: drives the encoder freeze."""
        self.step = step

    def forward(self, wave: torch.Tensor, wave_lengths: torch.Tensor) -> torch.Tensor:
        """wave (B, S), wave_lengths (B,) -> logits (B, C)."""
        if self.training and self.step <= self.config.freeze_encoder_steps:
            self.encoder.eval()
            with torch.no_grad():
                out = self.encoder(wave, wave_lengths)
            self.encoder.train()
        else:
            out = self.encoder(wave, wave_lengths)
        valid = (~out.padding_mask)[:, :, None].to(out.hidden.dtype)  # (B, T, 1)
        pooled = (out.hidden * valid).sum(dim=1) / valid.sum(dim=1).clamp(min=1.0)  # (B, D)
        return self.head(self.dropout(pooled))


def build_classifier(
    config: ClassifierConfig, encoder: SpeechEncoder | None = None
) -> UtteranceClassifier:
    """Factory: a classifier over ``encoder`` (pretrained) or a new one from ``config.encoder``."""
    if encoder is None:
        encoder = build_encoder(EncoderConfig(**config.encoder))
    else:
        config = ClassifierConfig(**{**asdict(config), "encoder": asdict(encoder.config)})
    return UtteranceClassifier(encoder, config)
