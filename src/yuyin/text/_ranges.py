"""Ranges and codes of running text that the general rules misread (from a normalization audit
of 488 sentences), run before the measure, news and numeric rules:

* **money ranges with one currency sign and one scale word**: "$5-10 million" -> "five to ten
  million dollars" (it was "five dollars-ten million");
* **clock-time ranges**, one rule for the dash between two clock times: "3-4 p.m." -> "three
  to four p m" (the "a.m."/"p.m." only at the end), "9am-5pm", "9 a.m.-5 p.m.", "9:00-17:00";
  a TV listing's Eastern and Central times: "8/7c" -> "eight, seven central"; a US time zone
  after a.m./p.m.: "8 p.m. ET/PT" -> "eight p m Eastern and Pacific";
* **day and month ranges**: "Monday-Friday", "Mon-Fri", "Tue.-Sat." -> "Monday to Friday";
  "Jan-Mar" -> "January to March";
* **ZIP codes** after a state's postal code or the word ZIP, digit by digit: "DC 20500" -> "D C
  two zero five zero zero" (they were counts: "twenty thousand five hundred");
* **blood pressure** in mmHg: "120/80 mmHg" -> "one twenty over eighty millimeters of mercury";
* **numbers said in pairs or digits**: bills ("H.R. 3684" -> "thirty-six eighty-four"), public
  laws ("Public Law 117-169" -> "one seventeen dash one sixty-nine", not a range), a
  letter-dash model ("F-150" -> "F one fifty", "I-280"), UK phone numbers ("020 7946 0018"),
  hexadecimal digit by digit ("0x80070005" -> "zero x eight zero zero seven ...").

Each pattern starts with a consumed character and refuses to start inside a run of its class.
"""

from __future__ import annotations

import re

from yuyin.text import _verbalize as v
from yuyin.text._addresses import POSTAL_CODES
from yuyin.text._number_patterns import NUM
from yuyin.text._openers import sentence_around
from yuyin.text._scales import SCALE_LETTER_RANGE_RULES, SCALE_LETTER_RULES
from yuyin.text._semiotic import (
    _HOURS_ON_CLOCK_FACE,
    _HOURS_PER_DAY,
    Rule,
    _date_words,
    _padded,
    _two_digits,
    regex_rule,
)
from yuyin.text._tables import (
    ABBREVIATIONS,
    CURRENCIES,
    DIRECTIONS,
    MAGNITUDES,
    MONTHS,
)
from yuyin.text._weekdays import WEEKDAY_RULES

__all__ = ["RANGE_RULES"]

_ALT = "|".join
_MAX_FRACTION_BOTTOM = 10  # "3/4" may be a fraction; "6/1" and "1/15" are none

# --- money ranges --------------------------------------------------------------------------

_SIGNS = "".join(re.escape(c) for c in CURRENCIES if len(c) == 1)


def _money_range(m: re.Match[str]) -> str:
    """ "$5-10 million" -> "5 to 10 million dollars" (the numbers are read by the later rules);
    amounts with cents keep their sign, so that each is read as money: "$1.50-2.00" -> "$1.50
    to $2.00" ("one dollar and fifty cents to two dollars"; it was "one point five zero")."""
    plural = CURRENCIES[m["cur"]][1]
    if not m["scale"] and _CENTS.search(m["low"] + " " + m["high"]):
        return f"{m['cur']}{m['low']} to {m['cur']}{m['high']}"
    scale = f" {MAGNITUDES[m['scale']]}" if m["scale"] else ""
    return f"{m['low']} to {m['high']}{scale} {plural}"


_CENTS = re.compile(r"\.[0-9]{2}(?![0-9])")  # an amount written with its cents


# the same sign is not repeated ("$45-$120" has its own rule); a scale word may end the range
_MONEY_RANGE = re.compile(
    rf"(?P<cur>[{_SIGNS}])(?P<low>{NUM}) ?[-\u2013] ?(?P<high>{NUM})"
    rf"(?: ?(?P<scale>{_ALT(sorted(MAGNITUDES, key=len, reverse=True))}))?(?![\w$%])"
)

# --- clock-time, day and month ranges ----------------------------------------------------------

