"""Periods and dates of news copy written short, which the general rules read letter by letter
or as plain numbers. :data:`PERIOD_RULES` run before the measure rules:

* **a year cut to two digits** after an apostrophe: "the class of '01" -> "oh one", "in '08"
  -> "oh eight", "'99" -> "99" (it was "'zero one"), "the '08-'09 crisis" -> "oh eight to oh
  nine"; "'90s" is a decade, read by its rule; not before a quote or "'s" ("Enter '01'", "the
  '00's": a quoted code, read as before); after a month the year in full ("since Jan '21" ->
  "since January 2021", not a day; 19xx after '30: "Jan '85");
* **halves and quarters**: "2H24" -> "the second half of twenty twenty-four", "1H 2025", "H1
  2024" -> "the first half of ...", "3Q24", "Q3 2024" -> "the third quarter of ...", with "the"
  unless a determiner precedes ("its third quarter of ..."); before a noun of finance copy or a
  word with a capital, unless a preposition of time precedes, an adjective ("Q3 2023 net income"
  -> "third-quarter twenty twenty-three net income", "4Q23 EPS", "the Q3 2024 iPhone launch";
  not before a verb: "Q3 2024 saw" -> "The third quarter of ... saw"), and two joined by
  "and", "vs" ... alike ("The Q1 2024 and Q2 2024 numbers"); "3Q" alone only after "in",
  "the", "its" ... or before "results", "earnings" ... ("in 3Q" -> "in the third quarter";
  "Room 1Q" stays); "Q3" alone stays "Q three", "H1" and "2H" alone are headings and pencils,
  a letter first after a name is a model ("the Audi Q3 2024 review"), "H2 2030" after an
  owner or an adjective hydrogen ("Germany's H2 2030 strategy", "green H2 2030 targets"); "in
  Q3 and Q4 2024" -> "in the third and fourth quarters of ...", "Q1 through Q3 2024", "Q1, Q2
  and Q3 2024", "Q1 or Q2 2025" alike; out of order or joined otherwise ("Q1 vs Q3 2024") all
  left as written; "Q1-Q2 2024" -> "Q1 to Q2 2024";
* **abbreviated weekdays** beside a date with its month named: "Sun. Jan 5" -> "Sunday January
  5", "Thurs., March 3", "Jan. 5 (Sun.)" ("the Sun." stays: the newspaper, or a sentence's
  end; so do "Sun. 5 Jan" and "Sun. 1/5", after which a sentence may begin: "Tue. 9/11 is
  next week");
* **durations in unit letters** (:mod:`yuyin.text._durations`): "1h 30m" -> "1 hour 30
  minutes", "2m 30s" (a lone "30m" is still meters), "a 3h 20m movie" -> "a 3 hour 20 minute
  movie"; "1h30" a duration with a word of a duration near ("Runtime: 2h15", "Her time was
  2h18"; no leading zeros: "2h01m09s"), else a clock time: "Meet me 9h30", "at 9h30" -> "9:30"
  ("nine thirty"), "Open 8h30-17h30" -> "8:30 to 17:30";
* **month over month**: "rose 2% m/m" -> "rose 2% month over month", as "y/y" and "q/q" are
  read; only after a percent with a word of change shortly before ("rose", "fell", "growth",
  "up", "inflation" ...): "a 10% m/m NaCl solution", "60% m/m copper", "3 m/m" are mass per
  mass, read as before ("m m").

Every pattern starts with a consumed character and refuses to start inside a run of its
class; context is looked for in bounded windows, so each pass is linear in the text.
"""

from __future__ import annotations

import re

from yuyin.text import _verbalize as v
from yuyin.text._durations import DURATION_RULES
from yuyin.text._news import _LOOK_BEHIND as _RATING_LOOK_BEHIND
from yuyin.text._news import _RATING_BEFORE
from yuyin.text._semiotic import Rule, _padded, _sentence_end_after, regex_rule
from yuyin.text._tables import ABBREVIATIONS, MONTH_FORMS, MONTHS, _word_set
from yuyin.text._word_classes import _NOT_NOUNS, _PAST_VERBS, _verb_like

