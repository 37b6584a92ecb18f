"""Measures and rates that the general rules of :mod:`yuyin.text._semiotic` misread.

:data:`MEASURE_RULES` run before the news and numeric rules; most rewrite only the written
unit and leave the numbers for the numeric rules to say:

* **fractions of a unit**: "1/2 lb" -> "half a pound", "3/4 oz" -> "three quarters of an
  ounce", "2 1/2 lbs" (or "2½ lbs") -> "two and a half pounds" (the unit used to be read after
  the fraction's bottom: "one two pounds");
* **rates**: an amount, with or without a unit, then a slash and what it is counted by:
  "$1,500/month" -> "... dollars a month", "$12/hr" -> "an hour", "$78/bbl" -> "per barrel",
  "50 mg/day", "150 µg/m³" -> "... per cubic meter";
* **units the table leaves out**: inches written "in." after a number ("12-18 in. of snow"),
  seconds after a decimal ("9.58s": an integer's "s" may be a plural, "the 1960s"), "hp",
  scale words after a bare number ("8.1 bn" -> "billion"), a lowercase "k" for thousand ("10k
  people"; not "a 10k run" nor "4k video"), "p.a." after an amount ("per annum");
* **clock times in hours**: "0600 hrs" -> "oh six hundred hours", "at 1430 hours" ->
  "fourteen thirty hours" (a leading zero, or "at"/"by"/"until" ... before it: "2000 hours of
  video" stays a count);
* **period-over-period**: "YoY", "y/y" -> "year over year", "QoQ", "MoM";
* **team names**: "49ers" -> "forty-niners", "76ers" -> "seventy-sixers".

As in :mod:`yuyin.text._semiotic`, every pattern starts with a consumed character and refuses
to start inside a run of its class, so each pass is linear in the length of the text.
"""

from __future__ import annotations

import re

from yuyin.text import _verbalize as v
from yuyin.text._durations import CLOCK_HOUR_RULES
from yuyin.text._marks import _AFTER_SIZES, _CUT_NOUNS, MARK_RULES
from yuyin.text._music import MUSIC_RULES
from yuyin.text._news import _DETERMINER_BEFORE, _WORD_AFTER
from yuyin.text._number_patterns import NUM
from yuyin.text._scales import SCALE_RULES
from yuyin.text._semiotic import (
    _UNIT_NAMES,
    Rule,
    _fraction_words,
    _padded,
    _sentence_end_after,
    regex_rule,
)
from yuyin.text._tables import UNITS, UNITS_ATTACHED_ONLY, _word_set
from yuyin.text._units import PER_THING as _PER_THING
from yuyin.text._units import PER_TIME as _PER_TIME
from yuyin.text._units import SLASH_ONLY_UNITS, watts_after
from yuyin.text._word_classes import (
    _MORE_VERBS,
    _NOT_NOUNS,
    _PARTICIPLES,
    _PAST_VERBS,
    _no_joined_noun,
)

__all__ = ["MEASURE_RULES"]

_ALT = "|".join

# --- fractions of a unit --------------------------------------------------------------------


def _article(word: str) -> str:
    """ "a" or "an" before ``word`` (by its first letter; "hour" and "ounce" take "an")."""
    return "an" if word[:1] in "aeio" or word.startswith("hour") else "a"


def _fraction_unit(m: re.Match[str]) -> str:
    words = _fraction_words(int(m["top"]), int(m["bottom"]))
    if words is None:
        return m.group(0)
    singular, plural = _FRACTION_UNITS[m["unit"]]
    if m["unit"] in _WORD_UNITS and not m["sep"] and not m["whole"] and _plain_reading(m):
        return m.group(0)  # "1/3 cup sugar", "a 1/2 day": the numeric rules read them
    one = words.split(" ", 1)
    if m["whole"]:
        said = f"{v.number(m['whole'])} and " + (f"a {one[1]}" if one[0] == "one" else words)
        if m["sep"]:  # "a 2 1/2-lb bag": an adjective, singular
            return _padded(m, f"{said}-{singular}")
        return _padded(m, f"{said} {plural}")
    if m["sep"]:  # "a 1/2-lb burger" -> "a half-pound burger", "3/4-inch" -> "three-quarter-inch"
        said = one[1] if one[0] == "one" and one[1] in ("half", "quarter") else words
        return _padded(m, f"{said.removesuffix('s').replace(' ', '-')}-{singular}")
    stop = "." * (m["unit"] == "in." and _sentence_end_after(m))  # "cut to 1/2 in." ends it
    if words == "one half":
        return _padded(m, f"half {_article(singular)} {singular}{stop}")
    return _padded(m, f"{words} of {_article(singular)} {singular}{stop}")


