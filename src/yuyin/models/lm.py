"""A GPT-style text language model: a decoder-only Transformer over characters.

Used as the ASR shallow-fusion LM and as the pretrained text model of the text tasks. Pre-LN
blocks with causal SDPA attention, learned absolute positions, an output layer tied to the token
embedding (nanoGPT's layout). Character-level by default: it needs no tokenizer training, works
on tiny corpora and spells words with the same characters as the CTC vocabulary.

:class:`FusionLM` adapts it to the word-level LM protocol of the CTC beam search
(``yuyin.decode.ctc.LanguageModel``) for shallow fusion.

Sentences are joined by the separator token ``<sep>`` (id :data:`SEP`), which is both the start
and the end of a sentence: the probability of a sentence ``s`` is ``p(s <sep> | <sep>)``.

Shapes: B batch, U tokens, D channels, H heads, Dh = D / H, V vocabulary.

    >>> import torch
    >>> model = build_lm(LMConfig(dim=32, layers=1, heads=2, context=16))
    >>> model(torch.zeros(2, 5, dtype=torch.long)).shape
    torch.Size([2, 5, 30])
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from yuyin.nn.blocks import FeedForward

__all__ = [
    "ALPHABET",
    "SEP",
    "UNK",
    "CharVocab",
    "FusionLM",
    "LMConfig",
    "LMError",
    "TextLM",
    "build_lm",
    "tokenizer_from_dict",
]

# The default alphabet is the output of ``normalize_for_scoring`` for English: lowercase letters,
# the word-internal apostrophe and the space (digits and symbols are verbalized before it).
ALPHABET = " 'abcdefghijklmnopqrstuvwxyz"
SEP, UNK = 0, 1  # special ids: sentence separator (start and end of a sentence), unknown char
SPECIALS = ("<sep>", "<unk>")
TOKENIZER_KINDS = ("char",)
FF_MULT = 4  # hidden width of the MLP, as in GPT-2
INIT_STD = 0.02  # GPT-2's initialization
SCORE_BATCH = 64  # sentences per forward pass when scoring many
FUSION_CACHE_SIZE = 100_000  # (history, word) scores kept by FusionLM before it starts over
SCORE_BATCH_TOKENS = 8192  # tokens per forward pass when scoring a long text in windows


class LMError(ValueError):
    """A language-model request that cannot be served (no tokenizer, bad options, bad input)."""


@dataclass(frozen=True)
class LMConfig:
    """Shape of a :class:`TextLM`; stored in its ``config.json`` and rebuilt from it."""

    vocab_size: int = len(SPECIALS) + len(ALPHABET)  # V, including the special tokens
    dim: int = 128  # D
    layers: int = 4
    heads: int = 4  # H, dividing D
    context: int = 128  # longest token sequence the model sees (learned positions)
    dropout: float = 0.1
    tokenizer: str = "char"  # kind of tokenizer stored next to the weights: char

    def __post_init__(self) -> None:
        for name in ("vocab_size", "dim", "layers", "heads", "context"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be >= 1, got {getattr(self, name)!r}")
        if self.dim % self.heads:
            raise ValueError(f"dim {self.dim} is not divisible by heads {self.heads}")
        if not 0.0 <= self.dropout < 1.0:
            raise ValueError(f"dropout must be in [0, 1), got {self.dropout!r}")
        if self.tokenizer not in TOKENIZER_KINDS:
            raise ValueError(f"tokenizer must be one of {TOKENIZER_KINDS}, got {self.tokenizer!r}")


# --- tokenizer -------------------------------------------------------------------------------


class CharVocab:
    """Characters to ids: ``<sep>`` = 0, ``<unk>`` = 1, then one id per alphabet character.

    Characters outside the alphabet become ``<unk>`` (so any string encodes); text is expected
    normalized (``yuyin.text.normalize.normalize_for_scoring``) beforehand.

        >>> vocab = CharVocab()
        >>> vocab.encode("hi!")
        [11, 12, 1]
        >>> vocab.decode([11, 12, 0, 1])
        'hi ?'
    """

    kind = "char"
    UNK_TEXT = "?"  # what <unk> decodes to

    def __init__(self, alphabet: str = ALPHABET) -> None:
        if len(set(alphabet)) != len(alphabet) or not alphabet:
            raise LMError(f"alphabet must be non-empty characters without repeats: {alphabet!r}")
        self.alphabet = alphabet
        self._ids = {ch: i + len(SPECIALS) for i, ch in enumerate(alphabet)}

    @property
    def vocab_size(self) -> int:
        return len(SPECIALS) + len(self.alphabet)

    def encode(self, text: str) -> list[int]:
        """Ids of the characters of ``text`` (no separators added)."""
        ids = self._ids
        return [ids.get(ch, UNK) for ch in text]

    def decode(self, ids: Sequence[int]) -> str:
        """Text of ``ids``: ``<sep>`` becomes a space, ``<unk>`` :attr:`UNK_TEXT`."""
        out = []
        for i in ids:
            if i == SEP:
                out.append(" ")
            elif i == UNK or not len(SPECIALS) <= i < self.vocab_size:
                out.append(self.UNK_TEXT)
            else:
                out.append(self.alphabet[i - len(SPECIALS)])
        return "".join(out)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "alphabet": self.alphabet, "specials": list(SPECIALS)}

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> CharVocab:
        if list(values.get("specials", SPECIALS)) != list(SPECIALS):
            raise LMError(f"char vocabulary with specials {values.get('specials')}: unsupported")
        return cls(values["alphabet"])


def tokenizer_from_dict(values: dict[str, Any]) -> CharVocab:
    """Rebuild the tokenizer stored in a model's ``meta["tokenizer"]``."""
    kind = values.get("kind") if isinstance(values, dict) else None
    if kind == CharVocab.kind:
        return CharVocab.from_dict(values)
    raise LMError(f"unknown tokenizer kind {kind!r} (this yuyin knows {TOKENIZER_KINDS})")