__all__ = ["PERIOD_RULES", "date_follows_weekday"]

_ALT = "|".join
_MONTH = _ALT(sorted(MONTH_FORMS, key=len, reverse=True))
_LOOK_BEHIND = 16

# --- a year in two digits ---------------------------------------------------------------------

# not before a quote or "'s": a quoted code ("Enter '01'", "'00'"), "the '00's"; two joined by
# a dash are a range ("the '08-'09 crisis" -> "oh eight to oh nine")
_SHORT_YEAR = re.compile(
    r"'(?<![\w']')(?P<yy>[0-9]{2})(?![\w']|[.,:/\-][0-9])"
    r"(?P<dash>-(?='[0-9]{2}(?![\w']|[.,:/\-][0-9])))?"
)


_CLOSING_QUOTE = re.compile(r"[\w.,!?]'(?!\w)")
_QUOTE_LOOK = 60  # characters looked at after "'12" for the quote that closes it


# a month named before the year: the month and the year in full, else the month-day rule reads
# a day ("since Jan '21" -> "since January 2021", not "January twenty-first"); 20xx up to '30,
# else 19xx ("Jan '85" -> "January 1985"); not in a range of years ("May '08-'09")
_MONTH_SHORT_YEAR = re.compile(
    rf"(?<![\w'])(?P<month>{_MONTH})\.? "
    r"'(?P<yy>[0-9]{2})(?![\w']|[.,:/\-][0-9]|-')"
)
_CENTURY_PIVOT = 30  # fixed, so a reading does not change with the day it is made


def _month_short_year(m: re.Match[str]) -> str:
    """ "Jan '21" -> "January 2021" (comment above)."""
    yy = m["yy"]
    century = 20 if int(yy) <= _CENTURY_PIVOT else 19
    return f"{MONTHS[MONTH_FORMS[m['month']] - 1]} {century}{yy}"


def _short_year(m: re.Match[str]) -> str:
    """ "'01" -> "oh one", "'00" -> "oh oh"; "'99" -> "99", read as a number by the later rules;
    an opening quote stays ("'12 Angry Men'")."""
    yy, end = m["yy"], m.end("yy")
    said = yy if yy[0] != "0" else "oh " + ("oh" if yy == "00" else v.digits(yy[1]))
    said += " to " if m["dash"] else ""
    quoted = _CLOSING_QUOTE.search(m.string, end - 1, end + _QUOTE_LOOK)
    return f"'{said}" if quoted else said


# --- halves and quarters ----------------------------------------------------------------------

