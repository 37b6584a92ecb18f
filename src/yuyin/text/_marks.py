"""Inch and foot marks after a number: "a 55\" TV" -> "a fifty-five-inch TV", "4\" of snow" ->
"four inches of snow", "a 6' fence" -> "a six-foot fence", "the ceiling is 8'" -> "eight feet".

A mark is a unit unless it closes a quotation (a quote mark opened before it and not closed:
"the answer is \"42\""); marks after earlier numbers in the same list are units too ("2.35\" at
the airport, 1.9\" downtown"). Before a noun after a determiner ("a", "the", "this" ...) or
before a noun of cutting ("2\" pieces") the measure is an adjective, singular and hyphenated.
Feet and inches together ("5'11\"") are read by :mod:`yuyin.text._semiotic`.
"""

from __future__ import annotations

import re

from yuyin.text._news import _DETERMINER_BEFORE, _NOT_NOUNS
from yuyin.text._number_patterns import NUM
from yuyin.text._semiotic import Rule, _padded, regex_rule
from yuyin.text._tables import _word_set

__all__ = ["MARK_RULES"]

_LOOK_BACK = 200  # characters searched for an open quotation
# nouns a measure describes without a determiner: "cut into 2\" pieces", "at 6' intervals"
_CUT_NOUNS = _word_set(
    """
    pieces piece cubes chunks strips slices rounds squares lengths segments sections intervals
    increments portions wedges rings sticks logs boards
    """
)
_NOUN_AFTER = re.compile(r" (?P<word>[A-Za-z][A-Za-z\-]*)(?![\w'])")
# "65\"": inches after one number (not "5'6\"" nor "5' 11\"", which the feet-and-inches rule
# reads)
_INCH_MARK = re.compile(
    rf"(?P<num>[0-9](?<!['\"][0-9])(?<![0-9]['\u2032][0-9])(?<![0-9]['\u2032] [0-9])"
    rf"{NUM[len('[0-9]') :]})\"(?![\w])"
)
# "a 6' fence", "8' ceilings": feet after a number; not "the 80's" (a letter follows), nor
# "5'11" (a number follows: feet and inches)
_FOOT_MARK = re.compile(
    rf"(?P<num>[0-9](?<![\w.,'][0-9]){NUM[len('[0-9]') :]})'(?![\w'\"]| ?[0-9]{{1,2}}(?:\"|''))"
)
# "60\" x 18\" x 32\"": dimensions in inches, "by"
_INCH_SIZES = re.compile(
    rf"(?P<a>{NUM})\" ?[x\u00d7] ?(?P<b>{NUM})\"(?: ?[x\u00d7] ?(?P<c>{NUM})\")?(?![\w])"
)
_OPEN_SINGLE_QUOTE = re.compile(r"(?:^|(?<=\s))'(?=\w)")
_SENTENCE_START = re.compile(r"[.!?]\s")


def _quotation_open(text: str, start: int) -> bool:
    """Whether a double quotation opened before ``start`` is still open: marks after a digit
    close an open quotation or are inch marks; the others open or close one."""
    is_open = False
    i = text.find('"', max(0, start - _LOOK_BACK), start)
    while i != -1:
        if i > 0 and text[i - 1].isdigit():
            is_open = False  # closes a quotation, or an inch mark ("2.35\"")
        else:
            is_open = i + 1 < len(text) and not text[i + 1].isspace()
        i = text.find('"', i + 1, start)
    return is_open


def _adjective(text: str, m: re.Match[str]) -> bool:
    """Whether the measure describes the noun after it ("a 12\" pizza", "2\" pieces")."""
    after = _NOUN_AFTER.match(text, m.end())
    if after is None:
        return False
    word = after["word"].lower()
    if word in _NOT_NOUNS or word.endswith("ly"):
        return False
    if word in _CUT_NOUNS:
        return True
    return _DETERMINER_BEFORE.search(text, max(0, m.start() - 24), m.start()) is not None


def _inch_mark(m: re.Match[str]) -> str:
    """ "65\"" -> "65 inches", "a 65\" TV" -> "a 65-inch TV", unless the mark closes a
    quotation ("the answer is \"42\"")."""
    if _quotation_open(m.string, m.start()):
        return m.group(0)
    if _adjective(m.string, m):
        return _padded(m, f"{m['num']}-inch")
    return _padded(m, f"{m['num']} {'inch' if m['num'] == '1' else 'inches'}")


def _foot_mark(m: re.Match[str]) -> str:
    """ "a 6' fence" -> "a 6-foot fence", "8'" -> "8 feet", unless a single quotation opened
    in the sentence before it ("'Give me 5' he said")."""
    text, start = m.string, m.start()
    lo = max(0, start - _LOOK_BACK)
    sentence = max((s.end() for s in _SENTENCE_START.finditer(text, lo, start)), default=lo)
    if _OPEN_SINGLE_QUOTE.search(text, sentence, start):
        return m.group(0)
    if _adjective(text, m):
        return _padded(m, f"{m['num']}-foot")
    return _padded(m, f"{m['num']} {'foot' if m['num'] == '1' else 'feet'}")


def _inch_sizes(m: re.Match[str]) -> str:
    """ "60\" x 18\"" -> "60 by 18 inches", "a 60\" x 18\" desk" -> "a 60 by 18-inch desk"."""
    if _quotation_open(m.string, m.start()):
        return m.group(0)
    said = " by ".join(n for n in (m["a"], m["b"], m["c"]) if n)
    return _padded(m, f"{said}-inch" if _adjective(m.string, m) else f"{said} inches")


MARK_RULES: tuple[Rule, ...] = (
    regex_rule(_INCH_SIZES, _inch_sizes),
    regex_rule(_INCH_MARK, _inch_mark),
    regex_rule(_FOOT_MARK, _foot_mark),
)
