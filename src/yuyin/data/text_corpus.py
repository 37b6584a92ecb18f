"""Text corpora for language models: public-domain general text and in-domain transcripts.

Every corpus comes out as a list of sentences normalized with
:func:`~yuyin.text.normalize.normalize_for_scoring` (lowercase words, numbers spelled, no
punctuation but word-internal apostrophes): the form ASR hypotheses take, which is what an LM for
shallow fusion scores. Empty results are dropped and repeats removed (first occurrence kept).

* **General text** (:func:`public_corpus`): the shipped prompt sentences
  (:mod:`yuyin.data.prompts`: Austen, KJV) plus, when the Debian packages are installed, the
  ``fortunes`` cookies and the ``wordnet-base`` glosses and examples (skipped silently when
  absent). Splits are the prompts' stable hash split (:func:`~yuyin.data.prompts.prompt_split`),
  applied to the Debian sentences too, so ``test`` stays held out from every ``train``.
* **In-domain text**: the transcripts of a manifest (:func:`manifest_sentences`) or a plain text
  file, one sentence a line (:func:`read_text_sentences`).

    >>> from yuyin.data.text_corpus import prepare_sentences
    >>> prepare_sentences(["Hello, World!", "hello world", "  ", "It costs $5."])
    ['hello world', 'it costs five dollars']
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterable, Sequence
from pathlib import Path

from yuyin.data.manifest import iter_manifest
from yuyin.data.prompts import SOURCES, SPLITS, load_prompts, prompt_split
from yuyin.text._unicode import encoding_hint
from yuyin.text.normalize import normalize_for_scoring, split_sentences

__all__ = [
    "DEBIAN_SOURCES",
    "FORTUNE_DIR",
    "WORDNET_DIR",
    "TextCorpusError",
    "debian_sentences",
    "manifest_sentences",
    "prepare_sentences",
    "public_corpus",
    "read_fortunes",
    "read_text_sentences",
    "read_wordnet_glosses",
    "subset",
]

FORTUNE_DIR = Path("/usr/share/games/fortunes")  # Debian `fortunes`, `fortunes-min`
WORDNET_DIR = Path("/usr/share/wordnet")  # Debian `wordnet-base`
DEBIAN_SOURCES = ("fortunes", "wordnet")
FORTUNE_SEPARATOR = "%"  # a line of its own between two cookies
FORTUNE_SKIP_DIRS = ("off",)  # the offensive cookies, stored rot13-encoded
FORTUNE_SKIP_SUFFIXES = (".dat", ".u8")  # index files and UTF-8 symlinks to the same text
WORDNET_PARTS = ("noun", "verb", "adj", "adv")  # data.<part> files
WORDNET_GLOSS = " | "  # separates a synset's fields from its gloss
WORDNET_HEADER = "  "  # licence lines at the top of each data file start with two spaces


class TextCorpusError(ValueError):
    """A text source that cannot be read; names the file (and line) at fault."""


def prepare_sentences(lines: Iterable[str], keep_repeats: bool = False) -> list[str]:
    """Normalize for scoring, drop empty results and repeats (first occurrence kept, in order);
    ``keep_repeats`` keeps every occurrence (how often a phrase is said is what a word n-gram
    of one's own transcripts should learn)."""
    seen: set[str] = set()
    sentences = []
    for line in lines:
        sentence = normalize_for_scoring(line)
        if sentence and (keep_repeats or sentence not in seen):
            seen.add(sentence)
            sentences.append(sentence)
    return sentences


def subset(sentences: Sequence[str], count: int, seed: int = 0) -> list[str]:
    """``count`` sentences spread over the whole corpus (a seeded shuffle), in corpus order.

    The first ``count`` lines of a book are one topic; a random subset is a fair sample of it.
    ``count`` <= 0 or >= len keeps everything.
    """
    if count <= 0 or count >= len(sentences):
        return list(sentences)
    chosen = sorted(random.Random(seed).sample(range(len(sentences)), count))
    return [sentences[i] for i in chosen]


def read_text_sentences(path: str | os.PathLike, keep_repeats: bool = False) -> list[str]:
    """Prepared sentences of a UTF-8 text file, one sentence (or paragraph) a line; ``-`` (or a
    pipe such as ``/dev/stdin``) is read to its end. ``keep_repeats``: see
    :func:`prepare_sentences`."""
    path = Path(path)
    if str(path) == "-":
        path = Path("/dev/stdin")
    if path.is_dir():
        raise TextCorpusError(f"{path}: a folder, not a text file")
    if not path.exists():
        raise TextCorpusError(f"{path}: text file not found")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TextCorpusError(
            f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}){encoding_hint(data)}"
        ) from None
    sentences = prepare_sentences(text.splitlines(), keep_repeats)
    if not sentences:
        raise TextCorpusError(f"{path}: no words in the file")
    return sentences