_PERIOD_NAMES = {"H": "half", "Q": "quarter"}
_NOT_FINANCE_YEARS = (50, 90)  # two digits read as a year: 00-49 (2000s), 90-99 (1990s)
_YEAR = r"(?:(?P<yy>[0-9]{2})| ?'(?P<yq>[0-9]{2})| (?P<year>(?:19|20)[0-9]{2}))"
# "2H24", "1H 2025", "3Q24", "3Q'24", "3Q": the number first ("2H" alone is a pencil's lead)
_NUMBER_FIRST = re.compile(rf"(?P<n>[1-4])(?<![\w.,\-/][1-4])(?P<kind>[HQ]){_YEAR}?(?![\w'/\-])")
# "H1 2024", "Q3 2024", "Q3'24": the letter first, with a year ("Q3" alone stays "Q three");
# not in a range of them ("Q1-Q2 2024", "Q1 2024-Q2 2024"), read as before
_LETTER_FIRST = re.compile(
    r"(?P<kind>[HQ])(?<![\w\-/][HQ])(?P<n>[1-4])"
    r"(?: ?'(?P<yq>[0-9]{2})| (?P<year>(?:19|20)[0-9]{2}))(?P<yy>)(?![\w/\-]|[.,:][0-9])"
)
# prepositions of time: the period is a noun phrase even before a noun ("in Q3 2024 sales rose")
_PREPOSITION_BEFORE = re.compile(
    r"(?<![\w'])(?:[Ii]n|[Ff]or|[Dd]uring|[Bb]y|[Ff]rom|[Tt]hrough|[Oo]ver|[Uu]ntil|[Ss]ince|[Oo]f"
    r"|[Tt]o|[Aa]t|[Ii]nto|[Tt]hroughout|[Bb]etween|[Bb]efore|[Aa]fter) \Z"
)
# a determiner: no "the" before the period ("its Q3 2024 report", "Apple's Q3 2024")
_DETERMINER_BEFORE = re.compile(
    r"(?:(?<![\w'])(?:[Tt]he|[Tt]his|[Tt]hat|[Ii]ts|[Tt]heir|[Oo]ur|[Hh]is|[Hh]er|[Yy]our|[Aa]n?"
    r"|[Ee]ach|[Ee]very|[Ll]ast|[Nn]ext)|[A-Za-z]'s|s') \Z"
)
# a period coordinated with another ("Q1 2023 and Q4 2023", "Q3 2024 vs Q3 2023"): both are
# read alike, by what stands before the first and after the last
_ANY_PERIOD = (
    r"(?:[HQ][1-4](?: ?'[0-9]{2}| (?:19|20)[0-9]{2})?"
    r"|[1-4][HQ](?:[0-9]{2}| ?'[0-9]{2}| (?:19|20)[0-9]{2})?)"
)
_JOIN = r" (?:and|or|to|through|vs\.?|versus|&) "
_PERIOD_BEFORE = re.compile(rf"(?<![\w'\-/]){_ANY_PERIOD}{_JOIN}\Z")
_PERIOD_AFTER = re.compile(rf"{_JOIN}{_ANY_PERIOD}(?![\w'/\-])")
_COORDINATION_LOOK_BEHIND = 24
_BARE_LETTER_FIRST = re.compile(rf"[HQ][1-4]{_JOIN}\Z")  # no year: left by the pair rule
# the word after a period: a noun it describes if a noun of finance copy ("Q3 2023 net income",
# "Q3 2024 sales"), a word with a capital that is no function word ("4Q23 EPS", "the Q3 2024
# iPhone launch"), or any word that is no verb ("Q3 2024 smartphone shipments", "the Q3 2024
# letter"); after a verb ("Q3 2024 saw", "looks", "isn't", "does not", "just ended") the period
# is "the third quarter of ..."
_WORD_AFTER_PERIOD = re.compile(r" (?P<word>[A-Za-z][A-Za-z'\-]*)(?![\w])")
_PERIOD_NOUNS = _word_set(
    """results result earnings revenue revenues sales profit profits loss losses growth net
    income numbers figures report reports reporting guidance outlook forecast forecasts data
    estimates estimate margin margins shipments deliveries update call calls dividend
    dividends performance season period statement statements filing filings release
    consensus production output volume volumes orders bookings spending deficit surplus
    operating gross adjusted cash comparable same-store targets target budget plan demand
    inflation unemployment payrolls jobs traffic subscribers users sequential
    year-over-year highlights rankings recap newsletters letters"""
)
_NOT_PERIOD_NOUNS = _NOT_NOUNS | _PAST_VERBS | frozenset({"vs", "versus", "compared", "against"})
# verbs without an "-s", "-ed" or "-ing" ending that follow a period as its verb
_PRESENT_VERBS = _word_set("set hit beat put cut just drove brought proved")
# a capitalized word before a period written letter first is a function word ("In Q3 2024",
# "The Q3 2024 results") or an owner; after a name "Q3" and "H1" are models ("the Audi Q3
# 2024 review", "the Hyundai H1 2019 van")
_CAPITALIZED_BEFORE = re.compile(r"(?<![\w'])(?P<word>[A-Z][A-Za-z]*)(?P<owner>'s)? \Z")
_FUNCTION_WORDS = _word_set(
    """The This That These Those Its Their Our His Her Your A An Each Every Last Next In For
    During By Since Until Through Throughout Between And Or But Than Versus Vs Compared From
    Before After Of On At To With Over Into Against Within Like Unlike"""
)
# a quarter written alone ("3Q") is one only after these or before a word of results
_BARE_BEFORE = re.compile(
    r"(?:(?<![\w'])(?:[Ii]n|[Tt]he|[Ff]or|[Dd]uring|[Oo]f|[Tt]his|[Ll]ast|[Nn]ext|[Ii]ts)"
    r"|[A-Za-z]'s|s') \Z"
)
_OWNER_BEFORE = re.compile(r"(?:'s|s') \Z")
_BARE_AFTER = re.compile(r" (?:results|earnings|sales|revenues?|profits?|GDP)(?![\w])")
_SENTENCE_START = re.compile(r"[.!?]\"? \Z")


