"""Self-supervised pretraining objectives over a :class:`SpeechEncoder`.

Each objective is a small module that wraps an encoder, takes a padded waveform batch and returns a
:class:`PretrainOutput` (scalar ``loss`` to backpropagate, float ``logs``, tensors for the health
monitor). A training step is the same for all three::

    model.set_step(step)                        # anneals the wav2vec 2.0 quantizer; no-op otherwise
    out = model(wave, wave_lengths)             # (B, S) float at 16 kHz, (B,) samples
    out.loss.backward()                         # then clip, optimizer.step() ...
    warnings = monitor.update(step, out, grad_norm)

* :class:`MaskedReconstruction` - hide spans of frames, regress the normalized log-mels under them
  (L1), as the autoencoding family (Mockingjay, TERA).
* :class:`Wav2Vec2` - hide spans, pick the true quantized frame among K distractors from the same
  utterance (InfoNCE on cosine similarity / 0.1), + codebook diversity + feature penalty.
* :class:`HuBERT` - hide spans, classify k-means cluster ids of the hidden frames (cosine similarity
  with label embeddings / 0.1). Targets come from a :class:`KMeansLabeler` inside the module
  (checkpoint is self-contained), or precomputed per batch via ``forward(..., targets=...)``.

Every objective logs ``loss_masked`` and ``loss_unmasked`` (the same loss on visible frames; for
wav2vec 2.0 and when its weight is 0 it is computed without gradient, as a diagnostic) and, where
the task is a choice, ``acc_masked`` / ``acc_unmasked``.

Shapes: B batch, S samples, T encoder frames, D encoder channels, C projection channels,
M masked frames in the batch, K distractors or clusters, G codebook groups.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import torch
import torch.nn.functional as F
from torch import nn

from yuyin.config import check_ranges
from yuyin.data.augment import random_warp_mel
from yuyin.models.encoder import EncoderOutput, MaskFn, SpeechEncoder
from yuyin.models.kmeans import IGNORE_INDEX, KMeansLabeler
from yuyin.models.quantizer import GumbelQuantizer
from yuyin.nn.masks import compute_span_mask

WAVE_FEATURE_PENALTY = 10.0  # wav2vec 2.0 / HuBERT base: loss weight of the feature L2 penalty

__all__ = [
    "HuBERT",
    "HuBERTConfig",
    "MaskedReconstruction",
    "MaskedReconstructionConfig",
    "PretrainOutput",
    "Wav2Vec2",
    "Wav2Vec2Config",
    "compute_span_mask",
    "sample_negatives",
    "stack_mel_frames",
]


# the span masking all three objectives share: a span of 2 s already hides whole utterances
MASK_RANGES = {"mask_prob": (0.01, 1.0), "mask_span_seconds": (0.01, 2.0), "min_masks": (0, None)}


@dataclass
class MaskedReconstructionConfig:
    """Masked log-mel reconstruction."""

    mask_prob: float = 0.65  # span starts per frame / span (about 48% of frames end up hidden)
    mask_span_seconds: float = 0.2  # 5 frames at 25 frames/s, 10 at 50 frames/s (wav2vec 2.0)
    min_masks: int = 2
    unmasked_weight: float = 0.0  # weight of the L1 loss on visible frames

    def __post_init__(self) -> None:
        check_ranges(
            self,
            **MASK_RANGES,
            unmasked_weight=(0, None),
        )


@dataclass
class Wav2Vec2Config:
    """wav2vec 2.0 (base) objective; the defaults are the paper's."""

    mask_prob: float = 0.65
    mask_span_seconds: float = 0.2
    min_masks: int = 2
    num_negatives: int = 100  # K distractors per masked frame, from the same utterance
    logit_temperature: float = 0.1
    codebook_groups: int = 2  # G
    codebook_entries: int = 320  # V
    final_dim: int = 256  # C: projection of context and of quantized vectors
    diversity_weight: float = 0.1
    feature_penalty_weight: float | None = None  # None: 10 for the "wave" frontend, 0 for "mel"
    max_temperature: float = 2.0  # Gumbel temperature schedule
    min_temperature: float = 0.5
    temperature_decay: float = 0.999995  # per update

    def __post_init__(self) -> None:
        check_ranges(
            self,
            **MASK_RANGES,
            num_negatives=(1, None),
            logit_temperature=(1e-3, None),
            codebook_groups=(1, None),
            codebook_entries=(2, 2**16),
            final_dim=(1, None),
            diversity_weight=(0, None),
            max_temperature=(1e-3, None),
            min_temperature=(1e-3, self.max_temperature),
            temperature_decay=(0.5, 1.0),
        )
        if self.feature_penalty_weight is not None:
            check_ranges(self, feature_penalty_weight=(0, None))


