"""Multi-head self-attention over frames with key padding, on PyTorch's fused SDPA kernels.

Shapes: B batch, T frames, D channels, H heads, Dh = D / H.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from yuyin.nn.positions import RotaryEmbedding


class MultiHeadAttention(nn.Module):
    """Self-attention: (B, T, D) -> (B, T, D), padded keys never attended to.

    ``rotary=True`` applies :class:`RotaryEmbedding` to queries and keys. Frames at padded
    positions still produce (meaningless) outputs; callers ignore them via the padding mask.
    """

    def __init__(self, dim: int, heads: int, dropout: float = 0.0, rotary: bool = False) -> None:
        super().__init__()
        if dim % heads:
            raise ValueError(f"dim {dim} is not divisible by heads {heads}")
        self.heads = heads
        self.dropout = dropout
        self.qkv = nn.Linear(dim, 3 * dim)
        self.out = nn.Linear(dim, dim)
        self.rotary = RotaryEmbedding(dim // heads) if rotary else None

    def forward(self, x: torch.Tensor, padding_mask: torch.Tensor | None = None) -> torch.Tensor:
        """``padding_mask`` (B, T) is True at padding; every row needs one valid frame."""
        batch, frames, dim = x.shape
        qkv = self.qkv(x).view(batch, frames, 3, self.heads, dim // self.heads)  # (B, T, 3, H, Dh)
        q, k, v = qkv.permute(2, 0, 3, 1, 4).unbind(0)  # (B, H, T, Dh) each
        if self.rotary is not None:
            q, k = self.rotary(q), self.rotary(k)
        keep = None if padding_mask is None else ~padding_mask[:, None, None, :]  # (B, 1, 1, T)
        y = F.scaled_dot_product_attention(
            q, k, v, attn_mask=keep, dropout_p=self.dropout if self.training else 0.0
        )  # (B, H, T, Dh)
        return self.out(y.transpose(1, 2).reshape(batch, frames, dim))  # (B, T, D)
