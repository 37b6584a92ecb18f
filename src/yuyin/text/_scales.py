"""Amounts with a scale word or letter that the unit and money rules did not reach:

* **a unit after a scale word**: "6.4 billion km" -> "6.4 billion kilometers", "2 million kg",
  "2.5K lbs" (read "2.5 thousand lbs" by then) -> "pounds": the unit table's rule wants the
  unit right after the number. Units that are also words or read otherwise after a count
  ("min", "gal", "bp": base pairs in "3 billion bp") and single letters ("m", "L") are left;
* **a scale letter before a plus**: "10M+ times" -> "10 million plus times", "5K+ users"
  ("M" alone may be a size or a name; with the plus it counts);
* **a scale letter before a plural noun**: "7B parameters", "50M users", "10M rows" -> "10
  million rows": "B" and "T" before a noun they count (a list: "Grade 4B students", "2B
  pencils" are names and grades), "M" before any plural noun but a race's, a shoe's, a
  solution's or a yield's ("the 400M hurdles": meters; "10M shoes": a width; "1M solutions":
  molar; "3M yields": months), not after a size, a room or a seat ("Row 12M seats");
* **a range of scale letters**: "from 1.2M to 1.5M" -> "1.2 million to 1.5 million",
  "1.2B-1.5B" (a bare "1.5M" is left to the rules that see what it counts: "M" may be a
  size or a name; two of them either side of "to" are a range of counts). Not after a
  currency sign ("$1.2M to $1.5M" is money) nor with a lowercase "m" ("from 1.2m to 1.5m":
  meters).

:data:`SCALE_RULES` run in :mod:`yuyin.text._measures`, after "10k" became "10 thousand" and
before the numeric rules read the numbers; :data:`SCALE_LETTER_RANGE_RULES` and then
:data:`SCALE_LETTER_RULES` ("1.5B users") in :mod:`yuyin.text._ranges`. Each pattern
starts with a consumed character and refuses to start inside a run of its class, so each pass
is linear in the length of the text.
"""

from __future__ import annotations

import re

from yuyin.text._semiotic import Rule, _padded, regex_rule
from yuyin.text._tables import MAGNITUDES, UNITS, _word_set

__all__ = ["SCALE_LETTER_RANGE_RULES", "SCALE_LETTER_RULES", "SCALE_RULES"]

_ALT = "|".join

# units after "million" that are words, or mean another thing after a big count
_NOT_AFTER_SCALE = frozenset(
    {"bp", "bps", "min", "mins", "sec", "secs", "gal", "reb", "ast", "pts", "yr", "yrs", "wk"}
    | {"wks", "h", "hr", "hrs", "ms", "pct", "ppg", "Nm", "mol", "Pa"}
)
_SCALE_UNITS = sorted(
    (u for u in UNITS if len(u) > 1 and u not in _NOT_AFTER_SCALE and u[0].isalpha()),
    key=len,
    reverse=True,
)
_UNIT_AFTER_SCALE = re.compile(
    r"(?P<amount>[0-9](?<![\w.,][0-9])[0-9,.]* (?:thousand|million|billion|trillion)) "
    rf"(?P<unit>{_ALT(re.escape(u) for u in _SCALE_UNITS)})(?![\w\u00b0/'\-])"
)

# two amounts with the same scale letter either side of "to", "-" or "and", one with a decimal:
# "1.2M to 1.5M" (not pencils, seats or ages: "2B-6B", "12B-14B", "6M to 12M"; an amount of
# money, "$1M to $2M", is read by the money rules)
_LETTER_RANGE = re.compile(
    r"(?P<low>[0-9](?<![\w.,$\u00a3\u20ac\u00a5][0-9])[0-9]*(?:\.[0-9]+)?)(?P<scale>[MB])"
    r"(?P<join> to | ?- ?| and )(?P<high>[0-9]+(?:\.[0-9]+)?)(?P=scale)(?![\w$'])"
)


def _letter_range(m: re.Match[str]) -> str:
    """ "1.2M to 1.5M" -> "1.2 million to 1.5 million" ("-" is "to": a range)."""
    if "." not in m["low"] + m["high"]:
        return m.group(0)
    scale = MAGNITUDES[m["scale"]]
    join = " and " if m["join"] == " and " else " to "
    return _padded(m, f"{m['low']} {scale}{join}{m['high']} {scale}")


