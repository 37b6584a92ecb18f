"""Neural grapheme-to-phoneme model: a small Transformer encoder-decoder, chars -> stressed phones.

::

    chars (B, S) ─► CharEncoder ─► memory (B, S, D) ──────────────┐
                     (pretrained as g2p_pretrain.MaskedCharModel) ▼
    [<s>, phones] (B, U) ─► PhoneDecoder (causal self-attention + cross-attention) ─► logits

The alphabets are :data:`yuyin.text.g2p.CHAR_TOKENS` (31 ids) and
:data:`yuyin.text.g2p.PHONE_TOKENS` (73 ids: 4 special + 69 ARPAbet phones with stress).
:class:`yuyin.models.g2p_pretrain.MaskedCharModel` pretrains the encoder on spellings alone
(BERT-style masked characters); :func:`build_g2p` takes such an encoder in. Decoding is greedy
or a small batched beam search. With ``G2PConfig.right_to_left`` the model reads each word from
its end and writes the phones last first (:func:`reverse_rows` inside ``encode``,
``teacher_logits`` and the decoders), so callers always pass and get reading order; such a model
rescores the left-to-right one's candidates in :mod:`yuyin.models.g2p_rescore`.

Rebuild from a checkpoint with ``build_g2p(G2PConfig(**ckpt_config))``.

Shapes: B batch (words), S characters, U phones, D model channels, H heads, V phone vocabulary,
K beam size.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from yuyin.nn.blocks import FeedForward, TransformerBlock
from yuyin.nn.device import module_device
from yuyin.nn.masks import lengths_to_padding_mask
from yuyin.text.g2p import (
    BOS,
    CHAR_TOKENS,
    EOS,
    MASK,
    PAD,
    PHONE_TOKENS,
    decode_phones,
)
from yuyin.text.g2p import encode_word as _encode_word

__all__ = [
    "G2P_KIND",
    "CharEncoder",
    "G2PConfig",
    "G2PModel",
    "PhoneDecoder",
    "beam_decode",
    "beam_search",
    "build_g2p",
    "decode_words",
    "encode_words",
    "greedy_decode",
    "length_batches",
    "reverse_rows",
    "token_loss",
]

G2P_KIND = "g2p"  # the hub kind of a saved G2PModel
IGNORE = -100  # target id that cross-entropy skips
POSITION_BASE = 10000.0  # sinusoidal positions (Vaswani et al. 2017): wavelengths 2pi..2pi*1e4
NEVER_OUTPUT = [PAD, BOS, MASK]  # ids a decoder may not emit


@dataclass(frozen=True)
class G2PConfig:
    """Plain-value hyper-parameters of :class:`G2PModel`; ``asdict`` goes in checkpoints."""

    num_chars: int = len(CHAR_TOKENS)
    num_phones: int = len(PHONE_TOKENS)
    dim: int = 192  # D
    heads: int = 4
    encoder_layers: int = 3
    decoder_layers: int = 3
    ff_mult: int = 4  # feed-forward width = ff_mult * dim
    dropout: float = 0.1
    # True: reads the word last letter first and writes the phones last first (a right-to-left
    # model errs unlike a left-to-right one: a second opinion for rescoring, Sun et al. 2019);
    # inputs and outputs stay in reading order, the model reverses them itself
    right_to_left: bool = False

    def __post_init__(self) -> None:
        if self.dim % self.heads or (self.dim // self.heads) % 2:
            raise ValueError(f"dim {self.dim} must split into {self.heads} heads of even width")
        if min(self.encoder_layers, self.decoder_layers, self.ff_mult) < 1:
            raise ValueError("encoder_layers, decoder_layers and ff_mult must be >= 1")


def sinusoidal_positions(length: int, dim: int, device: torch.device) -> torch.Tensor:
    """Fixed sine/cosine position codes (T, D): any length, nothing to learn."""
    steps = torch.arange(length, device=device, dtype=torch.float32)[:, None]  # (T, 1)
    freqs = POSITION_BASE ** (-torch.arange(0, dim, 2, device=device).float() / dim)  # (D/2,)
    angles = steps * freqs[None, :]  # (T, D/2)
    return torch.stack((angles.sin(), angles.cos()), dim=-1).flatten(1)  # (T, D)


def reverse_rows(x: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    """Each row of ``x`` (B, T, ...) with its first ``lengths[b]`` items in reverse order and the
    rest (padding, an end token) where they were; its own inverse."""
    steps = torch.arange(x.shape[1], device=x.device)[None, :]  # (1, T)
    lengths = lengths.to(x.device)[:, None]  # (B, 1)
    index = torch.where(steps < lengths, lengths - 1 - steps, steps)  # (B, T)
    return x.gather(1, index.view(*index.shape, *([1] * (x.dim() - 2))).expand_as(x))


def phone_counts(ids: torch.Tensor) -> torch.Tensor:
    """Phones (B,) before the end of each row of ids (B, U): neither EOS nor PAD (decoders write
    nothing else after the end)."""
    return ((ids != EOS) & (ids != PAD)).sum(1)


class TokenEmbedding(nn.Module):
    """Ids (B, T) -> scaled embeddings plus sinusoidal positions, with dropout. (B, T, D)"""

    def __init__(self, vocab: int, dim: int, dropout: float) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab, dim, padding_idx=PAD)
        nn.init.normal_(self.embed.weight, std=dim**-0.5)
        self.scale = math.sqrt(dim)  # embeddings ~ unit scale, like the positions
        self.dropout = nn.Dropout(dropout)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        x = self.embed(ids) * self.scale  # (B, T, D)
        return self.dropout(x + sinusoidal_positions(ids.shape[1], x.shape[-1], x.device))


class CharEncoder(nn.Module):
    """Characters (B, S) -> contextual vectors (B, S, D) through pre-LN Transformer blocks."""

    def __init__(self, config: G2PConfig) -> None:
        super().__init__()
        self.config = config
        self.embed = TokenEmbedding(config.num_chars, config.dim, config.dropout)
        self.blocks = nn.ModuleList(
            TransformerBlock(config.dim, config.heads, config.ff_mult, config.dropout, 0.0)
            for _ in range(config.encoder_layers)
        )
        self.norm = nn.LayerNorm(config.dim)

    def forward(self, chars: torch.Tensor, padding_mask: torch.Tensor) -> torch.Tensor:
        """``padding_mask`` (B, S) is True at padding; every word has one character at least."""
        x = self.embed(chars)  # (B, S, D)
        for block in self.blocks:
            x = block(x, padding_mask)
        return self.norm(x)


KeyValue = tuple[torch.Tensor, torch.Tensor]  # keys and values, (B, H, T, Dh) each


class Attention(nn.Module):
    """Multi-head attention of queries (B, U, D) over keys/values (B, T, D), on SDPA.

    Split in two so that decoding can cache: :meth:`keys_values` projects what is attended to,
    :meth:`attend` runs the queries over it.
    """

    def __init__(self, dim: int, heads: int) -> None:
        super().__init__()
        self.heads = heads
        self.q = nn.Linear(dim, dim)
        self.kv = nn.Linear(dim, 2 * dim)
        self.out = nn.Linear(dim, dim)

    def keys_values(self, memory: torch.Tensor) -> KeyValue:
        batch, steps, dim = memory.shape
        kv = self.kv(memory).view(batch, steps, 2, self.heads, dim // self.heads)
        k, v = kv.permute(2, 0, 3, 1, 4).unbind(0)  # (B, H, T, Dh) each
        return k, v

    def attend(
        self,
        x: torch.Tensor,
        kv: KeyValue,
        key_padding_mask: torch.Tensor | None = None,
        causal: bool = False,
    ) -> torch.Tensor:
        batch, steps, dim = x.shape
        q = self.q(x).view(batch, steps, self.heads, dim // self.heads).transpose(1, 2)
        keep = None if key_padding_mask is None else ~key_padding_mask[:, None, None, :]
        y = F.scaled_dot_product_attention(q, *kv, attn_mask=keep, is_causal=causal)
        return self.out(y.transpose(1, 2).reshape(batch, steps, dim))  # (B, U, D)


@dataclass
class DecoderState:
    """What incremental decoding keeps between steps (one entry per decoder layer)."""

    memory_kv: list[KeyValue]  # cross-attention keys/values of the encoder memory (B, H, S, Dh)
    memory_mask: torch.Tensor  # (B, S), True at padding
    self_kv: list[KeyValue | None]  # keys/values of the phones so far (B, H, t, Dh)
    position: int = 0  # index of the next phone

    def reorder(self, index: torch.Tensor) -> None:
        """Keep rows ``index`` (B',) of the phone caches (beam search); memory rows of one
        word's beams are identical, so the memory caches need no reordering."""
        self.self_kv = [None if kv is None else (kv[0][index], kv[1][index]) for kv in self.self_kv]


class DecoderBlock(nn.Module):
    """Pre-LN decoder layer: causal self-attention, cross-attention to the encoder, feed-forward."""

    def __init__(self, config: G2PConfig) -> None:
        super().__init__()
        dim = config.dim
        self.self_norm = nn.LayerNorm(dim)
        self.self_attn = Attention(dim, config.heads)
        self.cross_norm = nn.LayerNorm(dim)
        self.cross_attn = Attention(dim, config.heads)
        self.ff_norm = nn.LayerNorm(dim)
        self.ff = FeedForward(dim, config.ff_mult, config.dropout, nn.GELU)
        self.dropout = nn.Dropout(config.dropout)

    def forward(
        self, x: torch.Tensor, memory_kv: KeyValue, memory_mask: torch.Tensor
    ) -> torch.Tensor:
        """All phones at once (training): (B, U, D) -> (B, U, D)."""
        h = self.self_norm(x)
        x = x + self.dropout(self.self_attn.attend(h, self.self_attn.keys_values(h), causal=True))
        return self._cross_ff(x, memory_kv, memory_mask)

    def step(self, x: torch.Tensor, state: DecoderState, layer: int) -> torch.Tensor:
        """One new phone per word (decoding): (B, 1, D) -> (B, 1, D), caching its keys/values."""
        h = self.self_norm(x)
        k, v = self.self_attn.keys_values(h)  # (B, H, 1, Dh)
        cached = state.self_kv[layer]
        if cached is not None:
            k, v = torch.cat((cached[0], k), 2), torch.cat((cached[1], v), 2)  # (B, H, t+1, Dh)
        state.self_kv[layer] = (k, v)
        x = x + self.self_attn.attend(h, (k, v))  # the cache holds only the past: no mask
        return self._cross_ff(x, state.memory_kv[layer], state.memory_mask)

    def _cross_ff(
        self, x: torch.Tensor, memory_kv: KeyValue, memory_mask: torch.Tensor
    ) -> torch.Tensor:
        x = x + self.dropout(self.cross_attn.attend(self.cross_norm(x), memory_kv, memory_mask))
        return x + self.dropout(self.ff(self.ff_norm(x)))


class PhoneDecoder(nn.Module):
    """Phone prefixes (B, U) + encoder memory (B, S, D) -> next-phone logits (B, U, V).

    The output projection shares its weights with the phone embedding.
    """

    def __init__(self, config: G2PConfig) -> None:
        super().__init__()
        self.embed = TokenEmbedding(config.num_phones, config.dim, config.dropout)
        self.blocks = nn.ModuleList(DecoderBlock(config) for _ in range(config.decoder_layers))
        self.norm = nn.LayerNorm(config.dim)

    def forward(
        self, phones: torch.Tensor, memory: torch.Tensor, memory_mask: torch.Tensor
    ) -> torch.Tensor:
        x = self.embed(phones)  # (B, U, D)
        for block in self.blocks:
            x = block(x, block.cross_attn.keys_values(memory), memory_mask)
        return self.norm(x) @ self.embed.embed.weight.T  # (B, U, V)

    def start(
        self, memory: torch.Tensor, memory_mask: torch.Tensor, repeat: int = 1
    ) -> DecoderState:
        """A decoding state for ``memory`` (B, S, D): the cross-attention projections, once.
        ``repeat`` > 1 gives every word that many consecutive rows (B*repeat, ...: beams)."""
        if repeat > 1:
            memory = memory.repeat_interleave(repeat, 0)
            memory_mask = memory_mask.repeat_interleave(repeat, 0)
        memory_kv = [block.cross_attn.keys_values(memory) for block in self.blocks]
        return DecoderState(memory_kv, memory_mask, [None] * len(self.blocks))

    def step(self, phones: torch.Tensor, state: DecoderState) -> torch.Tensor:
        """Logits (B, V) of the phone after ``phones`` (B,), the latest of each word's prefix."""
        x = self.embed.embed(phones[:, None]) * self.embed.scale  # (B, 1, D)
        x = x + sinusoidal_positions(state.position + 1, x.shape[-1], x.device)[-1]
        for layer, block in enumerate(self.blocks):
            x = block.step(x, state, layer)
        state.position += 1
        return (self.norm(x) @ self.embed.embed.weight.T)[:, 0]  # (B, V)


class G2PModel(nn.Module):
    """The encoder-decoder; ``forward`` returns the teacher-forced loss of a batch."""

    def __init__(self, config: G2PConfig, encoder: CharEncoder, decoder: PhoneDecoder) -> None:
        super().__init__()
        self.config = config
        self.encoder = encoder
        self.decoder = decoder

    def encode(
        self, chars: torch.Tensor, lengths: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Encoder memory (B, S, D) and its padding mask (B, S); a right-to-left model reads
        each word reversed."""
        mask = lengths_to_padding_mask(lengths, chars.shape[1])
        if self.config.right_to_left:
            chars = reverse_rows(chars, lengths)
        return self.encoder(chars, mask), mask

    def teacher_logits(
        self, chars: torch.Tensor, char_lengths: torch.Tensor, phones: torch.Tensor
    ) -> torch.Tensor:
        """Logits (B, U, V) of every phone of ``phones`` (B, U) given the ones before it: the
        decoder reads ``[<s>, phones[:-1]]`` (teacher forcing). A right-to-left model reads the
        phones before the end reversed; its logits come back in reading order (row ``u`` still
        scores ``phones[:, u]``)."""
        memory, mask = self.encode(chars, char_lengths)
        counts = phone_counts(phones) if self.config.right_to_left else None
        if counts is not None:
            phones = reverse_rows(phones, counts)
        inputs = F.pad(phones[:, :-1], (1, 0), value=BOS)  # (B, U)
        logits = self.decoder(inputs, memory, mask)  # (B, U, V)
        return logits if counts is None else reverse_rows(logits, counts)

    def forward(
        self,
        chars: torch.Tensor,
        char_lengths: torch.Tensor,
        phones: torch.Tensor,
        label_smoothing: float = 0.0,
    ) -> tuple[torch.Tensor, dict[str, float]]:
        """Mean cross-entropy per phone of ``phones`` (B, U): ids + EOS, PAD after the end.

        The decoder reads ``[<s>, phones[:-1]]`` and predicts ``phones`` (teacher forcing).
        """
        logits = self.teacher_logits(chars, char_lengths, phones)  # (B, U, V)
        targets = phones.masked_fill(phones == PAD, IGNORE)  # (B, U)
        loss, accuracy = token_loss(logits, targets, label_smoothing)
        return loss, {"phone_accuracy": accuracy}


def token_loss(
    logits: torch.Tensor, targets: torch.Tensor, label_smoothing: float = 0.0
) -> tuple[torch.Tensor, float]:
    """Mean cross-entropy of logits (B, T, V) against targets (B, T) (IGNORE where none), and
    the share of targets the argmax gets right."""
    loss = F.cross_entropy(
        logits.transpose(1, 2), targets, ignore_index=IGNORE, label_smoothing=label_smoothing
    )
    with torch.no_grad():
        valid = targets != IGNORE
        correct = (logits.argmax(-1) == targets) & valid
        accuracy = float(correct.sum()) / max(int(valid.sum()), 1)
    return loss, accuracy


def length_batches(sizes: Sequence[int], batch_size: int) -> list[list[int]]:
    """Indices of items of ``sizes`` (lengths) in batches of similar size (less padding),
    smallest first."""
    order = sorted(range(len(sizes)), key=sizes.__getitem__)
    return [order[i : i + batch_size] for i in range(0, len(order), batch_size)]


def build_g2p(config: G2PConfig, encoder: CharEncoder | None = None) -> G2PModel:
    """A G2P model; pass a (pretrained) ``encoder`` to start from it."""
    if encoder is None:
        encoder = CharEncoder(config)
    elif encoder.config.dim != config.dim or encoder.config.num_chars != config.num_chars:
        raise ValueError("the encoder's dim and alphabet must match the G2P config")
    return G2PModel(config, encoder, PhoneDecoder(config))


# --- decoding --------------------------------------------------------------------------------


def encode_words(
    words: Sequence[str], device: torch.device | str = "cpu"
) -> tuple[torch.Tensor, torch.Tensor]:
    """Padded character ids (B, S) and lengths (B,) of words in the model's alphabet."""
    ids = [_encode_word(w) for w in words]
    lengths = torch.tensor([len(i) for i in ids], dtype=torch.long)
    if int(lengths.min()) < 1:
        raise ValueError("every word needs one character at least")
    chars = torch.full((len(ids), int(lengths.max())), PAD, dtype=torch.long)
    for row, seq in enumerate(ids):
        chars[row, : len(seq)] = torch.tensor(seq)
    return chars.to(device), lengths.to(device)


def reading_order(model: G2PModel, ids: torch.Tensor) -> torch.Tensor:
    """Decoded ids (B, U) in reading order: a right-to-left model wrote them last first."""
    return reverse_rows(ids, phone_counts(ids)) if model.config.right_to_left else ids


@torch.no_grad()
def greedy_decode(
    model: G2PModel, chars: torch.Tensor, lengths: torch.Tensor, max_len: int
) -> torch.Tensor:
    """Most likely phone at every step. Returns ids (B, <= max_len), EOS/PAD after the end."""
    state = model.decoder.start(*model.encode(chars, lengths))
    token = torch.full((chars.shape[0],), BOS, dtype=torch.long, device=chars.device)
    done = torch.zeros(chars.shape[0], dtype=torch.bool, device=chars.device)
    out = []
    for _ in range(max_len):
        logits = model.decoder.step(token, state)  # (B, V)
        logits[:, NEVER_OUTPUT] = -math.inf
        token = logits.argmax(-1).masked_fill(done, PAD)  # (B,)
        out.append(token)
        done |= token == EOS
        if bool(done.all()):
            break
    return reading_order(model, torch.stack(out, 1))  # (B, U)


@torch.no_grad()
def beam_search(
    model: G2PModel, chars: torch.Tensor, lengths: torch.Tensor, max_len: int, beam_size: int
) -> tuple[torch.Tensor, torch.Tensor]:
    """Every word's ``beam_size`` best phone sequences and their sums of log-probs.

    Finished hypotheses keep their score and compete with the open ones until every beam of
    every word has ended. ``model`` may also be a :class:`yuyin.models.g2p_ensemble.G2PEnsemble`.
    Returns ids (B, K, <= max_len) with EOS/PAD after the end, and scores (B, K), best first;
    a beam that never got a hypothesis (a word with fewer than K) scores ``-inf``.
    """
    batch, device = chars.shape[0], chars.device
    # (B*K, ...): beam k of word b is row b*K + k
    state = model.decoder.start(*model.encode(chars, lengths), repeat=beam_size)
    tokens = torch.full((batch * beam_size, 1), BOS, dtype=torch.long, device=device)
    scores = torch.full((batch, beam_size), -math.inf, device=device)
    scores[:, 0] = 0.0  # all beams start identical: keep one
    done = torch.zeros(batch * beam_size, dtype=torch.bool, device=device)
    rows = torch.arange(batch, device=device)[:, None]  # (B, 1)
    for _ in range(max_len):
        logp = model.decoder.step(tokens[:, -1], state).log_softmax(-1)  # (B*K, V)
        logp[:, NEVER_OUTPUT] = -math.inf
        logp[done] = -math.inf
        logp[done, PAD] = 0.0  # an ended hypothesis continues with free padding
        vocab = logp.shape[-1]
        total = scores.reshape(-1, 1) + logp  # (B*K, V)
        scores, best = total.view(batch, -1).topk(beam_size, dim=-1)  # (B, K), best first
        parent = (rows * beam_size + best // vocab).flatten()  # (B*K,) rows of the parents
        token = (best % vocab).flatten()  # (B*K,)
        tokens = torch.cat((tokens[parent], token[:, None]), 1)  # (B*K, t+1)
        state.reorder(parent)
        done = done[parent] | (token == EOS)
        if bool(done.all()):
            break
    ids = reading_order(model, tokens[:, 1:])  # (B*K, U)
    return ids.reshape(batch, beam_size, -1), scores


def beam_decode(
    model: G2PModel, chars: torch.Tensor, lengths: torch.Tensor, max_len: int, beam_size: int
) -> torch.Tensor:
    """The most likely phone sequence among ``beam_size`` kept per word (sum of log-probs):
    the first of :func:`beam_search`. Returns ids (B, <= max_len), EOS/PAD after the end."""
    return beam_search(model, chars, lengths, max_len, beam_size)[0][:, 0]


def decode_words(
    model: G2PModel,
    words: Sequence[str],
    beam_size: int = 1,
    max_len: int = 32,
    batch_size: int = 256,
) -> list[list[str]]:
    """Phones (with stress) of words in the model's alphabet; greedy when ``beam_size == 1``."""
    device = module_device(model)
    was_training = model.training
    model.eval()
    out: list[list[str]] = [[] for _ in words]
    try:
        for chunk in length_batches([len(w) for w in words], batch_size):
            chars, lengths = encode_words([words[i] for i in chunk], device)
            if beam_size > 1:
                ids = beam_decode(model, chars, lengths, max_len, beam_size)
            else:
                ids = greedy_decode(model, chars, lengths, max_len)
            for i, row in zip(chunk, ids.tolist(), strict=True):
                out[i] = decode_phones(row)
    finally:
        model.train(was_training)
    return out
