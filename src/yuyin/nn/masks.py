"""Frame masks: padding masks from lengths, and wav2vec 2.0-style span masks for pretraining.

Shapes: B batch, T frames. Every mask here is a bool tensor in which True marks the frames the mask
names: padding for :func:`lengths_to_padding_mask`, frames to hide for :func:`compute_span_mask`.
"""

from __future__ import annotations

import torch


def lengths_to_padding_mask(lengths: torch.Tensor, max_len: int | None = None) -> torch.Tensor:
    """Padding mask from valid lengths. (B,) -> (B, T) bool, True where ``t >= lengths[b]``.

    ``max_len`` defaults to the longest length; pass the padded size of the batch to match it.
    """
    if max_len is None:
        max_len = int(lengths.max()) if lengths.numel() else 0
    steps = torch.arange(max_len, device=lengths.device)  # (T,)
    return steps[None, :] >= lengths[:, None]  # (B, T)


def compute_span_mask(
    shape: tuple[int, int],
    lengths: torch.Tensor,
    mask_prob: float,
    span: int,
    min_masks: int = 0,
    generator: torch.Generator | None = None,
) -> torch.Tensor:
    """Random spans of frames to hide, as in wav2vec 2.0 and HuBERT. Returns (B, T) bool.

    Each utterance of ``lengths[b]`` valid frames gets ``floor(mask_prob * length / span + u)``
    span starts (``u`` uniform in [0, 1), so the expected count is exact; at least ``min_masks``),
    drawn uniformly among the positions where a whole span fits inside the valid frames. Spans may
    overlap, so the fraction of hidden frames is below ``mask_prob``: about ``1 - exp(-mask_prob)``
    for long utterances (0.48 at the papers' 0.65). Spans never touch padding, and at least one
    valid frame of every utterance stays visible. The draws come from ``generator`` (a CPU
    generator; the global one when None), so a seeded generator gives the same mask every time.
    """
    batch, max_len = shape
    if not 0.0 <= mask_prob <= 1.0:
        raise ValueError(f"mask_prob must be in [0, 1], got {mask_prob}")
    if span < 1:
        raise ValueError(f"span must be at least 1 frame, got {span}")
    lens = lengths.detach().to("cpu", torch.long).clamp(0, max_len)  # (B,)
    # a span may not cover the whole utterance: keep one frame visible
    span_b = torch.clamp(lens - 1, min=0).clamp(max=span)  # (B,)
    uniform = torch.rand(batch, generator=generator)  # (B,)
    count = torch.floor(mask_prob * lens.float() / span + uniform).long().clamp(min=min_masks)
    fits = torch.where(span_b > 0, (lens - 1) // span_b.clamp(min=1), torch.zeros_like(lens))
    count = torch.minimum(count, fits)  # (B,)
    max_count = int(count.max()) if batch else 0
    mask = torch.zeros(batch, max_len + 1, dtype=torch.bool)  # last column collects unused slots
    if max_count > 0:
        room = (lens - span_b + 1).clamp(min=1)  # (B,) number of possible start positions
        starts = (torch.rand(batch, max_count, generator=generator) * room[:, None]).long()
        offsets = torch.arange(span)  # (span,)
        positions = starts[:, :, None] + offsets[None, None, :]  # (B, N, span)
        used = (torch.arange(max_count)[None, :] < count[:, None])[:, :, None] & (
            offsets[None, None, :] < span_b[:, None, None]
        )  # (B, N, span)
        positions = torch.where(used, positions, torch.full_like(positions, max_len))
        mask.scatter_(1, positions.reshape(batch, -1), True)
    return mask[:, :max_len].to(lengths.device)