# the dash between two clock times, read "to": "9:00-17:00", "9am-5pm", "9 a.m.-5 p.m.", a
# bare hour before a time with its a.m./p.m. ("3-4 p.m.", "10-11:30 am"), a time with its
# a.m./p.m. before a bare hour ("9 a.m.-5"), and a time before "noon" or "midnight"; a bare
# hour before a bare hour is no clock time ("5-10", "9-5")
_AMPM = r"[AaPp]\.?[Mm](?![A-Za-z])"
# a clock time with a dot, as British copy writes it, before its a.m./p.m.: "8.30 a.m." ->
# "8:30 a.m." (the clock rules read it; "3.50" alone stays a number)
_DOTTED_TIME = re.compile(
    r"(?P<hour>[0-9](?<![\w][0-9])(?<![0-9][.:,][0-9])[0-9]?)\.(?P<minutes>[0-5][0-9])"
    rf"(?= ?{_AMPM})"
)
_CLOCK_RANGE = re.compile(
    r"(?P<low>(?P<hour>[0-9](?<![\w][0-9])(?<![0-9][.:,][0-9])[0-9]?)"
    r"(?P<minutes>(?::[0-5][0-9]){1,2})?"
    rf"(?P<ampm> ?{_AMPM}\.?)?) ?[-\u2013] ?"
    rf"(?=(?P<end>[0-9]{{1,2}})(?P<end_minutes>:[0-5][0-9])?(?P<end_ampm> ?{_AMPM})?(?![0-9])"
    r"|(?:noon|midnight)\b)"
)


def _clock_range(m: re.Match[str]) -> str:
    """ "9:00-17:00" -> "9:00 to 17:00" (the clock rules read the times); comment above."""
    hour = int(m["hour"])
    if hour > (_HOURS_ON_CLOCK_FACE if m["ampm"] or not m["minutes"] else _HOURS_PER_DAY):
        return m.group(0)
    if m["end"] is None:  # "11 a.m.-noon", "10-midnight"
        return f"{m['low']} to "
    end, end_face = int(m["end"]), 1 <= int(m["end"]) <= _HOURS_ON_CLOCK_FACE
    if m["end_ampm"]:
        ok = end_face and (hour > 0 or m["minutes"] is not None)
    elif m["end_minutes"]:
        ok = (m["minutes"] or m["ampm"]) is not None and end < 60  # a clock, or "20:00-25:00"
    else:  # a bare hour at the end: after a time with its a.m./p.m. only
        ok = m["ampm"] is not None and end_face
    return f"{m['low']} to " if ok else m.group(0)


def _tv_listing(m: re.Match[str]) -> str:
    """ "8/7c" -> "eight, seven central": a show's Eastern and Central start times, the first
    an hour after the second (not "3/4c" or "9/7c")."""
    east, central = int(m["east"]), int(m["central"])
    if not 1 <= central <= _HOURS_ON_CLOCK_FACE or east != central % _HOURS_ON_CLOCK_FACE + 1:
        return m.group(0)
    if m["east_minutes"] != m["central_minutes"]:
        return m.group(0)
    minutes = m["east_minutes"]
    said = [v.cardinal(hour) for hour in (east, central)]
    if minutes and minutes != "00":  # "9:30/8:30c" -> "nine thirty, eight thirty central"
        said = [f"{hour} {_two_digits(minutes, last=True)}" for hour in said]
    return _padded(m, f"{said[0]}, {said[1]} central")


# a TV listing's start time, Eastern then Central: "8/7c", "9:30/8:30c"
# a US time zone's two letters after "a.m."/"p.m." (or "am"/"pm"), alone or several: "ET/PT"
_TIME_ZONES = {"ET": "Eastern", "CT": "Central", "MT": "Mountain", "PT": "Pacific"}
_TIME_ZONE = re.compile(
    r"(?:(?<=[APap]\.[Mm]\. )|(?<=[0-9][APap][Mm] )|(?<=[0-9] [APap][Mm] ))"  # not "I am ET"
    r"(?P<zones>[ECMP]T(?:/[ECMP]T)*)(?![\w/])"
)


def _time_zone(m: re.Match[str]) -> str:
    names = [_TIME_ZONES[z] for z in m["zones"].split("/")]
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