def _noun_after(text: str, end: int) -> bool:
    """Whether a noun the period describes follows ``end`` (comment above)."""
    after = _WORD_AFTER_PERIOD.match(text, end)
    if after is None:
        return False
    word = after["word"]
    if word.endswith("'s") or word.lower() in _NOT_PERIOD_NOUNS or word in _FUNCTION_WORDS:
        return False
    if word.lower() in _PERIOD_NOUNS or not word.islower():
        return True
    return not (_verb_like(word, text, after.end()) or word in _PRESENT_VERBS)


# "H1"/"H2" with a year is a half only where one is plausible: after these words, at a
# sentence's start or joined to another period; after an owner or an adjective it is hydrogen
# ("Germany's H2 2030 strategy", "green H2 2030 targets"; "Apple's H1 2024 results" a half)
_HALF_BEFORE = re.compile(
    r"(?:\A|[.!?:;(\"]\s*|(?<![\w'])(?:in|for|during|the|of|since|by|from|through|until|over"
    r"|between|before|after|its|their|this|last|next|and|or|vs\.?|versus) )\Z",
    re.IGNORECASE,
)


def _half_plausible(text: str, start: int, end: int) -> bool:
    """Whether "H1 2024" at ``start`` may be a half (comment above); after an owner only before
    "results", "earnings" ... ("Apple's H1 2024 results")."""
    if _HALF_BEFORE.search(text, max(0, start - _LOOK_BEHIND), start):
        return True
    owner = _OWNER_BEFORE.search(text, max(0, start - 3), start)
    return owner is not None and _BARE_AFTER.match(text, end) is not None


def _after_a_name(text: str, start: int) -> bool:
    """Whether a capitalized word that is no function word or owner comes right before."""
    before = _CAPITALIZED_BEFORE.search(text, max(0, start - _LOOK_BEHIND), start)
    return before is not None and not before["owner"] and before["word"] not in _FUNCTION_WORDS


def _period(m: re.Match[str]) -> str:
    """ "2H24" -> "second half of twenty twenty-four" (module doc)."""
    n, kind, text = int(m["n"]), m["kind"], m.string
    if kind == "H" and n > 2:
        return m.group(0)
    two = m["yy"] or m["yq"]
    if m["year"]:
        year = int(m["year"])
    elif two:
        if _NOT_FINANCE_YEARS[0] <= int(two) < _NOT_FINANCE_YEARS[1]:
            return m.group(0)  # "1Q84", the novel: no recent year
        year = int(two) + (2000 if int(two) < _NOT_FINANCE_YEARS[0] else 1900)
    elif kind == "H":  # "2H" alone: a pencil
        return m.group(0)
    else:  # "3Q" alone: a quarter only after "in", "the" ... or before "results" ...
        year = None
        bare = _BARE_BEFORE.search(text, max(0, m.start() - _LOOK_BEHIND), m.start())
        if bare is None and _BARE_AFTER.match(text, m.end()) is None:
            return m.group(0)  # "Room 1Q", "Grade 4Q"
    if m.re is _LETTER_FIRST and _after_a_name(text, m.start()):
        return m.group(0)  # "the Audi Q3 2024 review": a model
    if m.re is _LETTER_FIRST and kind == "H" and not _half_plausible(text, m.start(), m.end()):
        return m.group(0)  # "Germany's H2 2030 strategy", "green H2 2030 targets": hydrogen
    first = _PERIOD_BEFORE.search(text, max(0, m.start() - _COORDINATION_LOOK_BEHIND), m.start())
    if first is not None and _BARE_LETTER_FIRST.match(first[0]):
        return m.group(0)  # "Q1 vs Q3 2024", "Q3, Q1 and Q2 2024": as written, all of it
    start = m.start() if first is None else first.start()
    last = _PERIOD_AFTER.match(text, m.end())
    end = m.end() if last is None else last.end()
    period = f"{v.ordinal(n)} {_PERIOD_NAMES[kind]}"
    preposition = _PREPOSITION_BEFORE.search(text, max(0, start - _LOOK_BEHIND), start)
    if preposition is None and _noun_after(text, end):  # "Q3 2023 net income"
        said = period.replace(" ", "-") + ("" if year is None else f" {v.year(year)}")
    else:
        said = period if year is None else f"{period} of {v.year(year)}"
        determiner = _DETERMINER_BEFORE.search(text, max(0, m.start() - _LOOK_BEHIND), m.start())
        if first is not None or determiner is None:
            said = "the " + said  # "Compared with the third quarter of ..."
    if m.start() == 0 or _SENTENCE_START.search(text, max(0, m.start() - 3), m.start()):
        said = said[0].upper() + said[1:]
    return _padded(m, said)


