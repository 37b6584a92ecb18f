"""Analogies for the G2P reranker: what the training dictionary says about a new word.

Three readings of a word, each from the training alignment (``alignment.txt``, or the
``alignment.txt.gz`` the shipped G2P keeps), which :mod:`yuyin.models.g2p_rerank` turns into
features of the candidates:

* :class:`AffixAnalogy`: the training words sharing its longest prefix (suffix), with the phones
  their graphone alignment gives those letters ("refusals" begins like "refusal");
* :class:`Compounds`: the word as two training words joined, the second part's primary stress
  made secondary ("sunflower" = "sun" + "flower");
* :class:`Derivations`: the word as a training word and a regular ending ("refusals" =
  "refusal" + "s", "baking" = "bake" - "e" + "ing"), the ending's phones as the dictionary's own
  pairs give them.

:meth:`Analogies.from_folder` reads all three from a folder in about a second (the alignment is
indexed, not parsed: :class:`yuyin.text.joint_sequence.AlignmentIndex`).
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from yuyin.text.g2p import G2PEntry
from yuyin.text.graphone_lm import GraphoneLM
from yuyin.text.joint_sequence import AlignmentIndex, Graphone
from yuyin.text.lexicon import strip_stress

__all__ = [
    "AffixAnalogy",
    "Analogies",
    "Compounds",
    "Derivations",
    "common",
    "strip",
]

Phones = tuple[str, ...]


def strip(phones: Sequence[str]) -> Phones:
    """The phones without stress digits (:func:`yuyin.text.lexicon.strip_stress`), hashable."""
    return tuple(strip_stress(phones))


def common(a: Sequence, b: Sequence) -> int:
    """Length of the common prefix of two sequences."""
    return len(os.path.commonprefix([a, b]))


class AffixAnalogy:
    """Training words sharing the longest prefix or suffix with a word, and the phones their
    graphone alignment gives for the shared letters (at most ``cap`` neighbours)."""

    def __init__(self, aligned: Sequence[Sequence[Graphone]], cap: int = 20) -> None:
        self.cap = cap
        if isinstance(aligned, AlignmentIndex):  # lines parsed only when they are neighbours
            self.aligned: Sequence[Sequence[Graphone]] = aligned
            spellings = aligned.spellings
        else:
            self.aligned = list(aligned)
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

    def __init__(self, entries: Sequence[G2PEntry], min_part: int = 3) -> None:
        self.lexicon: dict[str, list[Phones]] = {}
        for e in entries:
            self.lexicon.setdefault(e.word, []).extend(tuple(p) for p in e.pronunciations)
        self.min_part = min_part

    @classmethod
    def from_alignment(cls, aligned: Sequence[Sequence[Graphone]]) -> Compounds:
        """The training words and phones of a folder's alignment."""
        if isinstance(aligned, AlignmentIndex):
            pairs = zip(aligned.spellings, aligned.pronunciations, strict=True)
        else:
            pairs = (
                ("".join(s for s, _ in g), tuple(p for _, ps in g for p in ps)) for g in aligned
            )
        compounds = cls([])
        for word, phones in pairs:
            compounds.lexicon.setdefault(word, []).append(phones)
        return compounds

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


VOWEL_LETTERS = frozenset("aeiouy")


Ending = tuple[str, str]  # (the ending's letters, how the base was changed)
CHANGES = ("", "e", "y", "double")  # bat+s, bake-e+ing, happy-y+ier, stop+p+ed


