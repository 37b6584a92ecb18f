"""The acoustic model of text-to-speech: symbols -> log-mel frames (FastSpeech 2 / FastPitch class).

::

    symbols (B, U) ─► embedding ─► TextEncoder (Conformer blocks) ─► hidden (B, U, D) (+ speaker)
        ├─► duration predictor ──────────┐  (training: durations from the Aligner, see aligner.py)
        ├─► pitch predictor  ─► embedding ┤  (training: each symbol's mean log-F0 of its frames)
        └─► energy predictor ─► embedding ┤  (training: each symbol's mean log-energy)
    hidden + pitch + energy ─► regulate_length (each symbol's vector repeated for its frames)
        ─► MelDecoder (Conformer blocks) ─► normalized log-mel (B, T, M) ─► log-mel

The model predicts :func:`yuyin.features.log_mel` (natural log, 80 bins, 100 frames/s), normalized
per bin by statistics the :class:`MelDecoder` keeps as buffers; :meth:`AcousticModel.synthesize`
returns it un-normalized. Pitch targets come from :func:`yuyin.pitch.extract_pitch` (log-F0 of
voiced frames), energy targets are the log of each frame's summed mel power; both are averaged
per symbol (FastPitch) and normalized by statistics kept as buffers.

The durations are learned with the model by the RAD-TTS alignment framework
(:mod:`yuyin.models.aligner`), not taken from CTC forced alignment with yuyin's recognizer: they
come at the mel frame rate (10 ms, where the recognizer emits a frame every 20 ms), per phoneme
(the recognizer spells characters), and do not depend on the recognizer's accuracy (77 % WER on
synthetic speech today). The decoder can be pretrained
on unlabeled audio as a masked log-mel model (:class:`MaskedMelModel`) and loaded from it.

Rebuild from a checkpoint with ``build_tts(TTSConfig(**ckpt_config))``.

Shapes: B batch, U symbols, T mel frames, M mel bins, D model channels.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from yuyin.audio import N_MELS
from yuyin.config import check_ranges
from yuyin.models.aligner import Aligner, bin_loss, forward_sum_loss
from yuyin.models.mel_decoder import MelDecoder, MelDecoderConfig, masked_mean
from yuyin.nn.blocks import rotary_conformer_stack
from yuyin.nn.masks import lengths_to_padding_mask
from yuyin.text.phonemize import TTS_SYMBOLS, symbol_ids

__all__ = [
    "TTS_KIND",
    "AcousticModel",
    "TTSConfig",
    "TTSOutput",
    "VariancePredictor",
    "build_tts",
    "frame_energy",
    "regulate_length",
    "symbol_means",
]

TTS_KIND = "tts"  # the hub kind of a saved AcousticModel
MAX_SYMBOL_FRAMES = 100  # a predicted duration is capped at 1 s (FastPitch caps at 75 frames)
VARIANCE_EMBED_KERNEL = 3  # FastPitch's pitch/energy embedding convolution


@dataclass(frozen=True)
class TTSConfig:
    """Plain-value hyper-parameters of :class:`AcousticModel`; ``asdict`` goes in checkpoints."""

    symbols: tuple[str, ...] = TTS_SYMBOLS  # the inventory, padding first
    n_mels: int = N_MELS
    n_speakers: int = 1  # > 1 adds a speaker embedding
    dim: int = 192  # D, encoder and decoder
    heads: int = 2
    encoder_layers: int = 4
    decoder_layers: int = 4
    ff_mult: int = 2
    conv_kernel: int = 9  # Conformer depthwise convolution (FastSpeech's FFT blocks use 9)
    dropout: float = 0.1
    predictor_channels: int = 256
    predictor_kernel: int = 3
    predictor_dropout: float = 0.1
    aligner_channels: int = 80  # C of the attention (FastPitch 1.1: the mel bins)
    # RAD-TTS uses 0.0005 on raw log-mel; on normalized log-mel larger values learn faster
    # (forward-sum loss after 400 aligner-only updates on 0.1 h of eSpeak speech: 1.70 at
    # 0.0005 on raw log-mel, 1.20 at 0.005, 1.11 at 0.02)
    aligner_temperature: float = 0.01
    prior_scale: float = 1.0  # beta-binomial prior (RAD-TTS)
    duration_weight: float = 0.1  # loss weights: FastPitch 1.1's
    pitch_weight: float = 0.1
    energy_weight: float = 0.1
    align_weight: float = 1.0
    bin_weight: float = 1.0
    bin_start_step: int = 2000  # the bin loss starts here and ramps up ...
    bin_warmup_steps: int = 1000  # ... over this many updates

    def __post_init__(self) -> None:
        check_ranges(
            self,
            n_mels=(N_MELS, N_MELS),  # the log-mel of yuyin.audio
            dim=(2, None),
            heads=(1, None),
            conv_kernel=(1, None),
            dropout=(0, 0.99),
            predictor_channels=(1, None),
            predictor_kernel=(1, None),
            predictor_dropout=(0, 0.99),
            aligner_channels=(1, None),
            aligner_temperature=(1e-4, None),
            prior_scale=(0, 1e3),
            duration_weight=(0, 1e3),
            pitch_weight=(0, 1e3),
            energy_weight=(0, 1e3),
            align_weight=(0, 1e3),
            bin_weight=(0, 1e3),
            bin_start_step=(0, None),
            bin_warmup_steps=(0, None),
        )
        object.__setattr__(self, "symbols", tuple(self.symbols))  # JSON gives a list
        if len(self.symbols) < 2 or len(set(self.symbols)) != len(self.symbols):
            raise ValueError("symbols must be distinct, padding first and one symbol at least")
        if min(self.n_speakers, self.encoder_layers, self.decoder_layers, self.ff_mult) < 1:
            raise ValueError("n_speakers, encoder_layers, decoder_layers, ff_mult must be >= 1")
        if self.dim % self.heads or (self.dim // self.heads) % 2:
            raise ValueError(f"dim {self.dim} must split into {self.heads} heads of even width")

    def decoder_config(self) -> MelDecoderConfig:
        """The :class:`MelDecoder`'s part of this config (what pretraining must match)."""
        return MelDecoderConfig(
            n_mels=self.n_mels,
            dim=self.dim,
            heads=self.heads,
            layers=self.decoder_layers,
            ff_mult=self.ff_mult,
            conv_kernel=self.conv_kernel,
            dropout=self.dropout,
        )


