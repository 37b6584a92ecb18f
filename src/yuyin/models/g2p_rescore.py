"""The neural G2P and the joint-sequence model together: both n-best lists, one score.

::

    word ─► neural beam (K best) ───────┐
         ─► joint-sequence FST (N best) ─┴─► candidates ─► neural log p, FST cost ─► best score

Every candidate pronunciation of a word gets

    score = neural_weight * log p_neural(phones | word) - fst_weight * cost
            + tagger_weight * log p_tagger(phones | word) + length_bonus * len(phones)
            + reverse_weight * log p_reverse(phones | word)

where ``log p_neural`` is the teacher-forced sum of log-probabilities (an ensemble's members
averaged per step, as its beam search scores), and ``cost`` the joint-sequence model's negative
log-probability; a candidate missing from the FST's n-best gets the worst cost of that list plus
``missing_penalty`` (the list is all the decoder tells of it). With a letter tagger
(:mod:`yuyin.models.g2p_tagger`, optional) its n-best joins the candidates and its
``log p_tagger`` (summed over the cuts of the phones into letters) joins the score; a candidate
no cut can spell gets the word's worst tagger score minus ``missing_penalty``. With a
right-to-left neural model (``G2PConfig.right_to_left``, optional) its beam joins the candidates
and its teacher-forced ``log p_reverse`` joins the score: it reads the word from the end and
writes the phones last first, so it errs where the left-to-right model does not (Sun et al.
2019 rescored with such a pair on CMUdict). The models err
differently (a Transformer on letters vs an n-gram over letter-phone pairs), so the combination
is well below either (Yao & Zweig 2015 and Rao et al. 2015 combined an LSTM with a joint n-gram
model the same way). The weights are tuned on the dev words of the CMUdict split
(:func:`tune_weights`; the grid holds each model alone too, so on dev the combination is never
worse than the better of the two); :class:`RescoreWeights` defaults are what that tuning gave for
the shipped model (`bench/results/g2p-combined.json`).

Shapes: B words, K beams, U phones, V phone vocabulary.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
from torch.nn.utils.rnn import pad_sequence

from yuyin.models.g2p import G2PModel, beam_search, encode_words, length_batches
from yuyin.models.g2p_ensemble import G2PEnsemble
from yuyin.models.g2p_tagger import LetterTagger, sequence_log_probs, tagger_nbest
from yuyin.nn.device import module_device
from yuyin.text.g2p import EOS, PAD, G2PEntry, decode_phones, encode_phones
from yuyin.text.graphone_lm import GraphoneLM
from yuyin.text.joint_sequence import JointSequenceG2P

__all__ = [
    "Candidate",
    "RescoreWeights",
    "candidates",
    "choose",
    "first_of",
    "folder_reverse",
    "load_tuning",
    "load_weights",
    "model_digest",
    "neural_nbest",
    "phone_log_probs",
    "save_weights",
    "tune_weights",
    "word_errors",
]

Phones = tuple[str, ...]
FST_NBEST = 8  # the joint-sequence n-best size G2P and train-fst use unless told otherwise


@dataclass(frozen=True)
class RescoreWeights:
    """How the joint score weighs the FST cost against the neural log-probability."""

    fst_weight: float = 0.5
    missing_penalty: float = 4.0
    length_bonus: float = 0.25
    neural_weight: float = 1.0  # 0: the joint-sequence model alone (with the length bonus)
    tagger_weight: float = 0.0  # > 0 needs a letter tagger's scores on the candidates
    reverse_weight: float = 0.0  # > 0 needs a right-to-left model's scores on the candidates


@dataclass(frozen=True)
class Candidate:
    """A pronunciation proposed for a word, with both models' scores (``fst`` None: not in the
    FST's n-best) and its place in the neural beam (``beam_rank`` None: not in it)."""

    phones: Phones
    neural: float
    fst: float | None
    beam_rank: int | None = None
    tagger: float | None = None  # the letter tagger's log p (None: no tagger, or -inf)
    reverse: float | None = None  # the right-to-left model's log p (None: no such model)
    reverse_rank: int | None = None  # place in the right-to-left beam (None: not in it)


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
    device = module_device(model)
    out: list[list[tuple[Phones, float]]] = [[] for _ in words]
    for chunk in length_batches([len(w) for w in words], batch_size):
        chars, lengths = encode_words([words[i] for i in chunk], device)
        ids, scores = beam_search(model, chars, lengths, max_len, beam_size)  # (B, K, U)
        for i, row_ids, row_scores in zip(chunk, ids.tolist(), scores.tolist(), strict=True):
            out[i] = [
                (tuple(decode_phones(seq)), score)
                for seq, score in zip(row_ids, row_scores, strict=True)
                if score > -math.inf
            ]
    return out


