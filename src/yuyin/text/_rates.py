"""Units of technology and energy copy that the unit table leaves out, read before the measure
rules (:data:`RATE_RULES`):

* **data rates**: "500 MB/s" -> "500 megabytes per second", "10 Gb/s", "1 Gbit/s", "100 KB/s",
  "200 MBps" (it was "M B s"; "Mbps" and "kbps" are in the unit table);
* **megapixels**: "a 50MP camera" -> "a 50 megapixel camera", "has 50 MP." -> "50
  megapixels" (written apart, only near a camera word: "1 MP voted" is a member);
* **prices per unit** after cents, pence or a bare currency sign: "12 cents/kWh" -> "12
  cents per kilowatt hour", "30p/kWh" -> "30 pence per ...", "in $/kWh" -> "in dollars per
  kilowatt hour";
* **feet per second** near a bullet or an arrow: "muzzle velocity of 2,800 fps" (else "fps"
  is frames per second);
* **dosing intervals**: "q8h" -> "every 8 hours", "q4-6h" -> "every 4 to 6 hours";
* **basis points in capitals** near a word of rates: "FED CUTS RATES BY 50 BPS" -> "50 basis
  points" ("9600 BPS" stays);
* **a unit after "per"** with no number before it: "cells per mL" -> "cells per milliliter",
  "the price per kWh" (units of two letters or more);
* **a count per a time**: "10,000 requests/sec" -> "10,000 requests per second", "60
  words/min", "3 meals/day" (a plural noun between the number and the slash).

A unit before the noun it describes is singular ("a 500 MB/s drive" -> "500 megabyte per
second drive", "a 50MP camera"); a data rate only after a determiner, and no word ending in
"-ly", "-ing" or "-ed" is such a noun ("at 100 MB/s using Wi-Fi", "7,000 MB/s sequentially",
"does 200 MB/s sustained" stay plural). Every pattern starts with a consumed character and
refuses to start inside a run of its class, so each pass is linear in the length of the text.
"""

from __future__ import annotations

import re

from yuyin.text._measures import _PER_WORDS, _rate
from yuyin.text._news import _DETERMINER_BEFORE, _LOOK_BEHIND, _WORD_AFTER
from yuyin.text._number_patterns import NUM
from yuyin.text._openers import sentence_around
from yuyin.text._semiotic import Rule, _padded, regex_rule
from yuyin.text._tables import CENT_SIGN, CURRENCIES, UNITS
from yuyin.text._word_classes import _NOT_NOUNS

__all__ = ["RATE_RULES"]


# words after a unit that are no noun it describes: conjunctions and prepositions the news
# table leaves out, and (by their endings) adverbs and verbs: "at 100 MB/s using Wi-Fi",
# "7,000 MB/s sequentially", "200 MB/s sustained"
_NOT_DESCRIBED = frozenset(
    {"during", "unless", "until", "using", "despite", "except", "whereas", "whilst", "once"}
)


def _before_noun(m: re.Match[str]) -> bool:
    """Whether a word follows that is a noun the unit describes (comment above)."""
    after = _WORD_AFTER.match(m.string, m.end())
    if after is None:
        return False
    word = after["word"]
    if word in _NOT_NOUNS or word in _NOT_DESCRIBED:
        return False
    return not word.endswith(("ly", "ing", "ed"))


def _counted(m: re.Match[str], unit: str, *, determiner: bool = False) -> str:
    """ "500" and "megabyte" -> "500 megabytes"; singular for one and before a noun (after a
    determiner too, where ``determiner`` asks for one: "a 500 MB/s drive")."""
    described = _before_noun(m) and (
        not determiner
        or _DETERMINER_BEFORE.search(m.string, max(0, m.start() - _LOOK_BEHIND), m.start())
    )
    one = m["num"] == "1" or m["sep"] == "-" or described
    return f"{m['num']} {unit}{'' if one else 's'}"


# --- data rates ---------------------------------------------------------------------------------

_DATA_PREFIXES = {"k": "kilo", "K": "kilo", "M": "mega", "G": "giga", "T": "tera"}
_DATA_RATE = re.compile(
    rf"(?P<num>{NUM})(?P<sep> ?-?)(?P<prefix>[kKMGT])(?P<unit>B|b|bit)"
    r"(?:/s(?:ec)?|(?<=B)ps|(?<=[KT]b)ps)(?![\w/])"
)