# quarters or halves of one year joined by "and", "or", "to", "through" or in a list: "in Q3
# and Q4 2024" -> "in the third and fourth quarters of twenty twenty-four", "Q1 through Q3
# 2024" -> "the first through third quarters of ...", "Q1, Q2 and Q3 2024" -> "the first,
# second and third quarters of ...", "In Q1 or Q2 2025" -> "In the first or second quarter of
# ..."; before a noun "third- and fourth-quarter ..."; in order only, else left as written
_LETTER_PAIR = re.compile(
    r"(?P<kind>[HQ])(?<![\w\-/][HQ])(?<![HQ][1-4], [HQ])(?P<a>[1-4])"
    r"(?P<mid>(?:, (?P=kind)[1-4])*)(?P<comma>,?) (?P<join>and|&|or|to|through)"
    r" (?P=kind)(?P<b>[1-4]) (?P<year>(?:19|20)[0-9]{2})(?![\w/\-]|[.,:][0-9])"
)


def _period_pair(m: re.Match[str]) -> str:
    """ "Q3 and Q4 2024" -> "the third and fourth quarters of 2024" (comment above)."""
    kind, join, text = m["kind"], m["join"].replace("&", "and"), m.string
    numbers = [int(m["a"]), *(int(n) for n in re.findall(r"[1-4]", m["mid"])), int(m["b"])]
    ordered = all(a < b for a, b in zip(numbers, numbers[1:], strict=False))
    list_of_ranges = len(numbers) > 2 and join in ("to", "through")
    if not ordered or list_of_ranges or (kind == "H" and numbers[-1] > 2):
        return m.group(0)
    if _after_a_name(text, m.start()):
        return m.group(0)
    name, year = _PERIOD_NAMES[kind], v.year(int(m["year"]))
    words = [v.ordinal(n) for n in numbers]
    preposition = _PREPOSITION_BEFORE.search(text, max(0, m.start() - _LOOK_BEHIND), m.start())
    if preposition is None and _noun_after(text, m.end()):
        heads = ", ".join(f"{w}-" for w in words[:-1])
        said = f"{heads}{m['comma']} {join} {words[-1]}-{name} {year}"
    else:
        plural = (name + "s").replace("halfs", "halves") if join != "or" else name
        said = f"{', '.join(words[:-1])}{m['comma']} {join} {words[-1]} {plural} of {year}"
        if not _DETERMINER_BEFORE.search(text, max(0, m.start() - _LOOK_BEHIND), m.start()):
            said = "the " + said
    if m.start() == 0 or _SENTENCE_START.search(text, max(0, m.start() - 3), m.start()):
        said = said[0].upper() + said[1:]
    return _padded(m, said)


