"""Numbers that name things rather than count them, read before the counting rules:

* **season years**: "the 2019-20 season", "2020/21", "1999-00" -> "twenty nineteen to twenty
  twenty" (the second year has two digits and follows the first);
* **model numbers** after a maker, in pairs: "Boeing 747" -> "Boeing seven forty-seven",
  "747-400" -> "... four hundred", "Airbus A320" and a bare "A380" -> "A three twenty",
  "Porsche 911" -> "nine eleven", "737 MAX";
* **ISBNs** digit by digit in their groups: "ISBN 978-0-306-40615-7" -> "ISBN nine seven eight,
  zero, three zero six, four zero six one five, seven";
* **dimensions** written with an "x" between the numbers: "4x4" -> "four by four",
  "1920x1080" -> "nineteen twenty by ten eighty" (a hexadecimal "0x1F" is not one).

Patterns follow :mod:`yuyin.text._semiotic`'s rule for linear time: each begins with a consumed
character, and a lookbehind keeps it from starting inside a run of digits.
"""

from __future__ import annotations

import re

from yuyin.text import _verbalize as v
from yuyin.text._semiotic import Rule, _padded, regex_rule

_SEASON = re.compile(
    r"(?P<first>1[89](?<![0-9.,]1[89])[0-9]{2}|20(?<![0-9.,]20)[0-9]{2})"
    r"[-/\u2013](?P<second>[0-9]{2})(?![0-9]|[.,/:\-][0-9])"
)
_MAKERS = "Boeing|Airbus|Porsche|Cessna|Peugeot"
_MODEL = re.compile(
    rf"(?P<maker>(?:{_MAKERS}) )?(?P<letter>A(?<![\w.]A))?(?P<num>[1-9](?<![0-9]{{2}})[0-9]{{2}})"
    r"(?:-(?P<variant>[1-9]00))?(?![0-9]|[.,][0-9])(?P<max> MAX\b)?"
)
_ISBN = re.compile(
    r"ISBN(?<![A-Za-z]ISBN)(?:-?1[03])?:? ?(?P<code>[0-9](?:[0-9]|-(?=[0-9Xx])){8,16}[0-9Xx]?)"
    r"(?![0-9A-Za-z])"
)
_DIMENSIONS = re.compile(
    r"(?P<dims>[0-9](?<![0-9.,x][0-9])[0-9]{0,4}(?:\.[0-9]+)?(?:x[0-9]{1,5}(?:\.[0-9]+)?)+)"
    r"(?![0-9A-Za-z])"
)


def _season(m: re.Match[str]) -> str:
    first = int(m["first"])
    if int(m["second"]) != (first + 1) % 100:  # "2019-03": not a season
        return m.group(0)
    return _padded(m, f"{v.year(first)} to {v.year(first + 1)}")


def _model(m: re.Match[str]) -> str:
    maker, letter, number = m["maker"], m["letter"], m["num"]
    airbus = letter and number[0] in "23" and number[-1] == "0"  # A220, A320 ... A380
    if not (maker or airbus or m["max"]) or (letter and not airbus):
        return m.group(0)
    if letter and maker and maker.strip() != "Airbus":
        return m.group(0)
    # read in pairs, as a year of three digits is: "seven forty-seven", "seven oh seven"
    words = (maker or "") + (f"{letter} " if letter else "") + v.year(int(number))
    if m["variant"]:
        words += f" {v.cardinal(int(m['variant']))}"
    return _padded(m, words + (m["max"] or ""))


def _isbn(m: re.Match[str]) -> str:
    groups = m["code"].split("-")
    spoken = [" ".join(v.digits(c) if c.isdigit() else "X" for c in g) for g in groups]
    return _padded(m, "ISBN " + ", ".join(spoken))


def _dimensions(m: re.Match[str]) -> str:
    sides = m["dims"].split("x")
    if sides[0] == "0":  # "0x10": a hexadecimal number
        return m.group(0)
    return _padded(m, " by ".join(v.number(side, as_year=True) for side in sides))


CODE_RULES: tuple[Rule, ...] = (
    regex_rule(_ISBN, _isbn),
    regex_rule(_SEASON, _season),
    regex_rule(_MODEL, _model),
    regex_rule(_DIMENSIONS, _dimensions),
)
