"""Masked-character pretraining of the G2P encoder: spellings alone, no pronunciations.

::

    chars (B, S) ─► mask_characters ─► CharEncoder ─► head ─► the hidden characters (B, S, C)

BERT-style (Devlin et al. 2019): some characters of each word are hidden and the encoder learns to
restore them from the rest. :func:`yuyin.models.g2p.build_g2p` then takes the encoder in; the
head is dropped.

Shapes: B words, S characters, D channels, C character vocabulary.
"""

from __future__ import annotations

import torch
from torch import nn

from yuyin.models.g2p import IGNORE, CharEncoder, token_loss
from yuyin.nn.masks import lengths_to_padding_mask
from yuyin.text.g2p import CHAR_TOKENS, GRAPHEMES, MASK

__all__ = ["MaskedCharModel", "mask_characters"]

MASK_RANDOM, MASK_KEEP = 0.1, 0.1  # BERT: of the chosen characters 10 % random, 10 % unchanged


def mask_characters(
    chars: torch.Tensor, lengths: torch.Tensor, mask_prob: float, num_chars: int
) -> tuple[torch.Tensor, torch.Tensor]:
    """BERT-style corruption of words (B, S): returns (corrupted ids, targets), both (B, S).

    Each real character is chosen with probability ``mask_prob`` (at least one per word); of the
    chosen, 80 % become MASK, 10 % a random letter, 10 % stay. Targets hold the original id at
    chosen positions and IGNORE elsewhere. Draws come from the global torch RNG.
    """
    valid = ~lengths_to_padding_mask(lengths, chars.shape[1])  # (B, S)
    chosen = (torch.rand(chars.shape, device=chars.device) < mask_prob) & valid
    # a word with nothing chosen gets one random character chosen
    forced = (torch.rand(chars.shape, device=chars.device) * valid).argmax(1)  # (B,)
    none = ~chosen.any(1)
    chosen[none, forced[none]] = True
    roll = torch.rand(chars.shape, device=chars.device)
    first_letter = len(CHAR_TOKENS) - len(GRAPHEMES)  # ids before it are special tokens
    random_ids = torch.randint(first_letter, num_chars, chars.shape, device=chars.device)
    to_mask = chosen & (roll < 1 - MASK_RANDOM - MASK_KEEP)
    to_random = chosen & ~to_mask & (roll < 1 - MASK_KEEP)
    corrupted = torch.where(to_mask, MASK, torch.where(to_random, random_ids, chars))
    targets = chars.masked_fill(~chosen, IGNORE)
    return corrupted, targets


class MaskedCharModel(nn.Module):
    """Pretraining objective: predict hidden characters of a word from the rest (no phones).

    ``forward(chars, lengths)`` masks internally (training) and returns the mean cross-entropy
    over the hidden characters, with their accuracy. The head is dropped after pretraining.
    """

    def __init__(self, encoder: CharEncoder, mask_prob: float = 0.2) -> None:
        super().__init__()
        if not 0.0 < mask_prob < 1.0:
            raise ValueError(f"mask_prob must be in (0, 1), got {mask_prob}")
        self.encoder = encoder
        self.mask_prob = mask_prob
        dim = encoder.config.dim
        self.head = nn.Sequential(nn.Linear(dim, dim), nn.GELU(), nn.LayerNorm(dim))
        self.out = nn.Linear(dim, encoder.config.num_chars)

    def forward(
        self, chars: torch.Tensor, lengths: torch.Tensor
    ) -> tuple[torch.Tensor, dict[str, float]]:
        num_chars = self.encoder.config.num_chars
        corrupted, targets = mask_characters(chars, lengths, self.mask_prob, num_chars)
        mask = lengths_to_padding_mask(lengths, chars.shape[1])
        logits = self.out(self.head(self.encoder(corrupted, mask)))  # (B, S, num_chars)
        loss, accuracy = token_loss(logits, targets)  # over the chosen characters only
        return loss, {"char_accuracy": accuracy}