# a range of quarters or halves before a year: the dash is "to" ("Q1-Q2 2024" -> "Q1 to Q2
# 2024", read "Q one to Q two twenty twenty-four"; it was "Q one-Q two")
_LETTER_RANGE = re.compile(
    r"(?P<low>(?P<kind>[HQ])(?<![\w\-/][HQ])[1-4])-(?=(?P=kind)[1-4] (?:19|20)[0-9]{2}(?![\w\-/]))"
)


# --- weekdays -----------------------------------------------------------------------------------

# the abbreviation table's weekdays, and "Sun", which it leaves out ("the Sun." is a paper)
_WEEKDAYS = {k: v for k, v in ABBREVIATIONS.items() if v.endswith("day")} | {"Sun": "Sunday"}
_WEEKDAY = re.compile(
    r"(?P<day>[MTWFS](?<![\w][MTWFS])(?:on|ues?|ed|hu(?:rs?)?|ri|at|un))\.(?P<comma>,)?"
)
_DAY = r"[0-9]{1,2}(?:st|nd|rd|th)?"
# a date after the weekday, its month named first: "Jan 5", "Jan. 5" ("Sun. 5 Jan is", "Tue.
# 9/11 is", "Wed. 6/7 of the students": a sentence may end at the weekday, which is left)
_DATE_AFTER = re.compile(rf" (?:{_MONTH})\.? [0-9]{{1,2}}(?![0-9])")
# a date before it, its month named: "Jan. 5 (Sun.)", "January 5, Sun.", "5 Jan (Sun.)"
_DATE_BEFORE = re.compile(rf"(?:(?:{_MONTH})\.? {_DAY}|{_DAY} (?:{_MONTH})\.?)(?:,? |,? ?\()\Z")
_DATE_LOOK_BEHIND = 24
_THE_BEFORE = re.compile(r"(?<![\w])[Tt]he \Z")


def _the_newspaper(text: str, day: str, start: int) -> bool:
    """Whether "Sun" at ``start`` follows "the": the newspaper ("the Sun."), not the day."""
    return day == "Sunday" and _THE_BEFORE.search(text, max(0, start - 4), start) is not None


def date_follows_weekday(text: str, token: str, start: int, end: int) -> bool:
    """Whether the abbreviated weekday ``token`` at ``start`` ("Sun", its dot ending before
    ``end``) goes on to a date ("Sun. Jan 5"): the sentence splitter does not end a sentence
    there."""
    day = _WEEKDAYS.get(token)
    if day is None or _the_newspaper(text, day, start):
        return False
    return _DATE_AFTER.match(text, end) is not None


# a numeric month/day beside a weekday is a date, not a fraction: "Sunday, 1/5", "Thu 9/12 8pm",
# "1/5 (Sun.)", "1/5 (Sunday)" -> "January 5" (then "January fifth"); after a weekday only before a
# pause, a clock time, "at", "until" ..., or "to", "and" and another weekday ("Friday 1/2 price
# pizza", "Sunday, 1/2 of", "Saturday 2/3 to 3/4 of fans", "won Sunday, 6/4 6/3" are not);
# "Sun. 1/5" is left, as "Wed. 6/7 of the students" may be a sentence's end and a fraction
_FULL_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_SLASH_DAY = r"(?P<month>[0-9](?<![\w.,/\-][0-9])[0-9]?)/(?P<day>[0-9]{1,2})(?![0-9]|[/.,][0-9])"
_CLOCK = r"[0-9]{1,2}(?::[0-9]{2})? ?(?:[ap]\.?m\.?|noon)(?![\w])"
_SLASH_DAY_ENDS = rf"(?:\Z|[.;:!?)\]]|,(?! ?[0-9])| (?:at|until|through)(?![\w'])| {_CLOCK})"
_SHORT_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)"
_WEEKDAY_THEN_SLASH_DAY = re.compile(
    r"(?P<weekday>[MTWFS](?<![\w][MTWFS])(?:onday|uesday|ednesday|hursday|riday|aturday|unday"
    r"|(?P<short>on|ues?|ed|hu(?:rs?)?|ri|at|un)\.?))"
    rf"(?P<comma>,?) {_SLASH_DAY}"
    rf"(?={_SLASH_DAY_ENDS}| (?:to|and|-) (?:{_FULL_WEEKDAY}|{_SHORT_WEEKDAY}(?![\w])))"
)
_SLASH_DAY_THEN_WEEKDAY = re.compile(
    rf"{_SLASH_DAY}(?= \((?:{_FULL_WEEKDAY}|{_SHORT_WEEKDAY}\.?)\))"
)


