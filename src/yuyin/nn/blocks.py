"""Encoder blocks: pre-LN Transformer and Conformer (macaron feed-forwards + convolution module).

Every block maps (B, T, D) -> (B, T, D) and takes ``padding_mask`` (B, T), True at padding. Nothing
mixes padded frames into valid ones: attention masks padded keys, and the convolution module zeroes
padded frames before its depthwise convolution. Normalization is LayerNorm throughout (not
BatchNorm), so an utterance gives the same output alone or in a padded batch.

Shapes: B batch, T frames, D channels.
"""

from __future__ import annotations

import torch
from torch import nn

from yuyin.nn.attention import MultiHeadAttention


class FeedForward(nn.Module):
    """Position-wise MLP: (B, T, D) -> (B, T, D), hidden width ``mult * D``."""

    def __init__(self, dim: int, mult: int, dropout: float, activation: type[nn.Module]) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(dim, mult * dim),
            activation(),
            nn.Dropout(dropout),
            nn.Linear(mult * dim, dim),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


class TransformerBlock(nn.Module):
    """Pre-LN Transformer layer: ``x + attn(LN(x))`` then ``x + ff(LN(x))``; with ``post_norm``
    the original post-LN one (wav2vec 2.0 base, HuBERT base): ``LN(x + attn(x))`` then
    ``LN(x + ff(x))``."""

    def __init__(
        self,
        dim: int,
        heads: int,
        ff_mult: int,
        dropout: float,
        attention_dropout: float,
        rotary: bool = False,
        post_norm: bool = False,
    ) -> None:
        super().__init__()
        self.post_norm = post_norm
        self.attn_norm = nn.LayerNorm(dim)
        self.attn = MultiHeadAttention(dim, heads, attention_dropout, rotary)
        self.ff_norm = nn.LayerNorm(dim)
        self.ff = FeedForward(dim, ff_mult, dropout, nn.GELU)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, padding_mask: torch.Tensor | None = None) -> torch.Tensor:
        if self.post_norm:
            x = self.attn_norm(x + self.dropout(self.attn(x, padding_mask)))
            return self.ff_norm(x + self.dropout(self.ff(x)))
        x = x + self.dropout(self.attn(self.attn_norm(x), padding_mask))
        return x + self.dropout(self.ff(self.ff_norm(x)))


class ConvModule(nn.Module):
    """Conformer convolution module: LN, pointwise+GLU, depthwise conv, LN, SiLU, pointwise.

    (B, T, D) -> (B, T, D). The depthwise kernel is odd and "same"-padded; padded frames are zeroed
    before it so that they look like the convolution's own zero padding.
    """

    def __init__(self, dim: int, kernel_size: int, dropout: float) -> None:
        super().__init__()
        if kernel_size % 2 == 0:
            raise ValueError(f"conformer conv_kernel must be odd, got {kernel_size}")
        self.norm = nn.LayerNorm(dim)
        self.pointwise_in = nn.Linear(dim, 2 * dim)
        self.depthwise = nn.Conv1d(dim, dim, kernel_size, padding=kernel_size // 2, groups=dim)
        self.depth_norm = nn.LayerNorm(dim)  # LayerNorm, not BatchNorm: independent of padding
        self.activation = nn.SiLU()
        self.pointwise_out = nn.Linear(dim, dim)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, padding_mask: torch.Tensor | None = None) -> torch.Tensor:
        y = nn.functional.glu(self.pointwise_in(self.norm(x)), dim=-1)  # (B, T, D)
        if padding_mask is not None:
            y = y.masked_fill(padding_mask[:, :, None], 0.0)
        y = self.depthwise(y.transpose(1, 2)).transpose(1, 2)  # (B, T, D)
        y = self.pointwise_out(self.activation(self.depth_norm(y)))
        return self.dropout(y)


class ConformerBlock(nn.Module):
    """Conformer layer (Gulati et al. 2020): half FF, attention, convolution, half FF, LN."""

    def __init__(
        self,
        dim: int,
        heads: int,
        ff_mult: int,
        conv_kernel: int,
        dropout: float,
        attention_dropout: float,
        rotary: bool = False,
    ) -> None:
        super().__init__()
        self.ff1_norm = nn.LayerNorm(dim)
        self.ff1 = FeedForward(dim, ff_mult, dropout, nn.SiLU)
        self.attn_norm = nn.LayerNorm(dim)
        self.attn = MultiHeadAttention(dim, heads, attention_dropout, rotary)
        self.conv = ConvModule(dim, conv_kernel, dropout)
        self.ff2_norm = nn.LayerNorm(dim)
        self.ff2 = FeedForward(dim, ff_mult, dropout, nn.SiLU)
        self.out_norm = nn.LayerNorm(dim)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, padding_mask: torch.Tensor | None = None) -> torch.Tensor:
        x = x + 0.5 * self.dropout(self.ff1(self.ff1_norm(x)))  # macaron: half-step FF
        x = x + self.dropout(self.attn(self.attn_norm(x), padding_mask))
        x = x + self.conv(x, padding_mask)
        x = x + 0.5 * self.dropout(self.ff2(self.ff2_norm(x)))
        return self.out_norm(x)


def rotary_conformer_stack(
    layers: int, dim: int, heads: int, ff_mult: int, conv_kernel: int, dropout: float
) -> nn.ModuleList:
    """``layers`` conformer blocks with rotary positions and no attention dropout (the TTS phoneme
    encoder's and mel decoder's stack). A ModuleList, so weights keep the names ``N.<param>``."""
    return nn.ModuleList(
        ConformerBlock(dim, heads, ff_mult, conv_kernel, dropout, 0.0, rotary=True)
        for _ in range(layers)
    )
