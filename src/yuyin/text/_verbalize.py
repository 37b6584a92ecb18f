"""Numbers to English words on top of ``num2words``, in American style.

``num2words`` writes British cardinals ("one hundred and five", commas between groups); every
function here removes the "and" and the commas: 105 -> "one hundred five". Number grammar
itself is never hand-written; only the digit names for digit-by-digit reading are listed.
"""

from __future__ import annotations

import functools
import re

from num2words import CONVERTER_CLASSES, num2words

DIGIT_WORDS: tuple[str, ...] = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
)  # fmt: skip
# num2words names numbers below its MAXVAL (10**306, "nine hundred ninety-nine centillion ..."),
# so numbers of up to 306 digits are words ("1,000,000,000,000,000,000,000" -> "one
# sextillion"); longer ones are read digit by digit
MAX_CARDINAL_DIGITS = len(str(CONVERTER_CLASSES["en"].MAXVAL)) - 1
MAX_PLAIN_DIGITS = 9  # a run of more digits with no separators is an id or phone number
YEAR_RANGE = (1000, 2099)  # four-digit numbers in this range are read as years
_CACHED_NUMBERS = 4096  # lru size: small numbers repeat a lot in real text

_BRITISH_AND = re.compile(r",| and(?= )")
_YEAR_OH = re.compile(r"\boh-")  # num2words: 1905 -> "nineteen oh-five"
_ROMAN = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def _american(words: str) -> str:
    return _BRITISH_AND.sub("", words)


@functools.lru_cache(maxsize=_CACHED_NUMBERS)
def cardinal(n: int) -> str:
    """``-1234 -> "minus one thousand two hundred thirty-four"``."""
    if n < 0:
        return f"minus {cardinal(-n)}"
    return _american(num2words(n))


@functools.lru_cache(maxsize=_CACHED_NUMBERS)
def ordinal(n: int) -> str:
    """``21 -> "twenty-first"``, ``101 -> "one hundred first"``."""
    return _american(num2words(n, to="ordinal"))


@functools.lru_cache(maxsize=_CACHED_NUMBERS)
def year(n: int) -> str:
    """``1984 -> "nineteen eighty-four"``, ``2005 -> "two thousand five"``,
    ``1905 -> "nineteen oh five"``."""
    return _YEAR_OH.sub("oh ", _american(num2words(n, to="year")))


def digits(text: str) -> str:
    """Read every ASCII digit of ``text`` one by one: ``"007" -> "zero zero seven"``."""
    return " ".join(DIGIT_WORDS[int(c)] for c in text if "0" <= c <= "9")


def plural(words: str) -> str:
    """Pluralize the last number word: "eighty" -> "eighties", "six" -> "sixes"."""
    if words.endswith("y"):
        return words[:-1] + "ies"
    if words.endswith(("x", "s")):
        return words + "es"
    return words + "s"


def integer(text: str, *, quantity: bool = False) -> str:
    """An unsigned digit string (commas allowed) as words.

    Leading zeros and separator-less runs longer than :data:`MAX_PLAIN_DIGITS` are read digit by
    digit (ids, account and phone numbers) unless ``quantity`` says the digits count something
    (a money amount: ``"$1234567890"``); anything too long for words is read digit by digit.
    """
    plain = text.replace(",", "")
    if len(plain) > MAX_CARDINAL_DIGITS:
        return digits(plain)
    if quantity:
        return cardinal(int(plain))
    if "," not in text and len(plain) > 1 and (plain[0] == "0" or len(plain) > MAX_PLAIN_DIGITS):
        return digits(plain)
    return cardinal(int(plain))


def number(text: str, *, as_year: bool = False, quantity: bool = False) -> str:
    """A numeric literal ``[-]digits[,ddd...][.digits]`` or ``.digits`` as words.

    ``"3.14" -> "three point one four"``, ``"-1,234" -> "minus one thousand two hundred
    thirty-four"``, ``"0.5" -> "zero point five"``. With ``as_year``, a plain integer in
    :data:`YEAR_RANGE` is read as a year; with ``quantity`` the whole part is a count however
    it is written (see :func:`integer`).
    """
    sign = ""
    if text.startswith("-"):
        sign, text = "minus ", text[1:]
    whole, _, fraction = text.partition(".")
    if as_year and not fraction and whole.isdigit() and len(whole) == 4:
        value = int(whole)
        if YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
            return sign + year(value)
    words = integer(whole, quantity=quantity) if whole else ""
    if fraction:
        words = f"{words} point {digits(fraction)}".strip()
    return sign + words


def roman_to_int(numeral: str) -> int | None:
    """The value of a canonical Roman numeral in capitals (``"XIV" -> 14``), else None."""
    if not numeral or not _ROMAN.fullmatch(numeral):
        return None
    total = 0
    for here, after in zip(numeral, numeral[1:] + " ", strict=True):
        value = _ROMAN_VALUES[here]
        total += -value if _ROMAN_VALUES.get(after, 0) > value else value
    return total