class Derivations:
    """Readings of a word as a training word and a regular ending: "refusals" = "refusal" + "s",
    "baking" = "bake" - "e" + "ing", "happier" = "happy" - "y" + "ier", "stopped" = "stop" + "p"
    + "ed". The base's phones come first, then the phones the ending takes after the base's
    last phone in the training dictionary's own pairs ("cat"/"cats": S after T), each reading
    weighted by that share times the share of the ending's pairs that keep the base's phones
    as they are. Endings of 1 to ``max_ending`` letters seen in at least ``min_pairs`` pairs;
    an ending's statistics are gathered the first time a word asks for it."""

    def __init__(
        self, lexicon: dict[str, list[Phones]], max_ending: int = 4, min_pairs: int = 10
    ) -> None:
        self.lexicon, self.max_ending, self.min_pairs = lexicon, max_ending, min_pairs
        self._backward = sorted(word[::-1] for word in lexicon)  # an ending's words: one range
        self._statistics: dict[Ending, tuple[float, dict[str, dict[Phones, float]]] | None] = {}

    def base(self, word: str, ending: Ending) -> str | None:
        """The training word that ``word`` is made from by adding ``ending``, or None."""
        letters, change = ending
        stem, lexicon = word[: -len(letters)], self.lexicon
        if len(stem) < 3 or not word.endswith(letters):
            return None
        if change == "e":
            base = stem + "e" if letters[0] in VOWEL_LETTERS and letters != "e" else None
        elif change == "y":
            base = stem[:-1] + "y" if stem[-1] == "i" else None
        elif change == "double":
            base = stem[:-1] if stem[-1] == stem[-2] and stem[-1] not in VOWEL_LETTERS else None
        else:
            base = stem
        return base if base in lexicon else None

    def splits(self, word: str) -> Iterator[tuple[Ending, str]]:
        """(ending, base word) of every training word ``word`` is made from by an ending."""
        for k in range(1, min(self.max_ending, len(word) - 3) + 1):
            for change in CHANGES:
                base = self.base(word, (word[-k:], change))
                if base is not None:
                    yield (word[-k:], change), base

    def statistics(self, ending: Ending) -> tuple[float, dict[str, dict[Phones, float]]] | None:
        """The share of the ending's training pairs whose word begins with its base's phones,
        and per last phone of the base (no stress) the shares of the phones that follow; None
        when fewer than ``min_pairs`` pairs have it."""
        if ending not in self._statistics:
            self._gather(ending[0])
        return self._statistics[ending]

    def _gather(self, letters: str) -> None:
        """The statistics of ``letters`` with every change, from one pass over its words."""
        reversed_letters = letters[::-1]
        at = bisect.bisect_left(self._backward, reversed_letters)
        pairs, kept = dict.fromkeys(CHANGES, 0), dict.fromkeys(CHANGES, 0)
        tails: dict[str, dict[str, dict[Phones, int]]] = {c: {} for c in CHANGES}
        for key in self._backward[at:]:
            if not key.startswith(reversed_letters):
                break
            word = key[::-1]
            for change in CHANGES:
                base = self.base(word, (letters, change))
                if base is None:
                    continue
                pairs[change] += 1
                hit = False
                for b in self.lexicon[base]:
                    for p in self.lexicon[word]:
                        if p[: len(b)] == b:
                            counts = tails[change].setdefault(strip(b[-1:])[0], {})
                            counts[p[len(b) :]] = counts.get(p[len(b) :], 0) + 1
                            hit = True
                kept[change] += hit
        for change in CHANGES:
            found = None
            if pairs[change] >= self.min_pairs:
                shares = {
                    last: {tail: n / sum(counts.values()) for tail, n in counts.items()}
                    for last, counts in tails[change].items()
                }
                found = (kept[change] / pairs[change], shares)
            self._statistics[letters, change] = found

    def readings(self, word: str) -> dict[Phones, float]:
        """Derived phones -> weight (class doc); empty when no training word derives it."""
        out: dict[Phones, float] = {}
        for ending, base in self.splits(word):
            found = self.statistics(ending)
            if found is None:
                continue
            regular, tails = found
            for b in self.lexicon[base]:
                for tail, share in tails.get(strip(b[-1:])[0], {}).items():
                    out[b + tail] = max(out.get(b + tail, 0.0), regular * share)
        return out


@dataclass
class Analogies:
    """The analogies of one training dictionary (``derivations`` None: none of that kind), and
    the graphone n-gram of its alignment where the folder has one (``graphones``: it scores any
    candidate, :mod:`yuyin.text.graphone_lm`)."""

    affix: AffixAnalogy
    compounds: Compounds
    derivations: Derivations | None = None
    graphones: GraphoneLM | None = None

    @classmethod
    def from_folder(cls, fst_dir: str | os.PathLike, graphones: bool = True) -> Analogies:
        """From a folder's alignment (``alignment.txt`` or ``.gz``:
        :func:`yuyin.text.joint_sequence.alignment_file`) and, with ``graphones``, its
        ``graphones.arpa.gz`` (~1.3 s and ~90 MB: left out where no reranker reads it)."""
        aligned = AlignmentIndex(fst_dir)
        compounds = Compounds.from_alignment(aligned)
        return cls(
            AffixAnalogy(aligned),
            compounds,
            Derivations(compounds.lexicon),
            GraphoneLM.from_folder(fst_dir) if graphones else None,
        )
