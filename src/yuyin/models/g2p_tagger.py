"""Letter tagger G2P: every letter of a word tagged with the phones it spells (0, 1 or 2).

::

    chars (B, S) ─► CharEncoder (bidirectional) ─► Linear ─► tag log-probs (B, S, T)

The third G2P beside the encoder-decoder (:mod:`yuyin.models.g2p`) and the joint-sequence n-gram
(:mod:`yuyin.text.joint_sequence`): an *alignment-based* model (Yao & Zweig 2015). Its training
targets come from the joint-sequence model's graphone alignment (:func:`~yuyin.text.
joint_sequence.read_alignment`): a graphone ``ph:F`` gives ``p`` the tag ``F`` and ``h`` the empty
tag, ``x:K|S`` gives ``x`` the tag ``K S``, ``e:_`` gives ``e`` the empty tag. Tagging has no
decoder, so training and decoding cost one encoder pass: the model is cheap to train beside the
other two, and its errors are its own, which is what :mod:`yuyin.models.g2p_rescore` needs.

A tagger scores *any* pronunciation of a word, not only its own output (:func:`sequence_log_probs`):
``log p(phones | word)`` sums over every way of cutting the phones into one tag per letter
(a forward pass over letters x phones, like CTC's), so it can rescore the other models' n-best.

Rebuild from a checkpoint with ``LetterTagger(TaggerConfig(**ckpt_config))``.

Shapes: B words, S letters, D channels, T tags, K n-best size.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

from yuyin.decode.ctc import log_add
from yuyin.models.g2p import (
    IGNORE,
    CharEncoder,
    G2PConfig,
    encode_words,
    length_batches,
    token_loss,
)
from yuyin.nn.device import module_device
from yuyin.nn.masks import lengths_to_padding_mask
from yuyin.text.g2p import CHAR_TOKENS

__all__ = [
    "TAGGER_KIND",
    "TAGGER_SUBDIR",
    "LetterTagger",
    "TaggerConfig",
    "folder_tagger",
    "letter_tags",
    "load_tagger",
    "sequence_log_probs",
    "tag_vocabulary",
    "tagger_nbest",
]

TAGGER_KIND = "g2p-tagger"  # the hub kind of a saved LetterTagger
TAGGER_SUBDIR = "tagger"  # where a joint-sequence folder keeps the tagger trained on its alignment
Phones = tuple[str, ...]
Graphone = tuple[str, Phones]  # (letters, phones), as read_alignment gives them


@dataclass(frozen=True)
class TaggerConfig:
    """Plain-value hyper-parameters of :class:`LetterTagger`; ``asdict`` goes in checkpoints.

    ``tags`` is the tag vocabulary: space-joined phones, ``""`` (no phone) first.
    """

    tags: tuple[str, ...] = ("",)
    num_chars: int = len(CHAR_TOKENS)
    dim: int = 192  # D
    heads: int = 4
    layers: int = 4
    ff_mult: int = 4
    dropout: float = 0.1

    def __post_init__(self) -> None:
        object.__setattr__(self, "tags", tuple(self.tags))  # JSON gives a list back
        if not self.tags or self.tags[0] != "":
            raise ValueError("tags must start with the empty tag ''")
        if len(set(self.tags)) != len(self.tags):
            raise ValueError("tags must be unique")
        self.encoder_config()  # validates dim/heads/layers

    def encoder_config(self) -> G2PConfig:
        """The :class:`~yuyin.models.g2p.CharEncoder` settings (the decoder fields are unused)."""
        return G2PConfig(
            num_chars=self.num_chars,
            dim=self.dim,
            heads=self.heads,
            encoder_layers=self.layers,
            decoder_layers=1,
            ff_mult=self.ff_mult,
            dropout=self.dropout,
        )


def letter_tags(graphones: Sequence[Graphone]) -> list[str]:
    """One tag per letter: a chunk's phones go to its first letter, the others get ``""``."""
    tags: list[str] = []
    for letters, phones in graphones:
        tags.append(" ".join(phones))
        tags.extend("" for _ in letters[1:])
    return tags


def tag_vocabulary(aligned: Sequence[Sequence[Graphone]], min_count: int = 1) -> tuple[str, ...]:
    """The tags of an alignment seen ``min_count`` times or more: ``""`` first, then by count
    (ties alphabetical)."""
    counts: dict[str, int] = {}
    for graphones in aligned:
        for tag in letter_tags(graphones):
            counts[tag] = counts.get(tag, 0) + 1
    kept = sorted(
        (t for t, n in counts.items() if n >= min_count and t), key=lambda t: (-counts[t], t)
    )
    return ("", *kept)


