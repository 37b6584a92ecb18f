"""Inch and foot marks after a number: "a 55\" TV" -> "a fifty-five-inch TV", "4\" of snow" ->
"four inches of snow", "a 6' fence" -> "a six-foot fence", "the ceiling is 8'" -> "eight feet".

A mark is a unit unless it closes a quotation (a quote mark opened before it and not closed:
"the answer is \"42\""); marks after earlier numbers in the same list are units too ("2.35\" at
the airport, 1.9\" downtown"). Before a noun after a determiner ("a", "the", "this" ...) or
before a noun of cutting ("2\" pieces") the measure is an adjective, singular and hyphenated.
Feet and inches together ("5'11\"") are read by :mod:`yuyin.text._semiotic`. A quote after a
space, a bracket or a clause's stop opens a quotation (said,"I need 5"), and so do two single
quotes ("''Apollo 13''"). A foot mark before a moment of a match is a minute ("the 90' mark" in
a match -> "the 90th-minute mark", "his 89' equalizer"), before a trip too ("a 10' walk", "15'
by taxi").
"""

from __future__ import annotations

import re

from yuyin.text._number_patterns import NUM
from yuyin.text._openers import sentence_around
from yuyin.text._semiotic import Rule, _padded, regex_rule
from yuyin.text._tables import _word_set
from yuyin.text._word_classes import _NOT_NOUNS

__all__ = ["MARK_RULES"]

_LOOK_BACK = 200  # characters searched for an open quotation
# nouns a measure describes without a determiner: "cut into 2\" pieces", "at 6' intervals"
_CUT_NOUNS = _word_set(
    """
    pieces piece cubes chunks strips slices rounds squares lengths segments sections intervals
    increments portions wedges rings sticks logs boards
    """
)
_DETERMINER_NEAR = re.compile(
    r"(?<![\w'])(?:[Aa]n?|[Tt]he|[Tt]his|[Tt]hat|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[Oo]ur|[Yy]our"
    r"|[Ee]ach|[Ee]very|(?!(?:It|That|There|What|Here|He|She|Who|Let)'s)[A-Z][\w]*'s)"
    r"(?: ~| [A-Za-z]+(?<!s))? \Z"
)
_NOUN_AFTER = re.compile(r" (?P<word>[A-Za-z][A-Za-z\-]*)(?![\w'])")
# "65\"": inches after one number (not "5'6\"" nor "5' 11\"", which the feet-and-inches rule
# reads)
_INCH_MARK = re.compile(
    rf"(?P<num>[0-9](?<!['\"][0-9])(?<![0-9]['\u2032][0-9])(?<![0-9]['\u2032] [0-9])"
    rf"{NUM[len('[0-9]') :]})(?:\"|'')(?![\w])"
)
# "a 1/2\" hole", "a 1-1/2\" screw": a fraction of an inch, for the fraction rules
_FRACTION_INCH = re.compile(
    r"(?P<whole>[1-9](?<![\w.,/\-][1-9])[0-9]?[ \-])?(?P<frac>(?<![\w.,/])[1-9][0-9]?/[1-9][0-9]?)"
    r"(?:\"|'')(?![\w])"
)
# "a 6' fence", "8' ceilings": feet after a number; not "the 80's" (a letter follows), nor
# "5'11" (a number follows: feet and inches)
_FOOT_MARK = re.compile(
    rf"(?P<num>[0-9](?<![\w.,'][0-9])(?<!\u00b0 [0-9])(?<!\u00b0 [0-9]{{2}}){NUM[len('[0-9]') :]})'"
    r"(?![\w'\"]| ?[0-9]{1,2}(?:\"|''))"
)
# "60\" x 18\" x 32\"": dimensions in inches, "by"
_INCH_SIZES = re.compile(
    rf"(?P<a>{NUM})\" ?[x\u00d7] ?(?P<b>{NUM})\"(?: ?[x\u00d7] ?(?P<c>{NUM})\")?(?![\w])"
)
# words that make a lone foot mark a length: "is 8'", "about 40' long", "10' by 12'"
_MEASURING_BEFORE = re.compile(
    r"(?<![\w])(?:is|are|was|were|be|measures?|measuring|about|approximately|roughly|over"
    r"|under|nearly|almost|by|x|\u00d7|than|at least|up to|rises?|rose|drops?|dropped|to|of|from"
    r"|between|[0-9]' (?:and|or|to))"
    r" \Z"
)
_MEASURING_AFTER = re.compile(
    r" (?:long|wide|tall|high|deep|thick|across|apart|away|above|below|in (?:length|height|width"
    r"|diameter)|by|x|of|\u00d7)\b| to [0-9][0-9.,]*'(?![\w'])"
)  # ... or a range's second mark ("Seas 4' to 6' today")
_AFTER_SIZES = _word_set(
    """today tonight overnight total so or and thick wide long deep tall high apart shorter
    longer wider taller higher deeper thicker across away above below"""
)
_THE_BEFORE = re.compile(r"(?<![\w])the \Z")
# a minute mark before a moment of a match or a trip: "the 90' mark", "his 89' equalizer", "a
# 10' walk", "15' by taxi"
_MINUTE_AFTER = re.compile(
    r" (?:(?P<moment>mark|minute|equali[sz]er|winner|goal|strike|substitution)"
    r"|(?P<trip>walk|drive|ride|stroll|cab ride|bus ride|train ride)"
    r"|by (?:car|taxi|cab|bus|train|metro|subway|bike|boat|ferry)|on foot)\b(?![\-])"
)
# "the 90' mark", "a 93' winner" are minutes only in a match ("Stop at the 50' mark on the
# tape", "a 6' goal until age 8" are lengths)
_MATCH_WORDS = re.compile(
    r"\b(?i:scored?|scoring|goals?|match|game|half|kick\w*|penalty|striker|referee|league|cup"
    r"|stoppage|injury time|equali[sz]\w*|winner|substitut\w*|minutes?|fans|crowd|whistle)\b"
)


