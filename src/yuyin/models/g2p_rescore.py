"""The neural G2P and the joint-sequence model together: both n-best lists, one score.

::

    word ─► neural beam (K best) ───────┐
         ─► joint-sequence FST (N best) ─┴─► candidates ─► neural log p, FST cost ─► best score

Every candidate pronunciation of a word gets

    score = neural_weight * log p_neural(phones | word) - fst_weight * cost
            + length_bonus * len(phones)

where ``log p_neural`` is the teacher-forced sum of log-probabilities (an ensemble's members
averaged per step, as its beam search scores), and ``cost`` the joint-sequence model's negative
log-probability; a candidate missing from the FST's n-best gets the worst cost of that list plus
``missing_penalty`` (the list is all the decoder tells of it). The two models err differently
(a Transformer on letters vs an n-gram over letter-phone pairs), so the combination is well
below either (Yao & Zweig 2015 and Rao et al. 2015 combined an LSTM with a joint n-gram model the
same way). The three weights are tuned on the dev words of the CMUdict split
(:func:`tune_weights`; the grid holds each model alone too, so on dev the combination is never
worse than the better of the two); :class:`RescoreWeights` defaults are what that tuning gave for
the shipped model (`bench/results/g2p-combined.json`).

Shapes: B words, K beams, U phones, V phone vocabulary.
"""

from __future__ import annotations

import itertools
import json
import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
from torch.nn.utils.rnn import pad_sequence

from yuyin.models.g2p import G2PModel, beam_search, encode_words
from yuyin.models.g2p_ensemble import G2PEnsemble
from yuyin.text.g2p import EOS, PAD, G2PEntry, decode_phones, encode_phones
from yuyin.text.joint_sequence import JointSequenceG2P

__all__ = [
    "Candidate",
    "RescoreWeights",
    "candidates",
    "choose",
    "first_of",
    "load_weights",
    "neural_nbest",
    "phone_log_probs",
    "save_weights",
    "tune_weights",
    "word_errors",
]

Phones = tuple[str, ...]


@dataclass(frozen=True)
class RescoreWeights:
    """How the joint score weighs the FST cost against the neural log-probability."""

    fst_weight: float = 0.5
    missing_penalty: float = 4.0
    length_bonus: float = 0.25
    neural_weight: float = 1.0  # 0: the joint-sequence model alone (with the length bonus)


@dataclass(frozen=True)
class Candidate:
    """A pronunciation proposed for a word, with both models' scores (``fst`` None: not in the
    FST's n-best) and its place in the neural beam (``beam_rank`` None: not in it)."""

    phones: Phones
    neural: float
    fst: float | None
    beam_rank: int | None = None


def _members(model: G2PModel | G2PEnsemble) -> list[G2PModel]:
    return list(model.members) if isinstance(model, G2PEnsemble) else [model]


@torch.no_grad()
def neural_nbest(
    model: G2PModel | G2PEnsemble,
    words: Sequence[str],
    beam_size: int = 4,
    max_len: int = 32,
    batch_size: int = 256,
) -> list[list[tuple[Phones, float]]]:
    """Each word's ``beam_size`` best (phones, log-prob) from the neural beam, best first."""
    model.eval()
    out: list[list[tuple[Phones, float]]] = []
    for start in range(0, len(words), batch_size):
        chunk = words[start : start + batch_size]
        ids, scores = beam_search(model, *encode_words(chunk), max_len, beam_size)  # (B, K, U)
        for row_ids, row_scores in zip(ids.tolist(), scores.tolist(), strict=True):
            found = [
                (tuple(decode_phones(seq)), score)
                for seq, score in zip(row_ids, row_scores, strict=True)
                if score > -math.inf
            ]
            out.append(found)
    return out


@torch.no_grad()
def phone_log_probs(
    model: G2PModel | G2PEnsemble,
    pairs: Sequence[tuple[str, Sequence[str]]],
    batch_size: int = 512,
) -> list[float]:
    """log p(phones + end | word) of each (word, phones), teacher-forced; members averaged."""
    model.eval()
    out: list[float] = []
    for start in range(0, len(pairs), batch_size):
        chunk = pairs[start : start + batch_size]
        chars, lengths = encode_words([word for word, _ in chunk])
        seqs = [torch.tensor([*encode_phones(phones), EOS]) for _, phones in chunk]
        targets = pad_sequence(seqs, batch_first=True, padding_value=PAD)  # (B, U)
        members = _members(model)
        logp = sum(m.teacher_logits(chars, lengths, targets).log_softmax(-1) for m in members)
        logp = logp / len(members)  # (B, U, V)
        picked = logp.gather(-1, targets[..., None])[..., 0].masked_fill(targets == PAD, 0.0)
        out.extend(picked.sum(-1).tolist())
    return out