_TV_LISTING = re.compile(
    r"(?P<east>[0-9](?<![\w.:,/][0-9])[0-9]?)(?::(?P<east_minutes>[0-5][0-9]))?"
    r"/(?P<central>[0-9]{1,2})(?::(?P<central_minutes>[0-5][0-9]))?c(?![\w/])"
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# full names and the abbreviations the dotted-abbreviation table already reads ("Tue", "Sept")
_DAYS = {d: d for d in _WEEKDAYS} | {k: w for k, w in ABBREVIATIONS.items() if w in _WEEKDAYS}
_DAYS["Sun"] = "Sunday"  # a range's end only: "Sun." alone may be the newspaper
_MONTH_NAMES = {m: m for m in MONTHS} | {k: w for k, w in ABBREVIATIONS.items() if w in MONTHS}
_MONTH_NAMES |= {"Jun": "June", "Jul": "July"}
_DAY_OR_MONTH = _ALT(sorted({*_DAYS, *_MONTH_NAMES}, key=len, reverse=True))
_NAMED_RANGE = re.compile(
    rf"(?P<low>[A-Z](?<![\w][A-Z])[a-z]*)\.? ?[-\u2013] ?(?P<high>{_DAY_OR_MONTH})(?![\w\-])"
)


def _named_range(m: re.Match[str]) -> str:
    low, high = m["low"], m["high"]
    for names in (_DAYS, _MONTH_NAMES):
        if low in names and high in names:
            return f"{names[low]} to {names[high]}"
    return m.group(0)


# --- ZIP codes, blood pressure ------------------------------------------------------------------

_ZIP = re.compile(
    r"(?P<before>(?:[A-Z](?<![\w][A-Z])[A-Z]),? |(?i:zip)(?: code)?(?: is)?:? )"
    r"(?P<zip>[0-9](?<![\w][0-9])[0-9]{4}(?:-[0-9]{4})?)(?![\w\-])"
)
_STATE_CODES = frozenset({*POSTAL_CODES, "DC"})


def _zip(m: re.Match[str]) -> str:
    state = m["before"].rstrip(", ")
    after_city = m.string[max(0, m.start() - 2) : m.start()] == ", "
    if len(state) == 2 and (state not in _STATE_CODES or not after_city):  # "City, ST 12345"
        return m.group(0)
    before = m["before"]
    if len(state) == 2:  # "Tulsa, OK 74103": "O K" as "I L", not the word "okay" ("OR", "IN")
        before = before.replace(state, " ".join(state), 1)
    return before + " ".join(v.digits(part) for part in m["zip"].split("-"))


def in_pairs(text: str) -> str:
    """A number said in pairs, as model and bill numbers are: 120 -> "one twenty", 80 ->
    "eighty", 100 -> "one hundred", 105 -> "one oh five", 3684 -> "thirty-six eighty-four"."""
    n = int(text)
    if n < 100:
        return v.cardinal(n)
    high, rest = divmod(n, 100)
    if rest == 0:
        return f"{v.cardinal(high)} hundred"
    return f"{v.cardinal(high)} {'oh ' if rest < 10 else ''}{v.cardinal(rest)}"


# a bill's number after its chamber ("H.R. 3684", "S. 1", "HB 1234"), in pairs
_BILL = re.compile(
    r"(?P<bill>H(?<![\w.]H)\.R\.|H\.Res\.|S\.(?<=[^\w.]S\.)|S\.B\.|A\.B\.|H\.B\.|HB|SB|AB|HR)"
    r" (?P<num>[1-9][0-9]{2,3})(?![\w,]|\.[0-9])"
)
# a public law's number, its Congress and then the law, each in pairs, the dash said ("Public
# Law 117-169" -> "one seventeen dash one sixty-nine", "P.L. 93-112", "Pub. L. 111-148"): no
# range
_PUBLIC_LAW = re.compile(
    r"(?P<law>P(?<![\w.]P)(?:ublic [Ll]aw|ub\. ?L\.|\. ?L\.))(?P<no> No\.| Number)?"
    r" (?P<congress>[1-9][0-9]{0,2})-(?P<num>[1-9][0-9]{0,3})(?![\w\-]|[.,][0-9])"
)  # "Pub. L. No. 117-169" too


def _public_law(m: re.Match[str]) -> str:
    law = "Public Law" if m["law"].startswith("Pub.") else m["law"]
    number = " Number" if m["no"] else ""
    return f"{law}{number} {in_pairs(m['congress'])} dash {in_pairs(m['num'])}"


# a house number before a street ("350 Fifth Avenue", "221B Baker Street", "123 Main St.") and
# a suite, room or box number ("Suite 3400", "P.O. Box 123"): three or four digits in pairs
_STREET_TYPES = (
    "Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Way|Place|Pl|Court|Ct|Terrace"
    "|Parkway|Pkwy|Highway|Hwy|Circle|Loop|Square|Plaza"
)
_HOUSE_NUMBER = re.compile(
    r"(?P<num>[1-9](?<![\w.,\-/$#][1-9])[0-9]{2,3})(?P<letter>[A-Z]?) (?:(?P<dir>[NSEW])\. )?"
    r"(?=(?:(?:North|South|East|West)(?:east|west)? )?(?:[A-Z][a-z]+|[0-9]{1,3}(?:st|nd|rd|th)) "
    rf"(?:[A-Z][a-z]+ )?(?:{_STREET_TYPES})\b)"
)


def _house_number(m: re.Match[str]) -> str:
    """ "350 W. 15th St." -> "three fifty West 15th St." (the street is read by later rules)."""
    said = [in_pairs_or_thousands(m["num"]), m["letter"], DIRECTIONS.get(m["dir"], "")]
    return _padded(m, " ".join(w for w in said if w)) + " "


_UNIT_NUMBER = re.compile(
    r"(?P<unit>(?:S(?<![\w.]S)(?:uite|te\.)|A(?<![\w.]A)(?:pt\.|partment)|U(?<![\w.]U)nit"
    r"|R(?<![\w.]R)(?:oom|m\.?)|B(?<![\w.]B)ox|S(?<![\w.]S)te|[Ff](?<![\w.][Ff])light"
    r"|[Tt](?<![\w.][Tt])rain|G(?<![\w.]G)ate|H(?<![\w.]H)ighway|R(?<![\w.]R)oute"
    r"|B(?<![\w.]B)uilding) )"
    r"(?P<num>[1-9][0-9]{2,3})(?![\w\-]|[.,:/][0-9]| ?(?:sq|square)\b)"
)


def in_pairs_or_thousands(num: str) -> str:
    """ "3400" -> "thirty-four hundred", but "2000" -> "two thousand" (not "twenty hundred")."""
    return v.cardinal(int(num)) if num.endswith("000") else in_pairs(num)


# a letter, a dash and three digits: aircraft, trucks, highways ("F-150", "A-380", "I-280"); two
# letters, dashed or glued, and three or four digits, and a letter or two after: models, flights
# ("KX-4590B", "MH-370", "AA2417", "RX7900XT"), the number in pairs
_LETTER_MODEL = re.compile(
    r"(?P<letter>[A-Z](?<![\w\-][A-Z])(?:-(?=[1-9][0-9]{2}(?![0-9]))|[A-Z]-?))"
    r"(?P<num>[1-9][0-9]{2,3})(?P<suffix>[A-Z]{0,2})(?![\w\-]|[.,][0-9])"
)


def _letter_model(m: re.Match[str]) -> str:
    """ "F-150" -> "F one fifty", "AA2417" -> "A A twenty-four seventeen"."""
    letters = " ".join(m["letter"].rstrip("-"))
    said = [letters, in_pairs_or_thousands(m["num"]), " ".join(m["suffix"])]
    return _padded(m, " ".join(w for w in said if w))


# UK phone numbers: a leading 0 and groups of digits ("020 7946 0018", "07700 900123")
_UK_PHONE = re.compile(
    r"(?P<number>0(?<![\w.,]0)(?:[0-9]{2,3} [0-9]{3,4} [0-9]{3,4}|[0-9]{4} [0-9]{6}))(?![\w])"
)
_HEX = re.compile(r"0(?<![\w.]0)x(?P<digits>[0-9A-Fa-f]{2,16})(?![\w])")


def _spell(chars: str) -> str:
    return " ".join(v.digits(c) if c.isdigit() else c.upper() for c in chars)


_PRESSURE = re.compile(
    r"(?P<high>[0-9](?<![\w.,/][0-9])[0-9]{1,2})/(?P<low>[0-9]{2,3}) ?mm ?Hg(?![\w])"
)
# without its unit after "BP" or "blood pressure": "BP 120/80" -> "one twenty over eighty"
_BLOOD_PRESSURE = re.compile(
    r"(?P<lead>(?<![\w])(?:BP|B/P|[Bb]lood [Pp]ressure)(?: (?:was|is|of|at))?:? )"
    r"(?P<high>[7-9][0-9]|1[0-9]{2}|2[0-4][0-9])/(?P<low>[3-9][0-9]|1[0-4][0-9])(?![\w/]| ?mm)"
)

# a month and day without a year after a word that dates them: "on 3/15", "set for 12/25"; a
# day past the 10th only ("for 1/2 hour", "cut by 1/3" are fractions)
_MONTH_DAY = re.compile(
    r"(?P<before>(?<![\w'])(?:[Oo]n|[Bb]y|[Uu]ntil|[Tt]ill|[Tt]hrough|[Ff]rom|[Ss]ince|[Bb]efore"
    r"|[Aa]fter|for|[Oo]pens?|[Ss]tarting|[Dd]ue|[Dd]ated|[Ee]ffective|[Ee]nds?|[Ss]tarts?|[Bb]egins?"
    r"|[Cc]loses?|[Ee]xpires?|[Tt]hru|[Aa]vail(?:able|\.)?|[Dd]eadline(?: is)?|[Dd]ate(?: is)?) )"
    r"(?P<month>1[0-2]|0?[1-9])/(?P<day>3[01]|2[0-9]|1[1-9])(?![\w/]|[.,][0-9])"
    # not a range of them ("ends 11/28-11/30": :data:`_MONTH_DAY_RANGE` reads it) nor a share
    # of games ("starts 12/15 games")
    r"(?!-[0-9]| (?:games|shots|shooting|attempts|passes|from the field|from deep|from three"
    r"|from (?:the )?(?:floor|line|arc|outside)|FG|3PT|3PA)\b)"
)


def _month_day(m: re.Match[str]) -> str:
    if (m["month"], m["day"]) == ("9", "11"):  # the event: "nine eleven"
        return m.group(0)
    if m.string.startswith(" of", m.end()) or _unit_near(m):  # "2/15 of the members"
        return m.group(0)
    said = _date_words(int(m["month"]), int(m["day"]), None)
    return m.group(0) if said is None else m["before"] + said


# two months and days without a year, a range ("from 6/1 to 6/15", "6/1-6/15"): both dates,
# and one of them no simple fraction (its top not below its bottom, or the bottom past ten:
# "from 1/2 to 3/4 cup" stays), not after odds ("odds from 6/1 to 4/1"); two days of the first
# ten only after "from", "between" or "runs" ("cut 7/1 to 5/2" may be odds)
_MONTH_DAY_RANGE = re.compile(
    r"(?P<m1>1[0-2](?<![\w.,/\-]1[0-2])|[1-9](?<![\w.,/\-][1-9]))/(?P<d1>[1-9][0-9]?)"
    r"(?P<join> ?- ?| to | through | thru | until )"
    r"(?P<m2>1[0-2]|0?[1-9])/(?P<d2>[1-9][0-9]?)(?![\w/]|[.,][0-9])(?! of\b)"
)
# one month and day after a word that dates it, a day of the first ten not already read by
# :data:`_MONTH_DAY` ("on 6/1", "until 7/4"), when no simple fraction ("on 1/2 of" stays)
_EARLY_MONTH_DAY = re.compile(
    r"(?P<before>(?<![\w'])(?:[Oo]n|[Ff]rom|[Uu]ntil|[Tt]ill|[Tt]hrough|[Tt]hru|[Ss]ince) )"
    r"(?P<month>1[0-2]|[1-9])/(?P<day>[1-9]|10)(?![\w/\-]|[.,][0-9])(?! of\b)"
)
_FROM_BEFORE = re.compile(r"(?<![\w])(?:[Ff]rom|[Bb]etween|[Rr]uns) \Z")
# both read month and day only in a sentence that speaks of dates, never one of bets or odds, nor
# before a unit, a rating or a time signature ("from 1/16 to 1/4 inch", "from 4/5 to 5/5 stars")
_DATE_CUE = re.compile(
    r"(?i:\b(?:sale|runs?|(?:re)?open(?:s|ed)?|closed?|event|deadline|due|through|thru|until"
    r"|starting|starts?|ends?|week|registration|offer|valid|expires?|delivery|ships?|schedul\w*"
    r"|classes|camp|festival|holidays?|booked|available|hours|meet(?:ing)?|appointment"
    r"|met|fireworks|parade|party|birthday|wedding|concert|show|game|match|crowd)\b)"
    r"|\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
    r"|May)(?:[a-z]*day|[a-z]*)?\b"
)
_NOT_DATE_AFTER = re.compile(
    r"[^.!?]{0,12}?\b(?:inch(?:es)?|in\.|stars?|time|odds|ratio|scale|(?<!\bfront )of)\b"
)
_NOT_DATE_BEFORE = re.compile(r"\b(?:inch(?:es)?|stars?|odds|ratio|scale|rating)\b[^.!?]{0,20}\Z")
_BET_WORDS = re.compile(r"(?i:\b(?:bets?|odds|horse|favou?rite|price|bucks)\b)")


_SENTENCE_LOOK = 300  # characters of the sentence looked at on each side: linear time


def _not_dated(m: re.Match[str]) -> bool:
    """Whether the sentence around ``m`` gives no cue that its numbers are dates."""
    left, right = sentence_around(m.string, m.start(), m.end(), _SENTENCE_LOOK, _SENTENCE_LOOK)
    sentence = left + m.group(0) + right
    return not _DATE_CUE.search(sentence) or bool(_BET_WORDS.search(sentence)) or _unit_near(m)


def _unit_near(m: re.Match[str]) -> bool:
    """Whether a unit, rating or music word follows or comes just before ``m`` ("1/4 inch")."""
    text = m.string
    return bool(
        _NOT_DATE_AFTER.match(text, m.end())
        or _NOT_DATE_BEFORE.search(text, max(0, m.start() - 30), m.start())
    )


_ODDS_BEFORE = re.compile(r"(?i:odds|price|favou?rite|shortened|drifted)\b[^.]{0,30}\Z")


def _fraction_like(month: str, day: str) -> bool:
    return int(month) < int(day) <= _MAX_FRACTION_BOTTOM


def _month_day_range(m: re.Match[str]) -> str:
    """ "6/1 to 6/15" -> "June first to June fifteenth" (comment above)."""
    if _fraction_like(m["m1"], m["d1"]) and _fraction_like(m["m2"], m["d2"]):
        return m.group(0)
    if _ODDS_BEFORE.search(m.string, max(0, m.start() - 40), m.start()) or _not_dated(m):
        return m.group(0)
    early = max(int(m["d1"]), int(m["d2"])) <= _MAX_FRACTION_BOTTOM  # "7/1 to 5/2": odds?
    if early and not _FROM_BEFORE.search(m.string, max(0, m.start() - 8), m.start()):
        return m.group(0)
    low = _date_words(int(m["m1"]), int(m["d1"]), None)
    high = _date_words(int(m["m2"]), int(m["d2"]), None)
    if low is None or high is None:
        return m.group(0)
    join = " to " if "-" in m["join"] else m["join"]
    return _padded(m, f"{low}{join}{high}")


def _early_month_day(m: re.Match[str]) -> str:
    if _fraction_like(m["month"], m["day"]):
        return m.group(0)
    if _ODDS_BEFORE.search(m.string, max(0, m.start() - 40), m.start()) or _not_dated(m):
        return m.group(0)
    return m["before"] + (_date_words(int(m["month"]), int(m["day"]), None) or "")


# a toll-free number with letters: "1-800-FLOWERS" -> "one eight hundred FLOWERS"
_VANITY = re.compile(r"1(?<![\w\-]1)-(?P<code>8[0-9]{2})-(?=[A-Z]{3,})")
# a US toll-free number, its 800 said "eight hundred": "1-800-555-0199" -> "one eight hundred,
# five five five, zero one nine nine", "(800) 555-0199", "800.555.0199"
_TOLL_FREE = re.compile(
    r"(?:1(?<![\w+.\-]1)[ .\-](?:\(800\) ?|800[ .\-])|\((?<![\w(]\()800\) ?"
    r"|8(?<![\w+.\-(]8)00[ .\-])(?P<exchange>[0-9]{3})[ .\-](?P<line>[0-9]{4})(?![0-9]|[.\-][0-9])"
)


def _toll_free(m: re.Match[str]) -> str:
    one = "one " if m.group(0).startswith("1") else ""
    return _padded(m, f"{one}eight hundred, {v.digits(m['exchange'])}, {v.digits(m['line'])}")


# a trunk prefix in brackets after a country code is not dialled from abroad, nor said:
# "+44 (0)20 7946 0958" -> "+44 20 7946 0958", which the phone rule reads
_TRUNK_ZERO = re.compile(r"\+(?<![\w+]\+)(?P<cc>[1-9][0-9]{0,2}) ?\(0\) ?(?=[1-9])")


def _uk_phone(m: re.Match[str]) -> str:
    """ "020 7946 0018" digit by digit in its groups; a freephone "0800" -> "zero eight
    hundred"."""
    groups = [v.digits(g) for g in m["number"].split()]
    if m["number"].startswith("0800 "):
        groups[0] = "zero eight hundred"
    return _padded(m, ", ".join(groups))


# an SMS short code: "Text STOP to 55555" -> digit by digit
_SHORT_CODE = re.compile(
    r"(?P<before>(?<![\w])(?:[Tt]ext|TEXT|[Tt]xt) [A-Z]{2,10} to )(?P<code>[0-9]{4,6})(?![\w])"
)
RANGE_RULES: tuple[Rule, ...] = (
    *WEEKDAY_RULES,  # "Sun. 1-4 p.m.", "Closed Sun.", "coming Fri?"
    regex_rule(
        _DOTTED_TIME,
        lambda m: m.group(0) if int(m["hour"]) > 12 else f"{m['hour']}:{m['minutes']}",
    ),
    regex_rule(_TRUNK_ZERO, lambda m: f"+{m['cc']} "),
    regex_rule(_VANITY, lambda m: f"one {in_pairs(m['code'])} "),
    regex_rule(_TOLL_FREE, _toll_free),
    regex_rule(_SHORT_CODE, lambda m: m["before"] + v.digits(m["code"])),
    *SCALE_LETTER_RANGE_RULES,  # "from 1.2M to 1.5M"
    *SCALE_LETTER_RULES,  # "7B parameters", "10M rows"
    regex_rule(_MONTH_DAY_RANGE, _month_day_range),
    regex_rule(_MONTH_DAY, _month_day),
    regex_rule(_EARLY_MONTH_DAY, _early_month_day),
    regex_rule(_BILL, lambda m: f"{m['bill']} {in_pairs(m['num'])}"),
    regex_rule(_PUBLIC_LAW, _public_law),
    regex_rule(_HOUSE_NUMBER, _house_number),
    regex_rule(_UNIT_NUMBER, lambda m: m["unit"] + in_pairs_or_thousands(m["num"])),
    regex_rule(_LETTER_MODEL, _letter_model),
    regex_rule(_UK_PHONE, _uk_phone),
    regex_rule(_HEX, lambda m: _padded(m, f"zero x {_spell(m['digits'])}")),
    regex_rule(_MONEY_RANGE, lambda m: _padded(m, _money_range(m))),
    regex_rule(_CLOCK_RANGE, _clock_range),
    regex_rule(_TV_LISTING, _tv_listing),
    regex_rule(_TIME_ZONE, _time_zone),
    regex_rule(_NAMED_RANGE, _named_range),
    regex_rule(_ZIP, _zip),
    regex_rule(
        _BLOOD_PRESSURE,
        lambda m: f"{m['lead']}{in_pairs(m['high'])} over {in_pairs(m['low'])}",
    ),
    regex_rule(
        _PRESSURE,
        lambda m: _padded(
            m,
            f"{in_pairs(m['high'])} over {in_pairs(m['low'])} millimeters of mercury",
        ),
    ),
)