@dataclass
class HuBERTConfig:
    """HuBERT (base) objective; the defaults are the paper's."""

    num_clusters: int = 100  # K; 100 for MFCC targets, 500 for iteration 2
    mask_prob: float = 0.8
    mask_span_seconds: float = 0.2
    min_masks: int = 2
    final_dim: int = 256
    logit_temperature: float = 0.1
    unmasked_weight: float = 0.0  # HuBERT's best: predict masked frames only
    feature_penalty_weight: float | None = None  # None: 10 for the "wave" frontend, 0 for "mel"
    # > 0: the student hears each utterance VTLP-warped by a factor drawn uniformly from
    # [1 - student_warp, 1 + student_warp] while the targets come from the unwarped audio (a
    # speaker-perturbed student, as in ContentVec); "mel" frontend only. 0: no warp.
    student_warp: float = 0.0

    def __post_init__(self) -> None:
        check_ranges(
            self,
            **MASK_RANGES,
            num_clusters=(2, 2**16),
            final_dim=(1, None),
            logit_temperature=(1e-3, None),
            unmasked_weight=(0, None),
        )
        if self.feature_penalty_weight is not None:
            check_ranges(self, feature_penalty_weight=(0, None))
        if not 0.0 <= self.student_warp < 0.5:
            raise ValueError(f"student_warp must be in [0, 0.5), got {self.student_warp}")


@dataclass
class PretrainOutput:
    """Loss, logs and the tensors :class:`yuyin.eval.health.HealthMonitor` reads (detached)."""

    loss: torch.Tensor  # () to backpropagate
    logs: dict[str, float]
    hidden: torch.Tensor  # (B, T, D) encoder output
    padding_mask: torch.Tensor  # (B, T) True at padding
    mask: torch.Tensor  # (B, T) hidden frames
    codes: torch.Tensor | None = None  # (B, T, G) quantizer choices (wav2vec 2.0)
    num_entries: int | None = None  # V, entries per codebook group (wav2vec 2.0)
    targets: torch.Tensor | None = None  # (B, T) cluster ids, IGNORE_INDEX at padding (HuBERT)
    num_clusters: int | None = None  # K (HuBERT)
    unmasked_weight: float = 0.0  # weight of loss_unmasked in loss (0: visible frames untrained)


def stack_mel_frames(mel: torch.Tensor, frames: int, per_frame: int) -> torch.Tensor:
    """Group log-mel frames by encoder frame: (B, T_mel, M) -> (B, T, per_frame * M).

    Encoder frame t gets mel frames ``per_frame * t ... per_frame * (t + 1) - 1`` (zeros past end).
    """
    need = frames * per_frame
    if mel.shape[1] < need:
        mel = F.pad(mel, (0, 0, 0, need - mel.shape[1]))
    return mel[:, :need].reshape(mel.shape[0], frames, per_frame * mel.shape[2])


def sample_negatives(
    lengths: torch.Tensor, batch_index: torch.Tensor, frame_index: torch.Tensor, num: int
) -> torch.Tensor:
    """Distractor frames for the frames (batch_index, frame_index), each (M,). Returns (M, K).

    Uniform over the *other* valid frames of the same utterance (with replacement). An utterance
    of one frame can only offer the frame itself; the loss masks such (equal) candidates out.
    """
    valid = lengths[batch_index]  # (M,)
    draws = torch.rand(batch_index.shape[0], num, device=lengths.device)  # (M, K)
    picks = (draws * (valid - 1).clamp(min=0)[:, None]).long()  # [0, L - 2]
    picks = picks + (picks >= frame_index[:, None]).long()  # skip the frame itself
    return torch.minimum(picks, (valid - 1)[:, None])


