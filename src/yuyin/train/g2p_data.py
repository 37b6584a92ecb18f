"""The words a G2P run trains on, and how they are batched.

* :func:`pretraining_words`: spellings for masked-character pretraining (no CMUdict test word).
* :func:`extra_train_entries`: pronunciations from other lexicon files (for instance words the
  shipped G2P read aloud: ``yuyin g2p label``) that join the *train* split only. Words of the
  CMUdict split are left out, so the dictionary's own readings win and its dev and test words
  stay unseen; this is how a student learns from a teacher on unlabeled words
  (sequence-level distillation, Kim & Rush 2016).
* :class:`WordChunks`: words grouped into dataset items of :data:`CHUNK_WORDS` words of
  neighbouring length; :func:`collate_words` pads them into a :class:`WordBatch`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from yuyin.data.prompts import load_prompts, normalize_prompt
from yuyin.text.g2p import (
    EOS,
    PAD,
    G2PEntry,
    G2PSplit,
    cmudict_split,
    encode_phones,
    encode_word,
    model_word,
    spell,
)
from yuyin.text.lexicon import load_lexicon

__all__ = [
    "CHUNK_WORDS",
    "ExtraWords",
    "WordBatch",
    "WordChunks",
    "collate_words",
    "extra_train_entries",
    "pretraining_words",
    "pronunciation_chunks",
    "spelling_chunks",
]

CHUNK_WORDS = 16  # words per dataset item (WordChunks): ~15 items in a batch of 2048 positions


@dataclass
class WordBatch:
    """Words (and, for fine-tuning, their phones) padded into tensors."""

    chars: torch.Tensor  # (B, S) character ids, PAD after each word
    char_lengths: torch.Tensor  # (B,)
    phones: torch.Tensor | None = None  # (B, U) phone ids + EOS, PAD after; None in pretraining


Item = tuple[torch.Tensor, torch.Tensor | None]  # (chars (S,), phones + EOS (U,) or None)


class WordChunks:
    """Words grouped into items of :data:`CHUNK_WORDS` words of neighbouring length.

    The loop seeds every item it fetches (about a millisecond on a CPU); with words as items that
    would cost more than the model's step, so an item is a chunk of words. Chunk ``k`` holds the
    words at positions ``k * CHUNK_WORDS ...`` of the words sorted by size, ties broken by a
    shuffle of ``(seed, epoch)``: the chunks' sizes (what the sampler plans with) are the same in
    every epoch while which words share a chunk changes.

    ``sizes`` are padded costs per word (characters, or the longer of characters and phones).
    """

    def __init__(self, items: Sequence[Item], sizes: Sequence[int], seed: int) -> None:
        if not items:
            raise ValueError("no words to train on")
        self.items, self.seed = list(items), seed
        self.word_sizes = np.asarray(sizes, dtype=np.int64)  # (N,)
        by_size = np.sort(self.word_sizes)
        chunks = [by_size[i : i + CHUNK_WORDS] for i in range(0, len(by_size), CHUNK_WORDS)]
        self.sizes = [int(c.max()) * len(c) for c in chunks]  # padded cost: longest x words
        self.epoch = -1
        self.set_epoch(0)

    def set_epoch(self, epoch: int) -> None:
        rng = np.random.default_rng(np.random.SeedSequence([self.seed, epoch]))
        ties = rng.permutation(len(self.items))  # (N,)
        self.order = np.lexsort((ties, self.word_sizes))  # (N,) by size, then shuffled
        self.epoch = epoch

    def __len__(self) -> int:
        return len(self.sizes)

    def __getitem__(self, index: int) -> list[Item]:
        positions = self.order[index * CHUNK_WORDS : (index + 1) * CHUNK_WORDS]
        return [self.items[i] for i in positions.tolist()]


def spelling_chunks(words: Sequence[str], seed: int) -> WordChunks:
    """Pretraining items: words as character ids, no phones."""
    items = [(torch.tensor(encode_word(w)), None) for w in words]
    return WordChunks(items, [len(w) for w in words], seed)


def pronunciation_chunks(entries: Sequence[G2PEntry], seed: int) -> WordChunks:
    """Fine-tuning items: (character ids, ids of the first pronunciation + EOS)."""
    items: list[Item] = [
        (torch.tensor(encode_word(e.word)), torch.tensor([*encode_phones(e.phones), EOS]))
        for e in entries
    ]
    return WordChunks(items, [max(len(c), len(p)) for c, p in items], seed)  # type: ignore[arg-type]


def _pad(seqs: Sequence[torch.Tensor]) -> torch.Tensor:
    return nn.utils.rnn.pad_sequence(list(seqs), batch_first=True, padding_value=PAD)


def collate_words(chunks: Sequence[Sequence[Item]]) -> WordBatch:
    """Pad the words of a batch of :class:`WordChunks` items into one :class:`WordBatch`."""
    items = [item for chunk in chunks for item in chunk]
    chars = [c for c, _ in items]
    phones = [p for _, p in items if p is not None]
    return WordBatch(
        chars=_pad(chars),
        char_lengths=torch.tensor([len(c) for c in chars], dtype=torch.long),
        phones=_pad(phones) if phones else None,
    )


def pretraining_words(split: G2PSplit | None = None) -> list[str]:
    """Spellings for pretraining: CMUdict train+dev headwords and the prompt corpus' words
    (train split), without any CMUdict test word. Sorted, deduplicated."""
    split = cmudict_split() if split is None else split
    words = {e.word for e in (*split.train, *split.dev)}
    for sentence in load_prompts("train"):
        words.update(spell(w) for w in normalize_prompt(sentence).split())
    words -= {e.word for e in split.test}
    words.discard("")
    return sorted(words)


@dataclass(frozen=True)
class ExtraWords:
    """Entries of extra lexicon files that join the train split, and what was left out."""

    entries: tuple[G2PEntry, ...]  # sorted by word
    in_split: int  # words the CMUdict split already holds (its readings win; dev/test unseen)
    unreadable: int  # words outside the model's alphabet (digits, hyphens ...)


def extra_train_entries(files: Sequence[str | Path], split: G2PSplit) -> ExtraWords:
    """The words of cmudict-format ``files`` (later files override earlier ones) that are in no
    part of ``split``, as train entries (module doc). Raises
    :class:`~yuyin.text.lexicon.LexiconError` naming a file that cannot be read."""
    lexicon = load_lexicon(*files, base=False)
    taken = {e.word for part in (split.train, split.dev, split.test) for e in part}
    entries, in_split, unreadable = [], 0, 0
    for word in sorted(lexicon):
        if word in taken:
            in_split += 1
        elif not model_word(word):
            unreadable += 1
        else:
            entries.append(G2PEntry(word, tuple(tuple(p) for p in lexicon[word])))
    return ExtraWords(tuple(entries), in_split, unreadable)
