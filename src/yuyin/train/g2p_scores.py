"""Scoring G2P output against CMUdict: word and phone error rates, with and without stress.

WER is the share of words whose phones match none of the word's listed pronunciations; PER is the
phone edit distance to the closest listed pronunciation, summed over words, over the summed
lengths of those pronunciations. Both are given with stress (what the models output) and with
stress digits stripped (39 phones, the basis of most published CMUdict G2P numbers).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from yuyin.models.g2p import G2PModel, decode_words
from yuyin.text.g2p import G2PEntry
from yuyin.text.lexicon import strip_stress

__all__ = ["EVAL_BATCH", "G2PScores", "edit_distance", "evaluate_g2p", "score_pronunciations"]

EVAL_BATCH = 512  # words decoded together when scoring


# --- scoring ---------------------------------------------------------------------------------


def edit_distance(a: Sequence[str], b: Sequence[str]) -> int:
    """Levenshtein distance between two phone lists (substitution, insertion, deletion cost 1)."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


@dataclass(frozen=True)
class G2PScores:
    """Word and phone error rates (fractions) with and without stress, over ``words`` words."""

    wer: float
    per: float
    wer_no_stress: float
    per_no_stress: float
    words: int


def _rates(hyps: Sequence[Sequence[str]], refs: Sequence[Sequence[Sequence[str]]]) -> tuple:
    wrong = edits = length = 0
    for hyp, variants in zip(hyps, refs, strict=True):
        hyp = list(hyp)
        wrong += all(hyp != list(v) for v in variants)
        dist, ref_len = min((edit_distance(hyp, v), len(v)) for v in variants)
        edits, length = edits + dist, length + ref_len
    return wrong / max(len(hyps), 1), edits / max(length, 1)


def score_pronunciations(hyps: Sequence[Sequence[str]], entries: Sequence[G2PEntry]) -> G2PScores:
    """Score predicted phones (with stress) against every listed pronunciation (module doc)."""
    if len(hyps) != len(entries):
        raise ValueError(f"{len(hyps)} predictions for {len(entries)} entries")
    refs = [e.pronunciations for e in entries]
    wer, per = _rates(hyps, refs)
    bare_refs = [[strip_stress(v) for v in variants] for variants in refs]
    wer_ns, per_ns = _rates([strip_stress(h) for h in hyps], bare_refs)
    return G2PScores(wer, per, wer_ns, per_ns, len(entries))


def evaluate_g2p(model: G2PModel, entries: Sequence[G2PEntry], beam_size: int = 1) -> G2PScores:
    """Decode every entry's word and score it (greedy when ``beam_size == 1``)."""
    hyps = decode_words(model, [e.word for e in entries], beam_size, batch_size=EVAL_BATCH)
    return score_pronunciations(hyps, entries)