# a scale letter before a plus is a count's, "or more": "10M+ times" -> "10 million plus times",
# "5K+ users", "2B+" (not after a currency sign: "$10M+" is money; not the company, "3M+")
_SCALE_PLUS = re.compile(
    r"(?P<num>[0-9](?<![\w.,$\u00a3\u20ac\u00a5][0-9])[0-9]*(?:\.[0-9]+)?)(?P<scale>[KMB])"
    r"\+(?![\w+])"
)


_SCALE_PLUS_MODEL = re.compile(r"(?:Pi|Model) \Z")  # "Raspberry Pi 3B+": a model's name
_SCREENS = re.compile(r" (?:display|resolution|TVs?|monitors?|screens?|video|HDR|gaming)\b")


def _scale_plus(m: re.Match[str]) -> str:
    """ "10M+" -> "10 million plus" (the number read later); not "Pi 3B+", "a 5K+ display"."""
    if m["num"] + m["scale"] == "3M":
        return m.group(0)
    if _SCALE_PLUS_MODEL.search(m.string, max(0, m.start() - 6), m.start()):
        return m.group(0)
    if m["scale"] == "K" and _SCREENS.match(m.string, m.end()):
        return m.group(0)
    return _padded(m, f"{m['num']} {MAGNITUDES[m['scale']]} plus")


# "7B parameters", "50M users": a bare scale letter before a plural noun (not K: "4K screens")
_SCALE_LETTER = re.compile(
    r"(?P<num>[0-9](?<![\w.,$\u00a3\u20ac\u00a5][0-9])[0-9]*(?:\.[0-9]+)?)(?P<scale>[MBT])"
    r" (?=(?P<noun>[a-z]{3,}s)(?![\w']))"
)
_PLACE_BEFORE = re.compile(
    r"(?:Room|Apartment|Apt\.?|Suite|Unit|Gate|Seat|Row|Flat|Platform|Floor|Box|Sizes?|Width)"
    r" \Z",
    re.I,
)
# what a bare "50M" or "7B" counts ("Grade 4B students", "Phase 1B trials" are names)
_COUNTED = _word_set(
    """
    parameters users views subscribers downloads people units customers visitors players
    followers viewers listeners streams copies devices accounts tokens images words records
    votes residents jobs dollars euros barrels tons tonnes vaccinations doses rows requests
    captions queries messages emails transactions files documents pages sessions clicks
    impressions installs members patients cases deaths infections citizens voters workers
    employees households homes passengers tourists shares songs videos posts tweets
    samples steps"""
)
# plural nouns after "M" that it does not count in millions: a race's meters ("400M hurdles"),
# a shoe's width ("10M shoes"), a cable's meters ("2M cables"), a chemist's molar ("1M
# solutions"), a bond's months ("3M yields")
_NOT_MILLIONS = _word_set(
    """
    hurdles finals heats relays sprints races semifinals semis dashes medleys laps
    shoes boots sneakers sandals heels trainers loafers slippers cleats cables cords hoses ropes
    solutions buffers stocks yields rates returns bills notes highs lows
    """
)


def _scale_letter(m: re.Match[str]) -> str:
    """ "7B parameters" -> "7 billion parameters", "10M rows" -> "10 million rows" (module doc)."""
    noun, before = m["noun"], m.string[max(0, m.start() - 12) : m.start()]
    counted = noun in _COUNTED and not (m["scale"] == "M" and noun in _NOT_MILLIONS)  # a list:
    # "12M beams", "0.5M concentrations", "Nikon 50M lenses" are no counts
    if not counted or _PLACE_BEFORE.search(before):  # "Phase 1B trials", "Row 12M seats"
        return m.group(0)
    if m["num"] + m["scale"] == "3M":  # the company: "3M employees"
        return m.group(0)
    return f"{m['num']} {MAGNITUDES[m['scale']]} "


# in :mod:`yuyin.text._ranges`, before "1.5B users" is read alone
SCALE_LETTER_RANGE_RULES: tuple[Rule, ...] = (regex_rule(_LETTER_RANGE, _letter_range),)
SCALE_LETTER_RULES: tuple[Rule, ...] = (regex_rule(_SCALE_LETTER, _scale_letter),)
SCALE_RULES: tuple[Rule, ...] = (
    regex_rule(_SCALE_PLUS, _scale_plus),
    regex_rule(_UNIT_AFTER_SCALE, lambda m: f"{m['amount']} {UNITS[m['unit']][1]}"),
)