@torch.no_grad()
def phone_log_probs(
    model: G2PModel | G2PEnsemble,
    pairs: Sequence[tuple[str, Sequence[str]]],
    batch_size: int = 512,
) -> list[float]:
    """log p(phones + end | word) of each (word, phones), teacher-forced; members averaged."""
    model.eval()
    members = _members(model)
    sizes = [max(len(word), len(phones) + 1) for word, phones in pairs]
    out: list[float] = [0.0] * len(pairs)
    device = module_device(model)
    for chunk in length_batches(sizes, batch_size):
        chars, lengths = encode_words([pairs[i][0] for i in chunk], device)
        seqs = [torch.tensor([*encode_phones(pairs[i][1]), EOS]) for i in chunk]
        targets = pad_sequence(seqs, batch_first=True, padding_value=PAD).to(device)  # (B, U)
        logp = sum(m.teacher_logits(chars, lengths, targets).log_softmax(-1) for m in members)
        logp = logp / len(members)  # (B, U, V)
        picked = logp.gather(-1, targets[..., None])[..., 0].masked_fill(targets == PAD, 0.0)
        for i, value in zip(chunk, picked.sum(-1).tolist(), strict=True):
            out[i] = value
    return out


def candidates(
    model: G2PModel | G2PEnsemble,
    fst: JointSequenceG2P | GraphoneLM | None,
    words: Sequence[str],
    beam_size: int = 4,
    fst_nbest: int = FST_NBEST,
    max_len: int = 32,
    tagger: LetterTagger | None = None,
    tagger_size: int = 4,
    reverse: G2PModel | G2PEnsemble | None = None,
) -> list[list[Candidate]]:
    """Each word's candidates: the neural beam's, the FST's (and the tagger's, and the
    right-to-left model's beam of ``beam_size``) n-best, merged, every candidate scored by every
    model. ``fst`` None: no joint-sequence model (every ``Candidate.fst`` is None); a graphone
    n-gram (:class:`yuyin.text.graphone_lm.GraphoneLM`) gives its n-best in its place."""
    if reverse is not None and not reverse.config.right_to_left:
        raise ValueError("the reverse model must be a right-to-left one (G2PConfig.right_to_left)")
    from_fst = fst.nbest(words, fst_nbest) if fst is not None else [[] for _ in words]
    from_beam = neural_nbest(model, words, beam_size, max_len)
    # proposals of the other models: no FST cost, no place in the beam
    extra = tagger_nbest(tagger, words, tagger_size) if tagger else [[] for _ in words]
    reverse_ranks: list[dict[Phones, int]] = [{} for _ in words]
    if reverse is not None:
        from_reverse = neural_nbest(reverse, words, beam_size, max_len)
        extra = [t + r for t, r in zip(extra, from_reverse, strict=True)]
        for ranks, beam in zip(reverse_ranks, from_reverse, strict=True):
            for rank, (phones, _) in enumerate(beam):
                ranks.setdefault(phones, rank)
    merged: list[dict[Phones, tuple[float | None, int | None]]] = []
    for fst_list, beam_list, extra_list in zip(from_fst, from_beam, extra, strict=True):
        found: dict[Phones, tuple[float | None, int | None]] = {}
        for phones, cost in fst_list:
            if phones and len(phones) <= max_len and phones not in found:
                found[phones] = (cost, None)  # the best cost of a repeated pronunciation
        for rank, (phones, _) in enumerate(beam_list):
            if phones:
                found[phones] = (found.get(phones, (None, None))[0], rank)
        for phones, _ in extra_list:
            if phones and len(phones) <= max_len and phones not in found:
                found[phones] = (None, None)
        merged.append(found)
    pairs = [(word, phones) for word, found in zip(words, merged, strict=True) for phones in found]
    scores = iter(phone_log_probs(model, pairs))
    tagged = iter(sequence_log_probs(tagger, pairs) if tagger else [None] * len(pairs))
    backward = iter(phone_log_probs(reverse, pairs) if reverse else [None] * len(pairs))

    def finite(value: float | None) -> float | None:
        return value if value is not None and value > -math.inf else None

    return [
        [
            Candidate(
                p, next(scores), cost, rank, finite(next(tagged)), next(backward), ranks.get(p)
            )
            for p, (cost, rank) in found.items()
        ]
        for found, ranks in zip(merged, reverse_ranks, strict=True)
    ]


