"""Superscript digits, read before NFKC flattens them into plain digits ("10⁸" had become
"108", "one hundred eight"; "2³" "twenty-three"):

* a **power** after a number, a closing bracket or a lone letter: "10⁸" -> "10^8", "10⁻⁶" ->
  "10^-6", "2³", "x²", "(a+b)²", "2ⁿ", and after a short unit ("5 cm²", "m/s²"); the caret
  rules then say it ("ten to the eighth", "two cubed", "x squared", "centimeters squared",
  "meters per second squared");
* a **unit** the tables name with its digit ("m²", "m³", "km²"): the plain digit, as NFKC
  writes it ("five square meters");
* a **footnote mark** after a word of two letters or more, after punctuation or a space,
  a lone "¹" after a number, and any mark after a year: dropped ("the study¹ found", "in
  2019²").

The pattern starts with a consumed superscript character that no other one precedes, and the
text before a run is looked at in a bounded window, so the pass is linear in the text.
"""

from __future__ import annotations

import re

from yuyin.text._tables import UNITS

__all__ = ["read_superscripts"]

_DIGITS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"  # ⁰ ¹ ² ³ ⁴ ... ⁹
_PLAIN = str.maketrans({**{c: str(i) for i, c in enumerate(_DIGITS)}, "\u207a": "+",
                        "\u207b": "-", "\u207f": "n"})  # fmt: skip
_CLASS = f"[{_DIGITS}\u207a\u207b\u207f]"
_RUN = re.compile(f"{_CLASS}(?<!{_CLASS}{_CLASS}){_CLASS}*")
_EXPONENT = re.compile(r"[+\-]?(?:[0-9]{1,3}|n)")
_LOOK_BACK = 8  # characters looked at before a run: a unit or a letter, and what precedes it
_BEFORE = re.compile(r"(?P<pre>[^A-Za-z\u00b5\u03bc]?)(?P<letters>[A-Za-z\u00b5\u03bc]*)\Z")
_NUMBER_BEFORE = re.compile(r"[0-9]+\Z")
# units a power may follow after a number or a slash ("5 mi²", "m/s²"); the plain-digit ones
# the tables name ("m2", "km2") are kept as NFKC writes them
_UNIT_LETTERS = frozenset(
    {"m", "cm", "mm", "km", "nm", "\u00b5m", "\u03bcm", "ft", "yd", "mi", "s"}
)
_YEARS = range(1000, 2100)
_VOWELS = frozenset("aeiouyAEIOUY")
_MAX_VARIABLE = 3  # "mc²": letters without a vowel, a product of variables, not a word


def _superscript(m: re.Match[str]) -> str:
    sup = m.group(0).translate(_PLAIN)
    if not _EXPONENT.fullmatch(sup):
        return ""  # an ion's charge or a stray sign: not said
    window = m.string[max(0, m.start() - _LOOK_BACK) : m.start()]
    before = _BEFORE.search(window)
    letters, pre = (before["letters"], before["pre"]) if before else ("", "")
    if not letters:
        number = _NUMBER_BEFORE.search(window)
        if pre == ")" or number is not None:
            year = number is not None and len(number.group(0)) == 4 and int(number[0]) in _YEARS
            if (sup == "1" or year) and sup.isdigit():
                return ""  # "in 2019²", "the total 42¹": a footnote
            return f"^{sup}"
        return ""  # after punctuation or a space: a footnote ("said.¹")
    if len(window) == _LOOK_BACK and not pre:
        return ""  # a word longer than the window: a footnote
    if letters + sup in UNITS:
        return sup  # "5 m²" -> "5 m2": "five square meters"
    if letters in _UNIT_LETTERS and pre and (pre.isdigit() or pre in " /"):
        return f"^{sup}"  # "5 mi²", "m/s²"
    if len(letters) == 1 or (len(letters) <= _MAX_VARIABLE and not _VOWELS & set(letters)):
        return f"^{sup}"  # "x²", "mc²", "cm²"
    return ""  # after a word: a footnote mark


def read_superscripts(text: str) -> str:
    """Superscripts as powers, the digits of units, or dropped footnote marks (module doc)."""
    return _RUN.sub(_superscript, text)
