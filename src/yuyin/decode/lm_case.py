"""Word LMs written in another case than the recognizer spells.

The recognizer writes lowercase words (``normalize_for_scoring``), as ``yuyin lm arpa`` builds
its ARPA files. Many published ARPA files are in capitals (LibriSpeech's ``3-gram.arpa``, most
older corpora): read as they are, every word the search spells is out of their vocabulary, and
decoding with them is worse than without an LM. :func:`fit_case` scores such a model with the
words upper-cased, and warns about a model whose words are of mixed case or carry punctuation
(text that was never normalized), which no spelled word can match.
"""

from __future__ import annotations

import logging
import os

__all__ = ["UppercaseLM", "fit_case"]

log = logging.getLogger("yuyin.decode")
MIXED_WARN_SHARE = 0.2  # warn when this share of an LM's words has capitals or punctuation
UPPER_SHARE = 0.9  # an LM is in capitals when this share of its cased words are


class UppercaseLM:
    """A word LM whose words are in capitals, scored with lowercase words (the same protocol:
    ``initial_state``, ``score_word``, ``final_score``, ``vocab`` in lowercase, ``order``)."""

    def __init__(self, lm: object) -> None:
        self.lm = lm
        self.order = getattr(lm, "order", None)
        vocab = getattr(lm, "vocab", None)
        self.vocab = None if vocab is None else frozenset(w.lower() for w in vocab)

    def initial_state(self) -> object:
        return self.lm.initial_state()

    def score_word(self, state: object, word: str) -> tuple[float, object]:
        return self.lm.score_word(state, word.upper())

    def final_score(self, state: object) -> float:
        return self.lm.final_score(state)


def _words(lm: object) -> list[str] | None:
    vocab = getattr(lm, "vocab", None)
    return None if vocab is None else [w for w in vocab if not w.startswith("<")]


def fit_case(lm: object, path: str | os.PathLike) -> object:
    """``lm`` as the recognizer can use it: wrapped in :class:`UppercaseLM` when its words are
    in capitals (a KenLM binary, which lists no words, is asked whether it knows "THE" but not
    "the"); with a warning naming ``path`` when many of its words have capitals or punctuation
    in mixed case."""
    words = _words(lm)
    if words is None:
        model = getattr(lm, "model", None)
        if model is not None and "THE" in model and "the" not in model:
            return UppercaseLM(lm)
        return lm
    cased = [w for w in words if w.lower() != w.upper()]
    upper = sum(w == w.upper() for w in cased)
    if cased and upper >= UPPER_SHARE * len(cased):
        log.info("%s: its words are in capitals; scoring the recognizer's words upper-cased", path)
        return UppercaseLM(lm)
    odd = sum(w != w.lower() or not w.replace("'", "").replace("-", "").isalnum() for w in words)
    if words and odd >= MIXED_WARN_SHARE * len(words):
        log.warning(
            "%s: %d of its %d words have capitals or punctuation (e.g. %s); the recognizer spells "
            "lowercase words without punctuation, so those never match: build the LM from "
            "normalized text (`yuyin lm arpa --text FILE` does it)",
            path,
            odd,
            len(words),
            ", ".join(sorted(w for w in words if w != w.lower())[:3]),
        )
    return lm