def _plain_reading(m: re.Match[str]) -> bool:
    """A written-out unit after a fraction reads "of a" only before "of" or a clause's end (a
    recipe's cup or spoon before "of" alone): not after an article ("a 1/2 day off") nor
    before another word ("1/3 cup sugar")."""
    before = m.string[max(0, m.start() - 3) : m.start()]
    after = _WORD_AFTER.match(m.string, m.end())
    if after is None and m["unit"].startswith(_RECIPE_UNITS):  # "3/4 cup": as a recipe says it
        return True
    return bool(_ARTICLE_BEFORE.search(before)) or bool(after and after["word"] != "of")


_ARTICLE_BEFORE = re.compile(r"(?:^|\W)an? \Z")

# units written out that a fraction may measure ("1/2 cup" -> "half a cup")
_RECIPE_UNITS = ("cup", "teaspoon", "tablespoon")  # "of a" only before "of"
_WORD_UNIT_NAMES = (*_RECIPE_UNITS, "inch", "mile", "pound", "ounce")
_WORD_UNITS = {
    one: (one, one + ("es" if one.endswith("ch") else "s"))
    for one in (*_WORD_UNIT_NAMES, "hour", "minute", "second", "day")
}
_WORD_UNITS |= {many: (one, many) for one, many in list(_WORD_UNITS.values())}
_WORD_UNITS |= {"foot": ("foot", "feet"), "feet": ("foot", "feet")}
_WORD_NAMES = _ALT(sorted(_WORD_UNITS, key=len, reverse=True))
_FRACTION_UNITS = {**UNITS, **_WORD_UNITS, "in.": ("inch", "inches")}
_FRACTION_UNIT = re.compile(
    r"(?:(?P<whole>[0-9](?<![\w.,/][0-9])[0-9]{0,2}) )?"
    r"(?P<top>[1-9](?<![\w.,/][1-9]))/(?P<bottom>[1-9][0-9]?)(?: |(?P<sep>-)|)"
    rf"(?P<unit>in\.|{_WORD_NAMES}|{_UNIT_NAMES})"
    r"(?![\w\u00b0/\-])"
)

# --- rates ------------------------------------------------------------------------------------

_PER_WORDS = _ALT(re.escape(w) for w in sorted({**_PER_TIME, **_PER_THING}, key=len, reverse=True))


def _rate(m: re.Match[str]) -> str:
    """ "/month" -> "a month", "/bbl" -> "per barrel"; "mg/kg/day" -> "per kilogram per day"
    (after "per", a time word takes "per" too)."""
    said = []
    for i, per in enumerate(m["per"].split("/")):
        if per in _PER_TIME and i == 0:
            said.append(f"{_article(_PER_TIME[per])} {_PER_TIME[per]}")
        else:
            said.append(f"per {_PER_TIME.get(per) or _PER_THING[per]}")
    return " ".join(said)


def _rate_unit(m: re.Match[str]) -> str:
    """The unit before the slash as written, or said where no later rule would read it ("100
    pg/mL" -> "100 picograms"; "1 pg" singular)."""
    unit = m["unit"] or ""
    if unit.strip() not in SLASH_ONLY_UNITS:
        return unit
    before = m.string[max(0, m.start() - 1) : m.start()]
    one = m["end"] == "1" and not (before.isdigit() or before in (".", ","))
    return " " + SLASH_ONLY_UNITS[unit.strip()][0 if one else 1]


