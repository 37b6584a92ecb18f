"""SpeechEncoder: waveform -> frame representations (subsampling frontend + Transformer/Conformer).

Every caller passes waveforms; the encoder computes its own features::

    wave (B, S) ─► frontend ─► LN ─► Linear ─► features (B, T, D) ─► [mask] ─► + positions ─► blocks
                  "mel":  normalized log-mel (B, rT, 80) ─► 2x conv2d   (r=4: 25, r=2: 50 frames/s)
                  "wave": normalized samples ─► wav2vec 2.0 conv stack            (50 frames/s)

Pretraining objectives hide frames through ``mask_fn``: it receives the padding mask (B, T) and
returns the frames to hide (B, T); those frames of ``features`` are replaced by a learned mask
embedding before the blocks. ``EncoderOutput.features`` keeps the unmasked features (targets of
wav2vec 2.0), ``EncoderOutput.mel`` the normalized log-mels (targets of masked reconstruction).

Rebuild from a checkpoint with ``SpeechEncoder(EncoderConfig(**ckpt_config))``.

Shapes: B batch, S samples, T encoder frames, D model channels, M mel bins.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch import nn

from yuyin.audio import FRAMES_PER_SECOND, N_MELS, SAMPLE_RATE
from yuyin.config import check_ranges
from yuyin.features import LogMel
from yuyin.nn.blocks import ConformerBlock, TransformerBlock
from yuyin.nn.frontends import (
    WAVE_CONV_LAYERS,
    WAVE_NORMS,
    MelSubsampling,
    WaveConvStack,
    normalize_utterances,
    utterance_log_mel,
)
from yuyin.nn.masks import lengths_to_padding_mask
from yuyin.nn.positions import ConvPositionalEmbedding

FRONTENDS = ("mel", "wave")
BLOCKS = ("transformer", "conformer")
POSITIONS = ("conv", "rotary", "none")
WAVE_HOP = math.prod(stride for _, stride in WAVE_CONV_LAYERS)  # 320 samples = 20 ms
ENCODER_SIZES = ("tiny", "tiny-conformer", "small", "base")  # presets of encoder_config
MaskFn = Callable[[torch.Tensor], torch.Tensor]  # padding mask (B, T) -> frames to hide (B, T)


@dataclass
class EncoderConfig:
    """Plain-value hyper-parameters of :class:`SpeechEncoder`; ``asdict`` goes in checkpoints."""

    frontend: str = "mel"  # "mel" (log-mel + conv2d, 25 or 50 frames/s) or "wave" (conv, 50/s)
    frontend_channels: int = 144  # conv2d channels ("mel") or conv1d channels ("wave", 512 in w2v2)
    # "mel" only: log-mel frames per encoder frame, 4 (25 frames/s) or 2 (50 frames/s). Character
    # CTC needs 2: English speech runs at ~15 characters/s, and at 25 frames/s CTC has almost no
    # frames left for blanks (the first bundled recognizer plateaued there)
    mel_subsampling: int = 4
    block: str = "transformer"  # "transformer" (pre-LN) or "conformer"
    dim: int = 144  # D
    layers: int = 4
    heads: int = 4
    ff_mult: int = 4  # feed-forward width = ff_mult * dim
    conv_kernel: int = 15  # conformer depthwise kernel (odd)
    positions: str = "conv"  # "conv" (wav2vec 2.0), "rotary" (RoPE in attention) or "none"
    pos_conv_kernel: int = 32  # frames; wav2vec 2.0 uses 128 at 50 frames/s (2.56 s)
    pos_conv_groups: int = 16
    dropout: float = 0.1  # residual, feed-forward and input dropout
    attention_dropout: float = 0.1
    layer_drop: float = 0.0  # probability of skipping a whole block per training step
    frontend_grad_scale: float = 1.0  # wav2vec 2.0 scales frontend gradients by 0.1 for stability
    # the layout of wav2vec 2.0 / HuBERT *base* checkpoints (yuyin.models.hf_encoder imports them):
    wave_norm: str = "layer"  # "wave" frontend: "layer" (every conv) or "group" (first conv only)
    wave_conv_bias: bool = False  # "wave" frontend convs with a bias (wav2vec 2.0 large)
    # post-LN Transformer blocks, the encoder's LayerNorm before them instead of after
    post_norm: bool = False

    def __post_init__(self) -> None:
        for name, value, allowed in (
            ("frontend", self.frontend, FRONTENDS),
            ("block", self.block, BLOCKS),
            ("positions", self.positions, POSITIONS),
        ):
            if value not in allowed:
                raise ValueError(f"EncoderConfig.{name}={value!r}; expected one of {allowed}")
        if self.wave_norm not in WAVE_NORMS:
            raise ValueError(f"EncoderConfig.wave_norm={self.wave_norm!r}; expected {WAVE_NORMS}")
        if self.post_norm and self.block != "transformer":
            raise ValueError("EncoderConfig.post_norm needs block='transformer'")
        if self.mel_subsampling not in (2, 4):
            raise ValueError(
                f"EncoderConfig.mel_subsampling={self.mel_subsampling}; expected 2 or 4"
            )
        check_ranges(
            self,
            frontend_channels=(1, None),
            dim=(1, None),
            layers=(1, None),
            heads=(1, None),
            ff_mult=(1, None),
            conv_kernel=(1, None),
            pos_conv_kernel=(2, None),
            pos_conv_groups=(1, None),
            dropout=(0, 0.99),
            attention_dropout=(0, 0.99),
            layer_drop=(0, 1.0),  # 1: every block skipped in training (tests use it)
            frontend_grad_scale=(0, None),
        )
        if self.dim % self.heads:
            raise ValueError(f"dim {self.dim} is not divisible by heads {self.heads}")
        if self.positions == "conv" and self.dim % self.pos_conv_groups:
            raise ValueError(
                f"dim {self.dim} is not divisible by pos_conv_groups {self.pos_conv_groups}"
            )
        if self.block == "conformer" and self.conv_kernel % 2 == 0:
            raise ValueError(f"conv_kernel must be odd (conformer), got {self.conv_kernel}")


def encoder_config(size: str) -> EncoderConfig:
    """Named presets: ``tiny`` (1.3 M params, CPU), ``tiny-conformer`` (2.2 M, CPU: the
    recognizer's encoder), ``small`` (14.2 M), ``base`` (94.4 M).

    ``tiny`` is the fastest (25 frames/s, Transformer): demos, tests, objective comparisons.
    ``tiny-conformer`` runs at 50 frames/s with Conformer blocks, 2.2x the cost of a ``tiny`` step;
    for character CTC on 2.5 h of speech it reached dev WER 69.9 % after 1,000 updates where
    ``tiny`` had 85.8 % (82.9 % after 1,500; ``bench/results/asr-encoders.md``).

    ``base`` is wav2vec 2.0 base: raw-waveform conv stack, 12 x 768 pre-LN Transformer layers.
    """
    if size == "tiny":
        # 64 conv channels: the 144-channel conv2d frontend cost as much as all four blocks on
        # a CPU (fwd+bwd of 40 s of audio, one thread: 1.09 s with 144, 0.52 s with 64)
        return EncoderConfig(frontend_channels=64)
    if size == "tiny-conformer":
        return EncoderConfig(frontend_channels=64, mel_subsampling=2, block="conformer")
    if size == "small":
        return EncoderConfig(
            frontend_channels=256, block="conformer", dim=256, layers=8, heads=4, conv_kernel=31
        )
    if size == "base":
        return EncoderConfig(
            frontend="wave",
            frontend_channels=512,
            dim=768,
            layers=12,
            heads=12,
            pos_conv_kernel=128,
            layer_drop=0.05,
            frontend_grad_scale=0.1,
        )
    raise ValueError(f"unknown encoder size {size!r}; expected one of {ENCODER_SIZES}")


@dataclass
class EncoderOutput:
    """What :meth:`SpeechEncoder.forward` returns. Padded frames of every tensor are meaningless."""

    hidden: torch.Tensor  # (B, T, D) final representation (after the last LayerNorm)
    lengths: torch.Tensor  # (B,) valid frames
    padding_mask: torch.Tensor  # (B, T) True at padding
    layer_hiddens: list[torch.Tensor]  # L + 1 x (B, T, D): blocks' input, then each block's output
    features: torch.Tensor  # (B, T, D) projected frontend features, before masking
    feature_penalty: torch.Tensor  # () mean square of raw frontend outputs over valid frames
    mask: torch.Tensor | None = None  # (B, T) frames replaced by the mask embedding
    mel: torch.Tensor | None = None  # (B, T_mel, M) normalized log-mels ("mel" frontend only)
    mel_lengths: torch.Tensor | None = None  # (B,)


class SpeechEncoder(nn.Module):
    """Speech encoder over raw 16 kHz waveforms; see the module docstring for the data flow."""

    def __init__(self, config: EncoderConfig) -> None:
        super().__init__()
        self.config = config
        self.logmel = LogMel()  # no parameters; also used for targets with the "wave" frontend
        if config.frontend == "mel":
            self.frontend: MelSubsampling | WaveConvStack = MelSubsampling(
                config.frontend_channels, N_MELS, config.mel_subsampling
            )
        else:
            self.frontend = WaveConvStack(
                config.frontend_channels, config.wave_norm, config.wave_conv_bias
            )
        self.frontend_norm = nn.LayerNorm(self.frontend.output_dim)
        self.project = nn.Linear(self.frontend.output_dim, config.dim)
        self.input_dropout = nn.Dropout(config.dropout)
        self.mask_embedding = nn.Parameter(torch.empty(config.dim).uniform_())
        self.pos_conv = (
            ConvPositionalEmbedding(config.dim, config.pos_conv_kernel, config.pos_conv_groups)
            if config.positions == "conv"
            else None
        )
        rotary = config.positions == "rotary"
        self.blocks = nn.ModuleList(self._block(rotary) for _ in range(config.layers))
        self.final_norm = nn.LayerNorm(config.dim)

    def _block(self, rotary: bool) -> nn.Module:
        c = self.config
        if c.block == "conformer":
            return ConformerBlock(
                c.dim, c.heads, c.ff_mult, c.conv_kernel, c.dropout, c.attention_dropout, rotary
            )
        return TransformerBlock(
            c.dim, c.heads, c.ff_mult, c.dropout, c.attention_dropout, rotary, c.post_norm
        )

    @property
    def frame_rate(self) -> float:
        """Encoder frames per second: 25 or 50 ("mel", see ``mel_subsampling``) or 50 ("wave")."""
        if self.config.frontend == "mel":
            return FRAMES_PER_SECOND / self.config.mel_subsampling
        return SAMPLE_RATE / WAVE_HOP

    @property
    def mel_frames_per_frame(self) -> int:
        """Log-mel frames (10 ms) per encoder frame: 4 or 2 ("mel") or 2 ("wave")."""
        return round(FRAMES_PER_SECOND / self.frame_rate)

    @property
    def min_samples(self) -> int:
        """Shortest waveform that still gives one encoder frame."""
        candidates = torch.arange(1, SAMPLE_RATE + 1)  # any frontend needs well under 1 s
        return int(candidates[self.output_lengths(candidates) >= 1][0])

    def output_lengths(self, wave_lengths: torch.Tensor) -> torch.Tensor:
        """Encoder frames for waveform sample counts. (B,) -> (B,)"""
        if self.config.frontend == "mel":
            assert isinstance(self.frontend, MelSubsampling)
            return self.frontend.output_lengths(wave_lengths // self.logmel.hop_length + 1)
        return WaveConvStack.output_lengths(wave_lengths)

    def log_mel(
        self, wave: torch.Tensor, wave_lengths: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Per-utterance normalized log-mels: (B, S), (B,) -> (B, T_mel, M), (B,)."""
        return utterance_log_mel(self.logmel, wave, wave_lengths)

    def forward(
        self,
        wave: torch.Tensor,
        wave_lengths: torch.Tensor | None = None,
        mask_fn: MaskFn | None = None,
        mel_fn: Callable[[torch.Tensor], torch.Tensor] | None = None,
    ) -> EncoderOutput:
        """Encode a padded batch of waveforms.

        wave (B, S) float at 16 kHz; wave_lengths (B,) valid samples (all S when None).
        ``mask_fn(padding_mask (B, T)) -> (B, T) bool`` chooses frames to replace by the mask
        embedding (never padding); ``mask_fn=None`` encodes everything visibly. ``mel_fn``
        (B, T_mel, M) -> (B, T_mel, M) perturbs the normalized log-mels before the frontend
        ("mel" frontend only; e.g. VTLP of a pretraining student); ``EncoderOutput.mel`` stays
        unperturbed.
        """
        if wave_lengths is None:
            wave_lengths = torch.full((wave.shape[0],), wave.shape[1], device=wave.device)
        wave_lengths = wave_lengths.to(device=wave.device, dtype=torch.long)
        lengths = self.output_lengths(wave_lengths)  # (B,)
        if bool((lengths < 1).any()):
            short = int(wave_lengths[lengths < 1].min())
            raise ValueError(
                f"an utterance has {short} samples; the encoder needs at least {self.min_samples}"
            )
        mel = mel_lengths = None
        if self.config.frontend == "mel":
            mel, mel_lengths = self.log_mel(wave, wave_lengths)  # (B, T_mel, M)
            raw = self.frontend(mel if mel_fn is None else mel_fn(mel))  # (B, T, F)
        else:
            if mel_fn is not None:
                raise ValueError("mel_fn needs the 'mel' frontend; this encoder reads waveforms")
            valid = ~lengths_to_padding_mask(wave_lengths, wave.shape[1])  # (B, S)
            samples = normalize_utterances(wave.float()[:, :, None], ~valid)[:, :, 0]  # (B, S)
            raw = self.frontend(samples, wave_lengths)  # (B, T, F)
        frames = raw.shape[1]
        padding_mask = lengths_to_padding_mask(lengths, frames)  # (B, T)
        if self.config.frontend_grad_scale != 1.0:
            scale = self.config.frontend_grad_scale
            raw = raw * scale + raw.detach() * (1.0 - scale)  # same values, scaled gradient
        valid = (~padding_mask)[:, :, None].to(raw.dtype)  # (B, T, 1)
        penalty = (raw.square() * valid).sum() / (valid.sum() * raw.shape[2]).clamp(min=1.0)
        features = self.project(self.frontend_norm(raw)) * valid  # (B, T, D)
        x = features
        mask = None
        if mask_fn is not None:
            mask = mask_fn(padding_mask) & ~padding_mask  # (B, T)
            x = torch.where(mask[:, :, None], self.mask_embedding.to(x.dtype), x)
        x = self.input_dropout(x)
        hidden, layer_hiddens = self.encode_frames(x, padding_mask)
        return EncoderOutput(
            hidden=hidden,
            lengths=lengths,
            padding_mask=padding_mask,
            layer_hiddens=layer_hiddens,
            features=features,
            feature_penalty=penalty,
            mask=mask,
            mel=mel,
            mel_lengths=mel_lengths,
        )

    def encode_frames(
        self, x: torch.Tensor, padding_mask: torch.Tensor
    ) -> tuple[torch.Tensor, list[torch.Tensor]]:
        """Positions and blocks over projected frames: (B, T, D) -> (B, T, D), per-layer outputs."""
        if self.pos_conv is not None:
            x = x + self.pos_conv(x, padding_mask)
        if self.config.post_norm:  # wav2vec 2.0 base: the encoder's LayerNorm before the blocks
            x = self.final_norm(x)
        layer_hiddens = [x]
        for block in self.blocks:
            dropped = self.training and float(torch.rand(())) < self.config.layer_drop
            if not dropped:
                x = block(x, padding_mask)
            layer_hiddens.append(x)  # a dropped block repeats its input: indices stay aligned
        return (x if self.config.post_norm else self.final_norm(x)), layer_hiddens


def build_encoder(config: EncoderConfig) -> SpeechEncoder:
    """Factory: a freshly initialized :class:`SpeechEncoder` for ``config``."""
    return SpeechEncoder(config)


def count_parameters(module: nn.Module, trainable_only: bool = True) -> int:
    """Number of parameters (only those with ``requires_grad`` when ``trainable_only``)."""
    return sum(p.numel() for p in module.parameters() if p.requires_grad or not trainable_only)
