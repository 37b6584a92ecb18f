"""Listings' shorthand (real estate) and other everyday forms of :mod:`yuyin.text._everyday`:

* **rooms**: "3BR/2BA" -> "three-bedroom, two-bath", "4BR", "2 BD", "2.5BA" -> "two and a half
  bath" (it was "three B R two B A"); "a 1/2 bath" -> "a half bath" (not "one half");
* **a ratio with a decimal**: "1.5:1" -> "1.5 to 1" ("3:1" was "three to one" already; a split
  time has its decimal after the colon, "3:59.4");
* **a letter grade with a minus**: "an A-", "a C- average" -> "A minus" ("B+" is "B plus"),
  after an article or a verb of grading, not before a suspended compound ("a B- or C-level");
* **an exchange rate**: "1 USD = 0.92 EUR" -> "... = 0.92 euros" (the amount after "=" a number of
  units, "zero point nine two euros", not "ninety-two cents");
* **a wildcard version**: "Node.js 18.x", "Python 3.x" -> "18 dot x" (it was "eighteen.x").

:data:`LISTING_RULES` run at the end of :mod:`yuyin.text._everyday`'s rules. Each pattern starts
with a consumed character and refuses to start inside a run of its class, so each pass is
linear in the length of the text.
"""

from __future__ import annotations

import re

from yuyin.text import _verbalize as v
from yuyin.text._semiotic import Rule, _padded, regex_rule
from yuyin.text._tables import CURRENCIES

__all__ = ["LISTING_RULES"]

_HALF = ".5"
_ROOM_WORDS = {"BR": "bedroom", "BD": "bedroom", "BA": "bath"}
_ROOMS = re.compile(
    r"(?P<n>[0-9](?<![\w.,][0-9])[0-9]?(?:\.5)?)(?P<kind>BR|BD|BA)(?![\w])"
    r"(?P<slash>/(?=[0-9]))?"
)


def _rooms(m: re.Match[str]) -> str:
    """ "3BR/" -> "three-bedroom, ", "2.5BA" -> "two and a half bath"."""
    word = _ROOM_WORDS[m["kind"].upper()]
    n = m["n"]
    if n.endswith(_HALF):
        said = f"{v.cardinal(int(n[: -len(_HALF)]))} and a half {word}"
    else:
        said = f"{v.cardinal(int(n))}-{word}"
    return _padded(m, said + (", " if m["slash"] else ""))


_HALF_BATH = re.compile(r"(?<![\w])(?P<a>[Aa]n?d? a|[Aa]) 1/2 (?=bath(?:room)?s?\b)")
_DECIMAL_RATIO = re.compile(
    r"(?P<a>[0-9](?<![\w.:,][0-9])[0-9]*\.[0-9]+):(?P<b>[0-9]+(?:\.[0-9]+)?)(?![\w:]|\.[0-9])"
)
_GRADE_MINUS = re.compile(
    r"(?P<before>(?<![\w'])(?:[Aa]n?|[Gg]ot|[Gg]ets|[Ee]arned|[Rr]eceived|[Gg]rade(?: of)?) )"
    r"(?P<grade>[A-DF])-(?=[ ,.;:!?)]|\Z)(?! (?:or|and|to) [A-DF]-\w)"
)
# a blood type with a minus sign near a word of blood: "an A- donor", "O- blood" -> "A negative"
_BLOOD_MINUS = re.compile(r"(?P<type>A(?<![\w'\-]A)B?|[BO](?<![\w'\-][BO]))-(?=[ ,.;:!?)]|\Z)")
_BLOOD_WORDS = re.compile(r"(?i:\b(?:donors?|blood|type|positive|negative|transfusions?)\b)")
_BLOOD_LOOK = 30  # characters looked at either side for a word of blood


def _blood_minus(m: re.Match[str]) -> str:
    text = m.string
    near = _BLOOD_WORDS.search(text, max(0, m.start() - _BLOOD_LOOK), m.end() + _BLOOD_LOOK)
    return f"{m['type']} negative" if near else m.group(0)


_CODES = "|".join(c for c in CURRENCIES if len(c) == 3 and c.isupper())
_RATE_AFTER_EQUALS = re.compile(
    rf"(?P<before>= ?)(?P<num>[0-9](?<![\w.][0-9])[0-9]*\.[0-9]+) ?(?P<code>{_CODES})(?![\w])"
)
_WILDCARD_VERSION = re.compile(r"(?P<ver>[0-9](?<![\w.][0-9])[0-9]*(?:\.[0-9]+)*)\.[xX](?![\w.])")


LISTING_RULES: tuple[Rule, ...] = (
    regex_rule(_ROOMS, _rooms),
    regex_rule(_HALF_BATH, lambda m: f"{m['a']} half "),
    regex_rule(_DECIMAL_RATIO, lambda m: _padded(m, f"{m['a']} to {m['b']}")),
    regex_rule(_BLOOD_MINUS, _blood_minus),
    regex_rule(_GRADE_MINUS, lambda m: f"{m['before']}{m['grade']} minus"),
    regex_rule(
        _RATE_AFTER_EQUALS,
        lambda m: f"{m['before']}{m['num']} {CURRENCIES[m['code']][1]}",
    ),
    regex_rule(_WILDCARD_VERSION, lambda m: _padded(m, f"{m['ver']} dot x")),
)