def _masked_mean(values: torch.Tensor, select: torch.Tensor) -> torch.Tensor:
    """Mean of values (B, T) over select (B, T) bool; 0 when nothing is selected."""
    weights = select.to(values.dtype)
    return (values * weights).sum() / weights.sum().clamp(min=1.0)


def _span_mask(
    padding_mask: torch.Tensor, mask_prob: float, span: int, min_masks: int
) -> torch.Tensor:
    """The objectives' ``mask_fn``: span mask over the valid frames of (B, T) -> (B, T)."""
    lengths = (~padding_mask).sum(dim=1)  # (B,)
    return compute_span_mask(padding_mask.shape, lengths, mask_prob, span, min_masks)


def _span_masker(
    encoder: SpeechEncoder, mask_prob: float, span_seconds: float, min_masks: int
) -> MaskFn:
    span = max(1, round(span_seconds * encoder.frame_rate))  # frames
    return partial(_span_mask, mask_prob=mask_prob, span=span, min_masks=min_masks)


def _feature_penalty_weight(encoder: SpeechEncoder, weight: float | None) -> float:
    """wav2vec 2.0 and HuBERT weigh the mean square of raw conv-stack features by 10. The "mel"
    frontend ends in a ReLU whose outputs such a penalty drives towards the LayerNorm's epsilon,
    so by default it is off there."""
    if weight is not None:
        return weight
    return WAVE_FEATURE_PENALTY if encoder.config.frontend == "wave" else 0.0


def _logs(**values: torch.Tensor | float) -> dict[str, float]:
    return {
        k: float(v.detach()) if isinstance(v, torch.Tensor) else float(v) for k, v in values.items()
    }


class MaskedReconstruction(nn.Module):
    """Predict the normalized log-mels of hidden frames with a linear head; L1 loss."""

    def __init__(self, encoder: SpeechEncoder, config: MaskedReconstructionConfig) -> None:
        super().__init__()
        self.encoder, self.config = encoder, config
        self.per_frame = encoder.mel_frames_per_frame
        self.head = nn.Linear(encoder.config.dim, self.per_frame * encoder.logmel.n_mels)
        self._mask_fn = _span_masker(
            encoder, config.mask_prob, config.mask_span_seconds, config.min_masks
        )

    def set_step(self, step: int) -> None:
        """Nothing is scheduled in this objective."""

    def forward(self, wave: torch.Tensor, wave_lengths: torch.Tensor) -> PretrainOutput:
        out = self.encoder(wave, wave_lengths, mask_fn=self._mask_fn)
        mel = out.mel if out.mel is not None else self.encoder.log_mel(wave, wave_lengths)[0]
        target = stack_mel_frames(mel, out.hidden.shape[1], self.per_frame)  # (B, T, k M)
        error = (self.head(out.hidden) - target).abs().mean(dim=-1)  # (B, T)
        masked = out.mask  # (B, T)
        visible = ~out.padding_mask & ~masked
        loss_masked = _masked_mean(error, masked)
        loss_unmasked = _masked_mean(error, visible)
        loss = loss_masked + self.config.unmasked_weight * loss_unmasked
        logs = _logs(
            loss=loss,
            loss_masked=loss_masked,
            loss_unmasked=loss_unmasked,
            mask_ratio=_masked_mean(masked.float(), ~out.padding_mask),
        )
        return PretrainOutput(
            loss,
            logs,
            out.hidden.detach(),
            out.padding_mask,
            masked,
            unmasked_weight=self.config.unmasked_weight,
        )