def _slash_day(m: re.Match[str]) -> str:
    if _RATING_BEFORE.search(m.string, max(0, m.start() - _RATING_LOOK_BEHIND), m.start()):
        return m.group(0)  # "I gave it 4/5 (Sat)": a rating
    month, day = int(m["month"]), int(m["day"])
    if not (1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month - 1]):
        return m.group(0)
    groups = m.groupdict()
    if groups.get("weekday") is None:
        return f"{MONTHS[month - 1]} {day}"
    weekday = groups["weekday"]
    if weekday.rstrip(".") not in _WEEKDAY_NAMES:
        return m.group(0)  # "Fun 4/5", "Fed 1/2", "Sue 3/5": letters of no weekday
    if groups["short"]:  # "Thu 9/12" -> "Thursday September 12"
        weekday = _WEEKDAYS[weekday.rstrip(".")]
        if _the_newspaper(m.string, weekday, m.start()):
            return m.group(0)  # "the Sun. 1/5": the paper
    return f"{weekday}{groups['comma']} {MONTHS[month - 1]} {day}"


_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_WEEKDAY_NAMES = frozenset(_WEEKDAYS) | frozenset(_WEEKDAYS.values())


def _weekday(m: re.Match[str]) -> str:
    """ "Sun. Jan 5" -> "Sunday Jan 5" (the date is read later); "Jan. 5 (Sun.)" -> "Jan. 5
    (Sunday)"; a weekday beside no date is left ("the Sun.", "Sat. night")."""
    day = _WEEKDAYS.get(m["day"])
    text = m.string
    if day is None or _the_newspaper(text, day, m.start()):
        return m.group(0)  # "Med."; "the Sun.": the newspaper
    if _DATE_AFTER.match(text, m.end()):
        return day + (m["comma"] or "")
    if _DATE_BEFORE.search(text, max(0, m.start() - _DATE_LOOK_BEHIND), m.start()):
        stop = "." if not m["comma"] and _sentence_end_after(m) else ""
        return day + stop + (m["comma"] or "")
    return m.group(0)


# an undotted weekday before a clock time or beside another weekday: "Open Sun 11am-5pm",
# "Wed 14:00", "Sat & Sun", "Tues/Thurs", "Mon, Wed, Fri" -> full names (not "the Sun" alone)
_BARE_DAYS = {"Mon": "Monday", "Tue": "Tuesday", "Tues": "Tuesday", "Wed": "Wednesday",
              "Thu": "Thursday", "Thur": "Thursday", "Thurs": "Thursday", "Fri": "Friday",
              "Sat": "Saturday", "Sun": "Sunday"}  # fmt: skip
_BARE_DAY = re.compile(
    r"(?<![\w])(?P<day>Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)(?P<dot>\.(?!\w))?(?![\w.'\-])"
)
_DAY_NEIGHBOUR = rf"(?:{_FULL_WEEKDAY}|{_SHORT_WEEKDAY})(?![\w])"
_DAY_OR_TIME_AFTER = re.compile(
    rf"(?:, | & | and | or |/){_DAY_NEIGHBOUR}|,? [0-9]{{1,2}}(?::[0-5][0-9])? ?[AaPp]\.?[Mm]\b"
    r"|,? [0-9]{1,2}:[0-5][0-9]"
)
_DAY_BEFORE = re.compile(rf"{_DAY_NEIGHBOUR}(?:, | & | and | or |/)\Z")


