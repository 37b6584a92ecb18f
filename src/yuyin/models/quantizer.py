"""Gumbel-softmax product quantizer of wav2vec 2.0 (after vq-wav2vec).

A frame is mapped to one entry in each of G codebooks of V entries; the chosen entries are
concatenated and projected. Training picks entries with a hard Gumbel-softmax (one-hot forward,
softmax gradient: straight-through), at a temperature annealed from 2 to 0.5; evaluation takes the
argmax. The diversity loss of wav2vec 2.0 is ``(G V - prob_perplexity) / (G V)``.

Shapes: B batch, T frames, F input channels, G groups, V entries per group, C output channels.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

PROB_EPS = 1e-7  # keeps log(p) finite for unused entries


@dataclass
class QuantizerOutput:
    """What :class:`GumbelQuantizer` returns."""

    quantized: torch.Tensor  # (B, T, C) projected concatenated code vectors
    codes: torch.Tensor  # (B, T, G) long, chosen entry per group
    prob_perplexity: torch.Tensor  # () sum over groups of exp(entropy of mean softmax), in [G, GV]
    code_perplexity: torch.Tensor  # () same for the hard choices (no gradient)


def perplexity(probs: torch.Tensor, valid: torch.Tensor) -> torch.Tensor:
    """Sum over groups of ``exp(entropy)`` of the mean distribution over valid frames.

    probs (B, T, G, V), valid (B, T) bool -> (). 1 per group for a single entry, V when uniform.
    """
    weights = valid[:, :, None, None].to(probs.dtype)  # (B, T, 1, 1)
    mean = (probs * weights).sum(dim=(0, 1)) / weights.sum().clamp(min=1.0)  # (G, V)
    entropy = -(mean * torch.log(mean + PROB_EPS)).sum(dim=-1)  # (G,)
    return torch.exp(entropy).sum()


class GumbelQuantizer(nn.Module):
    """(B, T, F) -> :class:`QuantizerOutput`; ``set_step`` anneals the Gumbel temperature."""

    def __init__(
        self,
        input_dim: int,
        groups: int,
        entries: int,
        code_dim: int,
        output_dim: int,
        max_temperature: float = 2.0,
        min_temperature: float = 0.5,
        temperature_decay: float = 0.999995,
    ) -> None:
        super().__init__()
        if code_dim % groups:
            raise ValueError(f"code_dim {code_dim} is not divisible by groups {groups}")
        self.groups, self.entries = groups, entries
        self.max_temperature, self.min_temperature = max_temperature, min_temperature
        self.temperature_decay = temperature_decay
        self.temperature = max_temperature
        self.logits = nn.Linear(input_dim, groups * entries)
        nn.init.normal_(self.logits.weight, std=1.0)  # as wav2vec 2.0: peaked, nearly fixed codes
        nn.init.zeros_(self.logits.bias)
        self.codebook = nn.Parameter(torch.empty(groups, entries, code_dim // groups).uniform_())
        self.project = nn.Linear(code_dim, output_dim)

    @property
    def num_codes(self) -> int:
        """G * V, the largest possible perplexity."""
        return self.groups * self.entries

    def set_step(self, step: int) -> float:
        """Anneal: ``max(max_t * decay**step, min_t)`` (2 -> 0.5 over ~280k steps). Returns it."""
        decayed = self.max_temperature * self.temperature_decay**step
        self.temperature = max(decayed, self.min_temperature)
        return self.temperature

    def forward(self, x: torch.Tensor, padding_mask: torch.Tensor | None = None) -> QuantizerOutput:
        batch, frames, _ = x.shape
        logits = self.logits(x).float().view(batch, frames, self.groups, self.entries)
        valid = (
            torch.ones(batch, frames, dtype=torch.bool, device=x.device)
            if padding_mask is None
            else ~padding_mask
        )  # (B, T)
        codes = logits.argmax(dim=-1)  # (B, T, G)
        if self.training:
            onehot = F.gumbel_softmax(logits, tau=self.temperature, hard=True, dim=-1)
            codes = onehot.argmax(dim=-1)
        else:
            onehot = F.one_hot(codes, self.entries).to(logits.dtype)  # (B, T, G, V)
        prob_perplexity = perplexity(logits.softmax(dim=-1), valid)
        with torch.no_grad():
            code_perplexity = perplexity(onehot.detach(), valid)
        vectors = torch.einsum("btgv,gvc->btgc", onehot.to(x.dtype), self.codebook)  # (B,T,G,C/G)
        quantized = self.project(vectors.flatten(2))  # (B, T, C)
        return QuantizerOutput(quantized, codes, prob_perplexity, code_perplexity)
