"""Superscript digits, read before NFKC flattens them into plain digits ("10⁸" had become
"108", "one hundred eight"; "2³" "twenty-three"):

* a **power** after a number, a closing bracket round an expression or a number ("(a+b)²",
  "(1.5)²"; not "(2019)²") or a short run of variables, Greek ones too: "10⁸" -> "10^8", "10⁻⁶"
  -> "10^-6", "2³", "x²", "χ²", "2ⁿ", "ab²", "3x²y" -> "3x^2 y", and after a short unit
  ("m/s²", "5 μm²"); the caret rules then say it ("ten to the eighth", "two cubed", "x
  squared", "ab squared", "three x squared y", "meters per second squared"); a ratio's colon
  before it is "to" ("1:10⁵" -> "1 to 10^5");
* "⁰" after a number: a **degree** sign ("30⁰C" -> "30°C", "thirty degrees Celsius");
* a **unit** the tables name with its digit ("m²", "m³", "km²", "ft²", "cm²", "ft³" ...): the
  plain digit, as NFKC writes it ("five square meters", "a 1,500 square foot home");
* a **footnote mark** after a word (of four letters or more, or three capitals: "the study¹
  found", "the CDC²"), after punctuation or a space, after a year or a grouped number ("in
  2019²", "8,336,817²"), after money ("$400⁵"), a lone "¹" after a number, and a bracket of
  words ("(2019)²", "(see above)³"): dropped;
* left to NFKC, so read as the plain characters are: a **fraction** ("³⁄₄", "1 ¹⁄₂" -> "three
  quarters", "one and a half"; "1¹⁄₂" gets a space), an ion's **charge** ("Fe³⁺" -> "Fe3+",
  "three plus"; "Na⁺", "A⁺"), a number before a letter or after a hyphen ("¹³C", "²³⁵U",
  "Uranium-²³⁵"), two capitals ("CO²", a typo for "CO₂": "C O two"), and an ordinal's letters
  ("2ⁿᵈ" -> "2nd", "second").

The pattern starts with a consumed superscript character that no other one precedes (the
ratio's colon pattern with the colon), and the text around a run is looked at in bounded
windows, so the pass is linear in the text.
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
_CHARGE = re.compile(r"[0-9]*[+\-]")  # "³⁺", "²⁻", "⁺": an ion's charge, or "A⁺"
# a fraction slash and a digit or subscript digit after the run: "³⁄₄", "³/₄", "¹⁄2"
_FRACTION_AFTER = re.compile("[\u2044/][0-9\u2080-\u2089]")
_LOOK_BACK = 8  # characters looked at before a run: a unit or a letter, and what precedes it
# letters before a run: Latin, the micro sign and Greek ("χ²", "σ²": variables, as "x²" is)
_LETTER = "A-Za-z\u00b5\u0391-\u03a9\u03b1-\u03c9"
_BEFORE = re.compile(rf"(?P<pre>[^{_LETTER}]?)(?P<letters>[{_LETTER}]*)\Z")
_NUMBER_BEFORE = re.compile(r"(?P<money>[$\u00a3\u20ac\u00a5])?(?P<group>[0-9],)?[0-9]+\Z")
# a ratio before a power of ten: its colon is "to" ("1:10⁵" -> "1 to 10⁵"; the clock rule had
# read "1:10" as a time); another "N:N" before a superscript is a verse or a time, the mark a
# footnote ("John 3:16¹", "Genesis 1:2³", "10:30¹")
_RATIO_COLON = re.compile(rf":(?<=[0-9]:)(?=10[{_DIGITS}])")
_COLON_BEFORE = re.compile(r"[0-9]:\Z")
_ORDINAL_D = "\u1d48"  # "ᵈ" after "ⁿ": "2ⁿᵈ", the ordinal "2nd" NFKC writes
_HYPHENS = "-\u2010\u2011\u2013"
# a bracket before the run holds an expression when its terms (numbers, runs of up to three
# letters) are joined by operators: "(a+b)²", "(x - 1)²", "(-3)²"; not "(2019)²", "(see above)³"
_BRACKET_LOOK_BACK = 24
_TERM = rf"(?:[0-9.]+|[A-Za-z]{{1,3}})[{_DIGITS}]*"
_EXPRESSION = re.compile(
    rf"[\-\u2212]{_TERM}|[\-\u2212]?{_TERM}(?: ?[+\-*/=^\u00b7\u00d7\u2212] ?{_TERM})+"
)
# units a power may follow after a number or a slash ("5 mi²", "m/s²"); the plain-digit ones
# the tables name ("m2", "km2") are kept as NFKC writes them
_UNIT_LETTERS = frozenset(
    {"m", "cm", "mm", "km", "nm", "\u00b5m", "\u03bcm", "ft", "yd", "mi", "s"}
)
_YEARS = range(1900, 2100)  # "in 2019²": a footnote; "1024²" a power
_VOWELS = frozenset("aeiouyAEIOUY")
_MAX_VARIABLES = 3  # "mc²", "xy²", "2abc²": a product of variables, not a word
_ORDINAL_ENDINGS = frozenset({"st", "nd", "rd", "th"})
_MIN_ACRONYM_FOOTNOTE = 3  # "CDC²", "GDP²": a footnote; "CO²" is left to NFKC ("C O two")


def _colon_before(text: str, end: int) -> bool:
    """Whether a digit and a colon end ``text`` at ``end`` (\"3:\" before \"16¹\")."""
    return _COLON_BEFORE.search(text, max(0, end - 2), end) is not None


def _power(m: re.Match[str], sup: str) -> str:
    """ "^2", and a space before a letter or digit that follows ("x²y" -> "x^2 y")."""
    return f"^{sup} " if m.string[m.end() : m.end() + 1].isalnum() else f"^{sup}"


def _after_bracket(m: re.Match[str], sup: str) -> str:
    """A power of a bracketed expression ("(a+b)²"); a footnote after a bracket of words, after
    a legal subsection glued to what precedes it ("12(3)¹", "(b)(3)¹") and a lone "¹"."""
    if sup == "1":
        return ""  # "Article 12(3)¹", "(x+1)¹": no one writes a first power
    window = m.string[max(0, m.start() - _BRACKET_LOOK_BACK) : m.start() - 1]
    opening = window.rfind("(")
    inside = window[opening + 1 :]
    if opening >= 0 and _EXPRESSION.fullmatch(inside):
        return _power(m, sup)
    glued = window[opening - 1 : opening] if opening > 0 else ""
    if glued.isalnum() or glued == ")":
        return ""  # "section 5(2)²", "Rule 10(b)(3)¹": a subsection, its mark a footnote
    if inside.isdigit() and window[:opening].rstrip()[-1:].isalpha():
        return ""  # "See note (2)³": a numbered note after a word
    number = re.fullmatch(r"[0-9]*\.?[0-9]+", inside) if opening >= 0 else None
    if number and not (len(inside) == 4 and int(inside) in _YEARS):
        return _power(m, sup)  # "(1.5)²": a number is an expression, a year a footnote
    return ""  # "(2019)²", "(see above)³": a footnote


def _after_number(m: re.Match[str], sup: str, number: re.Match[str]) -> str:
    if number["group"] or number["money"]:
        return ""  # "8,336,817²", "$400⁵": a footnote, a grouped number or money is no base
    if sup == "0":
        return "\u00b0"  # "30⁰C", "a 90⁰ angle": a degree sign
    digits = number.group(0)
    year = len(digits) == 4 and int(digits) in _YEARS
    if (sup == "1" or year) and sup.isdigit():
        return ""  # "in 2019²", "the total 42¹": a footnote
    return _power(m, sup)


def _after_letters(m: re.Match[str], sup: str, letters: str, pre: str) -> str:
    if letters + sup in UNITS:
        return sup  # "5 m²" -> "5 m2": "five square meters"
    if letters in _UNIT_LETTERS and pre and (pre.isdigit() or pre in " /"):
        return _power(m, sup)  # "5 mi²", "m/s²"
    if letters.isupper() and len(letters) > 1:  # an acronym
        if len(letters) >= _MIN_ACRONYM_FOOTNOTE:
            return ""  # "the CDC²": a footnote
        return m.group(0)  # "CO²": as NFKC writes it, "C O two"
    if len(letters) == 1:
        return _power(m, sup)  # "x²", "3x²"
    if pre.isdigit() and letters in _ORDINAL_ENDINGS:
        return ""  # "the 1st² place": a footnote
    variables = letters.islower() and len(letters) <= _MAX_VARIABLES
    if variables and (len(letters) == 2 or pre.isdigit() or not _VOWELS & set(letters)):
        return _power(m, sup)  # "ab²", "mc²", "2abc²"
    return ""  # after a word: a footnote mark


def _superscript(m: re.Match[str]) -> str:
    text, run = m.string, m.group(0)
    sup = run.translate(_PLAIN)
    start = m.start()
    if _FRACTION_AFTER.match(text, m.end()):  # "³⁄₄": a fraction, as NFKC writes it
        return f" {run}" if text[start - 1 : start].isdigit() else run  # "1¹⁄₂" -> "1 1⁄2"
    if sup == "n" and text[m.end() : m.end() + 1] == _ORDINAL_D:
        return run  # "2ⁿᵈ", "22ⁿᵈ": an ordinal's letters, as NFKC writes them ("2nd")
    if _CHARGE.fullmatch(sup):
        return run  # "Fe³⁺" -> "Fe3+", "Na⁺": read as the plain charge is
    if not _EXPONENT.fullmatch(sup):
        return ""  # "¹⁻³" after a word: footnote marks
    window = text[max(0, start - _LOOK_BACK) : start]
    before = _BEFORE.search(window)
    letters, pre = (before["letters"], before["pre"]) if before else ("", "")
    if letters:
        if len(window) == _LOOK_BACK and not pre:
            return ""  # a word longer than the window: a footnote
        return _after_letters(m, sup, letters, pre)
    number = _NUMBER_BEFORE.search(window)
    if number is not None and _colon_before(text, start - len(number.group(0))):
        return ""  # "John 3:16¹", "Genesis 1:2³", "10:30¹": a footnote after a verse, a time
    if number is not None:
        return _after_number(m, sup, number)
    if pre == ")":
        return _after_bracket(m, sup)
    if (pre and pre in _HYPHENS) or text[m.end() : m.end() + 1].isalpha():
        return run  # "Uranium-²³⁵", "¹³C", "the ¹H NMR": as NFKC writes them
    return ""  # after punctuation or a space: a footnote ("said.¹")


def read_superscripts(text: str) -> str:
    """Superscripts as powers, degrees, the digits of units, or dropped footnote marks; left to
    NFKC in fractions, charges and isotopes (module doc)."""
    return _RUN.sub(_superscript, _RATIO_COLON.sub(" to ", text))
