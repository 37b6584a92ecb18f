"""CTC forced alignment: where each token of a known transcript is spoken.

:func:`forced_align` is Viterbi over the standard CTC trellis: the target ``y1 .. yU`` with a
blank before, between and after its tokens (``S = 2U + 1`` states). At each frame a path stays
in its state, moves to the next, or skips a blank between two *different* tokens; two equal
tokens in a row need a blank frame between them, so a target needs at least ``U + repeats``
frames. The recursion is vectorized over states with torch, one step per frame, in log space.

:func:`align` turns the best path into token spans (frames) and word spans (seconds), for word
timings, TTS durations and pronunciation scores::

    alignment = align(log_probs, length, tokenizer.encode(text), tokenizer, frame_rate=25.0)
    for w in alignment.words:
        print(w.word, w.start, w.end, w.score)

Shapes: T frames, V vocabulary (blank included), U target tokens, S = 2U + 1 trellis states.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import torch

from yuyin.text.tokenizer import Tokenizer

__all__ = [
    "Alignment",
    "AlignmentError",
    "TokenSpan",
    "WordSpan",
    "align",
    "forced_align",
    "min_frames",
]

NEG_INF = float("-inf")
STAY, STEP, SKIP = 0, 1, 2  # trellis moves: same state, next state, over a blank
NO_TOKEN = -1  # frame index of a blank frame in the path


class AlignmentError(ValueError):
    """A transcript that cannot be aligned to the emissions (too long, or impossible)."""


@dataclass(frozen=True)
class TokenSpan:
    """One target token: frames ``[start, end)``, and its mean posterior over them (0..1)."""

    token: int
    start: int
    end: int
    score: float


@dataclass(frozen=True)
class WordSpan:
    """One word: ``[start, end)`` in seconds, and the mean token posterior over its frames."""

    word: str
    start: float
    end: float
    score: float


@dataclass(frozen=True)
class Alignment:
    """Token spans (frames) and word spans (seconds) of the best path; ``score`` is its
    log probability."""

    tokens: tuple[TokenSpan, ...]
    words: tuple[WordSpan, ...]
    score: float


def min_frames(token_ids: Sequence[int]) -> int:
    """Frames a CTC path for ``token_ids`` needs: one per token, plus a blank between repeats."""
    repeats = sum(1 for a, b in pairwise(token_ids) if a == b)
    return len(token_ids) + repeats


def _trellis_labels(targets: torch.Tensor, blank_id: int) -> torch.Tensor:
    """``[blank, y1, blank, y2, ..., yU, blank]``. (U,) -> (S,)"""
    labels = targets.new_full((2 * len(targets) + 1,), blank_id)
    labels[1::2] = targets
    return labels


def _viterbi(emit: torch.Tensor, labels: torch.Tensor) -> tuple[list[int], float]:
    """Best state per frame through the CTC trellis. emit (T, S) log probs -> (T,) states."""
    frames, states = emit.shape
    skip_ok = torch.zeros(states, dtype=torch.bool)  # (S,) a token unlike the one before it
    skip_ok[3::2] = labels[3::2] != labels[1:-2:2]
    pad = emit.new_full((2,), NEG_INF)
    alpha = emit.new_full((states,), NEG_INF)  # (S,)
    alpha[: min(2, states)] = emit[0, : min(2, states)]
    moves = torch.zeros(frames, states, dtype=torch.int8)  # (T, S) how each state was entered
    for t in range(1, frames):
        step = torch.cat([pad[:1], alpha])[:states]  # (S,) from the previous state
        skip = torch.cat([pad, alpha])[:states].masked_fill(~skip_ok, NEG_INF)  # (S,)
        best, move = torch.stack([alpha, step, skip]).max(dim=0)  # (S,), (S,)
        alpha = best + emit[t]
        moves[t] = move.to(torch.int8)
    finals = alpha[-2:] if states > 1 else alpha  # end in the last token or the last blank
    last = int(finals.argmax()) + states - len(finals)
    score = float(alpha[last])
    path = [0] * frames
    state = last
    back = moves.tolist()
    for t in range(frames - 1, -1, -1):
        path[t] = state
        state -= back[t][state]
    return path, score


def forced_align(
    log_probs: torch.Tensor, targets: Sequence[int] | torch.Tensor, blank_id: int = 0
) -> tuple[list[int], float]:
    """Viterbi CTC alignment of ``targets`` (U,) to ``log_probs`` (T, V).

    Returns, per frame, the index ``u`` of the target token it emits (or :data:`NO_TOKEN` for a
    blank frame), and the log probability of that path. Raises :class:`AlignmentError` when the
    target needs more than T frames or no path has a nonzero probability.
    """
    if log_probs.dim() != 2:
        raise ValueError(f"expected log_probs of shape (T, V), got {tuple(log_probs.shape)}")
    ids = [int(i) for i in targets]
    frames, vocab = log_probs.shape
    if any(not 0 <= i < vocab or i == blank_id for i in ids):
        raise AlignmentError(f"targets must be non-blank ids below {vocab}: {ids[:10]}")
    needed = min_frames(ids)
    if frames < needed:
        raise AlignmentError(
            f"cannot align {len(ids)} tokens ({needed - len(ids)} repeated pairs need a blank "
            f"between them) to {frames} frames: at least {needed} frames are needed; the audio "
            "is too short for the transcript, or the model's frame rate too low"
        )
    if frames == 0:
        return [], 0.0
    labels = _trellis_labels(torch.tensor(ids, dtype=torch.long), blank_id)  # (S,)
    emit = log_probs.detach().to(torch.float64).cpu()[:, labels]  # (T, S)
    path, score = _viterbi(emit, labels)
    if score == NEG_INF or math.isnan(score):
        raise AlignmentError("no alignment has a nonzero probability (log_probs hold -inf or NaN)")
    return [(s - 1) // 2 if s % 2 else NO_TOKEN for s in path], score


def _token_spans(
    frame_index: list[int], probs: torch.Tensor, ids: list[int]
) -> tuple[TokenSpan, ...]:
    """Spans of the target tokens from the per-frame token index. probs (T, V) posteriors."""
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for t, u in enumerate(frame_index):
        if u != NO_TOKEN:
            first.setdefault(u, t)
            last[u] = t
    spans = []
    for u, token in enumerate(ids):
        start, end = first[u], last[u] + 1
        spans.append(TokenSpan(token, start, end, float(probs[start:end, token].mean())))
    return tuple(spans)


def _word_spans(
    spans: tuple[TokenSpan, ...], tokenizer: Tokenizer, frame_rate: float
) -> tuple[WordSpan, ...]:
    """Group token spans into words (a new word at each token that begins one)."""
    groups: list[list[TokenSpan]] = []
    for span in spans:
        if not groups or tokenizer.begins_word(span.token):
            groups.append([])
        groups[-1].append(span)
    words = []
    for group in groups:
        text = tokenizer.decode([s.token for s in group])
        letters = [s for s in group if tokenizer.decode([s.token])]  # not the separator "|"
        if not text or not letters:
            continue
        frames = sum(s.end - s.start for s in letters)
        score = sum(s.score * (s.end - s.start) for s in letters) / frames
        start, end = letters[0].start / frame_rate, letters[-1].end / frame_rate
        words.append(WordSpan(text, start, end, score))
    return tuple(words)


def align(
    log_probs: torch.Tensor,
    length: int | None,
    token_ids: Sequence[int],
    tokenizer: Tokenizer,
    frame_rate: float,
) -> Alignment:
    """Force-align ``token_ids`` to the first ``length`` frames of ``log_probs`` (T, V).

    ``frame_rate`` is the model's output frames per second (e.g. 50.0 for the bundled
    recognizer's 20 ms frames); word times are in seconds from the first frame, token spans in
    frames.
    """
    if not 0 < frame_rate < math.inf:  # also refuses NaN
        raise ValueError(f"frame_rate must be a positive number, got {frame_rate}")
    if log_probs.dim() != 2:
        raise ValueError(f"expected log_probs of shape (T, V), got {tuple(log_probs.shape)}")
    length = log_probs.shape[0] if length is None else int(length)
    if not 0 <= length <= log_probs.shape[0]:
        raise ValueError(f"length {length} is outside 0..{log_probs.shape[0]} frames")
    emissions = log_probs[:length]
    ids = [int(i) for i in token_ids]
    frame_index, score = forced_align(emissions, ids, tokenizer.blank_id)
    spans = _token_spans(frame_index, emissions.detach().float().cpu().exp(), ids)
    return Alignment(spans, _word_spans(spans, tokenizer, frame_rate), score)