def first_of(cands: Sequence[Candidate], source: str) -> Phones:
    """What one model alone would say: ``"beam"`` its first hypothesis, ``"fst"`` the lowest
    cost, ``"tagger"`` the highest tagger log-prob, ``"reverse"`` the highest right-to-left
    log-prob among the candidates; ``()`` when that model proposed (or scored) nothing."""
    if source == "beam":
        ranked = [c for c in cands if c.beam_rank is not None]
        return min(ranked, key=lambda c: c.beam_rank).phones if ranked else ()  # type: ignore[arg-type,return-value]
    if source == "fst":
        costed = [c for c in cands if c.fst is not None]
        return min(costed, key=lambda c: c.fst).phones if costed else ()  # type: ignore[arg-type,return-value]
    if source == "tagger":
        tagged = [c for c in cands if c.tagger is not None]
        return max(tagged, key=lambda c: c.tagger).phones if tagged else ()  # type: ignore[arg-type,return-value]
    if source == "reverse":
        scored = [c for c in cands if c.reverse is not None]
        return max(scored, key=lambda c: c.reverse).phones if scored else ()  # type: ignore[arg-type,return-value]
    raise ValueError(f"source must be 'beam', 'fst', 'tagger' or 'reverse', got {source!r}")


def choose(cands: Sequence[Candidate], weights: RescoreWeights) -> Phones:
    """The candidate with the best joint score (:func:`_scores`); ``()`` when there is none."""
    if not cands:
        return ()
    return cands[int(_scores(_score_arrays([cands]), weights)[0].argmax())].phones


def word_errors(entries: Sequence[G2PEntry], picks: Sequence[Phones]) -> int:
    """How many picks match none of their entry's pronunciations."""
    return sum(p not in e.pronunciations for e, p in zip(entries, picks, strict=True))


DEFAULT_GRID = {
    "fst_weight": (0.0, 0.3, 0.5, 0.7, 0.85, 1.0, 1.2, 1.5, 2.0),
    "missing_penalty": (1.0, 2.0, 3.0, 4.0, 6.0, 8.0),
    "length_bonus": (0.0, 0.25, 0.5, 0.75, 1.0, 1.5),
    "neural_weight": (1.0, 0.0),
    "tagger_weight": (0.0,),
    "reverse_weight": (0.0,),
}
TAGGER_GRID = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5)  # tagger_weight values when there is a tagger
REVERSE_GRID = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5)  # reverse_weight values with a reverse model


def _score_arrays(cands: Sequence[Sequence[Candidate]]) -> dict[str, np.ndarray]:
    """Each word's candidate scores as (W words, C candidates) arrays: a candidate the FST did
    not list gets the word's worst listed cost (``no_fst`` marks it for the penalty), one the
    tagger cannot spell the word's lowest tagger score (``no_tagger``); ``valid`` marks real
    candidates in the padding."""
    shape = (len(cands), max([len(c) for c in cands] + [1]))
    names = ("neural", "cost", "no_fst", "tagger", "no_tagger", "length", "reverse")
    arrays = {k: np.zeros(shape) for k in names}
    arrays["valid"] = np.zeros(shape, dtype=bool)
    for row, word_cands in enumerate(cands):
        costs = [c.fst for c in word_cands if c.fst is not None]
        tagged = [c.tagger for c in word_cands if c.tagger is not None]
        worst, lowest = (max(costs) if costs else 0.0), (min(tagged) if tagged else 0.0)
        for col, c in enumerate(word_cands):
            arrays["neural"][row, col] = c.neural
            arrays["cost"][row, col] = worst if c.fst is None else c.fst
            arrays["no_fst"][row, col] = c.fst is None
            arrays["tagger"][row, col] = lowest if c.tagger is None else c.tagger
            arrays["no_tagger"][row, col] = c.tagger is None
            arrays["length"][row, col] = len(c.phones)
            arrays["reverse"][row, col] = 0.0 if c.reverse is None else c.reverse
            arrays["valid"][row, col] = True
    return arrays


