"""CTC speech recognizer: a SpeechEncoder (random or pretrained) with a linear CTC head.

    wave (B, S) ─► SpeechEncoder (latent time masks in training) ─► dropout ─► Linear ─► (B, T, V)

Fine-tuning follows wav2vec 2.0: the frontend stays frozen, the whole encoder is frozen for the
first ``freeze_encoder_steps`` updates (only the head learns, so a random head does not wreck the
pretrained blocks), and spans of encoder frames are replaced by the encoder's mask embedding
during training (SpecAugment in latent space); ``vtlp`` > 0 also warps each training utterance's
log-mel frequency axis (vocal tract length perturbation, Jaitly & Hinton 2013) and
``freq_masks`` > 0 hides bands of its log-mel bins (SpecAugment frequency masking). The model is
told its update step by the training loop through :meth:`CTCModel.set_step`.

Shapes: B batch, S samples, T encoder frames, D channels, V vocabulary (blank = 0).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import torch
from torch import nn

from yuyin.data.augment import random_freq_mask, random_warp_mel
from yuyin.models.encoder import EncoderConfig, SpeechEncoder, build_encoder
from yuyin.nn.masks import compute_span_mask
from yuyin.text.tokenizer import BLANK_ID


@dataclass
class ASRConfig:
    """A CTC model: its encoder's config, the vocabulary size and the fine-tuning regularizers."""

    encoder: dict = field(default_factory=dict)  # asdict(EncoderConfig)
    vocab_size: int = 32
    head_dropout: float = 0.1
    mask_prob: float = 0.3  # span starts per frame / span while training (about 20% hidden)
    mask_span_seconds: float = 0.2
    freeze_encoder_steps: int = 0  # updates during which only the head learns
    freeze_frontend: bool = True  # the conv frontend never learns during fine-tuning
    vtlp: float = 0.0  # > 0: training log-mels VTLP-warped by a factor in 1 +- vtlp ("mel" only)
    freq_masks: int = 0  # bands of log-mel bins hidden per training utterance ("mel" only)
    freq_mask_width: int = 0  # each band's width: uniform in [0, freq_mask_width] bins

    def __post_init__(self) -> None:
        if not 0.0 <= self.vtlp < 0.5:
            raise ValueError(f"vtlp must be in [0, 0.5), got {self.vtlp}")
        if self.freq_masks < 0 or self.freq_mask_width < 0:
            raise ValueError(
                f"freq_masks and freq_mask_width must be >= 0, got "
                f"{self.freq_masks}, {self.freq_mask_width}"
            )
        mel = self.vtlp or (self.freq_masks and self.freq_mask_width)
        if mel and self.encoder.get("frontend", "mel") != "mel":
            raise ValueError(
                "vtlp and freq_masks change log-mels: they need an encoder with the 'mel' frontend"
            )


@dataclass
class CTCOutput:
    """Per-frame log-probabilities and their valid lengths."""

    log_probs: torch.Tensor  # (B, T, V) log-softmax over the vocabulary, blank at 0
    lengths: torch.Tensor  # (B,) valid frames
    hidden: torch.Tensor  # (B, T, D) encoder output


class CTCModel(nn.Module):
    """Encoder + linear CTC head; see the module docstring."""

    def __init__(self, encoder: SpeechEncoder, config: ASRConfig) -> None:
        super().__init__()
        self.encoder, self.config = encoder, config
        self.dropout = nn.Dropout(config.head_dropout)
        self.head = nn.Linear(encoder.config.dim, config.vocab_size)
        self.step = 0
        if config.freeze_frontend:
            for module in (encoder.frontend, encoder.frontend_norm):
                module.requires_grad_(False)

    @property
    def frame_rate(self) -> float:
        """Output frames per second."""
        return self.encoder.frame_rate

    def set_step(self, step: int) -> None:
        """The loop's update counter: drives the encoder freeze."""
        self.step = step

    @property
    def encoder_frozen(self) -> bool:
        return self.training and self.step <= self.config.freeze_encoder_steps

    def _mask_fn(self):
        if not self.training or self.config.mask_prob <= 0:
            return None
        span = max(1, round(self.config.mask_span_seconds * self.encoder.frame_rate))

        def mask(padding_mask: torch.Tensor) -> torch.Tensor:
            lengths = (~padding_mask).sum(dim=1)
            return compute_span_mask(
                tuple(padding_mask.shape), lengths, self.config.mask_prob, span
            ).to(padding_mask.device)

        return mask

    def _mel_fn(self):
        """VTLP, then frequency masks, of the training log-mels (None: neither is on)."""
        config = self.config
        masking = config.freq_masks > 0 and config.freq_mask_width > 0
        if not self.training or (config.vtlp <= 0 and not masking):
            return None

        def perturb(mel: torch.Tensor) -> torch.Tensor:  # (B, T_mel, M)
            if config.vtlp > 0:
                mel = random_warp_mel(mel, config.vtlp)
            if masking:
                mel = random_freq_mask(mel, config.freq_masks, config.freq_mask_width)
            return mel

        return perturb

    def forward(self, wave: torch.Tensor, wave_lengths: torch.Tensor) -> CTCOutput:
        """wave (B, S), wave_lengths (B,) -> CTC log-probabilities (B, T, V)."""
        if self.encoder_frozen:
            mel_fn = self._mel_fn()
            self.encoder.eval()
            with torch.no_grad():
                out = self.encoder(wave, wave_lengths, mel_fn=mel_fn)
            self.encoder.train()
        else:
            out = self.encoder(wave, wave_lengths, mask_fn=self._mask_fn(), mel_fn=self._mel_fn())
        logits = self.head(self.dropout(out.hidden))  # (B, T, V)
        return CTCOutput(logits.float().log_softmax(dim=-1), out.lengths, out.hidden)

    def ctc_loss(
        self, out: CTCOutput, targets: torch.Tensor, target_lengths: torch.Tensor
    ) -> torch.Tensor:
        """Mean over the batch of the per-utterance CTC loss divided by its target length."""
        return nn.functional.ctc_loss(
            out.log_probs.transpose(0, 1),  # (T, B, V)
            targets,
            out.lengths,
            target_lengths,
            blank=BLANK_ID,
            reduction="mean",
            zero_infinity=True,
        )


def build_asr(config: ASRConfig, encoder: SpeechEncoder | None = None) -> CTCModel:
    """Factory: a CTC model over ``encoder`` (pretrained) or a fresh one from ``config.encoder``."""
    if encoder is None:
        encoder = build_encoder(EncoderConfig(**config.encoder))
    else:
        config = ASRConfig(**{**asdict(config), "encoder": asdict(encoder.config)})
    return CTCModel(encoder, config)
