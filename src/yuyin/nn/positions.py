"""Positional information for speech encoders.

* :class:`ConvPositionalEmbedding` - wav2vec 2.0's: a wide grouped convolution over time, whose
  output is added to the frames; relative by construction and length-agnostic.
* :class:`RotaryEmbedding` - rotary position embedding (RoFormer) applied to queries and keys inside
  attention; relative, parameter-free.

Shapes: B batch, T frames, D channels, H heads, Dh channels per head.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils.parametrizations import weight_norm

ROTARY_BASE = 10000.0  # RoFormer: wavelengths from 2*pi to 2*pi*10000 frames


class ConvPositionalEmbedding(nn.Module):
    """Grouped conv over time, GELU; the result is *added* to the input by the caller.

    (B, T, D) -> (B, T, D). Padded frames are zeroed first so that a padded utterance sees exactly
    the conv's own zero padding it would see alone. An even kernel (wav2vec 2.0 uses 128) gives one
    extra output frame, which is dropped.
    """

    def __init__(self, dim: int, kernel_size: int, groups: int) -> None:
        super().__init__()
        if dim % groups:
            raise ValueError(f"dim {dim} is not divisible by pos_conv_groups {groups}")
        conv = nn.Conv1d(dim, dim, kernel_size, padding=kernel_size // 2, groups=groups)
        # wav2vec 2.0's init: variance 4 / (kernel * dim) keeps the added signal near unit scale
        nn.init.normal_(conv.weight, mean=0.0, std=math.sqrt(4.0 / (kernel_size * dim)))
        nn.init.zeros_(conv.bias)
        self.conv = weight_norm(conv, name="weight", dim=2)
        self.trim = 1 if kernel_size % 2 == 0 else 0

    def forward(self, x: torch.Tensor, padding_mask: torch.Tensor | None = None) -> torch.Tensor:
        if padding_mask is not None:
            x = x.masked_fill(padding_mask[:, :, None], 0.0)
        y = self.conv(x.transpose(1, 2))  # (B, D, T + trim)
        if self.trim:
            y = y[:, :, : -self.trim]
        return F.gelu(y).transpose(1, 2)  # (B, T, D)


class RotaryEmbedding(nn.Module):
    """Rotates pairs of query/key channels by an angle proportional to the frame index.

    (B, H, T, Dh) -> (B, H, T, Dh); Dh must be even. Attention scores then depend on relative
    offsets only, and padding cannot leak in (nothing is mixed across frames).
    """

    def __init__(self, head_dim: int, base: float = ROTARY_BASE) -> None:
        super().__init__()
        if head_dim % 2:
            raise ValueError(f"rotary embedding needs an even head dimension, got {head_dim}")
        inv_freq = base ** (-torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim)
        self.register_buffer("inv_freq", inv_freq, persistent=False)  # (Dh/2,)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        steps = torch.arange(x.shape[-2], device=x.device, dtype=torch.float32)  # (T,)
        angles = steps[:, None] * self.inv_freq.to(x.device)[None, :]  # (T, Dh/2)
        cos, sin = angles.cos().to(x.dtype), angles.sin().to(x.dtype)
        even, odd = x[..., 0::2], x[..., 1::2]  # (B, H, T, Dh/2) each
        rotated = torch.stack((even * cos - odd * sin, even * sin + odd * cos), dim=-1)
        return rotated.flatten(-2)  # (B, H, T, Dh)