# after a digit or "%" (the amount's end), an optional unit or scale letter ("mg", "m" of
# "$2.5m"), then "/" and what it is counted by
_RATE = re.compile(
    r"(?P<end>[0-9%])(?P<unit> ?[A-Za-z\u03bc]{1,4}\.?)?/"
    rf"(?P<per>(?:{_PER_WORDS})(?:/(?:{_PER_WORDS}))?)(?![\w/])"
)

# --- units the table leaves out ---------------------------------------------------------------


def _inches(m: re.Match[str]) -> str:
    return f"{m['q']} {'inch' if m['q'] == '1' else 'inches'}"


# "12 in.", "12-18 in.": only with the dot, and not before a capital (a sentence may end "in.")
_INCHES = re.compile(
    rf"(?P<q>{NUM}(?: ?- ?{NUM})?) ?in\.(?= [a-z0-9(]|[,;:)]| ?$)", flags=re.MULTILINE
)
_DECIMAL_SECONDS = re.compile(r"(?P<num>[0-9](?<![\w.][0-9])[0-9]*\.[0-9]+)s(?![\w'])")
_HORSEPOWER = re.compile(r"(?P<num>[0-9](?<![\w.,][0-9])[0-9,.]*) ?hp(?![\w])")
_BARE_SCALE = {
    "bn": "billion",
    "bln": "billion",
    "mln": "million",
    "tn": "trillion",
}
_SCALE = re.compile(
    rf"(?P<num>[0-9](?<![\w.,$\u00a3\u20ac\u00a5][0-9])[0-9,.]*) ?(?P<scale>{_ALT(_BARE_SCALE)})"
    r"(?![\w])"
)
# "10k": thousand, but not a race ("a 10k run"), a screen ("4k video") or a pension ("401k")
_THOUSAND_K = re.compile(
    r"(?P<num>[0-9](?<![\w.,$\u00a3\u20ac\u00a5][0-9])[0-9]*(?:\.[0-9]+)?)(?P<k>[kK])(?![\w])"
    r"(?! (?:run|runs|race|races|walk|fun|resolution|video|videos|TV|TVs|display|displays"
    r"|monitor|monitors|screen|screens|gaming|stream|streams|streaming|content|footage|camera"
    r"|cameras|gold|karat|white|rose)\b)"
)


_RESOLUTIONS_K = frozenset({"2", "4", "5", "6", "8", "10", "12", "16"})  # "4K", "8K": screens


def _thousand(m: re.Match[str]) -> str:
    after = _WORD_AFTER.match(m.string, m.end())
    word = after["word"].lower() if after else ""
    counted = word.endswith("s") and word not in _NOT_NOUNS  # "20K fans", not "the 10K was"
    det = _DETERMINER_BEFORE.search(m.string, max(0, m.start() - 24), m.start())
    if det is not None and not counted:  # "I ran a 5k."
        return m.group(0)
    if m["k"] == "K" and m["num"] in _RESOLUTIONS_K and word not in _COUNTED_K:  # "4K movies"
        return m.group(0)
    return _padded(m, f"{m['num']} thousand")


_PER_ANNUM = re.compile(r"(?P<end>[0-9%mnk]) ?p\.a\.(?![A-Za-z])")

# --- period over period, team names ------------------------------------------------------------

_OVER_WRITTEN = {
    "YoY": "year over year",
    "yoy": "year over year",
    "Y/Y": "year over year",
    "y/y": "year over year",
    "QoQ": "quarter over quarter",
    "Q/Q": "quarter over quarter",
    "q/q": "quarter over quarter",
    "MoM": "month over month",
}
_PERIOD_OVER = re.compile(rf"[A-Za-z](?<![\w/][A-Za-z])(?:{_ALT(w[1:] for w in _OVER_WRITTEN)})")


def _period_over(m: re.Match[str]) -> str:
    said = _OVER_WRITTEN.get(m.group(0))
    after = m.string[m.end() : m.end() + 1]
    if said is None or after.isalnum() or after == "/":
        return m.group(0)
    return said


# --- written units and marks --------------------------------------------------------------------