_NAME_BEFORE = re.compile(r"(?<![\w])(?P<word>[A-Z][a-z]+) \Z")
_HOURS_WORDS = frozenset(
    [
        "Open",
        "Opens",
        "Closed",
        "Hours",
        "Until",
        "Through",
        "Thru",
        "Every",
        "Each",
        "Next",
        "Last",
        "This",
        "On",
        "From",
        "To",
        "And",
        "Or",
        "Sat",
        "Saturday",
        "Fri",
        "Friday",
        "Mon",
        "Monday",
    ]
)


def _bare_day(m: re.Match[str]) -> str:
    text, day = m.string, _BARE_DAYS[m["day"]]
    name = _NAME_BEFORE.search(text, max(0, m.start() - 16), m.start())
    if _the_newspaper(text, day, m.start()) or (
        day == "Sunday"
        and name
        and name["word"] not in _HOURS_WORDS
        and text.startswith(",", m.end())  # "The Baltimore Sun, 5 p.m."; not "Brunch Sun 11am"
    ):
        return m.group(0)  # "The Sun, 5 pm edition", "The Baltimore Sun, 5 p.m. update"
    if m["dot"] and _DATE_AFTER.match(text, m.end()):
        return m.group(0)  # "Sun. Jan 5": the dotted weekday's rule
    after = _DAY_OR_TIME_AFTER.match(text, m.end() - len(m["dot"] or ""))
    if after:  # "Tues/Thurs" -> "Tuesday and Thursday" (the slash is silent)
        return day + (" and" if after.group(0).startswith("/") else "")
    if _DAY_BEFORE.search(text, max(0, m.start() - 14), m.start()):
        return day + "." * bool(m["dot"] and _sentence_end_after(m))  # "Sat & Sun." ends it
    return m.group(0)


# --- month over month ----------------------------------------------------------------------
# "m/m" is month over month only after a percent with a word of change shortly before ("rose
# 0.3% m/m", "inflation of 2% m/m"); else mass per mass, as before ("a 10% m/m NaCl solution",
# "60% m/m copper", "3 m/m")
_MONTH_OVER_MONTH = re.compile(r"%(?P<space> ?)m/m(?![\w/])")
_CHANGE_BEFORE = re.compile(
    r"\b(?:r[io]se[ns]?|rising|f[ae]ll(?:s|en|ing)?|gr[eo]w(?:s|n|ing|th)?|gain(?:s|ed|ing)?"
    r"|slip(?:s|ped|ping)?|drop(?:s|ped|ping)?|declin(?:e|es|ed|ing)|climb(?:s|ed|ing)?"
    r"|increas(?:e|es|ed|ing)|decreas(?:e|es|ed|ing)|jump(?:s|ed|ing)?|eas(?:ed|ing)|edged"
    r"|advanc(?:e|es|ed|ing)|up|down|inflation|change[sd]?)\b",
    re.IGNORECASE,
)
_CHANGE_LOOK_BEHIND = 40  # characters before the percent looked at for a word of change


def _month_over_month(m: re.Match[str]) -> str:
    """ "rose 2% m/m" -> "rose 2% month over month" (comment above)."""
    start = max(0, m.start() - _CHANGE_LOOK_BEHIND)
    if _CHANGE_BEFORE.search(m.string, start, m.start()) is None:
        return m.group(0)
    return "% month over month"


PERIOD_RULES: tuple[Rule, ...] = (
    regex_rule(_LETTER_PAIR, _period_pair),
    regex_rule(_NUMBER_FIRST, _period),
    regex_rule(_LETTER_FIRST, _period),
    regex_rule(_LETTER_RANGE, lambda m: f"{m['low']} to "),
    regex_rule(_MONTH_SHORT_YEAR, _month_short_year),
    regex_rule(_SHORT_YEAR, _short_year),
    regex_rule(_WEEKDAY_THEN_SLASH_DAY, _slash_day),
    regex_rule(_SLASH_DAY_THEN_WEEKDAY, _slash_day),
    regex_rule(_WEEKDAY, _weekday),
    regex_rule(_BARE_DAY, _bare_day),
    *DURATION_RULES,
    regex_rule(_MONTH_OVER_MONTH, _month_over_month),
)
