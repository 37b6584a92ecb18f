"""Long-form reading: sentences cut to what the acoustic model speaks well, and memory given
back while a book is read. Used by :class:`yuyin.voice.Voice`.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Callable

__all__ = ["MAX_SENTENCE_CHARS", "MIN_PIECE_CHARS", "release_freed_memory", "spoken_pieces"]

MAX_SENTENCE_CHARS = 400  # longer sentences are cut at clause breaks (attention cost, prosody)
MIN_PIECE_CHARS = 20  # written characters a piece of a long-spoken sentence keeps at least


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None elsewhere (musl, macOS, Windows)."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def release_freed_memory() -> None:
    """Give the heap's freed pages back to the system. Sentences of every length leave holes
    that glibc keeps: reading a book grew the process ~20 MB every 150 sentences (504 -> 612 MB
    over five passes of an article); trimming every :data:`yuyin.voice.TRIM_EVERY` sentences
    keeps it flat."""
    if (trim := _malloc_trim()) is not None:
        trim(0)


def spoken_pieces(sentence: str) -> list[str]:
    """``sentence`` cut (at clause breaks, else spaces) into written pieces whose spoken forms
    hold at most :data:`MAX_SENTENCE_CHARS`; the pieces stay written text, which phonemization
    normalizes once (twice would spell a headline's words: its capitals test is no fixed point).
    """
    from yuyin.text.normalize import normalize_for_tts, split_sentences

    spoken = len(normalize_for_tts(sentence))
    if spoken <= MAX_SENTENCE_CHARS:
        return [sentence]
    limit = max(MIN_PIECE_CHARS, len(sentence) * MAX_SENTENCE_CHARS // spoken)
    pieces = split_sentences(sentence, max_chars=limit)
    if len(pieces) == 1:  # nowhere to cut: one long utterance
        return pieces
    return [piece for p in pieces for piece in spoken_pieces(p)]
