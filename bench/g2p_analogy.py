"""G2P analogies for the reranker (:mod:`g2p_rerank`): pronunciations the training dictionary
holds for a long part of a word, by shared prefix or suffix (:class:`AffixAnalogy`), or for the
whole word read as two dictionary words joined (:class:`Compounds`); and the stress groups of a
candidate list (:func:`group_mass`)."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from yuyin.text.g2p import G2PEntry
from yuyin.text.joint_sequence import read_alignment

Phones = tuple[str, ...]


def strip(phones: Sequence[str]) -> Phones:
    return tuple(p.rstrip("012") for p in phones)


class AffixAnalogy:
    """Training words sharing the longest prefix or suffix with a word, and the phones their
    graphone alignment gives for the shared letters (at most ``cap`` neighbours)."""

    def __init__(self, alignment_dir: Path, cap: int = 20) -> None:
        self.aligned = read_alignment(alignment_dir)
        self.cap = cap
        spellings = ["".join(letters for letters, _ in g) for g in self.aligned]
        self.forward = sorted((s, i) for i, s in enumerate(spellings))
        self.backward = sorted((s[::-1], i) for i, s in enumerate(spellings))

    def shared(self, word: str, from_end: bool) -> tuple[int, list[Phones]]:
        """Letters shared with the nearest training words, and the phones those letters take in
        them (reversed when ``from_end``)."""
        table, query = (self.backward, word[::-1]) if from_end else (self.forward, word)
        at = bisect.bisect_left(table, (query,))
        near = (table[i][0] for i in (at - 1, at) if 0 <= i < len(table))
        shared = max((common(k, query) for k in near), default=0)
        if shared == 0:
            return 0, []
        lo = bisect.bisect_left(table, (query[:shared],))
        seqs: set[Phones] = set()
        for key, index in table[lo : lo + self.cap]:
            if not key.startswith(query[:shared]):
                break
            graphones = self.aligned[index][::-1] if from_end else self.aligned[index]
            letters, phones = 0, []
            for chunk, chunk_phones in graphones:
                if letters + len(chunk) > shared:
                    break
                letters += len(chunk)
                phones.extend(chunk_phones[::-1] if from_end else chunk_phones)
            if phones:
                seqs.add(tuple(phones))
        return shared, sorted(seqs)


class Compounds:
    """Readings of a word as two training words joined ("sunflower" = "sun" + "flower"): the
    first part's phones, then the second's with its primary stress made secondary (English
    compound stress), each with the shorter part's share of the word's letters."""

    def __init__(self, entries: Sequence[G2PEntry], min_part: int = 3, propose: int = 4) -> None:
        self.lexicon = {e.word: e.pronunciations for e in entries}
        self.min_part, self.propose = min_part, propose

    def readings(self, word: str) -> dict[Phones, float]:
        """Joined phones -> share, the best-balanced splits first."""
        out: dict[Phones, float] = {}
        for cut in range(self.min_part, len(word) - self.min_part + 1):
            first, second = self.lexicon.get(word[:cut]), self.lexicon.get(word[cut:])
            if first and second:
                share = min(cut, len(word) - cut) / len(word)
                for a in first:
                    for b in second:
                        joined = (*a, *(x.replace("1", "2") for x in b))
                        out[joined] = max(out.get(joined, 0.0), share)
        return dict(sorted(out.items(), key=lambda kv: -kv[1]))


def group_mass(phones: Sequence[Phones], weights: np.ndarray) -> np.ndarray:
    """(C,) each candidate's stress group's total weight: the sum of ``weights`` (C,) over the
    candidates that differ from it only in stress (itself included)."""
    groups = [strip(p) for p in phones]
    mass: dict[Phones, float] = {}
    for g, q in zip(groups, weights, strict=True):
        mass[g] = mass.get(g, 0.0) + float(q)
    return np.array([mass[g] for g in groups])


def common(a: Sequence, b: Sequence) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n