def _data_rate(m: re.Match[str]) -> str:
    """ "500 MB/s" -> "500 megabytes per second", "10 Gb/s" -> "10 gigabits per second"."""
    unit = _DATA_PREFIXES[m["prefix"]] + ("byte" if m["unit"] == "B" else "bit")
    return _padded(m, f"{_counted(m, unit, determiner=True)} per second")


# --- megapixels ---------------------------------------------------------------------------------

_MEGAPIXELS = re.compile(rf"(?P<num>{NUM})(?P<sep> ?-?)MP(?![\w'\u2019])")
_CAMERA_WORDS = re.compile(
    r"\b(?:camera|cameras|sensor|sensors|lens|lenses|shooter|selfie|photos?|images?|pictures?"
    r"|resolution|telephoto|ultrawide|wide-angle|megapixels?|phones?|smartphones?)\b",
    re.IGNORECASE,
)
_CAMERA_WINDOW = 48  # characters looked at on each side of a spaced "MP" for a camera word


def _megapixels(m: re.Match[str]) -> str:
    """ "a 50MP camera" -> "a 50 megapixel camera"; a spaced "50 MP" only near a camera word."""
    if m["sep"] == " ":
        text = m.string
        near = _CAMERA_WORDS.search(text, max(0, m.start() - _CAMERA_WINDOW), m.start())
        if not (near or _CAMERA_WORDS.search(text, m.end(), m.end() + _CAMERA_WINDOW)):
            return m.group(0)  # "only 1 MP voted": a member of parliament
    return _padded(m, _counted(m, "megapixel"))


# --- prices per unit ----------------------------------------------------------------------------

_SUBUNITS = {"cent": "cents", "cents": "cents", CENT_SIGN: "cents", "p": "pence", "pence": "pence"}
_SUBUNIT_RATE = re.compile(
    rf"(?P<num>{NUM}) ?(?P<sub>cents?|{CENT_SIGN}|p(?<=[0-9]p)|pence)/(?P<per>{_PER_WORDS})"
    r"(?![\w/])"
)
_SIGNS = "".join(re.escape(c) for c in CURRENCIES if len(c) == 1)
_SIGN_RATE = re.compile(rf"(?P<cur>[{_SIGNS}])(?<![\w.][{_SIGNS}])/(?P<per>{_PER_WORDS})(?![\w/])")


def _subunit_rate(m: re.Match[str]) -> str:
    """ "12 cents/kWh" -> "12 cents per kilowatt hour", "30p/kWh" -> "30 pence per ..."."""
    sub = _SUBUNITS[m["sub"]]
    if m["num"] == "1":
        sub = "penny" if sub == "pence" else "cent"
    return _padded(m, f"{m['num']} {sub} {_rate(m)}")


# "50 BPS" in capitals is basis points near a word of rates ("FED CUTS RATES BY 50 BPS", "The
# Fed cut rates by 25 BPS"), not before a noun or near a word of data; a modem's "9600 BPS",
# "Transfer rates reached 9600 BPS" and a school board's "12 BPS schools" stay as written
_CAPITAL_BPS = re.compile(
    rf"(?P<num>{NUM}) ?BPS(?![\w])(?! (?!(?i:to|in|on|at|from|after)\b)[A-Za-z])"
)
_RATE_WORD = re.compile(
    r"(?<![\w])(?:RATES?|CUTS?|HIKES?|RAISES?|YIELDS?|SPREADS?|FED|BASIS|POLICY|"
    r"[Cc]ut|[Cc]uts|[Hh]ikes?|[Hh]iked|[Yy]ields?|[Ss]preads?|Fed)(?![\w])"
)
_DATA_WORD = re.compile(r"(?i:baud|transfer|data|bits?|modem|serial)")
_RATE_WORD_WINDOW = 40  # characters before the amount searched for a word of rates


def _capital_bps(m: re.Match[str]) -> str:
    start = max(0, m.start() - _RATE_WORD_WINDOW)
    if _RATE_WORD.search(m.string, start, m.start()) is None:
        return m.group(0)
    if _DATA_WORD.search(m.string, start, m.start()):
        return m.group(0)  # "baud rates of 300 BPS"
    return _padded(m, f"{m['num']} basis points")


