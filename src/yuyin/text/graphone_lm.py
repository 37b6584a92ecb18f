"""A graphone n-gram that scores *given* pronunciations: evidence for the G2P's reranker.

The joint-sequence model (:mod:`yuyin.text.joint_sequence`) is an n-gram over graphones, pairs
of a letter chunk and a phone chunk (``ph}F``, ``e}_``, ``x}K|S``), learned from the training
dictionary's alignment. Phonetisaurus' decoder gives only its n-best, so a candidate that the
neural models propose and the n-best misses had no score of that model at all. This module
reads the same kind of n-gram (an ARPA file, ``graphones.arpa.gz`` in a G2P folder) in pure
Python and scores any pronunciation of a word: the log-probability of its best segmentation
into known graphones (Viterbi over letter position, phone position and n-gram state), as the
FST would score it were it in its n-best (equal to Phonetisaurus' cost within ~0.03 nats).

It needs no Phonetisaurus at run time, so the shipped G2P, which has no joint-sequence model,
gets that model's vote on every candidate of both neural beams (:mod:`yuyin.models.g2p_rerank`,
feature ``graphone``). Building the file needs Phonetisaurus' ``estimate-ngram`` (Kneser-Ney, by
mitlm): :func:`yuyin.text.joint_sequence.estimate_graphone_lm`.

Example:
    >>> lm = GraphoneLM.from_folder("src/yuyin/assets/models/g2p")
    >>> lm.score("phone", ("F", "OW1", "N"))   # ln p of the best segmentation
    -11.7...
    >>> lm.score("phone", ("Z", "Z"))          # no segmentation into known graphones
    -inf
"""

from __future__ import annotations

import gzip
import math
import os
import zlib
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

__all__ = ["GRAPHONE_FILE", "MAX_CHARS", "GraphoneLM", "GraphoneLMError"]

GRAPHONE_FILE = "graphones.arpa.gz"  # in a G2P folder: the graphone n-gram of its alignment
NBEST_BEAM = 64  # hypotheses kept a letter position by GraphoneLM.nbest
MAX_CHARS = 256 << 20  # a larger ARPA text is refused (the shipped order 5: 22 MiB, order 8: 58)
_LN10 = math.log(10.0)
_MAX_LETTERS = 4  # the longest letter chunk a graphone may have (Phonetisaurus: 2 by default)
_STARTS = ("<s>",)
Phones = tuple[str, ...]


class GraphoneLMError(ValueError):
    """A graphone n-gram file that is missing or not an ARPA file of graphones."""