# --- the network -----------------------------------------------------------------------------


class CausalSelfAttention(nn.Module):
    """Masked self-attention: (B, U, D) -> (B, U, D), position u attends to positions <= u."""

    def __init__(self, dim: int, heads: int, dropout: float) -> None:
        super().__init__()
        self.heads, self.dropout = heads, dropout
        self.qkv = nn.Linear(dim, 3 * dim)
        self.out = nn.Linear(dim, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        batch, length, dim = x.shape
        qkv = self.qkv(x).view(batch, length, 3, self.heads, dim // self.heads)  # (B, U, 3, H, Dh)
        q, k, v = qkv.permute(2, 0, 3, 1, 4).unbind(0)  # (B, H, U, Dh) each
        y = F.scaled_dot_product_attention(
            q, k, v, dropout_p=self.dropout if self.training else 0.0, is_causal=True
        )  # (B, H, U, Dh)
        return self.out(y.transpose(1, 2).reshape(batch, length, dim))  # (B, U, D)


class DecoderBlock(nn.Module):
    """Pre-LN decoder layer: ``x + attn(LN(x))`` then ``x + mlp(LN(x))``."""

    def __init__(self, dim: int, heads: int, dropout: float) -> None:
        super().__init__()
        self.attn_norm = nn.LayerNorm(dim)
        self.attn = CausalSelfAttention(dim, heads, dropout)
        self.ff_norm = nn.LayerNorm(dim)
        self.ff = FeedForward(dim, FF_MULT, dropout, nn.GELU)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.dropout(self.attn(self.attn_norm(x)))
        return x + self.dropout(self.ff(self.ff_norm(x)))


class TextLM(nn.Module):
    """Decoder-only Transformer LM with tied input/output embeddings.

    The tokenizer is not a tensor: it is handed to the constructor or, for a model rebuilt by
    ``yuyin.hub.load_model``, read from ``meta["tokenizer"]`` the first time it is needed.
    """

    def __init__(self, config: LMConfig, tokenizer: CharVocab | None = None) -> None:
        super().__init__()
        self.config = config
        self.embed = nn.Embedding(config.vocab_size, config.dim)
        self.positions = nn.Parameter(torch.zeros(config.context, config.dim))  # (U_max, D)
        self.dropout = nn.Dropout(config.dropout)
        self.blocks = nn.ModuleList(
            DecoderBlock(config.dim, config.heads, config.dropout) for _ in range(config.layers)
        )
        self.norm = nn.LayerNorm(config.dim)
        self._tokenizer = None
        if tokenizer is not None:
            self.set_tokenizer(tokenizer)
        self._init_weights()

    def _init_weights(self) -> None:
        for module in self.modules():
            if isinstance(module, nn.Linear):
                nn.init.normal_(module.weight, std=INIT_STD)
                nn.init.zeros_(module.bias)
            elif isinstance(module, nn.Embedding):
                nn.init.normal_(module.weight, std=INIT_STD)
        nn.init.normal_(self.positions, std=INIT_STD)
        # GPT-2: residual projections scaled by 1/sqrt(2 L), two residual additions per layer
        residual_std = INIT_STD / math.sqrt(2 * self.config.layers)
        for block in self.blocks:
            nn.init.normal_(block.attn.out.weight, std=residual_std)
            nn.init.normal_(block.ff.net[-1].weight, std=residual_std)

    # --- tokenizer -----------------------------------------------------------------------

    @property
    def tokenizer(self) -> CharVocab:
        """The tokenizer the model was trained with (from the saved meta if not given)."""
        if self._tokenizer is None:
            stored = getattr(self, "yuyin_meta", {}).get("tokenizer")
            if stored is None:
                raise LMError("this language model has no tokenizer (none given, none saved)")
            self.set_tokenizer(tokenizer_from_dict(stored))
        return self._tokenizer

    def set_tokenizer(self, tokenizer: CharVocab) -> None:
        if tokenizer.vocab_size != self.config.vocab_size:
            raise LMError(
                f"tokenizer has {tokenizer.vocab_size} tokens, the model {self.config.vocab_size}"
            )
        self._tokenizer = tokenizer

    # --- training ------------------------------------------------------------------------

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        """Next-token logits: tokens (B, U) with U <= context -> logits (B, U, V)."""
        length = tokens.shape[1]
        if length > self.config.context:
            raise LMError(f"{length} tokens exceed the model's context of {self.config.context}")
        x = self.dropout(self.embed(tokens) + self.positions[:length])  # (B, U, D)
        for block in self.blocks:
            x = block(x)
        return F.linear(self.norm(x), self.embed.weight)  # (B, U, V), tied to the embedding

    def loss(self, tokens: torch.Tensor) -> torch.Tensor:
        """Mean next-token cross-entropy (nats) of windows (B, U + 1): predict 1..U from 0..U-1."""
        logits = self(tokens[:, :-1])  # (B, U, V)
        return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tokens[:, 1:].reshape(-1))

    # --- inference -----------------------------------------------------------------------

    @torch.no_grad()
    def token_log_probs(
        self, ids: Sequence[int] | torch.Tensor, progress: Callable[[int], object] | None = None
    ) -> torch.Tensor:
        """``log p(ids[u] | ids[:u])`` for u = 1..N-1 of any length N: (N - 1,) float32.

        Longer than the context, the text is scored in windows of ``context`` tokens that advance
        by half a context, so every token but the first window's sees at least ``context / 2``
        tokens of history. ``progress`` is called with the number of tokens each forward pass
        scored (a progress bar's ``update``).
        """
        ids = torch.as_tensor(ids, dtype=torch.long).reshape(-1).cpu()  # (N,)
        count, context = ids.numel(), self.config.context
        if count < 2:
            return torch.zeros(0)
        width = min(context, count - 1)  # U: inputs per window
        stride = max(1, context // 2)
        last = count - 1 - width  # the last window ends at the last target
        starts = torch.arange(0, last + stride, stride).clamp(max=last).unique()  # (W,)
        # window w: inputs ids[s : s + U], targets out[s : s + U] (out[j] predicts ids[j + 1]);
        # it keeps the targets no earlier window scored, from new_from[w] on
        ends = starts + width
        new_from = torch.cat([starts.new_zeros(1), ends[:-1]]) - starts  # (W,)
        positions = torch.arange(width + 1)  # (U + 1,)
        per_batch = max(1, SCORE_BATCH_TOKENS // width)
        device = self.embed.weight.device
        out = torch.empty(count - 1)
        for begin in range(0, starts.numel(), per_batch):
            chunk = starts[begin : begin + per_batch]  # (b,)
            windows = ids[chunk[:, None] + positions].to(device)  # (b, U + 1)
            logits = self(windows[:, :-1]).float()  # (b, U, V)
            logp = logits.log_softmax(-1).gather(-1, windows[:, 1:, None])[..., 0].cpu()  # (b, U)
            keep = positions[None, :-1] >= new_from[begin : begin + per_batch, None]  # (b, U)
            # rows keep disjoint, increasing target ranges: row-major order is target order
            out[(chunk[:, None] + positions[None, :-1])[keep]] = logp[keep]
            if progress is not None:
                progress(int(keep.sum()))
        return out

    def score(self, text: str, *, eos: bool = True) -> float:
        """Natural-log probability of ``text`` as a sentence, ``log p(text [<sep>] | <sep>)``.

        ``text`` should be normalized as the model's training text was (``normalize_for_scoring``);
        ``eos=False`` scores it as a prefix (no end of sentence), as shallow fusion needs.
        """
        return self.score_batch([text], eos=eos)[0]

    @torch.no_grad()
    def score_batch(
        self,
        texts: Sequence[str],
        *,
        eos: bool = True,
        progress: Callable[[int], object] | None = None,
    ) -> list[float]:
        """:meth:`score` of many texts; those that fit the context share padded forward passes.
        ``progress`` is called with the number of tokens each forward pass scored."""
        if isinstance(texts, str | bytes):  # each letter would be scored as a sentence
            raise TypeError("texts must be a list of strings, not one string (score() takes one)")
        if any(not isinstance(t, str) for t in texts):
            raise TypeError("texts must be strings")
        tokenizer, context = self.tokenizer, self.config.context
        seqs = [[SEP, *tokenizer.encode(t)] + ([SEP] if eos else []) for t in texts]
        scores = [0.0] * len(seqs)
        was_training = self.training
        self.eval()
        try:
            fits = sorted(
                (i for i, s in enumerate(seqs) if len(s) <= context + 1), key=lambda i: len(seqs[i])
            )
            for i in sorted(set(range(len(seqs))) - set(fits)):  # longer than the context
                scores[i] = float(self.token_log_probs(seqs[i], progress).sum())
            for begin in range(0, len(fits), SCORE_BATCH):
                chunk = fits[begin : begin + SCORE_BATCH]
                for i, value in zip(
                    chunk, self._padded_scores([seqs[i] for i in chunk]), strict=True
                ):
                    scores[i] = value
                if progress is not None:
                    progress(sum(len(seqs[i]) - 1 for i in chunk))
        finally:
            self.train(was_training)
        return scores

    def _padded_scores(self, seqs: list[list[int]]) -> list[float]:
        """Summed log-probs of token lists (each <= context + 1 long), right-padded in one batch."""
        width = max(len(s) for s in seqs)
        device = self.embed.weight.device
        ids = torch.full((len(seqs), width), SEP, dtype=torch.long)  # (b, L), padded with <sep>
        for row, seq in enumerate(seqs):
            ids[row, : len(seq)] = torch.tensor(seq)
        lengths = torch.tensor([len(s) - 1 for s in seqs])  # targets per row
        ids = ids.to(device)
        logits = self(ids[:, :-1]).float()  # (b, L - 1, V); causal: padding never leaks back
        logp = logits.log_softmax(-1).gather(-1, ids[:, 1:, None])[..., 0].cpu()  # (b, L - 1)
        valid = torch.arange(width - 1)[None, :] < lengths[:, None]  # (b, L - 1)
        return logp.masked_fill(~valid, 0.0).sum(1).tolist()

    @torch.no_grad()
    def generate(
        self,
        prompt: str,
        max_tokens: int,
        temperature: float = 1.0,
        top_k: int | None = None,
        generator: torch.Generator | None = None,
        *,
        stop_at_sep: bool = True,
    ) -> str:
        """Continue ``prompt`` by up to ``max_tokens`` sampled tokens; returns the continuation.

        ``temperature`` 0 is greedy; ``top_k`` keeps the k likeliest tokens; ``generator`` makes
        sampling reproducible. Stops early at the end of the sentence unless ``stop_at_sep`` is
        False (then a ``<sep>`` appears as a space).
        """
        if max_tokens < 0 or temperature < 0 or (top_k is not None and top_k < 1):
            raise LMError("max_tokens and temperature must be >= 0 and top_k >= 1")
        was_training = self.training
        self.eval()
        device = self.embed.weight.device
        ids = torch.tensor([[SEP, *self.tokenizer.encode(prompt)]], device=device)  # (1, U)
        new: list[int] = []
        try:
            for _ in range(max_tokens):
                logits = self(ids[:, -self.config.context :])[0, -1].float()  # (V,)
                token = _pick(logits, temperature, top_k, generator)
                if token == SEP and stop_at_sep:
                    break
                new.append(token)
                ids = torch.cat([ids, ids.new_tensor([[token]])], dim=1)
        finally:
            self.train(was_training)
        return self.tokenizer.decode(new)


class FusionLM:
    """A :class:`TextLM` as the word-level LM of CTC prefix beam search (shallow fusion).

    Follows ``yuyin.decode.ctc.LanguageModel``: the state is the token history, a word is
    scored with the word boundary before it (after the first word), and ``final_score`` is the
    end of sentence. The scores of a sentence's words plus ``final_score`` sum to
    :meth:`TextLM.score` of the sentence. Words are scored on the full history (windows beyond
    the context); results are cached per (history, word).

    ``token_bonus`` (nats) is added per scored token: set to the LM's mean loss per token it
    makes a word's score its surprise relative to an average spelling, so that the search does
    not favour short words merely for having fewer characters to pay for.
    """

    def __init__(
        self, model: TextLM, cache_size: int = FUSION_CACHE_SIZE, token_bonus: float = 0.0
    ) -> None:
        if not math.isfinite(token_bonus):
            raise LMError(f"token_bonus must be finite, got {token_bonus}")
        self.model = model.eval()
        self.cache_size = cache_size
        self.token_bonus = float(token_bonus)
        self._cache: dict[tuple[tuple[int, ...], tuple[int, ...]], float] = {}
        self._boundary = tuple(model.tokenizer.encode(" "))  # the token between two words

    def initial_state(self) -> tuple[int, ...]:
        return (SEP,)

    def score_word(self, state: tuple[int, ...], word: str) -> tuple[float, tuple[int, ...]]:
        """``(ln p(word | state), next state)``; the word is normalized text without spaces."""
        new = (self._boundary if len(state) > 1 else ()) + tuple(self.model.tokenizer.encode(word))
        return self._continuation(state, new), state + new

    def final_score(self, state: tuple[int, ...]) -> float:
        return self._continuation(state, (SEP,))

    def _continuation(self, history: tuple[int, ...], new: tuple[int, ...]) -> float:
        """ln p(new | history): the last ``len(new)`` token log-probs of history + new."""
        if not new:
            return 0.0
        key = (history, new)
        if key not in self._cache:
            if len(self._cache) >= self.cache_size:
                self._cache.clear()
            logp = self.model.token_log_probs([*history, *new])  # (N - 1,)
            self._cache[key] = float(logp[-len(new) :].sum()) + self.token_bonus * len(new)
        return self._cache[key]


def _pick(
    logits: torch.Tensor, temperature: float, top_k: int | None, generator: torch.Generator | None
) -> int:
    """One token id from logits (V,): greedy at temperature 0, else sampled."""
    if temperature == 0:
        return int(logits.argmax())
    logits = logits / temperature
    if top_k is not None and top_k < logits.numel():
        kth = torch.topk(logits, top_k).values[-1]
        logits = logits.masked_fill(logits < kth, -math.inf)
    probs = logits.softmax(-1).cpu()
    return int(torch.multinomial(probs, 1, generator=generator))


def build_lm(config: LMConfig, tokenizer: CharVocab | None = None) -> TextLM:
    """The explicit factory (``yuyin.hub`` rebuilds saved LMs with it)."""
    return TextLM(config, tokenizer)