# a unit's abbreviation dot inside a sentence: "6 ft. tall", "3/4 tsp. salt", "(8-oz.)"
_DOTTED_UNITS = (
    *("ft", "oz", "lb", "lbs", "tsp", "tbsp", "Tbsp", "yd", "yds", "mi", "gal", "qt", "qts", "hr"),
)
_UNIT_DOT = re.compile(
    rf"(?P<before>[0-9][ \-]?)(?P<unit>{_ALT(sorted(_DOTTED_UNITS, key=len, reverse=True))})"
    r"\.(?= [a-z0-9(]|[,;:)])"
)
# ... and after minutes and seconds ("for 15 min. after the outage", "12 min. or until
# golden"); not after an amount of money, where "min." is a minimum ("$25 min. order")
_TIME_DOT = re.compile(
    r"(?P<before>[0-9](?<![\w.,$\u00a3\u20ac][0-9])[0-9.,]* ?(?:min|sec)s?)\.(?= [a-z0-9(]|[,;:)])"
)
_DEGREE_LETTER = re.compile(r"(?P<deg>[Dd]egrees?) (?P<scale>[FC])(?![\w])")
_CIRCA = re.compile(r"c(?<![\w.]c)a?\. ?(?=[0-9]{3,4}(?![0-9]))")  # "c. 1900", "ca. 1900"
_DOT_NET = re.compile(r"\.(?<![\w.]\.)NET(?![\w])|(?<=[A-Za-z])\.NET(?![\w])")
_VERSION = re.compile(r"v(?<![\w.]v)(?P<ver>[0-9]+(?:\.[0-9]+){1,3})(?![\w.])")

# --- sizes: "3.2 x 2.1 cm", "a 512 GB SSD" ---------------------------------------------------

# "x" between two numbers whose second has a unit: "by" ("3.2 x 2.1 cm", "4x100m relay")
_BY = re.compile(  # "12 ft x 14 ft" too
    r"(?P<d>[0-9](?: ?(?:ft|feet|in|m|cm|mm|km|yd|mi))?) ?[x\u00d7] ?"
    rf"(?=[0-9][0-9.,]* ?(?:{_UNIT_NAMES})(?![\w\u00b0]))"
)
# a measure after a determiner and before its noun is an adjective: "a 512 GB SSD", "the 400m
# hurdles" (hyphenated here, so that the unit rule says it singular: "five hundred
# twelve-gigabyte"); not before a preposition, verb or pronoun ("the 100m in 9.58s")
_BEFORE_NOUN = re.compile(
    rf"(?P<num>{NUM}) ?(?P<unit>{_UNIT_NAMES}) (?=(?P<next>[A-Za-z][A-Za-z\-]*)(?![\w']))"
)


# two measures joined before one noun are both adjectives: "the 5 km and 10 km races"
_JOINED = r"(?:and|or|to)"
_JOINED_AFTER = re.compile(
    rf"{_JOINED} {NUM} ?(?:{_UNIT_NAMES}) (?P<next>[A-Za-z][A-Za-z\-]*)(?![\w'])"
)
# without a determiner, a measure before these: "with 150 mph winds", "supports 100W charging"
_BARE_MODIFIED = re.compile(r"(?:fast |wireless )?(?:(?P<wind>winds|gusts)|charging|chargers)\b")
_WIND_UNITS = frozenset({"mph", "km/h", "kph", "m/s"})  # not "Above 8000 m winds reach"
_CHARGE_UNITS = frozenset({"V", "W", "kW"})  # not "After 15 min charging"
_JOINED_BEFORE = re.compile(
    rf"{NUM}(?: ?(?:{_UNIT_NAMES}) {_JOINED}| by) \Z"
)  # "the 4 by 100m relay"
# an owner stands for a determiner: "TSMC's 3nm process", "Boston's 5 km race" (not "It's 5 km
# away", "He's 6 ft tall"); the word after must be no verb ("Apple's 2 TB went fast"), no
# measuring word nor comparative ("Bob's 3 kg heavier now")
_OWNER_BEFORE = re.compile(
    r"(?<![\w'])(?!(?:It|That|There|What|Here|He|She|Who|Let|Where|How|When|Why)'s)"
    r"[A-Z][\w&\-]*'s \Z"
)