class LetterTagger(nn.Module):
    """Bidirectional Transformer over letters, one tag distribution per letter.

    ``forward(chars, lengths, targets)`` returns the mean cross-entropy over letters (targets
    (B, S), :data:`~yuyin.models.g2p.IGNORE` at padding) and the letter accuracy.
    """

    def __init__(self, config: TaggerConfig) -> None:
        super().__init__()
        self.config = config
        self.encoder = CharEncoder(config.encoder_config())
        self.head = nn.Linear(config.dim, len(config.tags))
        self.tag_ids = {t: i for i, t in enumerate(config.tags)}

    def log_probs(self, chars: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """Tag log-probabilities (B, S, T); rows past a word's end are meaningless."""
        mask = lengths_to_padding_mask(lengths, chars.shape[1])  # (B, S)
        return self.head(self.encoder(chars, mask)).log_softmax(-1)  # (B, S, T)

    def forward(
        self,
        chars: torch.Tensor,
        lengths: torch.Tensor,
        targets: torch.Tensor,
        label_smoothing: float = 0.0,
    ) -> tuple[torch.Tensor, dict[str, float]]:
        mask = lengths_to_padding_mask(lengths, chars.shape[1])  # (B, S)
        logits = self.head(self.encoder(chars, mask))  # (B, S, T)
        loss, accuracy = token_loss(logits, targets, label_smoothing)
        return loss, {"letter_accuracy": accuracy}

    def encode_tags(self, tags: Sequence[str]) -> list[int]:
        """Ids of tags; a tag outside the vocabulary is :data:`IGNORE` (not trained on)."""
        return [self.tag_ids.get(t, IGNORE) for t in tags]

    def phones_of(self, ids: Sequence[int]) -> Phones:
        """The phones a tag sequence spells."""
        return tuple(p for i in ids for p in self.config.tags[i].split())


def folder_tagger(fst_dir: str | os.PathLike) -> Path:
    """The model folder of the tagger a joint-sequence folder keeps (``FST/tagger/model``, as
    ``train_tagger(..., FST/tagger)`` writes it)."""
    return Path(fst_dir) / TAGGER_SUBDIR / "model"


def load_tagger(path: str | os.PathLike) -> LetterTagger:
    """A saved tagger folder (:func:`folder_tagger`, or any ``g2p-tagger`` model folder), with
    its training record as ``yuyin_meta``; another kind of model is a clear error."""
    from yuyin.hub import ModelLoadError, load_model, read_model_config

    kind = read_model_config(path).get("kind")
    if kind != TAGGER_KIND:
        raise ModelLoadError(f"{path}: a model of kind {kind!r}, not a {TAGGER_KIND!r}")
    return load_model(path).eval()  # type: ignore[return-value]


@torch.no_grad()
def tagger_nbest(
    model: LetterTagger, words: Sequence[str], n: int = 4, batch_size: int = 512
) -> list[list[tuple[Phones, float]]]:
    """Each word's ``n`` most likely tag sequences as (phones, log-prob), best first; tag
    sequences that spell the same phones are merged (their probabilities added)."""
    if n < 1:
        raise ValueError("n must be >= 1")
    model.eval()
    device = module_device(model)  # the model may be on a GPU (training's dev eval)
    out: list[list[tuple[Phones, float]]] = [[] for _ in words]
    for chunk in length_batches([len(w) for w in words], batch_size):
        chars, lengths = encode_words([words[i] for i in chunk], device)
        logp = model.log_probs(chars, lengths)  # (B, S, T)
        top_lp, top_id = logp.topk(min(n, logp.shape[-1]), dim=-1)  # (B, S, K)
        lp_rows, id_rows = top_lp.tolist(), top_id.tolist()
        for row, (index, length) in enumerate(zip(chunk, lengths.tolist(), strict=True)):
            beams: list[tuple[float, list[int]]] = [(0.0, [])]
            for s in range(length):
                grown = [
                    (score + lp, ids + [tag])
                    for score, ids in beams
                    for lp, tag in zip(lp_rows[row][s], id_rows[row][s], strict=True)
                ]
                beams = sorted(grown, key=lambda b: -b[0])[:n]
            merged: dict[Phones, float] = {}
            for score, ids in beams:
                phones = model.phones_of(ids)
                merged[phones] = log_add(merged.get(phones, -math.inf), score)
            out[index] = sorted(merged.items(), key=lambda kv: -kv[1])
    return out


def _forward_score(
    logp: list[list[float]], tag_ids: dict[str, int], phones: Phones, width: int
) -> float:
    """log of the summed probability of every cut of ``phones`` into one tag per letter.

    ``logp`` is (S, T) as lists; ``width`` the most phones one tag holds.
    """
    count = len(phones)
    # spans[j]: (k, tag id) for every run phones[j:j+k] that is a tag; the same for every letter
    spans: list[list[tuple[int, int]]] = []
    for j in range(count + 1):
        runs = [
            (k, tag_ids.get(" ".join(phones[j : j + k]))) for k in range(min(width, count - j) + 1)
        ]
        spans.append([(k, tag) for k, tag in runs if tag is not None])
    alpha = [0.0] + [-math.inf] * count  # alpha[j]: first j phones spelled by the letters so far
    for row in logp:
        nxt = [-math.inf] * (count + 1)
        for j, (start, here) in enumerate(zip(alpha, spans, strict=True)):
            if start == -math.inf:
                continue
            for k, tag in here:
                nxt[j + k] = log_add(nxt[j + k], start + row[tag])
        alpha = nxt
    return alpha[count]


@torch.no_grad()
def sequence_log_probs(
    model: LetterTagger, pairs: Sequence[tuple[str, Sequence[str]]], batch_size: int = 512
) -> list[float]:
    """log p(phones | word) of each (word, phones), summed over every cut of the phones into
    one tag per letter; ``-inf`` where no cut uses only known tags."""
    model.eval()
    device = module_device(model)
    width = max(len(t.split()) for t in model.config.tags)
    out: list[float] = []
    cache: dict[str, list[list[float]]] = {}
    for start in range(0, len(pairs), batch_size):
        chunk = pairs[start : start + batch_size]
        new = sorted({w for w, _ in chunk if w not in cache})
        if new:
            chars, lengths = encode_words(new, device)
            logp = model.log_probs(chars, lengths)  # (B, S, T)
            for word, row, length in zip(new, logp, lengths.tolist(), strict=True):
                cache[word] = row[:length].tolist()
        for word, phones in chunk:
            out.append(_forward_score(cache[word], model.tag_ids, tuple(phones), width))
        if len(cache) > 4 * batch_size:
            cache.clear()
    return out