class Wav2Vec2(nn.Module):
    """Contrastive task over a Gumbel product quantizer of the unmasked frontend features."""

    def __init__(self, encoder: SpeechEncoder, config: Wav2Vec2Config) -> None:
        super().__init__()
        self.encoder, self.config = encoder, config
        self.quantizer = GumbelQuantizer(
            encoder.config.dim,
            config.codebook_groups,
            config.codebook_entries,
            config.final_dim,
            config.final_dim,
            config.max_temperature,
            config.min_temperature,
            config.temperature_decay,
        )
        self.final_proj = nn.Linear(encoder.config.dim, config.final_dim)
        self.feature_penalty_weight = _feature_penalty_weight(
            encoder, config.feature_penalty_weight
        )
        self._mask_fn = _span_masker(
            encoder, config.mask_prob, config.mask_span_seconds, config.min_masks
        )

    def set_step(self, step: int) -> None:
        """Anneal the Gumbel temperature for update ``step``."""
        self.quantizer.set_step(step)

    def _contrastive(
        self, pred: torch.Tensor, targets: torch.Tensor, lengths: torch.Tensor, select: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """InfoNCE over selected frames: pred, targets (B, T, C) -> (loss (), accuracy ())."""
        batch_index, frame_index = select.nonzero(as_tuple=True)  # (M,) each
        if batch_index.numel() == 0:
            zero = pred.sum() * 0.0
            return zero, zero.detach()
        picks = sample_negatives(lengths, batch_index, frame_index, self.config.num_negatives)
        positive = targets[batch_index, frame_index]  # (M, C)
        negatives = targets[batch_index[:, None], picks]  # (M, K, C)
        candidates = torch.cat([positive[:, None], negatives], dim=1)  # (M, 1 + K, C)
        query = pred[batch_index, frame_index][:, None].float()  # (M, 1, C)
        logits = F.cosine_similarity(query, candidates.float(), dim=-1)  # (M, 1 + K)
        logits = logits / self.config.logit_temperature
        same = (negatives == positive[:, None]).all(dim=-1)  # (M, K) same code: not a distractor
        logits = torch.cat([logits[:, :1], logits[:, 1:].masked_fill(same, float("-inf"))], 1)
        labels = torch.zeros_like(batch_index)  # the positive is candidate 0
        accuracy = (logits.argmax(dim=-1) == 0).float().mean()
        return F.cross_entropy(logits, labels), accuracy.detach()

    def forward(self, wave: torch.Tensor, wave_lengths: torch.Tensor) -> PretrainOutput:
        out: EncoderOutput = self.encoder(wave, wave_lengths, mask_fn=self._mask_fn)
        quant = self.quantizer(out.features, out.padding_mask)  # targets from unmasked features
        pred = self.final_proj(out.hidden)  # (B, T, C)
        masked = out.mask
        loss_masked, acc_masked = self._contrastive(pred, quant.quantized, out.lengths, masked)
        with torch.no_grad():  # diagnostic: as many visible frames as masked ones
            visible = ~out.padding_mask & ~masked
            keep = torch.rand(visible.shape, device=visible.device) < (
                masked.sum() / visible.sum().clamp(min=1)
            )
            loss_unmasked, acc_unmasked = self._contrastive(
                pred, quant.quantized, out.lengths, visible & keep
            )
        num_codes = self.quantizer.num_codes
        diversity = (num_codes - quant.prob_perplexity) / num_codes
        loss = (
            loss_masked
            + self.config.diversity_weight * diversity
            + self.feature_penalty_weight * out.feature_penalty
        )
        logs = _logs(
            loss=loss,
            loss_masked=loss_masked,
            loss_unmasked=loss_unmasked,
            acc_masked=acc_masked,
            acc_unmasked=acc_unmasked,
            diversity=diversity,
            prob_perplexity=quant.prob_perplexity,
            code_perplexity=quant.code_perplexity,
            temperature=self.quantizer.temperature,
            feature_penalty=out.feature_penalty,
            mask_ratio=_masked_mean(masked.float(), ~out.padding_mask),
        )
        return PretrainOutput(
            loss,
            logs,
            out.hidden.detach(),
            out.padding_mask,
            masked,
            codes=quant.codes.detach(),
            num_entries=self.quantizer.entries,
        )


class HuBERT(nn.Module):
    """Masked prediction of k-means cluster ids (cosine logits against label embeddings)."""

    def __init__(
        self, encoder: SpeechEncoder, config: HuBERTConfig, labeler: KMeansLabeler | None = None
    ) -> None:
        super().__init__()
        if labeler is not None and labeler.num_clusters != config.num_clusters:
            raise ValueError(
                f"labeler has {labeler.num_clusters} clusters, config.num_clusters is "
                f"{config.num_clusters}"
            )
        self.encoder, self.config, self.labeler = encoder, config, labeler
        self.final_proj = nn.Linear(encoder.config.dim, config.final_dim)
        self.feature_penalty_weight = _feature_penalty_weight(
            encoder, config.feature_penalty_weight
        )
        self.label_embeddings = nn.Parameter(torch.randn(config.num_clusters, config.final_dim))
        self._mask_fn = _span_masker(
            encoder, config.mask_prob, config.mask_span_seconds, config.min_masks
        )
        if config.student_warp and encoder.config.frontend != "mel":
            raise ValueError("HuBERTConfig.student_warp needs an encoder with the 'mel' frontend")

    def set_step(self, step: int) -> None:
        """Nothing is scheduled in this objective."""

    def forward(
        self,
        wave: torch.Tensor,
        wave_lengths: torch.Tensor,
        targets: torch.Tensor | None = None,
    ) -> PretrainOutput:
        """``targets`` (B, T') cluster ids at the encoder frame rate (IGNORE_INDEX where none);
        when None they come from ``self.labeler``. They are cut or padded to the encoder's T."""
        if targets is None:
            if self.labeler is None:
                raise ValueError("HuBERT needs targets: pass targets= or build it with a labeler")
            targets = self.labeler(wave, wave_lengths)
        warp = None
        if self.config.student_warp and self.training:  # the student hears warped log-mels
            warp = partial(random_warp_mel, width=self.config.student_warp)
        out = self.encoder(wave, wave_lengths, mask_fn=self._mask_fn, mel_fn=warp)
        frames = out.hidden.shape[1]
        targets = targets.to(out.hidden.device, torch.long)[:, :frames]
        targets = F.pad(targets, (0, frames - targets.shape[1]), value=IGNORE_INDEX)  # (B, T)
        targets = targets.masked_fill(out.padding_mask, IGNORE_INDEX)
        proj = F.normalize(self.final_proj(out.hidden).float(), dim=-1)  # (B, T, C)
        labels = F.normalize(self.label_embeddings.float(), dim=-1)  # (K, C)
        logits = proj @ labels.T / self.config.logit_temperature  # (B, T, K)
        safe = targets.clamp(min=0)
        ce = F.cross_entropy(logits.transpose(1, 2), safe, reduction="none")  # (B, T)
        correct = (logits.argmax(dim=-1) == targets).float()
        has_target = targets != IGNORE_INDEX
        masked, visible = out.mask & has_target, ~out.mask & has_target
        loss_masked = _masked_mean(ce, masked)
        loss_unmasked = _masked_mean(ce, visible)
        loss = (
            loss_masked
            + self.config.unmasked_weight * loss_unmasked
            + self.feature_penalty_weight * out.feature_penalty
        )
        logs = _logs(
            loss=loss,
            loss_masked=loss_masked,
            loss_unmasked=loss_unmasked,
            acc_masked=_masked_mean(correct, masked),
            acc_unmasked=_masked_mean(correct, visible),
            feature_penalty=out.feature_penalty,
            mask_ratio=_masked_mean(out.mask.float(), ~out.padding_mask),
        )
        return PretrainOutput(
            loss,
            logs,
            out.hidden.detach(),
            out.padding_mask,
            out.mask,
            targets=targets,
            num_clusters=self.config.num_clusters,
            unmasked_weight=self.config.unmasked_weight,
        )