def _before_noun(m: re.Match[str]) -> str:
    text, start = m.string, m.start()
    first = _JOINED_BEFORE.search(text, max(0, start - 32), start)  # "the 5 km and |10 km races"
    det_end = first.start() if first else start
    det = _DETERMINER_BEFORE.search(text, max(0, det_end - 24), det_end)
    owner = det is None and _OWNER_BEFORE.search(text, max(0, det_end - 24), det_end)
    after = m["next"].lower()
    joined = _JOINED_AFTER.match(text, m.end()) if after in ("and", "or", "to") else None
    if joined:  # "the 5 km| and 10 km races": the noun after the second measure
        after = joined["next"].lower()
    if (joined or first) and _no_joined_noun(after):
        return m.group(0)  # "The 5 km and 10 km went well", "sold out", "twice"
    glued = not m.group(0)[len(m["num"]) :].startswith(" ")
    attached_only = m["unit"] in UNITS_ATTACHED_ONLY  # "a 65W charger", not "a 66 W exit"
    modified = _BARE_MODIFIED.match(text, m.end())
    units = (_WIND_UNITS if modified["wind"] else _CHARGE_UNITS) if modified else frozenset()
    bare = det is None and not owner and m["unit"] not in units and after not in _CUT_NOUNS
    spaced_only = attached_only and not glued and not watts_after(text, start, m.end())
    if bare or spaced_only or after in _NOT_NOUNS:
        return m.group(0)  # a noun of cutting needs none: "to 8 ft lengths", "2 cm pieces"
    if owner and (
        after in _PAST_VERBS
        or after in _MORE_VERBS
        or after in _PARTICIPLES
        or after in _AFTER_SIZES
        or after.endswith(("ed", "ier"))
    ):
        return m.group(0)
    if after.endswith("ly"):  # "the 5 kg quickly": an adverb
        return m.group(0)
    if attached_only:  # said here: the unit rule reads a dashed "W" as letters
        return f"{m['num']}-{UNITS[m['unit']][0]} "
    if m["unit"] == "m" and glued and after in _MONEY_NOUNS:  # "a 1.5m loss": million
        return f"{m['num']} million "
    return f"{m['num']}-{m['unit']} "


# "1.5m people", "3m jobs": a glued "m" before what is counted in millions is no meter
_COUNTED = _word_set(
    """
    people jobs barrels viewers units users customers visitors votes voters homes households
    passengers subscribers copies doses cases deaths residents children workers members followers
    downloads tickets cars vehicles shares tonnes tons acres listeners readers fans patients
    students employees migrants refugees animals trees devices phones players accounts
    """
)
_COUNTED_K = _COUNTED | {"views", "likes", "steps"}  # what "4K" counts, not what shows in 4K
# printers count pages: "prints up to 40 ppm" (else parts per million: "421 ppm of CO2")
_PAGES_PER_MINUTE = re.compile(rf"(?P<num>{NUM}) ?ppm(?![\w])")
_PRINTING_BEFORE = re.compile(r"[Pp]rint[^.;!?]{0,40}\Z")


def _ppm(m: re.Match[str]) -> str:
    before = m.string[max(0, m.start() - 48) : m.start()]
    return f"{m['num']} pages per minute" if _PRINTING_BEFORE.search(before) else m.group(0)


_MILLION_COUNT = re.compile(  # not the company: "3M employees"
    rf"(?P<num>{NUM})(?P<m>[mM]) (?=(?:{_ALT(sorted(_COUNTED))})(?![\w']))"
)
# what "m" counts in millions before ("a 1.5m loss", "a 20m deal"), not meters
_MONEY_NOUNS = _word_set(
    """
    loss losses profit profits deal deals fine fines bid bids budget contract contracts salary
    settlement payout fund funding stake investment revenue sale sales transfer fee bonus
    debt loan bill package grant donation valuation
    """
)


# --- tags, handles, split times, numbered parts, IT, timestamps ---------------------------------


def _camel_words(tag: str) -> str:
    """ "TTSRocks" -> "TTS Rocks", "MeToo" -> "Me Too", "yuyin_ai" -> "yuyin ai"."""
    return " ".join(_CAMEL_PART.findall(tag.replace("_", " ")))


