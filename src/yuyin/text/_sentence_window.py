"""The sentence around a match, within a window of characters each side: what the normalizer's
rules look at to tell a reading by its sentence, in linear time (a rule never searches the
whole text for each match). Depends on nothing else of the normalizer, so that the unit table
(:mod:`yuyin.text._units`) can use it as well as :mod:`yuyin.text._openers`, which re-exports
it."""

from __future__ import annotations

import re

__all__ = ["sentence_around"]

_STOP = re.compile(r"[.!?](?:\s|\Z)")


def sentence_around(
    text: str, start: int, end: int, before: int = 80, after: int = 80
) -> tuple[str, str]:
    """The sentence's words left of ``text[start:end]`` (up to ``before`` characters) and right
    of it (up to ``after``): what rules look at to tell a reading by its sentence ("Winds from
    the N" and "from the N to the R train", "60 fps" of a game or of a bullet)."""
    left = _STOP.split(text[max(0, start - before) : start])[-1]
    return left, _STOP.split(text[end : end + after], maxsplit=1)[0]
