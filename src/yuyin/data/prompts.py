"""The shipped English prompt corpus: public-domain sentences for TTS prompts and ASR labels.

Two sources ship in ``yuyin/assets/text`` as xz-compressed text, one sentence per line, extracted
once by ``scripts/extract_prompts.py``: Jane Austen's six novels (``austen``) and the King James
Bible (``kjv``). Every sentence has :data:`MIN_WORDS` to :data:`MAX_WORDS` words of ASCII letters
and basic punctuation.

The train/dev/test split is a stable hash of the normalized sentence (:func:`prompt_split`), so a
sentence lands in the same split on every machine, whatever else the corpus holds.

>>> from yuyin.data.prompts import load_prompts
>>> test = load_prompts("test", source="austen")
>>> len(test) > 100
True
"""

from __future__ import annotations

import hashlib
import lzma
import os
import re
from functools import lru_cache
from pathlib import Path

__all__ = [
    "MAX_WORDS",
    "MIN_WORDS",
    "SOURCES",
    "SPLITS",
    "is_clean_prompt",
    "load_prompts",
    "normalize_prompt",
    "prompt_split",
    "read_prompt_file",
]

ASSET_DIR = Path(__file__).resolve().parent.parent / "assets" / "text"
SOURCES = ("austen", "kjv")
SPLITS = ("train", "dev", "test")
ALL_SOURCES = "all"
MIN_WORDS = 3
MAX_WORDS = 25  # about 10 s of speech at 150 words a minute: a comfortable utterance length

HASH_BUCKETS = 100  # split by percent:
DEV_BUCKETS = 2  # 2 % dev
TEST_BUCKETS = 2  # 2 % test, the remaining 96 % train
HASH_DIGEST_BYTES = 8

# A clean prompt: starts with a letter, then letters, spaces, apostrophes, hyphens and , ; : . ! ?
CLEAN_PROMPT = re.compile(r"^[A-Za-z][A-Za-z ,;:'.!?-]*$")
_NOT_WORD = re.compile(r"[^a-z' ]+")
_LETTER = re.compile(r"[^\W\d_]")  # any letter, in any script


def asset_path(source: str) -> Path:
    """Where the sentences of ``source`` are stored."""
    return ASSET_DIR / f"prompts_{source}.txt.xz"


def normalize_prompt(sentence: str) -> str:
    """Lowercase words without punctuation (apostrophes kept): the key for dedupe and split."""
    words = _NOT_WORD.sub(" ", sentence.lower().replace("-", " ")).split()
    return " ".join(word.strip("'") for word in words if word.strip("'"))


def is_clean_prompt(sentence: str) -> bool:
    """True for a sentence fit to be a prompt: plain ASCII, no digits, 3-25 words."""
    if not CLEAN_PROMPT.match(sentence):
        return False
    return MIN_WORDS <= len(sentence.split()) <= MAX_WORDS


def prompt_split(sentence: str) -> str:
    """The split (``train``, ``dev`` or ``test``) a sentence belongs to, from a stable hash."""
    key = normalize_prompt(sentence).encode("utf-8")
    digest = hashlib.blake2b(key, digest_size=HASH_DIGEST_BYTES).digest()
    bucket = int.from_bytes(digest, "big") % HASH_BUCKETS
    if bucket < DEV_BUCKETS:
        return "dev"
    if bucket < DEV_BUCKETS + TEST_BUCKETS:
        return "test"
    return "train"


@lru_cache(maxsize=len(SOURCES))
def _read_source(source: str) -> tuple[str, ...]:
    path = asset_path(source)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: prompt corpus missing from the installed package")
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        return tuple(line.rstrip("\n") for line in fh if line.strip())


@lru_cache(maxsize=len(SPLITS) * (len(SOURCES) + 1))
def _split_of(split: str, source: str) -> tuple[str, ...]:
    sources = SOURCES if source == ALL_SOURCES else (source,)
    return tuple(s for name in sources for s in _read_source(name) if prompt_split(s) == split)


def load_prompts(split: str, source: str = ALL_SOURCES) -> list[str]:
    """Sentences of one split (``train``/``dev``/``test``) of one source (``austen``, ``kjv``, or
    ``all``), in corpus order. Deterministic: the same list on every call and machine."""
    if split not in SPLITS:
        raise ValueError(f"unknown prompt split {split!r}; expected one of {', '.join(SPLITS)}")
    if source != ALL_SOURCES and source not in SOURCES:
        raise ValueError(
            f"unknown prompt source {source!r}; expected one of {', '.join(SOURCES)} or 'all'"
        )
    return list(_split_of(split, source))


def read_prompt_file(path: str | os.PathLike) -> list[str]:
    """Sentences of a UTF-8 text file, one a line (blank lines skipped). Raises ValueError naming
    the file (and line) when it is missing, not text, empty, or a line has no letters."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{path}: prompt file not found")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    from yuyin.text.normalize import normalize_for_scoring  # the text a transcript is scored as

    prompts = []
    for lineno, line in enumerate(lines, 1):
        line = " ".join(line.split())
        if not line:
            continue
        if not _LETTER.search(line):
            raise ValueError(f"{path}:{lineno}: no words to say in {line[:60]!r}")
        if not normalize_for_scoring(line):  # "<noise>", "[laughter]": its clip's text is empty
            raise ValueError(
                f"{path}:{lineno}: no words to say in {line[:60]!r} (a tag: it would be said as "
                "nothing or as its name, and its transcript is empty)"
            )
        prompts.append(line)
    if not prompts:
        raise ValueError(f"{path}: no sentences (the file is empty)")
    return prompts
