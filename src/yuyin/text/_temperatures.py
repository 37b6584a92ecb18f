"""Temperatures in kelvin, read before the thousands rule takes a "K" after a number:

* **kelvin**: "Absolute zero is -273.15 °C, or 0 K." -> "... or 0 kelvin", "Water boils at
  373.15 K", "cooled to 4K in liquid helium": a capital "K" after a number is kelvin only in a
  sentence about temperature (a degree sign, "kelvin", "temperature", "absolute zero",
  "Celsius", "cooled" ...), where no noun follows it and no determiner, currency sign or verb
  of racing or pay stands before it ("I ran 10K", "earned 50K"). A thousand ("$50K salary",
  "a 100K followers"), a race ("a 5K race", "The 10K was run at 25 °C") and a screen ("4K
  display") stay as the other rules read them.

:data:`KELVIN_RULES` run among :mod:`yuyin.text._everyday`'s rules, before the measure rules.
The pattern starts with a consumed character and refuses to start inside a run of digits, and
its callback looks at a bounded window around the match, so the pass is linear in the length of
the text.
"""

from __future__ import annotations

import re

from yuyin.text._news import _DETERMINER_BEFORE, _LOOK_BEHIND, _WORD_AFTER
from yuyin.text._openers import sentence_around
from yuyin.text._semiotic import Rule, _padded, regex_rule
from yuyin.text._word_classes import _NOT_NOUNS

__all__ = ["KELVIN_RULES"]

# a number (with its sign), then "K" spaced or glued; not after a currency sign ("$50K")
_KELVIN = re.compile(
    r"(?P<num>(?:(?<![\w.,\-])-)?[0-9](?<![\w.,$\u00a3\u20ac\u00a5][0-9])[0-9,]*(?:\.[0-9]+)?)"
    r" ?K(?![\w'+\-])"
)
# what makes a sentence one about temperature; "degrees" alone is no such word ("a 10K in
# 90-degree heat" is a race)
_TEMPERATURE_WORDS = re.compile(
    r"\u00b0|(?<![\w])(?i:kelvins?|temperatures?|absolute zero|celsius|fahrenheit|cryogenic\w*"
    r"|superconduct\w*|liquid (?:helium|nitrogen)|cooled|cools|heated|boils|boiling|melts"
    r"|melting|freezes|freezing point|thermal)(?![\w])"
)
# a race run or an amount earned: "It was 30 °C and I ran 10K", "she earned 50K"
_RACE_OR_PAY_BEFORE = re.compile(
    r"(?<![\w])(?i:ran|runs?|running|walk\w*|rac\w*|jog\w*|did|finished|completed|won|wins?"
    r"|earn\w*|paid|pays?|makes?|made|raised|sold|owes?|owed|costs?|bet|passed|salary is"
    r"|shoots? in|in) \Z"
)
# after the number: a capitalized word ("4K TV"), "of" ("4K of them"), a unit of screens
_NOT_KELVIN_AFTER = re.compile(r" ?(?:[A-Z]|of\b|resolution|video|HDR)")
_SENTENCE_LOOK = 100  # characters looked at on each side, within the sentence


def _kelvin(m: re.Match[str]) -> str:
    """ "0 K" -> "0 kelvin" in a sentence about temperature (module doc); else as written."""
    text, start = m.string, m.start()
    if _DETERMINER_BEFORE.search(text, max(0, start - _LOOK_BEHIND), start):
        return m.group(0)  # "The 10K was run at 25 °C", "a 5 K race"
    if _RACE_OR_PAY_BEFORE.search(text, max(0, start - _LOOK_BEHIND), start):
        return m.group(0)  # "I ran 10K", "earned 50K"
    if _NOT_KELVIN_AFTER.match(text, m.end()):
        return m.group(0)  # "My new 4K TV overheats", "4K of them were shipped"
    after = _WORD_AFTER.match(text, m.end())
    if after is not None and after["word"] not in _NOT_NOUNS:
        return m.group(0)  # "4K display", "10K followers"
    left, right = sentence_around(text, start, m.end(), _SENTENCE_LOOK, _SENTENCE_LOOK)
    if not _TEMPERATURE_WORDS.search(left) and not _TEMPERATURE_WORDS.search(right):
        return m.group(0)
    return _padded(m, f"{m['num']} kelvin")


KELVIN_RULES: tuple[Rule, ...] = (regex_rule(_KELVIN, _kelvin),)