class GraphoneLM:
    """A graphone n-gram read from an ARPA file (plain or gzip); :meth:`score` gives the
    natural log-probability of a word's pronunciation (module doc)."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        # "g1 g2 ... gn" -> ln p, and -> ln backoff where it is not 0 (two dicts: ~90 MB for
        # the shipped 605,000 n-grams, where one of (p, backoff) pairs took 113)
        self._grams: dict[str, float] = {}
        self._backoffs: dict[str, float] = {}
        # letters -> [(graphone, its phones)]
        self._by_letters: dict[str, list[tuple[str, Phones]]] = defaultdict(list)
        self.order = 0
        try:
            opener = gzip.open if self.path.suffix == ".gz" else open
            with opener(self.path, "rt", encoding="utf-8") as fh:
                text = fh.read(MAX_CHARS + 1)
        except FileNotFoundError:
            raise GraphoneLMError(f"{self.path}: no such graphone n-gram file") from None
        except (OSError, EOFError, UnicodeDecodeError, zlib.error, MemoryError) as exc:
            raise GraphoneLMError(f"{self.path}: unreadable ({exc})") from None
        if len(text) > MAX_CHARS:
            raise GraphoneLMError(
                f"{self.path}: over {MAX_CHARS >> 20} MiB of text: not a G2P's graphone n-gram "
                "(the shipped one is 22 MiB)"
            )
        self._read(text)
        if not self._by_letters or "</s>" not in self._grams:
            raise GraphoneLMError(f"{self.path}: not an ARPA file of graphones (none found)")

    @classmethod
    def from_folder(cls, folder: str | os.PathLike) -> GraphoneLM | None:
        """The folder's :data:`GRAPHONE_FILE`; None when it has none."""
        path = Path(folder) / GRAPHONE_FILE
        return cls(path) if path.is_file() else None

    def _read(self, text: str) -> None:
        """Every ``\\N-grams:`` section of an ARPA text (tab- or space-separated fields)."""
        grams, backoffs = self._grams, self._backoffs
        for section in text.split("\n\\")[1:]:
            header, _, body = section.partition("\n")
            if not header.strip().endswith("-grams:"):
                continue  # \data\ counts, \end\
            try:
                order = int(header.split("-", 1)[0])
            except ValueError:
                raise GraphoneLMError(f"{self.path}: not an ARPA section: {header!r}") from None
            self.order = max(self.order, order)
            try:
                for line in body.split("\n"):
                    fields = line.split("\t")
                    if len(fields) == 1:  # blank, or separated by spaces
                        fields = line.split()
                        if not fields:
                            continue
                        fields = [fields[0], " ".join(fields[1 : 1 + order]), *fields[1 + order :]]
                    key = fields[1]
                    prob = float(fields[0]) * _LN10
                    backoff = float(fields[2]) * _LN10 if len(fields) > 2 else 0.0
                    if key.count(" ") != order - 1 or backoff != backoff or prob != prob:
                        raise ValueError(line)
                    grams[key] = prob
                    if backoff:
                        backoffs[key] = backoff
            except (ValueError, IndexError):
                raise GraphoneLMError(
                    f"{self.path}: {order}-grams: not an n-gram line: {line.strip()[:80]!r}"
                ) from None
        for key in grams:
            if "}" in key and " " not in key:
                letters, _, phones = key.partition("}")
                letters = letters.replace("|", "")
                if 0 < len(letters) <= _MAX_LETTERS:
                    self._by_letters[letters].append(
                        (key, () if phones == "_" else tuple(phones.split("|")))
                    )

    def _log_prob(self, state: tuple[str, ...], graphone: str) -> float:
        """ln p(graphone | state) with backoff; ``state`` is an n-gram the model holds."""
        total = 0.0
        while True:
            found = self._grams.get(" ".join((*state, graphone)))
            if found is not None:
                return total + found
            if not state:
                return -math.inf
            total += self._backoffs.get(" ".join(state), 0.0)
            state = state[1:]

    def _state(self, history: tuple[str, ...]) -> tuple[str, ...]:
        """The longest end of ``history`` (at most order - 1 graphones) the model holds: all
        that the next graphone's probability depends on."""
        history = history[-(self.order - 1) :] if self.order > 1 else ()
        while history and " ".join(history) not in self._grams:
            history = history[1:]
        return history

    def score(self, word: str, phones: Sequence[str]) -> float:
        """ln p(word, phones) of the best segmentation into known graphones, the end of the
        word included; ``-inf`` when there is none."""
        phones = tuple(phones)
        letters, n_phones = len(word), len(phones)
        # cells[i][j]: {n-gram state: best ln p} after i letters and j phones
        cells: list[list[dict[tuple[str, ...], float]]] = [
            [{} for _ in range(n_phones + 1)] for _ in range(letters + 1)
        ]
        cells[0][0][_STARTS] = 0.0
        for i in range(letters):
            for j in range(n_phones + 1):
                here = cells[i][j]
                if not here:
                    continue
                for size in range(1, min(_MAX_LETTERS, letters - i) + 1):
                    for graphone, chunk in self._by_letters.get(word[i : i + size], ()):
                        end = j + len(chunk)
                        if end > n_phones or phones[j:end] != chunk:
                            continue
                        there = cells[i + size][end]
                        for state, value in here.items():
                            step = self._log_prob(state, graphone)
                            if step == -math.inf:
                                continue
                            after = self._state((*state, graphone))
                            if value + step > there.get(after, -math.inf):
                                there[after] = value + step
        return max(
            (v + self._log_prob(s, "</s>") for s, v in cells[letters][n_phones].items()),
            default=-math.inf,
        )

    def nbest(self, words: Sequence[str], n: int = 8) -> list[list[tuple[Phones, float]]]:
        """Up to ``n`` (phones, cost) per word, best first, cost = -ln p of the pronunciation's
        best segmentation: the joint-sequence model's n-best (as
        :meth:`yuyin.text.joint_sequence.JointSequenceG2P.nbest` gives it, without
        Phonetisaurus) from a beam search over the letters (:data:`NBEST_BEAM` hypotheses a
        letter position, those with the same n-gram state and phones merged); ``[]`` for a word
        no graphones spell."""
        if n < 1:
            raise ValueError("n must be >= 1")
        return [self._nbest(word, n) for word in words]

    def _nbest(self, word: str, n: int) -> list[tuple[Phones, float]]:
        letters = len(word)
        # at[i]: {(n-gram state, phones so far): best ln p} after i letters
        at: list[dict[tuple[tuple[str, ...], Phones], float]] = [{} for _ in range(letters + 1)]
        at[0][(_STARTS, ())] = 0.0
        for i in range(letters):
            here = sorted(at[i].items(), key=lambda kv: -kv[1])[:NBEST_BEAM]
            at[i] = {}  # done with: free it
            for size in range(1, min(_MAX_LETTERS, letters - i) + 1):
                options = self._by_letters.get(word[i : i + size], ())
                if not options:
                    continue
                there = at[i + size]
                for (state, phones), value in here:
                    for graphone, chunk in options:
                        step = self._log_prob(state, graphone)
                        if step == -math.inf:
                            continue
                        key = (self._state((*state, graphone)), phones + chunk)
                        if value + step > there.get(key, -math.inf):
                            there[key] = value + step
        best: dict[Phones, float] = {}
        for (state, phones), value in at[letters].items():
            total = value + self._log_prob(state, "</s>")
            if phones and total > best.get(phones, -math.inf):
                best[phones] = total
        ranked = sorted(best.items(), key=lambda kv: -kv[1])[:n]
        return [(phones, -value) for phones, value in ranked]