_CAMEL_PART = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
_HASHTAG = re.compile(r"#(?<![\w#&]#)(?P<tag>[A-Za-z][A-Za-z0-9_]*)")
# the word said already: "the hashtag #MeToo", "hashtags #TBT and #OOTD", "Hashtags #a, #b"
_HASHTAG_WORD_BEFORE = re.compile(
    r"(?<![\w\-])(?i:hashtag|hashtags(?: #\w{1,40},?(?: and| or| &)?){0,4}) \Z"
)
_HASHTAG_LOOK = 240  # characters looked at before a tag for the word


def _hashtag(m: re.Match[str]) -> str:
    """ "#MeToo" -> "hashtag Me Too"; after the word itself only the tag ("The hashtag #MeToo"
    -> "The hashtag Me Too", not "hashtag hashtag")."""
    text, start = m.string, m.start()
    look = max(0, start - _HASHTAG_LOOK)
    near = text.find("ashtag", look, start) >= 0 or text.find("ASHTAG", look, start) >= 0
    named = near and _HASHTAG_WORD_BEFORE.search(text, look, start)
    return _padded(m, ("" if named else "hashtag ") + _camel_words(m["tag"]))


_HANDLE = re.compile(r"@(?<![\w@]@)(?P<handle>[A-Za-z0-9_]*_[A-Za-z0-9_]*)")
# a split or race time with tenths: "3:59.4" -> "three fifty-nine point four"
_SPLIT_TIME = re.compile(
    r"(?P<min>[0-9](?<![\w.:][0-9])[0-9]?):(?P<sec>[0-5][0-9])\.(?P<frac>[0-9]{1,3})"
    r"(?![\w:]|\.[0-9])"
)


def _split_time(m: re.Match[str]) -> str:
    sec = int(m["sec"])
    seconds = v.cardinal(sec) if sec >= 10 else f"oh {v.cardinal(sec)}"
    return _padded(m, f"{v.cardinal(int(m['min']))} {seconds} point {v.digits(m['frac'])}")


# a lower-case Roman numeral after a word that numbers parts: "Chapter xii" -> "Chapter 12"
_PART_NUMERAL = re.compile(
    r"(?P<word>[A-Z](?<![\w][A-Z])(?:hapter|able|art|ppendix|ection|olume|ook|ct|cene|igure)"
    r"\.? )(?P<numeral>[ivxlc]{2,7}|[ivx](?=[.,;:)]|$))(?![\w])"
)


def _part_numeral(m: re.Match[str]) -> str:
    value = v.roman_to_int(m["numeral"].upper())
    return m.group(0) if value is None else f"{m['word']}{value}"


# "IT" before the words it names in business news is spelled, not the pronoun
_IT = re.compile(
    r"I(?<![\w]I)T(?= (?:department|team|budget|staff|support|security|systems?|services|"
    r"managers?|spending|sector|industry|professionals?|infrastructure|director|workers?|jobs|"
    r"giant|firm|outsourcing|projects?|consultants?|help desk|helpdesk)\b)"
)
# an ISO timestamp: "2024-03-15T14:30:00Z" -> "2024-03-15, at 14:30 UTC" for the date and
# clock rules
_TIMESTAMP = re.compile(
    r"(?P<date>[0-9](?<![\w\-][0-9])[0-9]{3}-[01][0-9]-[0-3][0-9])T(?P<hm>[0-2][0-9]:[0-5][0-9])"
    r"(?P<sec>:[0-5][0-9](?:\.[0-9]+)?)?(?P<zone>Z)?(?![\w:])"
)


def _timestamp(m: re.Match[str]) -> str:
    seconds = m["sec"] if m["sec"] and m["sec"] != ":00" else ""
    return f"{m['date']}, at {m['hm']}{seconds}{' UTC' if m['zone'] else ''}"