def _scores(a: dict[str, np.ndarray], w: RescoreWeights) -> np.ndarray:
    """The joint score (module doc) of every candidate, ``-inf`` in the padding. (W, C)"""
    score = w.length_bonus * a["length"] - w.fst_weight * (
        a["cost"] + w.missing_penalty * a["no_fst"]
    )
    if w.neural_weight:  # 0 * a -inf log-prob would be NaN
        score += w.neural_weight * a["neural"]
    if w.tagger_weight:
        score += w.tagger_weight * (a["tagger"] - w.missing_penalty * a["no_tagger"])
    if w.reverse_weight:
        score += w.reverse_weight * a["reverse"]
    return np.where(a["valid"], score, -np.inf)


def tune_weights(
    entries: Sequence[G2PEntry],
    cands: Sequence[Sequence[Candidate]],
    grid: dict[str, Iterable[float]] | None = None,
) -> tuple[RescoreWeights, int]:
    """The grid point with the fewest word errors on ``entries`` (ties: the first in grid order),
    and that count. Without ``grid``: :data:`DEFAULT_GRID`, with :data:`TAGGER_GRID` for the
    tagger weight when the candidates carry tagger scores and :data:`REVERSE_GRID` for the
    reverse weight when they carry right-to-left scores. Scores as :func:`choose` does, all
    words at once (thousands of grid points in seconds)."""

    def has(name: str) -> bool:
        return any(getattr(c, name) is not None for word_cands in cands for c in word_cands)

    grid = dict(
        grid
        or {
            **DEFAULT_GRID,
            "tagger_weight": TAGGER_GRID if has("tagger") else (0.0,),
            "reverse_weight": REVERSE_GRID if has("reverse") else (0.0,),
        }
    )
    arrays = _score_arrays(cands)
    right = np.zeros(arrays["valid"].shape, dtype=bool)  # (W, C) a listed pronunciation
    for row, (entry, word_cands) in enumerate(zip(entries, cands, strict=True)):
        right[row, : len(word_cands)] = [c.phones in entry.pronunciations for c in word_cands]
    rows = np.arange(len(cands))
    best: tuple[int, RescoreWeights] | None = None
    for values in itertools.product(*(tuple(grid.get(k, DEFAULT_GRID[k])) for k in DEFAULT_GRID)):
        w = RescoreWeights(**dict(zip(DEFAULT_GRID, values, strict=True)))
        if not (w.fst_weight or w.neural_weight or w.tagger_weight or w.reverse_weight):
            continue  # scores nothing but length
        picks = _scores(arrays, w).argmax(1)  # (W,) the first best, as choose picks
        errors = len(cands) - int(right[rows, picks].sum())
        if best is None or errors < best[0]:
            best = (errors, w)
    assert best is not None
    return best[1], best[0]


WEIGHTS_FILE = "rescore.json"
REVERSE_SUBDIR = "reverse"  # a joint-sequence folder's right-to-left neural model


def folder_reverse(fst_dir: str | os.PathLike) -> Path:
    """The right-to-left model folder a joint-sequence folder keeps (``FST/reverse``, as
    ``yuyin g2p train-fst --reverse MODEL`` copies it there)."""
    return Path(fst_dir) / REVERSE_SUBDIR


def save_weights(fst_dir: str | os.PathLike, weights: RescoreWeights, record: dict) -> Path:
    """Write tuned weights (and how they were tuned: ``record``) into a joint-sequence folder,
    where :func:`load_weights` and :class:`yuyin.text.g2p.G2P` find them."""
    path = Path(fst_dir) / WEIGHTS_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"weights": asdict(weights), **record}, indent=2) + "\n", "utf-8")
    os.replace(tmp, path)
    return path


def model_digest(model_dir: str | os.PathLike) -> str | None:
    """SHA-256 of a model folder's weights file (which neural G2P weights were tuned with);
    None when the folder has none."""
    path = Path(model_dir) / "model.safetensors"
    if not path.is_file():
        return None
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_tuning(fst_dir: str | os.PathLike) -> tuple[RescoreWeights, dict] | None:
    """The weights saved in a joint-sequence folder and the whole record of their tuning (neural
    model and its ``model_sha256``, n-best sizes, tagger, dev WERs); None when it has none."""
    path = Path(fst_dir) / WEIGHTS_FILE
    if not path.is_file():
        return None
    try:
        record = json.loads(path.read_text("utf-8"))
        return RescoreWeights(**record["weights"]), record
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: not a rescoring weights record ({exc})") from None


def load_weights(fst_dir: str | os.PathLike) -> RescoreWeights | None:
    """The weights saved in a joint-sequence folder, or None when it has none."""
    tuning = load_tuning(fst_dir)
    return None if tuning is None else tuning[0]