def _ordinal_digits(num: str) -> str:
    """ "90" -> "90th", "1" -> "1st", "12" -> "12th", "22" -> "22nd"."""
    n = int(num.replace(",", ""))
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{num}{suffix}"


_OPEN_SINGLE_QUOTE = re.compile(r"(?:^|(?<=\s))'(?=\w)")
_SENTENCE_START = re.compile(r"[.!?]\s")


def _quotation_open(text: str, start: int, mark: str = '"') -> bool:
    """Whether a quotation of ``mark`` (a double quote, or two single ones: "''Apollo 13''")
    opened before ``start`` is still open: a mark after a space, a bracket or a stop of a clause
    (said,"I need 5") opens one before a word (or a space and a word: "#1" has become " number
    1"); any other closes one (or is an inch mark: "2.35\"")."""
    is_open = False
    i = text.find(mark, max(0, start - _LOOK_BACK), start)
    while i != -1:
        before = text[i - 1] if i > 0 else " "
        after = text[i + len(mark) : i + len(mark) + 2]
        if before.isspace() or before in "([{-\u2014,:;=":  # opens one before a word
            is_open = (after[:1] != "" and not after[:1].isspace()) or (
                after[:1] == " " and after[1:].isalnum()
            )
        else:  # closes one ("... \"OK\"."), or an inch mark ("2.35\"")
            is_open = False
        i = text.find(mark, i + len(mark), start)
    return is_open


# a screen named a few words after a size ("65\" 4K UHD Smart TV", "27\" curved gaming monitor")
_SCREENS = _word_set(
    """TV TVs television televisions monitor monitors display displays screen screens laptop
    laptops tablet tablets iMac MacBook Chromebook iPad OLED QLED LCD LED"""
)
_SCREEN_LOOK = 5  # words looked at after the size for the screen


def _before_screen(text: str, end: int) -> bool:
    """Whether a screen's noun follows within :data:`_SCREEN_LOOK` words, none of them a
    function word ("65\" 4K UHD Smart TV"; not "is 65\" and the TV is")."""
    for word in text[end : end + 60].split()[:_SCREEN_LOOK]:
        word = word.rstrip(",.;:!?)")
        if word in _SCREENS:
            return True
        if word.lower() in _NOT_NOUNS or word in _AFTER_SIZES or not word[:1].isalnum():
            return False
    return False


def _adjective(text: str, m: re.Match[str]) -> bool:
    """Whether the measure describes the noun after it: after a determiner, perhaps one word
    between ("a 12\" pizza", "the new 55\" OLED", "Samsung's 85\" model"), before a noun of
    cutting ("2\" pieces"), a plural noun ("20\" wheels", "9' ceilings"), a noun and a plural
    one ("2\" wood screws") or a screen a few words on ("Samsung 65\" 4K UHD Smart TV")."""
    if _before_screen(text, m.end()):
        return True
    after = _NOUN_AFTER.match(text, m.end())
    if after is None:
        return False
    word = after["word"].lower()
    if word in _NOT_NOUNS or word.endswith("ly") or word in _AFTER_SIZES:
        return False  # "6\" apart", "12\" long"
    if word in _CUT_NOUNS:
        return True
    if _plural(after["word"]):
        return True
    if after["word"][0].islower():  # a noun before a plural one: "2\" wood screws"
        second = _NOUN_AFTER.match(text, after.end())
        if second is not None and _plural(second["word"]) and second["word"] not in _NOT_NOUNS:
            return True
    return _DETERMINER_NEAR.search(text, max(0, m.start() - 40), m.start()) is not None


def _plural(word: str) -> bool:
    """Whether a lowercase word looks plural ("wheels", "ceilings"; not "glass")."""
    return word.endswith("s") and not word.endswith("ss") and word[0].islower()