@dataclass
class TTSOutput:
    """Training forward: the loss, float logs and the teacher-forced prediction."""

    loss: torch.Tensor  # ()
    logs: dict[str, float]
    mel: torch.Tensor  # (B, T, M) predicted log-mel (un-normalized), aligner's durations
    durations: torch.Tensor  # (B, U) long, from the aligner


def regulate_length(
    hidden: torch.Tensor, durations: torch.Tensor, max_frames: int | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """Repeat each symbol's vector for its frames: (B, U, D), (B, U) -> (B, T, D), lengths (B,).

    ``T`` is the longest total (or ``max_frames``: longer outputs are cut); frames after an
    utterance's total are zeros.
    """
    durations = durations.long().clamp(min=0)
    ends = durations.cumsum(dim=1)  # (B, U) frame after each symbol's last
    lengths = ends[:, -1] if ends.shape[1] else torch.zeros_like(durations[:, 0])
    frames = int(lengths.max()) if lengths.numel() else 0
    if max_frames is not None:
        frames, lengths = max_frames, lengths.clamp(max=max_frames)
    steps = torch.arange(frames, device=hidden.device).expand(hidden.shape[0], frames)
    index = torch.searchsorted(ends, steps.contiguous(), right=True)  # (B, T) symbol per frame
    index = index.clamp(max=max(hidden.shape[1] - 1, 0))
    out = hidden.gather(1, index[:, :, None].expand(-1, -1, hidden.shape[2]))  # (B, T, D)
    valid = steps < lengths[:, None]
    return out * valid[:, :, None].to(out.dtype), lengths


def symbol_means(
    values: torch.Tensor, weights: torch.Tensor, alignment: torch.Tensor
) -> torch.Tensor:
    """Weighted mean of frame values per symbol: (B, T), (B, T), (B, T, U) 0/1 -> (B, U).

    Symbols without weight (no voiced frame, for pitch) get 0, the normalized mean.
    """
    total = torch.einsum("btu,bt->bu", alignment, values * weights)
    count = torch.einsum("btu,bt->bu", alignment, weights)
    return torch.where(count > 0, total / count.clamp(min=1e-6), 0.0)


def frame_energy(mel: torch.Tensor) -> torch.Tensor:
    """Log of each frame's summed mel power: (B, T, M) log-mel -> (B, T)."""
    return torch.logsumexp(mel.float(), dim=-1)


class VariancePredictor(nn.Module):
    """FastSpeech 2's: 2 x (conv, ReLU, LayerNorm, dropout), then linear. (B, U, D) -> (B, U)"""

    def __init__(self, dim: int, channels: int, kernel: int, dropout: float) -> None:
        super().__init__()
        self.convs = nn.ModuleList(
            [
                nn.Conv1d(dim, channels, kernel, padding=kernel // 2),
                nn.Conv1d(channels, channels, kernel, padding=kernel // 2),
            ]
        )
        self.norms = nn.ModuleList([nn.LayerNorm(channels), nn.LayerNorm(channels)])
        self.dropout = nn.Dropout(dropout)
        self.out = nn.Linear(channels, 1)

    def forward(self, x: torch.Tensor, padding_mask: torch.Tensor) -> torch.Tensor:
        pad = padding_mask[:, :, None]  # (B, U, 1)
        for conv, norm in zip(self.convs, self.norms, strict=True):
            x = conv(x.masked_fill(pad, 0.0).transpose(1, 2)).transpose(1, 2)  # (B, U, C)
            x = self.dropout(norm(F.relu(x)))
        return self.out(x).squeeze(-1).masked_fill(padding_mask, 0.0)  # (B, U)


class TextEncoder(nn.Module):
    """Symbol embeddings (B, U, D) -> contextual vectors (B, U, D): Conformer blocks, rotary."""

    def __init__(self, config: TTSConfig) -> None:
        super().__init__()
        self.blocks = rotary_conformer_stack(
            config.encoder_layers,
            config.dim,
            config.heads,
            config.ff_mult,
            config.conv_kernel,
            config.dropout,
        )

    def forward(self, x: torch.Tensor, padding_mask: torch.Tensor) -> torch.Tensor:
        for block in self.blocks:
            x = block(x, padding_mask)
        return x.masked_fill(padding_mask[:, :, None], 0.0)


class AcousticModel(nn.Module):
    """Symbols -> log-mel with learned durations, pitch and energy (module doc)."""

    def __init__(self, config: TTSConfig) -> None:
        super().__init__()
        self.config = config
        dim = config.dim
        self.embed = nn.Embedding(len(config.symbols), dim, padding_idx=0)
        nn.init.normal_(self.embed.weight, std=dim**-0.5)
        self.embed_scale = math.sqrt(dim)  # unit-scale embeddings, small initial weights
        self.encoder = TextEncoder(config)
        self.speaker = nn.Embedding(config.n_speakers, dim) if config.n_speakers > 1 else None
        predictor = (config.predictor_channels, config.predictor_kernel, config.predictor_dropout)
        self.duration = VariancePredictor(dim, *predictor)
        self.pitch = VariancePredictor(dim, *predictor)
        self.energy = VariancePredictor(dim, *predictor)
        kernel = VARIANCE_EMBED_KERNEL
        self.pitch_embed = nn.Conv1d(1, dim, kernel, padding=kernel // 2)
        self.energy_embed = nn.Conv1d(1, dim, kernel, padding=kernel // 2)
        self.decoder = MelDecoder(config.decoder_config())
        self.aligner = Aligner(
            dim,
            config.n_mels,
            config.aligner_channels,
            config.aligner_temperature,
            config.prior_scale,
        )
        # (mean, std) of log-F0 over voiced frames and of frame_energy; set from training data
        self.register_buffer("pitch_stats", torch.tensor([0.0, 1.0]))
        self.register_buffer("energy_stats", torch.tensor([0.0, 1.0]))
        self.step = 0

    def set_step(self, step: int) -> None:
        """Told by the training loop before each update (the bin loss schedule)."""
        self.step = step

    def bin_weight(self) -> float:
        """The bin loss weight now: 0 before ``bin_start_step``, then a linear ramp."""
        cfg = self.config
        progress = (self.step - cfg.bin_start_step) / max(cfg.bin_warmup_steps, 1)
        return cfg.bin_weight * min(max(progress, 0.0), 1.0)

    def _encode(
        self, symbols: torch.Tensor, padding_mask: torch.Tensor, speakers: torch.Tensor | None
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Embeddings (B, U, D) for the aligner and encoder output (B, U, D) (+ speaker)."""
        embedded = self.embed(symbols) * self.embed_scale  # (B, U, D)
        hidden = self.encoder(embedded, padding_mask)
        if self.speaker is not None:
            ids = speakers if speakers is not None else torch.zeros_like(symbols[:, 0])
            hidden = hidden + self.speaker(ids)[:, None, :]
        return embedded, hidden

    def _add_variances(
        self, hidden: torch.Tensor, pitch: torch.Tensor, energy: torch.Tensor, pad: torch.Tensor
    ) -> torch.Tensor:
        """hidden (B, U, D) + embeddings of per-symbol pitch and energy (B, U), normalized."""
        pitch = self.pitch_embed(pitch.masked_fill(pad, 0.0)[:, None]).transpose(1, 2)
        energy = self.energy_embed(energy.masked_fill(pad, 0.0)[:, None]).transpose(1, 2)
        return (hidden + pitch + energy).masked_fill(pad[:, :, None], 0.0)  # (B, U, D)

    def variance_targets(
        self, mel: torch.Tensor, f0: torch.Tensor, hard: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Normalized per-symbol pitch and energy (B, U) from frames (B, T, M), (B, T) Hz."""
        voiced = (f0 > 0).float()  # (B, T)
        log_f0 = torch.log(f0.float().clamp(min=1.0))  # unvoiced frames (0 Hz) get weight 0
        pitch = (log_f0 - self.pitch_stats[0]) / self.pitch_stats[1]
        energy = (frame_energy(mel) - self.energy_stats[0]) / self.energy_stats[1]
        pitch = symbol_means(pitch, voiced, hard)
        energy = symbol_means(energy, torch.ones_like(voiced), hard)
        return pitch, energy

    def forward(
        self,
        symbols: torch.Tensor,
        symbol_lengths: torch.Tensor,
        mel: torch.Tensor,
        mel_lengths: torch.Tensor,
        f0: torch.Tensor,
        speakers: torch.Tensor | None = None,
    ) -> TTSOutput:
        """Teacher-forced training pass and its losses.

        ``symbols`` (B, U) ids (0 = padding), ``mel`` (B, T, M) log-mel, ``f0`` (B, T) Hz (0 when
        unvoiced), ``speakers`` (B,) ids. Needs ``mel_lengths >= symbol_lengths``.
        """
        text_pad = lengths_to_padding_mask(symbol_lengths, symbols.shape[1])  # (B, U)
        frame_pad = lengths_to_padding_mask(mel_lengths, mel.shape[1])  # (B, T)
        embedded, hidden = self._encode(symbols, text_pad, speakers)
        target = self.decoder.normalize(mel)  # (B, T, M)
        align = self.aligner(embedded, symbol_lengths, target, mel_lengths)
        pitch, energy = self.variance_targets(mel, f0, align.hard)  # (B, U) each
        log_duration = self.duration(hidden, text_pad)  # (B, U)
        pitch_pred = self.pitch(hidden, text_pad)
        energy_pred = self.energy(hidden, text_pad)
        frames, _ = regulate_length(
            self._add_variances(hidden, pitch, energy, text_pad), align.durations, mel.shape[1]
        )
        pred = self.decoder(frames, frame_pad)  # (B, T, M) normalized
        valid_text, valid_frames = ~text_pad, ~frame_pad
        mel_l1 = masked_mean((pred - target).abs().mean(-1), valid_frames)
        log_target = torch.log(align.durations.float() + 1)
        losses = {
            "mel_l1": mel_l1,
            "duration": masked_mean((log_duration - log_target).square(), valid_text),
            "pitch": masked_mean((pitch_pred - pitch).square(), valid_text),
            "energy": masked_mean((energy_pred - energy).square(), valid_text),
            "align": forward_sum_loss(align.log_scores, symbol_lengths, mel_lengths),
            "bin": bin_loss(align.log_soft, align.hard),
        }
        cfg = self.config
        weights = {
            "mel_l1": 1.0,
            "duration": cfg.duration_weight,
            "pitch": cfg.pitch_weight,
            "energy": cfg.energy_weight,
            "align": cfg.align_weight,
            "bin": self.bin_weight(),
        }
        loss = torch.stack([weights[k] * value for k, value in losses.items()]).sum()
        raw = self.decoder.denormalize(pred)
        logs = {k: float(v.detach()) for k, v in losses.items()}
        logs["mel_l1_log"] = float(masked_mean((raw - mel).abs().mean(-1), valid_frames).detach())
        return TTSOutput(loss, logs, raw, align.durations)

    @staticmethod
    def _durations(log_duration: torch.Tensor, pad: torch.Tensor, speed: float) -> torch.Tensor:
        """Predicted log(1 + frames) (B, U) -> whole frames per symbol at ``speed``."""
        frames = (torch.exp(log_duration) - 1).clamp(0, MAX_SYMBOL_FRAMES) / speed
        return torch.round(frames).long().masked_fill(pad, 0)  # (B, U)

    def infer(
        self,
        symbols: torch.Tensor,
        symbol_lengths: torch.Tensor,
        speakers: torch.Tensor | None = None,
        speed: float = 1.0,
        durations: torch.Tensor | None = None,
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Predict log-mel (B, T, M) and frame lengths (B,) for symbol ids (B, U).

        ``speed`` > 1 is faster speech (durations divided by it). ``durations`` (B, U) replace the
        predicted ones (pitch and energy are still predicted).
        """
        if not speed > 0:  # also NaN
            raise ValueError(f"speed must be > 0, got {speed}")
        pad = lengths_to_padding_mask(symbol_lengths, symbols.shape[1])  # (B, U)
        _, hidden = self._encode(symbols, pad, speakers)
        if durations is None:
            durations = self._durations(self.duration(hidden, pad), pad, speed)
        hidden = self._add_variances(hidden, self.pitch(hidden, pad), self.energy(hidden, pad), pad)
        frames, lengths = regulate_length(hidden, durations)  # (B, T, D)
        if frames.shape[1] == 0:
            return frames.new_zeros(symbols.shape[0], 0, self.config.n_mels), lengths
        frame_pad = lengths_to_padding_mask(lengths, frames.shape[1])
        mel = self.decoder.denormalize(self.decoder(frames, frame_pad))  # (B, T, M)
        return mel.masked_fill(frame_pad[:, :, None], 0.0), lengths

    @torch.no_grad()
    def synthesize(
        self, symbols: Sequence[str], speed: float = 1.0, speaker: int = 0
    ) -> torch.Tensor:
        """Log-mel (T, M) for one sentence's symbols (see :func:`yuyin.text.phonemize`).

        Runs in eval mode without gradients; ``[]`` gives (0, M). ``speed`` > 1 is faster.
        """
        if not symbols:
            return torch.zeros(0, self.config.n_mels)
        if not 0 <= speaker < self.config.n_speakers:
            raise ValueError(f"speaker {speaker} outside 0..{self.config.n_speakers - 1}")
        device = self.embed.weight.device
        ids = torch.tensor([symbol_ids(symbols, self.config.symbols)], device=device)  # (1, U)
        lengths = torch.tensor([ids.shape[1]], device=device)
        was_training = self.training
        self.eval()
        try:
            speakers = torch.tensor([speaker], device=device)
            mel, frames = self.infer(ids, lengths, speakers, speed)
        finally:
            self.train(was_training)
        return mel[0, : int(frames[0])].float().cpu()


def build_tts(config: TTSConfig) -> AcousticModel:
    """The acoustic model for ``config`` (the explicit factory the hub calls for kind "tts")."""
    return AcousticModel(config)
