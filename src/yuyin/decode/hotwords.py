"""Hotword boosting for the CTC prefix beam search (:mod:`yuyin.decode.ctc`).

A prefix earns ``hotword_weight`` per character while it spells the start of a hotword phrase (so
it survives pruning) and keeps it once the phrase is complete; a start that ends elsewhere gives
the bonus back. :func:`check_hotwords` names a hotword the model could never spell.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence

from yuyin.text.tokenizer import Tokenizer, base_letter

__all__ = ["Hotwords", "check_hotwords", "spelling"]


def check_hotwords(hotwords: Sequence[str], tokenizer: Tokenizer) -> None:
    """Raise ValueError naming every hotword the search could never boost: one with no letter
    left after normalization (:func:`~yuyin.text.normalize.normalize_for_scoring`), or one the
    model's tokens cannot spell (a character outside a character model's set, say)."""
    from yuyin.text.normalize import normalize_for_scoring  # not at the CLI's start (0.3 s)

    problems = []
    for phrase in hotwords:
        normalized = normalize_for_scoring(phrase)
        read = tokenizer.decode(tokenizer.encode(normalized))
        if not normalized:
            problems.append(f"{phrase!r} has nothing left to match after normalization")
        elif read != spelling(tokenizer)(normalized):
            problems.append(
                f"{phrase!r} cannot be spelled with the model's tokens (it reads back as {read!r})"
            )
    if problems:
        raise ValueError("hotword " + "; ".join(problems))


def _folded(text: str) -> str:
    """``text`` with its letters' accents taken off ("tromsø" -> "tromso", "café" -> "cafe":
    :func:`~yuyin.text.tokenizer.base_letter`; the dot a lowercased "İ" keeps goes): how a
    tokenizer without ``fold_text`` is taken to spell them."""
    if text.isascii():
        return text
    return "".join(base_letter(c) for c in text if not unicodedata.combining(c))


def spelling(tokenizer: object) -> Callable[[str], str]:
    """Normalized text -> as ``tokenizer``'s model writes it: a character tokenizer's
    ``fold_text`` (accents off where its set lacks the letter: "Tromsø" for an a-z model, while
    one that writes "ø" keeps it), else every accent off (:func:`_folded`)."""
    return getattr(tokenizer, "fold_text", _folded)


class Hotwords:
    """Bonus for text that spells (the start of) a hotword phrase; phrases are normalized as
    transcripts are and written as the model spells them (``fold``: :func:`spelling`; by default
    every accent off, "Tromsø" as "tromso"). A spelling that differs only in accents matches
    too: "cafe" given boosts the "café" of a model that writes "é"."""

    def __init__(
        self, phrases: tuple[str, ...], weight: float, fold: Callable[[str], str] = _folded
    ) -> None:
        from yuyin.text.normalize import normalize_for_scoring

        normalized = {fold(normalize_for_scoring(p)) for p in phrases} - {""}
        self.weight = weight
        self.complete = {p: weight * len(p.replace(" ", "")) for p in normalized}
        self.starts = {p[:i] for p in normalized for i in range(1, len(p) + 1)}
        self.max_words = max((len(p.split()) for p in normalized), default=0)
        self.words = frozenset(w for p in normalized for w in p.split())  # each phrase's words
        # the same without accents, for a spelling that differs only in them ("cafe" given,
        # "café" written by a model that has "é", or the other way round)
        plain = {_folded(p): p for p in normalized}
        self._plain_complete = {q: self.complete[p] for q, p in plain.items()}
        self._plain_starts = {q[:i] for q in plain for i in range(1, len(q) + 1)}
        self._plain_words = frozenset(w for q in plain for w in q.split())

    def knows(self, word: str) -> bool:
        """Whether ``word`` is a word of a hotword phrase, accents aside (never "unknown")."""
        return word in self.words or _folded(word) in self._plain_words

    def partial(self, words: tuple[str, ...], word: str) -> int:
        """Characters of the longest hotword start that ends the text ``words + word``."""
        for k in range(min(self.max_words - 1, len(words)), -1, -1):
            tail = " ".join((*words[len(words) - k :], word))
            if tail in self.starts or _folded(tail) in self._plain_starts:
                return len(tail.replace(" ", ""))
        return 0

    def completed(self, words: tuple[str, ...]) -> float:
        """Bonus for the longest hotword phrase that ``words`` ends with."""
        for k in range(min(self.max_words, len(words)), 0, -1):
            tail = " ".join(words[len(words) - k :])
            bonus = self.complete.get(tail)
            if bonus is None:
                bonus = self._plain_complete.get(_folded(tail))
            if bonus is not None:
                return bonus
        return 0.0