# "pp" is percentage points after a change ("rose 0.5 pp"), else pages ("320 pp.")
_POINTS = re.compile(r"(?P<num>[0-9](?<![\w.,][0-9])[0-9]*(?:\.[0-9]+)?) ?pp(?P<dot>\.)?(?![\w])")
_CHANGE_BEFORE = re.compile(
    r"(?i:rose|rises?|fell|falls?|up|down|by|gained|gains?|lost|loses?|dropped|drops?|jumped"
    r"|climbed|slipped|increased|decreased|widened|narrowed)\W{1,3}\Z"
)


def _points(m: re.Match[str]) -> str:
    stop = "." if m["dot"] and _sentence_end_after(m) else ""
    if _CHANGE_BEFORE.search(m.string, max(0, m.start() - 16), m.start()):
        unit = "percentage point" if m["num"] == "1" else "percentage points"
    elif m["dot"]:
        unit = "page" if m["num"] == "1" else "pages"
    else:
        return m.group(0)
    return f"{m['num']} {unit}{stop}"


_PENSION = re.compile(r"4(?<![\w.,]4)01\(?[kK]\)?(?![\w)])")  # "401k", "401(k)", "my 401K"


def _team(m: re.Match[str]) -> str:
    words = v.cardinal(int(m["num"]))
    return _padded(m, words + ("rs" if words.endswith("e") else "ers"))


_TEAM = re.compile(r"(?P<num>[1-9](?<![\w.,][1-9])[0-9])ers(?![\w]|'[\w])")  # "49ers'" too

MEASURE_RULES: tuple[Rule, ...] = (
    regex_rule(_TIMESTAMP, _timestamp),
    regex_rule(_POINTS, _points),
    regex_rule(_HASHTAG, _hashtag),
    regex_rule(_HANDLE, lambda m: "@" + m["handle"].replace("_", " underscore ")),
    regex_rule(_SPLIT_TIME, _split_time),
    regex_rule(_PART_NUMERAL, _part_numeral),
    regex_rule(_IT, lambda m: "I T"),
    regex_rule(_UNIT_DOT, lambda m: m["before"] + m["unit"]),
    regex_rule(_TIME_DOT, lambda m: m["before"]),
    *MARK_RULES,  # "a 55\" TV", "a 6' fence"
    regex_rule(
        _DEGREE_LETTER, lambda m: f"{m['deg']} {'Fahrenheit' if m['scale'] == 'F' else 'Celsius'}"
    ),
    regex_rule(_CIRCA, lambda m: "circa "),
    *MUSIC_RULES,  # "C#", "Bb major", "op. 27"
    regex_rule(_DOT_NET, lambda m: _padded(m, " dot net")),
    regex_rule(_VERSION, lambda m: _padded(m, f"version {m['ver']}")),
    regex_rule(_FRACTION_UNIT, _fraction_unit),
    regex_rule(_BY, lambda m: f"{m['d']} by "),
    regex_rule(_PAGES_PER_MINUTE, _ppm),
    regex_rule(
        _MILLION_COUNT,
        lambda m: m.group(0) if m["num"] + m["m"] == "3M" else f"{m['num']} million ",
    ),
    regex_rule(_BEFORE_NOUN, _before_noun),
    regex_rule(_RATE, lambda m: f"{m['end']}{_rate_unit(m)} {_rate(m)}"),
    regex_rule(_INCHES, _inches),
    regex_rule(_DECIMAL_SECONDS, lambda m: f"{m['num']} seconds"),
    regex_rule(_HORSEPOWER, lambda m: f"{m['num']} horsepower"),
    regex_rule(_SCALE, lambda m: f"{m['num']} {_BARE_SCALE[m['scale']]}"),
    regex_rule(_PENSION, lambda m: _padded(m, "four oh one k")),  # the retirement plan
    regex_rule(_THOUSAND_K, _thousand),
    *SCALE_RULES,  # "6.4 billion km", "2.5K lbs", "from 1.2M to 1.5M"
    regex_rule(_PER_ANNUM, lambda m: f"{m['end']} per annum" + "." * _sentence_end_after(m)),
    *CLOCK_HOUR_RULES,  # "0600 hrs", "at 0430"
    regex_rule(_PERIOD_OVER, _period_over),
    regex_rule(_TEAM, _team),
)