def _inch_mark(m: re.Match[str]) -> str:
    """ "65\"" -> "65 inches", "a 65\" TV" -> "a 65-inch TV", unless the mark closes a
    quotation ("the answer is \"42\"")."""
    if _quotation_open(m.string, m.start(), m.group(0)[len(m["num"]) :]):
        return m.group(0)
    if _adjective(m.string, m):
        return _padded(m, f"{m['num']}-inch")
    return _padded(m, f"{m['num']} {'inch' if m['num'] == '1' else 'inches'}")


def _foot_mark(m: re.Match[str]) -> str:
    """ "a 6' fence" -> "a 6-foot fence", "is 8'" -> "is 8 feet", unless a single quotation
    opened in the sentence before it ("'Give me 5' he said"); a mark with no word of measuring
    around is left ("scored in the 89'", "40° 26' N": minutes)."""
    text, start = m.string, m.start()
    lo = max(0, start - _LOOK_BACK)
    sentence = max((s.end() for s in _SENTENCE_START.finditer(text, lo, start)), default=lo)
    if _OPEN_SINGLE_QUOTE.search(text, sentence, start):
        return m.group(0)
    minute = _MINUTE_AFTER.match(text, m.end())
    if (
        minute
        and "." not in m["num"]
        and (
            minute["moment"] in (None, "minute")
            or _MATCH_WORDS.search(" ".join(sentence_around(text, m.start(), minute.end())))
        )
    ):  # "the 90' mark", "a 10' walk", "10' by car": minutes
        if minute["moment"]:
            return _padded(
                m, f"{_ordinal_digits(m['num'])}{'' if minute['moment'] == 'minute' else '-minute'}"
            )
        if minute["trip"]:
            return _padded(m, f"{m['num']}-minute")
        return _padded(m, f"{m['num']} {'minute' if m['num'] == '1' else 'minutes'}")
    if _adjective(text, m):
        return _padded(m, f"{m['num']}-foot")
    if _THE_BEFORE.search(text, max(0, start - 4), start) or not (
        _MEASURING_BEFORE.search(text, max(0, start - 24), start)
        or _MEASURING_AFTER.match(text, m.end())
    ):
        return m.group(0)  # "Goal in the 90' of the match": a minute
    return _padded(m, f"{m['num']} {'foot' if m['num'] == '1' else 'feet'}")


def _inch_sizes(m: re.Match[str]) -> str:
    """ "60\" x 18\"" -> "60 by 18 inches", "a 60\" x 18\" desk" -> "a 60 by 18-inch desk"."""
    if _quotation_open(m.string, m.start()):
        return m.group(0)
    said = " by ".join(n for n in (m["a"], m["b"], m["c"]) if n)
    return _padded(m, f"{said}-inch" if _adjective(m.string, m) else f"{said} inches")


def _fraction_inch(m: re.Match[str]) -> str:
    """ "a 1/2\" hole" -> "a 1/2-inch hole", "1-1/2\"" -> "1 1/2 inch" (read by the fraction
    rules: "a half-inch hole", "one and a half inch")."""
    if _quotation_open(m.string, m.start()):
        return m.group(0)
    whole = f"{m['whole'][:-1]} " if m["whole"] else ""
    after = _NOUN_AFTER.match(m.string, m.end())
    noun = (
        after is not None
        and after["word"][0].islower()
        and not _MEASURING_AFTER.match(m.string, m.end())
    )  # a size before its noun: "3/4\" plywood"; not "1/2\" thick"
    if noun and after["word"] not in _NOT_NOUNS and after["word"] not in _AFTER_SIZES:
        return _padded(m, f"{whole}{m['frac']}-inch")
    return _padded(m, f"{whole}{m['frac']}{'-inch' if _adjective(m.string, m) else ' inch'}")


# feet past nine and inches, apart ("Clearance is 13' 6\"", "12' 6\" x 10' 3\""): a person's
# height ("6' 4\"") is the feet-and-inches rule's
_LONG_FEET_INCHES = re.compile(
    r"(?P<ft>[1-9](?<![\w.,'][1-9])(?<!\u00b0 [1-9])(?<!\u00b0[1-9])[0-9]{1,3})' ?"
    r"(?P<inch>1[01]|[0-9])(?:\"|'')(?![\w])"
)


def _long_feet_inches(m: re.Match[str]) -> str:
    inches = "inch" if m["inch"] == "1" else "inches"
    return _padded(m, f"{m['ft']} feet {m['inch']} {inches}")


MARK_RULES: tuple[Rule, ...] = (
    regex_rule(_LONG_FEET_INCHES, _long_feet_inches),
    regex_rule(_FRACTION_INCH, _fraction_inch),
    regex_rule(_INCH_SIZES, _inch_sizes),
    regex_rule(_INCH_MARK, _inch_mark),
    regex_rule(_FOOT_MARK, _foot_mark),
)
