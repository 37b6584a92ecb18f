"""Music: notes with sharps and flats and opus numbers, as musicians say them.

"C#" -> "C sharp" (not "C hash"), "A♭", "B♯"; "Bb major", "the key of Eb", "an Eb clarinet"
-> "B flat major", "E flat" (a small "b" after a note is a flat only before a word of music or
after "key of": "Bb" alone may be a name); "op. 27" -> "opus twenty-seven".
"""

from __future__ import annotations

import re

from yuyin.text._semiotic import Rule, _padded, regex_rule

__all__ = ["MUSIC_RULES"]

_SHARP = re.compile(r"(?P<note>[A-G])(?<![\w#][A-G])#(?![\w#])")  # "C#", "F#": sharp
_SIGNS = {"\u266d": "flat", "\u266f": "sharp", "\u266e": "natural"}
_SIGN = re.compile(r"(?P<note>[A-G](?<![\w][A-G]))?(?P<sign>[\u266d\u266e\u266f])")
_MUSIC_WORDS = (
    r"(?:major|minor|scale|chord|chords|tuning|clarinet|trumpet"
    r"|horn|sax|saxophone|flute|harmonica|blues|pedal|triad)"
)
_FLAT = re.compile(
    rf"(?P<note>[A-G])(?<![\w][A-G])(?<![0-9] [A-G])b"
    rf"(?:(?= {_MUSIC_WORDS}(?![\w]))|(?<=key of [A-G]b)(?![\w]))"
)
# "Op. 27 No. 2", "Nocturne op. 9.", "(Op. 64)": not an operation ("an op. 2 weeks ago",
# "Post-op. 2 days", "Op. 3 Ward", "Op. 1: Retrieve")
_OPUS = re.compile(
    r"(?<![\w.\-])[Oo]p\. ?(?=[0-9]{1,3}[a-z]?(?:,? (?:[Nn]o\.|[Nn]umber )|[.,;)]|\Z| in | and ))"
)


def _sign(m: re.Match[str]) -> str:
    word = _SIGNS[m["sign"]]
    return _padded(m, f"{m['note']} {word}" if m["note"] else word)


MUSIC_RULES: tuple[Rule, ...] = (
    regex_rule(_SHARP, lambda m: _padded(m, f"{m['note']} sharp")),
    regex_rule(_SIGN, _sign),
    regex_rule(_FLAT, lambda m: _padded(m, f"{m['note']} flat")),
    regex_rule(_OPUS, lambda m: "Opus " if m.group(0)[0] == "O" else "opus "),
)
