"""The fixed train/dev/test split of CMUdict that G2P training, tuning and scoring share.

One entry per CMUdict headword made only of letters and apostrophes (with at least one
letter); its pronunciations in dictionary order (the first is the training reference; scoring
accepts any). The word's bucket is ``blake2b(f"{seed}\\t{word}", 8 bytes) mod 1000`` with
``seed = SPLIT_SEED = 0``: buckets 0-99 are **test** (10 %), 100-119 **dev** (2 %, carved from
the 90 % for training), the rest **train** (88 %). A word lands in the same split on every machine
and for every version of the dictionary that lists it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from yuyin.text.lexicon import Lexicon, load_cmudict

__all__ = ["SPLIT_SEED", "G2PEntry", "G2PSplit", "cmudict_split", "model_word", "split_of"]

_MODEL_WORD = re.compile(r"^[a-z']*[a-z][a-z']*$")  # letters and apostrophes, one letter at least

SPLIT_SEED = 0
SPLIT_BUCKETS = 1000
TEST_BUCKETS = 100  # 10 % test
DEV_BUCKETS = 20  # 2 % dev, taken from the 90 % that is not test
SPLITS = ("train", "dev", "test")
_DIGEST_BYTES = 8


@dataclass(frozen=True)
class G2PEntry:
    """A headword and its pronunciations in dictionary order (the first is the reference)."""

    word: str
    pronunciations: tuple[tuple[str, ...], ...]

    @property
    def phones(self) -> tuple[str, ...]:
        """The training reference: the first listed pronunciation."""
        return self.pronunciations[0]


@dataclass(frozen=True)
class G2PSplit:
    """The three parts of the CMUdict split, each sorted by word."""

    train: tuple[G2PEntry, ...]
    dev: tuple[G2PEntry, ...]
    test: tuple[G2PEntry, ...]


def split_of(word: str, seed: int = SPLIT_SEED) -> str:
    """``"train"``, ``"dev"`` or ``"test"``: the split of a word, from a stable hash."""
    key = f"{seed}\t{word}".encode()
    digest = hashlib.blake2b(key, digest_size=_DIGEST_BYTES).digest()
    bucket = int.from_bytes(digest, "big") % SPLIT_BUCKETS
    if bucket < TEST_BUCKETS:
        return "test"
    return "dev" if bucket < TEST_BUCKETS + DEV_BUCKETS else "train"


def model_word(word: str) -> bool:
    """Whether the neural models can read ``word``: lowercase letters and apostrophes only."""
    return _MODEL_WORD.match(word) is not None


def cmudict_split(lexicon: Lexicon | None = None, seed: int = SPLIT_SEED) -> G2PSplit:
    """The fixed train/dev/test split of a lexicon's letter-and-apostrophe words (module doc)."""
    lexicon = load_cmudict() if lexicon is None else lexicon
    parts: dict[str, list[G2PEntry]] = {name: [] for name in SPLITS}
    for word in sorted(lexicon):
        if model_word(word):
            prons = tuple(tuple(p) for p in lexicon[word])
            parts[split_of(word, seed)].append(G2PEntry(word, prons))
    return G2PSplit(*(tuple(parts[name]) for name in SPLITS))
