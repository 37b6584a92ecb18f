"""The sentence around a match, looked for within a bounded window: a rule that reads its
sentence for cues stays linear in the text's length (a 1 MB line with no full stop would make
a whole-text look quadratic)."""

from __future__ import annotations

SENTENCE_LOOK = 300  # characters looked at on each side of a match, at most
_ENDS = (". ", "! ", "? ")


def sentence_span(
    text: str, start: int, end: int, ends: tuple[str, ...] = _ENDS
) -> tuple[int, int]:
    """Where the sentence holding ``text[start:end]`` starts and ends: after the last of
    ``ends`` before ``start``, up to the first after ``end`` (each within
    :data:`SENTENCE_LOOK` characters; the window's edge where none is found)."""
    lo = max(0, start - SENTENCE_LOOK)
    hi = min(len(text), end + SENTENCE_LOOK)
    found = max(text.rfind(e, lo, start) for e in ends)
    stops = [i for i in (text.find(e, end, hi) for e in ends) if i >= 0]
    return (found + 1 if found >= 0 else lo), min(stops, default=hi)
