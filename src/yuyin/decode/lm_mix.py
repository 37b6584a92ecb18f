"""The word LMs of the CTC beam search: a word n-gram, the neural character LM, or both.

Shallow fusion with two LMs at once is a log-linear combination of their word scores::

    ln p(word | history) = ln p_ngram(word | history) + neural_weight * ln p_neural(word | history)

and the search multiplies that by ``DecodingOptions.lm_weight`` as it does for one LM. The
n-gram's vocabulary stays the search's vocabulary (unknown words and spellings that no known word
starts with are charged ``unk_offset``), while the neural character LM (:class:`yuyin.models.lm.
FusionLM`) scores every spelling, known word or not, on the whole sentence so far.

:func:`load_decoding_lm` builds what ``yuyin transcribe`` / ``yuyin eval`` ask for with ``--lm``
and ``--neural-lm``; ``"bundled"`` is the character LM shipped in the package (pretrained on the
prompts' train split, 2.03 bits/char on its dev split).
"""

from __future__ import annotations

import math
import os
from typing import Any

from yuyin.decode.ctc import MAX_WEIGHT, LanguageModel, Result

__all__ = [
    "CombinedLM",
    "NEURAL_ONLY_LM_WEIGHT",
    "NEURAL_ONLY_WORD_BONUS",
    "NEURAL_WEIGHT",
    "load_decoding_lm",
    "load_neural_lm",
    "rescore",
    "sentence_score",
]

# Defaults chosen by WER on synth-dev (176 utterances, never a test set) for the bundled
# recognizer and LMs by bench/asr_fusion.py (bench/results/asr-fusion.json); tune them for other
# models. There the n-gram alone is best (dev 30.4%); the normalized neural LM alone gives 48.9%
# (greedy 56.4%), and added to the n-gram its smallest weight tried is the least harmful.
NEURAL_WEIGHT = 0.25  # the neural LM's weight relative to the n-gram's, both given
NEURAL_ONLY_LM_WEIGHT = 0.25  # DecodingOptions.lm_weight with the neural LM alone
NEURAL_ONLY_WORD_BONUS = 1.0  # DecodingOptions.word_bonus with the neural LM alone
MAX_NLL = 20.0  # nats per character: far above any trained LM's dev loss (uniform over 1e8 ids)


class CombinedLM:
    """Two word LMs as one (``yuyin.decode.ctc.LanguageModel``): ``first + weight * second``.

    The state is the pair of the two LMs' states; ``vocab`` is the first LM's (None if it has
    none), so the search's out-of-vocabulary charges follow it.
    """

    def __init__(self, first: LanguageModel, second: LanguageModel, weight: float) -> None:
        if not math.isfinite(weight) or weight < 0:
            raise ValueError(f"the second LM's weight must be finite and >= 0, got {weight}")
        self.first, self.second, self.weight = first, second, float(weight)
        self.vocab = getattr(first, "vocab", None)

    def initial_state(self) -> tuple[Any, Any]:
        return self.first.initial_state(), self.second.initial_state()

    def score_word(self, state: tuple[Any, Any], word: str) -> tuple[float, tuple[Any, Any]]:
        a, first = self.first.score_word(state[0], word)
        if self.weight == 0.0:
            return a, (first, state[1])
        b, second = self.second.score_word(state[1], word)
        return a + self.weight * b, (first, second)

    def final_score(self, state: tuple[Any, Any]) -> float:
        score = self.first.final_score(state[0])
        if self.weight == 0.0:
            return score
        return score + self.weight * self.second.final_score(state[1])


def load_neural_lm(spec: str | os.PathLike, normalize: bool = True):
    """``"bundled"`` (the shipped character LM) or a saved LM / ``yuyin lm train`` run folder,
    as a :class:`~yuyin.models.lm.FusionLM`. Raises ModelLoadError naming the folder
    (:func:`yuyin.train.lm.load_lm`'s checks).

    ``normalize``: each scored character earns back the LM's mean loss per character on its dev
    text (saved with the model), so a word scores its surprise relative to an average spelling.
    Raw character log-probabilities charge every letter ~1.4 nats, and the search then prefers
    fewer, shorter words (bench/results/asr-fusion-unnormalized.json)."""
    from yuyin.hub import ModelLoadError
    from yuyin.models.lm import FusionLM
    from yuyin.train.lm import load_lm

    model = load_lm(spec)  # "bundled": the shipped one
    dev = model.yuyin_meta.get("dev") or {}
    nll = dev.get("nll", 0.0) if isinstance(dev, dict) else None
    if normalize and not (
        isinstance(nll, (int, float)) and not isinstance(nll, bool) and 0 <= nll < MAX_NLL
    ):
        raise ModelLoadError(
            f"{spec}: its config's meta.dev.nll ({nll!r:.40}) is not a mean loss per character "
            f"in 0..{MAX_NLL:g} nats (edited by hand?)"
        )
    return FusionLM(model, token_bonus=float(nll) if normalize else 0.0)


def load_decoding_lm(
    ngram: str | os.PathLike | None,
    neural: str | os.PathLike | None,
    neural_weight: float = NEURAL_WEIGHT,
) -> LanguageModel | None:
    """The search's LM from ``--lm`` (ARPA path or ``prompts``) and ``--neural-lm``: either one
    alone, both combined with ``neural_weight``, or None when neither is given."""
    if not (math.isfinite(neural_weight) and 0 <= neural_weight <= MAX_WEIGHT):
        raise ValueError(
            f"the neural LM's weight must be within 0..{MAX_WEIGHT:g}, got {neural_weight}"
        )
    word_lm = neural_lm = None
    if ngram:
        from yuyin.decode.ngram import load_word_lm

        word_lm = load_word_lm(ngram)
    if neural:
        neural_lm = load_neural_lm(neural)
    if word_lm is not None and neural_lm is not None:
        return CombinedLM(word_lm, neural_lm, neural_weight)
    return word_lm if word_lm is not None else neural_lm


def sentence_score(lm: LanguageModel, text: str) -> float:
    """ln p(text) under a word LM: its words' scores plus the end of sentence."""
    state, total = lm.initial_state(), 0.0
    for word in text.split():
        logp, state = lm.score_word(state, word)
        total += logp
    return total + lm.final_score(state)


def rescore(nbest: list[Result], lm: LanguageModel, weight: float) -> Result:
    """Second pass: the hypothesis of ``nbest`` (from ``beam_search_nbest``) with the best
    ``score + weight * ln p_lm(text)``; the first one on ties."""
    if not nbest:
        raise ValueError("no hypothesis to rescore")
    if weight == 0.0:
        return nbest[0]
    return max(nbest, key=lambda r: r.score + weight * sentence_score(lm, r.text))