def candidates(
    model: G2PModel | G2PEnsemble,
    fst: JointSequenceG2P,
    words: Sequence[str],
    beam_size: int = 4,
    fst_nbest: int = 8,
    max_len: int = 32,
) -> list[list[Candidate]]:
    """Each word's candidates: the neural beam's and the FST's n-best, merged, both scored."""
    from_fst = fst.nbest(words, fst_nbest)
    from_beam = neural_nbest(model, words, beam_size, max_len)
    merged: list[dict[Phones, tuple[float | None, int | None]]] = []
    for fst_list, beam_list in zip(from_fst, from_beam, strict=True):
        found: dict[Phones, tuple[float | None, int | None]] = {}
        for phones, cost in fst_list:
            if phones and len(phones) <= max_len and phones not in found:
                found[phones] = (cost, None)  # the best cost of a repeated pronunciation
        for rank, (phones, _) in enumerate(beam_list):
            if phones:
                found[phones] = (found.get(phones, (None, None))[0], rank)
        merged.append(found)
    pairs = [(word, phones) for word, found in zip(words, merged, strict=True) for phones in found]
    scores = iter(phone_log_probs(model, pairs))
    return [
        [Candidate(p, next(scores), cost, rank) for p, (cost, rank) in found.items()]
        for found in merged
    ]


def first_of(cands: Sequence[Candidate], source: str) -> Phones:
    """What one model alone would say: ``"beam"`` its first hypothesis, ``"fst"`` the lowest
    cost; ``()`` when that model proposed nothing."""
    if source == "beam":
        ranked = [c for c in cands if c.beam_rank is not None]
        return min(ranked, key=lambda c: c.beam_rank).phones if ranked else ()  # type: ignore[arg-type,return-value]
    if source == "fst":
        costed = [c for c in cands if c.fst is not None]
        return min(costed, key=lambda c: c.fst).phones if costed else ()  # type: ignore[arg-type,return-value]
    raise ValueError(f"source must be 'beam' or 'fst', got {source!r}")


def choose(cands: Sequence[Candidate], weights: RescoreWeights) -> Phones:
    """The candidate with the best joint score; ``()`` when there is none."""
    if not cands:
        return ()
    costs = [c.fst for c in cands if c.fst is not None]
    missing = (max(costs) if costs else 0.0) + weights.missing_penalty

    def score(c: Candidate) -> float:
        cost = missing if c.fst is None else c.fst
        neural = weights.neural_weight * c.neural if weights.neural_weight else 0.0
        return neural - weights.fst_weight * cost + weights.length_bonus * len(c.phones)

    return max(cands, key=score).phones


def word_errors(entries: Sequence[G2PEntry], picks: Sequence[Phones]) -> int:
    """How many picks match none of their entry's pronunciations."""
    return sum(p not in e.pronunciations for e, p in zip(entries, picks, strict=True))


DEFAULT_GRID = {
    "fst_weight": (0.0, 0.3, 0.5, 0.7, 0.85, 1.0, 1.2, 1.5, 2.0),
    "missing_penalty": (1.0, 2.0, 3.0, 4.0, 6.0, 8.0),
    "length_bonus": (0.0, 0.25, 0.5, 0.75, 1.0, 1.5),
    "neural_weight": (1.0, 0.0),
}


def tune_weights(
    entries: Sequence[G2PEntry],
    cands: Sequence[Sequence[Candidate]],
    grid: dict[str, Iterable[float]] | None = None,
) -> tuple[RescoreWeights, int]:
    """The grid point with the fewest word errors on ``entries`` (ties: the first in grid order),
    and that count."""
    grid = grid or DEFAULT_GRID
    best: tuple[int, RescoreWeights] | None = None
    for values in itertools.product(*(grid[k] for k in DEFAULT_GRID)):
        weights = RescoreWeights(**dict(zip(DEFAULT_GRID, values, strict=True)))
        if weights.fst_weight == 0.0 and weights.neural_weight == 0.0:
            continue  # scores nothing but length
        errors = word_errors(entries, [choose(c, weights) for c in cands])
        if best is None or errors < best[0]:
            best = (errors, weights)
    assert best is not None
    return best[1], best[0]


WEIGHTS_FILE = "rescore.json"


def save_weights(fst_dir: str | os.PathLike, weights: RescoreWeights, record: dict) -> Path:
    """Write tuned weights (and how they were tuned: ``record``) into a joint-sequence folder,
    where :func:`load_weights` and :class:`yuyin.text.g2p.G2P` find them."""
    path = Path(fst_dir) / WEIGHTS_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"weights": asdict(weights), **record}, indent=2) + "\n", "utf-8")
    os.replace(tmp, path)
    return path


def load_weights(fst_dir: str | os.PathLike) -> RescoreWeights | None:
    """The weights saved in a joint-sequence folder, or None when it has none."""
    path = Path(fst_dir) / WEIGHTS_FILE
    if not path.is_file():
        return None
    try:
        return RescoreWeights(**json.loads(path.read_text("utf-8"))["weights"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: not a rescoring weights record ({exc})") from None
