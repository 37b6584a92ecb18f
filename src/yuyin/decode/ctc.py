"""CTC decoding: greedy, and prefix beam search with a word LM and hotword boosting.

:func:`greedy_decode` takes the best token of each frame, merges repeats and drops blanks.
:func:`beam_search` is CTC prefix beam search (Hannun et al. 2014) in log space: each prefix
keeps the probability of all alignments that spell it and end in a blank (``p_b``) or in its
last token (``p_nb``), so a prefix that many alignments share can beat the single best path.
Word-level knowledge is added when a word is complete (a char tokenizer's ``|``; a BPE piece
that starts with ``▁``; the end of the utterance)::

    score = ln p_ctc(prefix) + lm_weight * ln p_lm(words) + word_bonus * len(words) + hotwords

The LM is anything with the :class:`LanguageModel` protocol: :class:`yuyin.decode.ngram.NGramLM`
(ARPA, pure Python), :class:`yuyin.decode.ngram.KenLM`, the neural character LM
(:class:`yuyin.models.lm.FusionLM`), or both at once (:mod:`yuyin.decode.lm_mix`).
:func:`beam_search_nbest` keeps the final beams for a second pass. Hotwords earn
``hotword_weight`` per matched character while a prefix spells the
start of one (so it survives pruning) and keep it once the hotword is complete; a partial match
that then diverges loses its bonus. Hotwords are normalized like transcripts and may be phrases.

Out-of-vocabulary words: when the LM has a vocabulary (a ``vocab`` set of words, as
:class:`~yuyin.decode.ngram.NGramLM`), a word the LM does not know costs ``unk_offset`` on top of
its ``<unk>`` probability and ``unk_letter_offset`` per letter, and a prefix whose unfinished word
is no longer the start of any known word carries that cost while it is being spelled (as
pyctcdecode does, there without the per-letter part). Without them a weak acoustic model glues
words together: one long unknown word costs a single ``<unk>``, less than the known words it
swallows; with a small domain LM, ``unk_offset`` alone was not enough (a sentence came out as one
"word"), so the cost grows with the word's length.

Shapes: T frames, V vocabulary (blank included), B batch.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from yuyin.decode.hotwords import Hotwords, spelling
from yuyin.text.tokenizer import Tokenizer

if TYPE_CHECKING:  # the options and limits load without torch (the CLI's start)
    import torch

__all__ = [
    "MAX_WEIGHT",
    "DecodingOptions",
    "LanguageModel",
    "Result",
    "beam_search",
    "beam_search_batch",
    "beam_search_nbest",
    "greedy_decode",
    "greedy_decode_batch",
    "log_add",
    "uses_lm",
]

MAX_WEIGHT = 1e4  # |weights and bonuses| of the search: far beyond any useful setting
# DecodingOptions.unk_letter_offset: lowest mean WER of 0, -0.5 ... -2 over three dev sets,
# bundled recognizer, beam 8: synthetic dev with the built-in LM, a weather domain's dev set
# with its own LM, and the same with the built-in LM (its words mostly unknown there): 26.61% at
# 0, 25.77% here, 27.13% at -2 (bench/asr_unknown_words/run.sh,
# bench/results/asr-unknown-words.json)
UNK_LETTER_OFFSET = -0.5
NEG_INF = float("-inf")


class LanguageModel(Protocol):
    """A word-level LM for shallow fusion; scores are natural logs, states are opaque."""

    def initial_state(self) -> Any:
        """The state before the first word."""
        ...

    def score_word(self, state: Any, word: str) -> tuple[float, Any]:
        """``(ln p(word | state), next state)``."""
        ...

    def final_score(self, state: Any) -> float:
        """ln p(end of sentence | state)."""
        ...


MAX_BEAM = 512  # prefixes kept per frame: beyond this the search only gets slower


@dataclass(frozen=True)
class DecodingOptions:
    """Beam search settings. Scores are natural logs.

    Attributes:
        beam_size: prefixes kept after each frame (also the most tokens tried per frame).
        lm_weight: alpha, the LM's weight in the score (0 turns the LM off).
        word_bonus: beta, added per completed word (counters the LM's bias to short outputs);
            part of the LM term, so it applies only while an LM is used.
        hotwords: words or phrases to boost (normalized like transcripts before matching).
        hotword_weight: bonus per matched character of a hotword (1.0: a word said and boosted
            is found 88% of the time instead of 71%, a look-alike not said is put in 9% of the
            time instead of 2%; bench/results/asr-hotwords.json).
        unk_offset: added for a word outside the LM's vocabulary (and while spelling a word
            that no known word starts with); used only with an LM that has a ``vocab``.
        unk_letter_offset: added for each letter of such a word, so that one long unknown
            word (words glued together) costs more than a short one.
        token_prune_logp: tokens below this log probability at a frame are not tried (the
            frame's best token always is).
        beam_prune_logp: prefixes scoring this far below the frame's best are dropped.
    """

    beam_size: int = 16
    # lm_weight / word_bonus defaults: chosen by WER on synth-dev (176 utts, dev-split prompts)
    # for the bundled recognizer with the built-in LM (`yuyin.decode.ngram.prompts_lm`), 5 x 8
    # grid of bench/asr_lm_weights.py: 32.2 % at the old 0.25 / 0 -> 29.3 %
    # (bench/results/asr-lm-weights.json). Rechecked for today's bundled model (v2): its best,
    # 0.625 / 4.0, is 24.6 % vs 24.9 % here, inside the grid's flat valley: kept
    # (bench/results/asr-lm-weights-v2.json). Tune them for another model or LM.
    lm_weight: float = 0.5
    word_bonus: float = 2.5
    hotwords: tuple[str, ...] = ()
    hotword_weight: float = 1.0
    unk_offset: float = -10.0
    token_prune_logp: float = -10.0
    beam_prune_logp: float = -20.0
    unk_letter_offset: float = UNK_LETTER_OFFSET

    def __post_init__(self) -> None:
        beam = self.beam_size
        if isinstance(beam, bool) or not isinstance(beam, int) or not 1 <= beam <= MAX_BEAM:
            raise ValueError(f"beam_size must be an integer in 1..{MAX_BEAM}, got {beam!r}")
        for name in (
            "lm_weight",
            "word_bonus",
            "hotword_weight",
            "unk_offset",
            "unk_letter_offset",
        ):
            value = getattr(self, name)
            if not (math.isfinite(value) and abs(value) <= MAX_WEIGHT):  # 1e308 overflows sums
                raise ValueError(f"{name} must be a number within ±{MAX_WEIGHT:g}, got {value}")
        if self.lm_weight < 0:  # a negative weight rewards unlikely words: garbage text
            raise ValueError(f"lm_weight must be >= 0 (0 turns the LM off), got {self.lm_weight}")
        if math.isnan(self.token_prune_logp) or math.isnan(self.beam_prune_logp):
            raise ValueError("prune thresholds must be numbers (-inf turns pruning off), not NaN")
        if self.token_prune_logp > 0 or self.beam_prune_logp > 0:
            raise ValueError("prune thresholds are log probabilities: 0 or below")
        if isinstance(self.hotwords, str):
            raise TypeError("hotwords is a tuple of strings, not one string")
        object.__setattr__(self, "hotwords", tuple(self.hotwords or ()))  # None, a list: a tuple
        if not all(isinstance(h, str) for h in self.hotwords):
            raise TypeError(f"hotwords must be strings, got {self.hotwords!r}")
        for name in ("unk_offset", "unk_letter_offset"):
            if getattr(self, name) > 0:
                raise ValueError(
                    f"{name} is a log-probability cost: 0 or below, got {getattr(self, name)}"
                )


@dataclass(frozen=True)
class Result:
    """One decoded utterance.

    Attributes:
        text: the transcript (words separated by single spaces).
        tokens: token ids, repeats merged and blanks removed. (U,)
        frames: the frame each token is emitted at, non-decreasing (greedy: first frame of its
            run; beam search: the most probable frame; use ``decode.align`` for exact spans). (U,)
        score: the ranking score: acoustic + LM + word bonus + hotword bonus.
        acoustic_score: ln p(tokens | audio): the best path for greedy, the sum over all
            alignments for beam search.
    """

    text: str
    tokens: tuple[int, ...]
    frames: tuple[int, ...]
    score: float
    acoustic_score: float

    def token_times(self, frame_rate: float) -> tuple[float, ...]:
        """Emission time of each token in seconds, for ``frame_rate`` frames per second."""
        return tuple(f / frame_rate for f in self.frames)


def _valid_length(log_probs: torch.Tensor, length: int | None) -> int:
    if log_probs.dim() != 2:
        raise ValueError(f"expected log_probs of shape (T, V), got {tuple(log_probs.shape)}")
    frames = log_probs.shape[0]
    length = frames if length is None else int(length)
    if not 0 <= length <= frames:
        raise ValueError(f"length {length} is outside 0..{frames} frames")
    return length


def greedy_decode(log_probs: torch.Tensor, length: int | None, tokenizer: Tokenizer) -> Result:
    """Best token per frame, repeats merged, blanks dropped. ``log_probs``: (T, V)."""
    length = _valid_length(log_probs, length)
    best, ids = log_probs[:length].float().max(dim=-1)  # (T,), (T,)
    previous = ids.roll(1)  # (T,) a copy: the frame before, none before the first
    previous[:1] = -1
    emitted = (ids != tokenizer.blank_id) & (ids != previous)  # (T,) first frame of each run
    frames = emitted.nonzero().flatten().tolist()
    tokens = ids[emitted].tolist()
    score = float(best.sum())
    return Result(tokenizer.decode(tokens), tuple(tokens), tuple(frames), score, score)


def greedy_decode_batch(
    log_probs: torch.Tensor, lengths: torch.Tensor, tokenizer: Tokenizer
) -> list[Result]:
    """:func:`greedy_decode` of each utterance of a padded batch. (B, T, V), lengths (B,)."""
    return [greedy_decode(lp, int(n), tokenizer) for lp, n in zip(log_probs, lengths, strict=True)]


def log_add(a: float, b: float) -> float:
    """ln(e^a + e^b) without overflow."""
    if a < b:
        a, b = b, a
    if b == NEG_INF:
        return a
    return a + math.log1p(math.exp(b - a))


@functools.lru_cache(maxsize=4)
def _word_starts(vocab: frozenset[str]) -> frozenset[str]:
    """Every non-empty start of every word of ``vocab`` (cached: an LM keeps its vocab)."""
    return frozenset(word[:i] for word in vocab for i in range(1, len(word) + 1))


class _Prefix:
    """A node of the prefix tree: one token sequence and its language-side scores."""

    __slots__ = (
        "children",
        "completion",
        "emit",
        "frame",
        "hot",
        "hot_open",
        "lm_score",
        "lm_state",
        "oov",
        "parent",
        "token",
        "word",
        "words",
    )

    def __init__(
        self,
        parent: _Prefix | None,
        token: int | None,
        word: tuple[int, ...],
        words: tuple[str, ...],
        lm_state: Any,
        lm_score: float,
        hot: float,
        hot_open: bool,
        oov: float = 0.0,
    ) -> None:
        self.parent, self.token = parent, token
        self.oov = oov  # unk_offset while the unfinished word starts no known word, else 0
        self.word = word  # tokens of the word being spelled, not yet scored by the LM
        self.words = words  # completed words, the last few (hotword phrases look back)
        self.lm_state, self.lm_score = lm_state, lm_score
        self.hot = hot  # bonus for spelling the start of a hotword (not kept if it diverges)
        self.hot_open = hot_open  # whether more tokens could still spell a hotword
        self.children: dict[int, _Prefix] = {}
        self.completion: tuple[float, Any, tuple[str, ...]] | None = None  # cached by _Scorer
        self.emit = NEG_INF  # best log prob of emitting `token` at one frame
        self.frame = 0  # ... and that frame

    def tokens_and_frames(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        tokens, frames = [], []
        node: _Prefix | None = self
        while node is not None and node.token is not None:
            tokens.append(node.token)
            frames.append(node.frame)
            node = node.parent
        tokens.reverse()
        frames.reverse()
        for i in range(len(frames) - 2, -1, -1):  # a later re-entry can move a parent's frame
            frames[i] = min(frames[i], frames[i + 1])
        return tuple(tokens), tuple(frames)


def uses_lm(options: DecodingOptions, lm: LanguageModel | None) -> bool:
    """Whether the search scores words with ``lm`` (and so adds ``word_bonus``): an LM is given
    and its weight is not 0."""
    return lm is not None and options.lm_weight != 0.0


class _Scorer:
    """The language side of the search: word completion, LM, word bonus, hotwords."""

    def __init__(
        self, tokenizer: Tokenizer, options: DecodingOptions, lm: LanguageModel | None
    ) -> None:
        self.tokenizer, self.options = tokenizer, options
        self.lm = lm if uses_lm(options, lm) else None
        self.hotwords = Hotwords(options.hotwords, options.hotword_weight, spelling(tokenizer))
        vocab = getattr(self.lm, "vocab", None)
        # a hotword is a word the user knows: never charged as unknown
        known = None if vocab is None else frozenset(vocab) | self.hotwords.words
        self.vocab: frozenset[str] | None = known
        self.starts = _word_starts(self.vocab) if self.vocab is not None else frozenset()
        self.keep_words = max(self.hotwords.max_words - 1, 0)

    def root(self) -> _Prefix:
        state = self.lm.initial_state() if self.lm is not None else None
        return _Prefix(None, None, (), (), state, 0.0, 0.0, True)

    def _complete(self, node: _Prefix) -> tuple[float, Any, tuple[str, ...]]:
        """Score the word ``node`` is spelling: (lm_score after it, lm state, recent words)."""
        if node.completion is None:
            node.completion = self._score_word(node)
        return node.completion

    def _score_word(self, node: _Prefix) -> tuple[float, Any, tuple[str, ...]]:
        text = self.tokenizer.decode(node.word)
        if not text:
            return node.lm_score, node.lm_state, node.words
        score, state = node.lm_score, node.lm_state
        if self.lm is not None:
            logp, state = self.lm.score_word(state, text)
            score += self.options.lm_weight * logp + self.options.word_bonus
            if self.vocab is not None and text not in self.vocab and not self.hotwords.knows(text):
                score += self._unknown(text)
        words = (*node.words, text)
        score += self.hotwords.completed(words)
        return (
            score,
            state,
            words[max(0, len(words) - self.keep_words) :] if self.keep_words else (),
        )

    def _unknown(self, text: str) -> float:
        """The cost of an unknown word (or unfinished one no known word starts with)."""
        return self.options.unk_offset + self.options.unk_letter_offset * len(text)

    def extend(self, parent: _Prefix, token: int) -> _Prefix:
        """The child of ``parent`` spelling one more ``token`` (created once, then reused)."""
        child = parent.children.get(token)
        if child is not None:
            return child
        lm_score, state, words, word = parent.lm_score, parent.lm_state, parent.words, (token,)
        begins = self.tokenizer.begins_word(token)
        if begins:
            lm_score, state, words = self._complete(parent)
        else:
            word = (*parent.word, token)
        hot, hot_open = 0.0, False
        # text that is no hotword start cannot become one by growing: skip decoding it
        if self.hotwords.max_words and (begins or parent.hot_open):
            text = self.tokenizer.decode(word)
            matched = self.hotwords.partial(words, text)
            hot, hot_open = self.hotwords.weight * matched, matched > 0 or not text
        oov = 0.0
        if self.vocab is not None:  # once off every known word's path, it stays off
            if not begins and parent.oov:
                oov = self._unknown(self.tokenizer.decode(word))
            else:
                text = self.tokenizer.decode(word)
                known = not text or text in self.starts or hot_open  # "café" of a "cafe" hotword
                oov = 0.0 if known else self._unknown(text)
        child = _Prefix(parent, token, word, words, state, lm_score, hot, hot_open, oov)
        parent.children[token] = child
        return child

    def final(self, node: _Prefix) -> float:
        """The language-side score of ``node`` as a finished utterance."""
        lm_score, state, _ = self._complete(node)
        if self.lm is not None:
            lm_score += self.options.lm_weight * self.lm.final_score(state)
        return lm_score


Beams = dict[_Prefix, tuple[float, float]]  # prefix -> (ln p_b, ln p_nb)


def _step(
    beams: Beams, frame: int, row: Any, candidates: list[int], blank: int, scorer: _Scorer
) -> Beams:
    """Advance every prefix by one frame; ``row`` is the frame's log probs (V,)."""
    grown: dict[_Prefix, list[float]] = {}

    def add(node: _Prefix, slot: int, logp: float) -> None:
        probs = grown.setdefault(node, [NEG_INF, NEG_INF])
        probs[slot] = log_add(probs[slot], logp)

    blank_logp = row.item(blank)
    for node, (p_b, p_nb) in beams.items():
        total = log_add(p_b, p_nb)
        add(node, 0, total + blank_logp)  # a blank keeps the prefix
        if node.token is not None:
            add(node, 1, p_nb + row.item(node.token))  # a repeat merges into the last token
        for token in candidates:
            # after the same token, only a path ending in a blank starts a new one
            emit = (p_b if token == node.token else total) + row.item(token)
            if emit == NEG_INF:
                continue
            child = scorer.extend(node, token)
            add(child, 1, emit)
            if emit > child.emit:
                child.emit, child.frame = emit, frame
    return {node: (p[0], p[1]) for node, p in grown.items()}


def _prune(beams: Beams, options: DecodingOptions) -> Beams:
    """The ``beam_size`` best prefixes within ``beam_prune_logp`` of the best."""
    ranked = ((_rank(node, probs), node, probs) for node, probs in beams.items())
    scored = sorted(
        (item for item in ranked if not math.isnan(item[0])), key=lambda item: item[0], reverse=True
    )[: options.beam_size]
    if not scored:  # an LM or a model that gives NaN: the loaders refuse those, say it anyway
        raise ValueError("every beam scored NaN (an LM or model with NaN values?)")
    floor = scored[0][0] + options.beam_prune_logp  # -inf when even the best is impossible
    return {node: probs for rank, node, probs in scored if rank >= floor or node is scored[0][1]}


def _rank(node: _Prefix, probs: tuple[float, float]) -> float:
    """What a prefix is ranked by: acoustic + LM so far + hotword start + unknown-word cost."""
    return log_add(*probs) + node.lm_score + node.hot + node.oov


def _candidates(log_probs: torch.Tensor, options: DecodingOptions, blank: int) -> list[list[int]]:
    """Per frame, the non-blank tokens worth trying: the top ``beam_size`` above the threshold,
    and the frame's best token whatever its probability. (T, V) -> T lists."""
    values, ids = log_probs.topk(min(options.beam_size, log_probs.shape[1]), dim=-1)  # (T, k)
    keep = values >= options.token_prune_logp  # (T, k)
    keep[:, 0] = True
    return [
        [t for t, k in zip(row_ids, row_keep, strict=True) if k and t != blank]
        for row_ids, row_keep in zip(ids.tolist(), keep.tolist(), strict=True)
    ]


def beam_search(
    log_probs: torch.Tensor,
    length: int | None,
    tokenizer: Tokenizer,
    options: DecodingOptions | None = None,
    lm: LanguageModel | None = None,
) -> Result:
    """CTC prefix beam search over ``log_probs`` (T, V), the first ``length`` frames.

    Returns the best prefix after adding each beam's last word and the LM's end-of-sentence
    score. With ``lm=None`` (or ``lm_weight=0``) only hotwords add to the acoustic score (the
    word bonus is part of the LM term: :func:`uses_lm`).
    """
    return beam_search_nbest(log_probs, length, tokenizer, options, lm, 1)[0]


def beam_search_nbest(
    log_probs: torch.Tensor,
    length: int | None,
    tokenizer: Tokenizer,
    options: DecodingOptions | None = None,
    lm: LanguageModel | None = None,
    nbest: int = 8,
) -> list[Result]:
    """:func:`beam_search`'s final beams, best first: at most ``min(nbest, beam_size)``
    distinct prefixes, for rescoring with another model (a second pass)."""
    if nbest < 1:
        raise ValueError(f"nbest must be at least 1, got {nbest}")
    options = options or DecodingOptions()
    length = _valid_length(log_probs, length)
    if log_probs.shape[1] != tokenizer.vocab_size:
        raise ValueError(
            f"log_probs have {log_probs.shape[1]} classes, the tokenizer {tokenizer.vocab_size}"
        )
    scorer = _Scorer(tokenizer, options, lm)
    blank = tokenizer.blank_id
    emissions = log_probs[:length].detach().double().cpu()  # (T, V)
    candidates = _candidates(emissions, options, blank)
    rows = emissions.numpy()
    beams: Beams = {scorer.root(): (0.0, NEG_INF)}
    for frame in range(length):
        beams = _prune(_step(beams, frame, rows[frame], candidates[frame], blank, scorer), options)
    finished = [(n, log_add(*p), scorer.final(n)) for n, p in beams.items()]
    finished.sort(key=lambda item: item[1] + item[2], reverse=True)
    results = []
    for node, acoustic, language in finished[:nbest]:
        tokens, frames = node.tokens_and_frames()
        results.append(
            Result(tokenizer.decode(tokens), tokens, frames, acoustic + language, acoustic)
        )
    return results


def beam_search_batch(
    log_probs: torch.Tensor,
    lengths: torch.Tensor,
    tokenizer: Tokenizer,
    options: DecodingOptions | None = None,
    lm: LanguageModel | None = None,
) -> list[Result]:
    """:func:`beam_search` of each utterance of a padded batch. (B, T, V), lengths (B,)."""
    return [
        beam_search(lp, int(n), tokenizer, options, lm)
        for lp, n in zip(log_probs, lengths, strict=True)
    ]