# a dose's interval: "1 tab q8h" -> "every 8 hours" (was "q eight hours"), "q4-6h"
_DOSING = re.compile(
    r"q(?<![\w]q)\.?(?P<low>[1-9][0-9]?)(?:-(?P<high>[1-9][0-9]?))?h(?:rs?)?(?![\w])"
)


def _dosing(m: re.Match[str]) -> str:
    if m["low"] == "1" and not m["high"]:
        return _padded(m, "every hour")
    hours = f"{m['low']} to {m['high']}" if m["high"] else m["low"]
    return _padded(m, f"every {hours} hours")


# "fps" of a bullet or an arrow is feet per second (else frames per second, the unit table's)
_FEET_PER_SECOND = re.compile(r"(?P<num>[0-9](?<![\w.,][0-9])[0-9,.]*) ?fps(?![\w])")
_VELOCITY_BEFORE = re.compile(
    r"\b(?i:velocity|muzzle|bullets?|rounds?|arrows?|projectiles?|pellets?|bows?|crossbows?"
    r"|rifles?|ammo|bolts?|slugs?|airguns?|air rifles?|pistols?|shotguns?|BBs?|chronograph)\b"
)
# frames: "the rifle scope camera records at 120 fps", "Velocity mode captures 240 fps video"
_FRAMES_NEAR = re.compile(
    r"\b(?i:cameras?|video|videos|games?|gameplay|gaming|records?|recording|footage|monitors?"
    r"|display|renders?|stream|streams|captures?|slow[- ]mo\w*|frames?|refresh|hz|gpus?|cpus?"
    r"|esports|fortnite|shooter|benchmark\w*|settings|1080p|1440p|4k)\b"
)


def _feet_per_second(m: re.Match[str]) -> str:
    before, after = sentence_around(m.string, m.start(), m.end(), before=60, after=40)
    if not _VELOCITY_BEFORE.search(before) or _FRAMES_NEAR.search(before + " " + after):
        return m.group(0)  # in the same sentence
    return _padded(m, f"{m['num']} feet per second")


# --- a unit after "per", a count per a time ---------------------------------------------------

_PER_UNITS = {
    unit: one
    for unit, (one, _) in UNITS.items()
    if len(unit) > 1
    and " per " not in one
    and unit not in ("pts", "pct", "reb", "ast", "bp")
    and not unit.isupper()
    and unit != "Pa"  # "As per GB rules", "As per Pa, we should go"
}
_PER_UNIT_NAMES = "|".join(re.escape(u) for u in sorted(_PER_UNITS, key=len, reverse=True))
_PER_UNIT = re.compile(rf"(?P<per>[Pp])(?<![\w][Pp])er (?P<unit>{_PER_UNIT_NAMES})(?![\w\u00b0/'])")
_TIMES = {
    "s": "second", "sec": "second", "second": "second", "min": "minute", "minute": "minute",
    "h": "hour", "hr": "hour", "hour": "hour", "day": "day", "wk": "week", "week": "week",
    "mo": "month", "month": "month", "yr": "year", "year": "year",
}  # fmt: skip
_COUNT_PER_TIME = re.compile(
    rf"(?P<count>{NUM} [a-z]{{2,}}s)/(?P<per>{'|'.join(sorted(_TIMES, key=len, reverse=True))})"
    r"(?![\w/])"
)

RATE_RULES: tuple[Rule, ...] = (
    regex_rule(_FEET_PER_SECOND, _feet_per_second),
    regex_rule(_DOSING, _dosing),
    regex_rule(_CAPITAL_BPS, _capital_bps),
    regex_rule(_DATA_RATE, _data_rate),
    regex_rule(_MEGAPIXELS, _megapixels),
    regex_rule(_SUBUNIT_RATE, _subunit_rate),
    regex_rule(_SIGN_RATE, lambda m: _padded(m, f"{CURRENCIES[m['cur']][1]} {_rate(m)}")),
    regex_rule(_PER_UNIT, lambda m: f"{m['per']}er {_PER_UNITS[m['unit']]}"),
    regex_rule(_COUNT_PER_TIME, lambda m: f"{m['count']} per {_TIMES[m['per']]}"),
)
