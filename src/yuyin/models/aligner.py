"""Learned text-to-mel alignment for the acoustic model (the RAD-TTS alignment framework).

Phoneme durations are learned inside :class:`~yuyin.models.tts.AcousticModel` while it trains, as
in RAD-TTS (Shih et al. 2021) and FastPitch 1.1 (Badlani et al. 2022, "One TTS alignment to rule
them all")::

    symbol embeddings (B, U, E) ─► key convs ─► keys (B, U, C) ─┐
    normalized log-mel (B, T, M) ─► query convs ─► queries (B, T, C) ─┴► -temperature * |q - k|^2
        ─► log-softmax over symbols + log beta-binomial prior ─► soft alignment (B, T, U)
        ─► forward-sum loss (CTC over the soft alignment: every monotonic path counts)
        ─► monotonic alignment search (Viterbi) ─► hard alignment (B, T, U) ─► durations (B, U)

The *bin loss* (``-log soft`` on the hard path) pulls the soft alignment towards the hard one
once it is reliable. Why this rather than CTC forced alignment with yuyin's ASR model: the
alignment is at the mel frame rate (10 ms; the bundled recognizer emits a frame every 20 ms and
spells characters, not phonemes), and it depends neither on the recognizer's accuracy (77 % WER
on synthetic speech today) nor on its vocabulary, voice or language.

Shapes: B batch, U symbols, T mel frames, M mel bins, E embedding channels, C attention channels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

__all__ = [
    "Aligner",
    "AlignerOutput",
    "beta_binomial_log_prior",
    "bin_loss",
    "forward_sum_loss",
    "monotonic_alignment_search",
]

BLANK_LOGPROB = -1.0  # log-score of the CTC blank added for the forward-sum loss (RAD-TTS)
NEG_INF = float("-inf")
LOG_ZERO = -1e4  # "log 0" for CTC: exp() underflows to 0, while -inf would make its gradient NaN


@dataclass
class AlignerOutput:
    """What :class:`Aligner` gives for a batch."""

    log_scores: torch.Tensor  # (B, T, U) log-softmax over symbols + log prior (forward-sum)
    log_soft: torch.Tensor  # (B, T, U) the same renormalized over symbols; -inf at padding
    hard: torch.Tensor  # (B, T, U) 0/1 monotonic path (no gradient), zero at padding
    durations: torch.Tensor  # (B, U) long: frames per symbol, sums to the mel length


def beta_binomial_log_prior(
    text_lengths: torch.Tensor, mel_lengths: torch.Tensor, scale: float = 1.0
) -> torch.Tensor:
    """Log of the beta-binomial alignment prior of RAD-TTS: frame t expects symbol ~ t * U / T.

    For an utterance of U symbols and T frames, frame t (1-based) gets the beta-binomial
    distribution over symbols k = 0..U-1 with n = U - 1, a = scale * t, b = scale * (T - t + 1).
    Returns (B, T, U), -inf outside each utterance's symbols and frames.
    """
    u_max, t_max = int(text_lengths.max()), int(mel_lengths.max())
    device = text_lengths.device
    k = torch.arange(u_max, device=device, dtype=torch.float32)[None, None, :]  # (1, 1, U)
    t = torch.arange(1, t_max + 1, device=device, dtype=torch.float32)[None, :, None]  # (1, T, 1)
    n = (text_lengths.float() - 1)[:, None, None]  # (B, 1, 1)
    frames = mel_lengths.float()[:, None, None]
    a, b = scale * t, scale * (frames - t + 1).clamp(min=1.0)  # (B, T, 1)

    def log_beta(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return torch.lgamma(x) + torch.lgamma(y) - torch.lgamma(x + y)

    rest = (n - k).clamp(min=0.0)  # (B, 1, U)
    log_choose = torch.lgamma(n + 1) - torch.lgamma(k + 1) - torch.lgamma(rest + 1)
    log_prior = log_choose + log_beta(k + a, rest + b) - log_beta(a, b)  # (B, T, U)
    outside = (k >= text_lengths[:, None, None]) | (t > frames)  # (B, T, U)
    return log_prior.masked_fill(outside, NEG_INF)


def forward_sum_loss(
    log_scores: torch.Tensor, text_lengths: torch.Tensor, mel_lengths: torch.Tensor
) -> torch.Tensor:
    """RAD-TTS forward-sum loss: CTC over the soft alignment, symbols 1..U as the target.

    The CTC loss sums over every monotonic path through the symbols; a blank class with a fixed
    score :data:`BLANK_LOGPROB` is added in front. Mean over the batch of the loss per symbol.
    """
    batch, _, u_max = log_scores.shape
    scores = F.pad(log_scores.float().clamp(min=LOG_ZERO), (1, 0), value=BLANK_LOGPROB)
    symbols = torch.arange(u_max + 1, device=log_scores.device)
    outside = symbols[None, None, :] > text_lengths[:, None, None]  # padded symbols
    scores = scores.masked_fill(outside, LOG_ZERO).log_softmax(dim=-1)  # (B, T, U + 1)
    targets = symbols[1:].expand(batch, u_max)  # (B, U): 1..U, padding ignored by length
    return F.ctc_loss(
        scores.transpose(0, 1),  # (T, B, U + 1), blank first
        targets,
        mel_lengths,
        text_lengths,
        blank=0,
        reduction="mean",
        zero_infinity=True,
    )


def bin_loss(log_soft: torch.Tensor, hard: torch.Tensor) -> torch.Tensor:
    """``-mean log soft`` over the cells of the hard path: pulls the soft alignment onto it."""
    picked = log_soft.masked_fill(hard == 0, 0.0)  # -inf elsewhere is not on the path
    return -picked.sum() / hard.sum().clamp(min=1.0)


def monotonic_alignment_search(
    log_probs: np.ndarray, text_lengths: np.ndarray, mel_lengths: np.ndarray
) -> np.ndarray:
    """The best monotonic path through ``log_probs`` (B, T, U): Viterbi, vectorized over symbols.

    A path starts at (frame 0, symbol 0), ends at (T_b - 1, U_b - 1) and at each frame stays on
    its symbol or moves on by one, so every symbol gets one frame at least (needs T_b >= U_b).
    The loop runs over frames; each step handles all symbols and utterances at once. Returns the
    0/1 path (B, T, U) as float32.
    """
    batch, t_max, u_max = log_probs.shape
    score = np.full((batch, u_max), NEG_INF)  # best path score ending at (t, u)
    score[:, 0] = log_probs[:, 0, 0]
    moved = np.zeros((batch, t_max, u_max), dtype=bool)  # did the best path step in at t?
    for t in range(1, t_max):
        from_left = np.concatenate([np.full((batch, 1), NEG_INF), score[:, :-1]], axis=1)
        moved[:, t] = from_left > score
        score = np.maximum(score, from_left) + log_probs[:, t]
    path = np.zeros((batch, t_max, u_max), dtype=np.float32)
    rows = np.arange(batch)
    u = np.asarray(text_lengths, dtype=np.int64) - 1  # (B,) current symbol, from the end
    last = np.asarray(mel_lengths, dtype=np.int64) - 1
    for t in range(t_max - 1, -1, -1):
        active = t <= last  # (B,) frames inside the utterance
        path[rows[active], t, u[active]] = 1.0
        step = active & moved[rows, t, u] & (t > 0)
        u = np.maximum(u - step, 0)  # stays >= 0 even on an impossible (T_b < U_b) utterance
    return path


class Aligner(nn.Module):
    """Soft and hard alignments of symbols (their embeddings) to mel frames (module doc)."""

    def __init__(
        self,
        text_dim: int,
        n_mels: int,
        channels: int,
        temperature: float,
        prior_scale: float,
    ) -> None:
        super().__init__()
        self.temperature, self.prior_scale = temperature, prior_scale
        self.keys = nn.Sequential(  # FastPitch 1.1's key encoder: two convolutions
            nn.Conv1d(text_dim, 2 * text_dim, 3, padding=1),
            nn.ReLU(),
            nn.Conv1d(2 * text_dim, channels, 1),
        )
        self.queries = nn.Sequential(  # and its query encoder: three
            nn.Conv1d(n_mels, 2 * n_mels, 3, padding=1),
            nn.ReLU(),
            nn.Conv1d(2 * n_mels, n_mels, 1),
            nn.ReLU(),
            nn.Conv1d(n_mels, channels, 1),
        )

    def forward(
        self,
        text: torch.Tensor,
        text_lengths: torch.Tensor,
        mel: torch.Tensor,
        mel_lengths: torch.Tensor,
    ) -> AlignerOutput:
        """``text`` (B, U, E) symbol embeddings, ``mel`` (B, T, M) normalized log-mel."""
        keys = self.keys(text.transpose(1, 2)).transpose(1, 2)  # (B, U, C)
        queries = self.queries(mel.transpose(1, 2)).transpose(1, 2)  # (B, T, C)
        queries, keys = queries.float(), keys.float()
        # |q - k|^2 expanded: no (B, T, U, C) tensor, and no sqrt (cdist's gradient is NaN at 0)
        cross = torch.bmm(queries, keys.transpose(1, 2))  # (B, T, U)
        distance = queries.square().sum(-1)[:, :, None] + keys.square().sum(-1)[:, None] - 2 * cross
        distance = distance.clamp(min=0.0)  # (B, T, U)
        log_prior = beta_binomial_log_prior(text_lengths, mel_lengths, self.prior_scale)
        text_pad = torch.arange(keys.shape[1], device=keys.device)[None] >= text_lengths[:, None]
        logits = (-self.temperature * distance).masked_fill(text_pad[:, None, :], NEG_INF)
        log_scores = logits.log_softmax(dim=-1) + log_prior  # (B, T, U)
        frame_pad = (log_prior == NEG_INF).all(dim=-1, keepdim=True)  # (B, T, 1)
        log_soft = log_scores.masked_fill(frame_pad, 0.0).log_softmax(dim=-1)
        log_soft = log_soft.masked_fill(frame_pad | text_pad[:, None, :], NEG_INF)
        hard = monotonic_alignment_search(
            log_soft.detach().cpu().numpy(),
            text_lengths.cpu().numpy(),
            mel_lengths.cpu().numpy(),
        )
        hard_t = torch.from_numpy(hard).to(mel.device)  # (B, T, U)
        durations = hard_t.sum(dim=1).long()  # (B, U)
        return AlignerOutput(log_scores, log_soft, hard_t, durations)