def manifest_sentences(path: str | os.PathLike, keep_repeats: bool = False) -> list[str]:
    """Prepared transcripts of a manifest (utterances without text are skipped)."""
    sentences = prepare_sentences((u.text for u in iter_manifest(path) if u.text), keep_repeats)
    if not sentences:
        raise TextCorpusError(f"{path}: no transcripts in the manifest")
    return sentences


def read_fortunes(root: str | os.PathLike = FORTUNE_DIR) -> list[str]:
    """Sentences of the fortune cookies under ``root`` (none when it is absent)."""
    root = Path(root)
    if not root.is_dir():
        return []
    sentences: list[str] = []
    for path in sorted(root.rglob("*")):
        skipped = any(part in FORTUNE_SKIP_DIRS for part in path.relative_to(root).parts)
        if skipped or not path.is_file() or path.is_symlink():
            continue
        if path.suffix in FORTUNE_SKIP_SUFFIXES:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        cookie: list[str] = []
        for line in [*text.splitlines(), FORTUNE_SEPARATOR]:
            if line.strip() != FORTUNE_SEPARATOR:
                cookie.append(line)
                continue
            sentences += split_sentences(" ".join(cookie))
            cookie = []
    return sentences


def read_wordnet_glosses(root: str | os.PathLike = WORDNET_DIR) -> list[str]:
    """Definitions and usage examples of the WordNet glosses under ``root`` (none when absent)."""
    sentences: list[str] = []
    for part in WORDNET_PARTS:
        path = Path(root) / f"data.{part}"
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.startswith(WORDNET_HEADER) or WORDNET_GLOSS not in line:
                    continue
                gloss = line.split(WORDNET_GLOSS, 1)[1]
                # "a definition; another; \"an example\"": each piece on its own
                sentences += [p.strip().strip('"') for p in gloss.split(";") if p.strip()]
    return sentences


def debian_sentences(
    fortune_dir: str | os.PathLike = FORTUNE_DIR, wordnet_dir: str | os.PathLike = WORDNET_DIR
) -> dict[str, list[str]]:
    """Raw sentences per installed Debian text source (an absent source has none)."""
    return {"fortunes": read_fortunes(fortune_dir), "wordnet": read_wordnet_glosses(wordnet_dir)}


def public_corpus(
    split: str = "train",
    sources: Sequence[str] = (*SOURCES, *DEBIAN_SOURCES),
    *,
    fortune_dir: str | os.PathLike = FORTUNE_DIR,
    wordnet_dir: str | os.PathLike = WORDNET_DIR,
) -> list[str]:
    """Prepared general text of one split from the named sources (prompts first, then Debian).

    Sources: ``austen``, ``kjv`` (shipped) and ``fortunes``, ``wordnet`` (used when installed).
    """
    if split not in SPLITS:
        raise TextCorpusError(f"unknown split {split!r}; expected one of {', '.join(SPLITS)}")
    known = (*SOURCES, *DEBIAN_SOURCES)
    unknown = [s for s in sources if s not in known]
    if unknown:
        raise TextCorpusError(f"unknown text source(s) {unknown}; known: {', '.join(known)}")
    lines: list[str] = []
    for source in sources:
        if source in SOURCES:
            lines += load_prompts(split, source)
    wanted = [s for s in DEBIAN_SOURCES if s in sources]
    if wanted:
        debian = debian_sentences(fortune_dir, wordnet_dir)
        # split by the normalized sentence, so a repeat lands in the split of its first copy
        extra = prepare_sentences(s for name in wanted for s in debian[name])
        lines += [s for s in extra if prompt_split(s) == split]
    return prepare_sentences(lines)
