"""Readings of news copy that the general rules of :mod:`yuyin.text._semiotic` get wrong.

:data:`NEWS_RULES` run before the numeric rules (each leaves what it does not read for them):

* **amounts as adjectives**: after a determiner and before a noun an amount is singular, as a
  newsreader says it ("a $450 million deal" -> "a four hundred fifty million dollar deal",
  "a $20 bill"); not before a preposition, verb or pronoun ("the $5 million in aid", "the
  $2 billion it raised"), not after "the"/"this" ... before a word that reads as its verb
  ("the $2 billion spent", "the $5 million comes from", "... going to"), not for dollars and
  cents ("a $4.99 lunch"; cents alone are: "a $0.25 dividend" -> "twenty-five cent") and not
  for a capitalized scale word ("a $5 Million fine": headline style, left to the plain
  reading); a range of dollars so too, the unit said once ("its $30-$32 range" -> "thirty to
  thirty-two dollar range", "the $7B-$8B range"); a determiner and a compound or a word of
  size may come before the amount ("a 5-year, $200 million contract", "a record $5 billion
  profit"), or a name's owner ("Microsoft's $69 billion deal"; not "It's", "That's", nor
  "The jackpot's $5 million tonight", where "'s" is "is"), each with the verb check; after
  "a" or "an" the noun may be a name ("a $40M Series B" -> "a forty million dollar Series
  B", "a $5 Amazon gift card"); time words are no nouns ("today", "tonight", "overall"); an amount
  hyphenated to its scale word is read as one written apart ("a $2-billion deal" -> "a two
  billion dollar deal"; "The $2-billion came", "spent $5-billion fighting" -> "two billion
  dollars"), and the currency written out after an amount is said once ("US$2 billion
  dollars" -> "two billion US dollars", "a $2-billion dollars deal");
* **date ranges**: "Dec. 1-3" -> "December first to third", "March 3-5, 2021";
* **splits**: "50-50" and "50/50" -> "fifty-fifty", but not a score ("tied 50-50");
* **the event**: "9-11" -> "nine eleven" after "since"/"after"/"post-" ... or before "attacks",
  "anniversary" ... ("9/11" alone is already "nine eleven"; "ages 9-11" stays a range);
* **race times**: "2:01:09" -> "two hours, one minute, nine seconds", where it is no clock time
  (a one-digit hour and seconds other than ":00", or a time word such as "in", "time",
  "clocked" before it or "marathon" after it; never after "at", "between" ... or before
  "a.m."); "12:05:30" and "doors open 6:30:00" stay clock times;
* **ratings**: "rated 4.5/5" -> "four point five out of five" (a decimal score out of 5, 10 or
  100, after a rating word or before "stars" or a clause's end: not "2.5/5 mg");
* **multipliers**: "10x" -> "ten times", "3x faster", "a 2x Olympic champion" -> "two-time"
  (not "0x1F", "4x4", "USD5x", "2x + 1", nor a name: "10x Genomics");
* **acronyms said as words** (:data:`SPOKEN_ACRONYMS`): "FTSE" -> "Footsie", "DAX" -> "Dax",
  "JSON" -> "Jason", "GUI" -> "Gooey", spelled so that the G2P says them right.

Every pattern starts with a consumed character and refuses to start inside a run of its
class, so each pass is linear in the length of the text.
"""

from __future__ import annotations

import re

from yuyin.text import _verbalize as v
from yuyin.text._number_patterns import NUM
from yuyin.text._semiotic import (
    _CURRENCY_NAMES,
    _MONEY,
    _PREFIXES,
    _SYMBOLS,
    Rule,
    _left_is_word,
    _padded,
    regex_rule,
)
from yuyin.text._tables import DAYS_IN_MONTH, MAGNITUDES, MONTH_FORMS, MONTHS, _word_set
from yuyin.text._word_classes import _NOT_NOUNS, _verb_like
from yuyin.text._words import COUNTRY_US_RULES

__all__ = ["NEWS_RULES", "SPOKEN_ACRONYMS", "SPOKEN_ACRONYM_RULES"]

_LOOK_BEHIND = 24  # characters looked at before a match for the word before it


# --- amounts as adjectives -----------------------------------------------------------------

_DETERMINER_BEFORE = re.compile(
    r"(?<![\w'])(?P<det>[Aa]n?|[Tt]he|[Tt]his|[Tt]hat|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[Oo]ur"
    r"|[Yy]our|[Ee]ach|[Ee]very) "
    r"(?: ?(?:~|(?:about|approximately|roughly|nearly|almost|around) ))?\Z"  # "a ~5 km walk"
)
_WORD_AFTER = re.compile(r" (?P<word>[a-z][a-z'\-]*)(?![\w])")
# a capitalized noun or name after "a $40M" ("Series B", "IPO", "Powerball jackpot"); not "I"
_NOUN_NAME_AFTER = re.compile(r" (?P<word>(?!I\b)[A-Z][A-Za-z'\-]*)(?![\w])")
# what a small amount buys, after a name: "a $25 Visa gift card", "a $10 Amazon voucher"
_BOUGHT_AFTER = re.compile(
    r" (?:gift|cards?|vouchers?|certificates?|credits?|coupons?|subscriptions?|plans?|tickets?"
    r"|pass(?:es)?|bills?|bonus(?:es)?|fees?)\b"
)
_ARTICLES = frozenset({"a", "an", "A", "An"})


# a determiner and an adjective before the amount: a compound ("a 5-year, $200 million
# contract", "a three-year $75 million deal") or a word of size or estimate ("a record $5
# billion profit", "an estimated $2 billion")
_DESCRIBED_BEFORE = re.compile(
    r"(?<![\w'])(?:[Aa]n?|[Tt]he|[Tt]his|[Tt]hat|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[Oo]ur|[Yy]our) "
    r"(?:[0-9a-z]+(?:-[a-z]+)+,?|estimated|reported|record|whopping|additional|extra|further"
    r"|mere|staggering|hefty|initial|combined|projected|planned|proposed|new|massive) \Z"
)
# an owner's amount: a name's "Microsoft's $69 billion deal", "Apple's" (not "It's", "That's":
# "is"; nor a common noun's, which is as often "is": "The jackpot's $5 million tonight")
_OWNER_BEFORE = re.compile(r"(?<![\w'])(?P<owner>[A-Z][A-Za-z]*)'s \Z")
_NOT_OWNERS = _word_set(
    """it that there here what who he she let where how this everyone everybody someone somebody
    nobody one everything something nothing which why when"""
)
_DESCRIBED_LOOK_BEHIND = 40


def _describes_a_noun(text: str, start: int) -> bool | None:
    """What stands before an amount at ``start`` that may make it an adjective: None for
    nothing that does, False for an article ("a $5 million deal": the next word is the noun it
    describes), True for another determiner, an adjective or an owner (the next word is checked
    for a verb: "the $2 billion spent")."""
    det = _DETERMINER_BEFORE.search(text, max(0, start - _LOOK_BEHIND), start)
    if det is not None:
        return det["det"] not in _ARTICLES
    if _DESCRIBED_BEFORE.search(text, max(0, start - _DESCRIBED_LOOK_BEHIND), start):
        return True
    owner = _OWNER_BEFORE.search(text, max(0, start - _LOOK_BEHIND), start)
    return True if owner and owner["owner"].lower() not in _NOT_OWNERS else None


_CENTS = re.compile(r"0?\.(?P<cents>[0-9]{2})")  # an amount under one: "$0.25", "$.99"


def _adjectival_money(m: re.Match[str]) -> str:
    """ "a $450 million deal" -> "a four hundred fifty million dollar deal" (module doc); any
    other amount is left for the money rule."""
    text = m.string
    checked = _describes_a_noun(text, m.start())
    after = _WORD_AFTER.match(text, m.end())
    if after is None and checked is False:  # after "a": a name too ("a $40M Series B round")
        after = _NOUN_NAME_AFTER.match(text, m.end())
        if after and after["word"].lower() in _NOT_NOUNS:
            return m.group(0)  # "a $2 million In ...": a headline's words
        if after and not (m["mag"] or m["magword"] or _BOUGHT_AFTER.match(text, after.end())):
            return m.group(0)  # "For a $5 Tom will wash your car": a name, no noun
    if checked is None or after is None or m["lead"] or m["sign"]:
        return m.group(0)
    word, magword = after["word"], m["magword"]
    if word in _NOT_NOUNS or (magword and not magword.islower()):
        return m.group(0)
    if checked and _verb_like(word, text, after.end()):
        return m.group(0)
    unit = _CURRENCY_NAMES[m["cur"]][0]
    if word == unit:  # "that $3 million dollar house": the unit is written out already
        unit = ""
    magnitude = m["mag"] or magword
    if magnitude:
        return _padded(m, f"{v.number(m['num'])} {MAGNITUDES[magnitude]} {unit}".rstrip())
    cents = _CENTS.fullmatch(m["num"])  # under a dollar: "a $0.25 quarterly dividend"
    if cents and int(cents["cents"]) and _CURRENCY_NAMES[m["cur"]][2] == "cent":
        return _padded(m, f"{v.cardinal(int(cents['cents']))} cent")
    if not m["num"][:1].isdigit() or "." in m["num"]:  # cents: "a $4.99 lunch"
        return m.group(0)
    return _padded(m, f"{v.integer(m['num'], quantity=True)} {unit}".rstrip())


# a range of whole dollars before its noun, its dash read as "to" by now: "its $30 to $32
# range", "the $7B to $8B range" (each amount was said in dollars: "thirty dollars to")
_SCALE = r"(?:[KMBT]| (?:thousand|million|billion|trillion))"
_DOLLAR_RANGE = re.compile(
    rf"\$(?<![\w$]\$)(?P<a>[0-9][0-9,]*(?:\.[0-9]+)?)(?P<ma>{_SCALE})? to "
    rf"\$(?P<b>[0-9][0-9,]*(?:\.[0-9]+)?)(?P<mb>{_SCALE})?(?![\w.,]?[0-9])"
)


def _dollar_range(m: re.Match[str]) -> str:
    """ "its $30 to $32 range" -> "its thirty to thirty-two dollar range" (comment above)."""
    text = m.string
    checked = _describes_a_noun(text, m.start())
    after = _WORD_AFTER.match(text, m.end())
    if checked is None or after is None or after["word"] in _NOT_NOUNS:
        return m.group(0)
    if checked and _verb_like(after["word"], text, after.end()):
        return m.group(0)  # "the $5 to $10 raised"
    ends = []
    for num, mag in ((m["a"], m["ma"]), (m["b"], m["mb"])):
        if "." in num and not mag:
            return m.group(0)  # cents: "a $4.50 to $5.50 lunch"
        ends.append(f"{v.number(num)} {MAGNITUDES[mag.strip()]}" if mag else v.number(num))
    return f"{ends[0]} to {ends[1]} dollar"


# an amount joined to its scale word by a hyphen ("$2-billion", Canadian style) is read as
# "$2 billion" is, by the rule above and the money rule: "a $2-billion deal" -> "a two billion
# dollar deal", "The $2-billion came" -> "two billion dollars" (it was "two dollars-billion")
_HYPHENATED_SCALE = re.compile(
    rf"(?P<cur>[{_SYMBOLS}]|(?<![A-Za-z])(?:{_PREFIXES}))(?P<num>{NUM})"
    r"-(?P<mag>(?i:thousand|million|billion|trillion))(?![\w\-])"
)
# the currency written out after the amount is said once: "US$2 billion dollars" -> "two
# billion US dollars", "a $2-billion dollar deal" (it was "two billion US dollars dollars")
_WRITTEN_UNIT = re.compile(
    rf"(?P<cur>[{_SYMBOLS}](?<![\w\-\u2212][{_SYMBOLS}])|(?<![A-Za-z\-\u2212])(?:{_PREFIXES}))"
    rf"(?P<num>{NUM})[ \-](?P<mag>(?i:thousand|million|billion|trillion)) (?P<written>[a-z]+)"
    r"(?![\w'\-])"
)


def _written_unit(m: re.Match[str]) -> str:
    """ "$2 billion dollars" -> "two billion dollars"; another word after it is left."""
    unit, units = _CURRENCY_NAMES[m["cur"]][:2]
    written = m["written"]
    if written not in (unit.rsplit(" ", 1)[-1], units.rsplit(" ", 1)[-1]):
        return m.group(0)
    country = unit.rsplit(" ", 1)[0] + " " if " " in unit else ""  # "US dollar": "US "
    amount = f"{v.number(m['num'])} {MAGNITUDES[m['mag'].lower()]}"
    return _padded(m, f"{amount} {country}{written}")


# --- date ranges ---------------------------------------------------------------------------

_MONTH = "|".join(sorted(MONTH_FORMS, key=len, reverse=True))
_ORDINAL_SUFFIX = r"(?:st|nd|rd|th)?"
_DATE_RANGE = re.compile(
    rf"(?P<month>{_MONTH})\.? (?P<low>[0-9]{{1,2}}){_ORDINAL_SUFFIX}-(?P<high>[0-9]{{1,2}})"
    rf"{_ORDINAL_SUFFIX}(?![0-9A-Za-z]|[.,:\-/][0-9])(?:,? (?P<year>[0-9]{{4}})(?![0-9]))?"
)


_AMOUNT_AFTER = re.compile(r" (?:[a-z]+[^s\W]s|percent|per|of|feet|foot)\b")


def _date_range(m: re.Match[str]) -> str:
    """ "Dec. 1-3" -> "December first to third"; an impossible range is left alone."""
    month, low, high = MONTH_FORMS[m["month"]], int(m["low"]), int(m["high"])
    if _left_is_word(m) or not 1 <= low < high <= DAYS_IN_MONTH[month - 1]:
        return m.group(0)
    if not m["year"] and _AMOUNT_AFTER.match(m.string, m.end()):
        return m.group(0)  # "In June 4-6 inches of rain fell": a range of something else
    words = f"{MONTHS[month - 1]} {v.ordinal(low)} to {v.ordinal(high)}"
    if m["year"]:
        words += f", {v.year(int(m['year']))}"
    return _padded(m, words)


# --- splits and the event ------------------------------------------------------------------

_FIFTY_FIFTY = re.compile(r"5(?<![\w.,\-/]5)0[\-/]50(?![\w%]|[.,:\-/][0-9])")

_SCORE_BEFORE = re.compile(
    r"\b(?:tied|ties|tie|led|leads|lead|leading|trailed|trails|trailing|scored|at|won|lost|"
    r"beat|drew|halftime)\s\Z",
    re.IGNORECASE,
)


def _fifty_fifty(m: re.Match[str]) -> str:
    """ "a 50-50 chance" -> "fifty-fifty"; a score stays one ("tied 50-50 at halftime")."""
    if _SCORE_BEFORE.search(m.string, max(0, m.start() - _LOOK_BEHIND), m.start()):
        return m.group(0)
    return _padded(m, "fifty-fifty")


_NINE_ELEVEN = re.compile(r"9(?<![\w.,/:]9)-11(?![\w%]|[.,:\-/][0-9])")
_EVENT_BEFORE = re.compile(r"(?:\b(?:since|after|before|of)\s|\b(?:post|pre)-)\Z", re.IGNORECASE)
_EVENT_AFTER = re.compile(
    r"\s(?:attacks?|anniversary|commission|memorial|museum|victims|families|hijackers"
    r"|terror\w*|responders|era|generation)\b",
    re.IGNORECASE,
)
_RANGE_AFTER = re.compile(r"\s(?:[ap]\.?m\b|years?\b|months?\b|hours?\b|percent\b|o'clock\b)")


def _nine_eleven(m: re.Match[str]) -> str:
    """ "since 9-11", "the 9-11 attacks" -> "nine eleven"; "ages 9-11" stays a range."""
    text = m.string
    before = text[max(0, m.start() - _LOOK_BEHIND) : m.start()]
    if before.endswith("-") and not _EVENT_BEFORE.search(before):
        return m.group(0)  # "10-9-11": part of a longer run
    if _EVENT_AFTER.match(text, m.end()) or (
        _EVENT_BEFORE.search(before) and not _RANGE_AFTER.match(text, m.end())
    ):
        return _padded(m, "nine eleven")
    return m.group(0)


# --- race times ----------------------------------------------------------------------------

_RACE_TIME = re.compile(
    r"(?P<h>[0-9](?<![\w.,:][0-9])[0-9]?):(?P<m>[0-5][0-9]):(?P<s>[0-5][0-9])"
    r"(?![0-9]|[.,:][0-9]|\s?[AaPp]\.?[Mm](?![A-Za-z]))"
)
_CLOCK_BEFORE = re.compile(
    r"(?:\b(?:at|by|until|till|from|to|around|before|after|since|between)\s|@\s?)\Z",
    re.IGNORECASE,
)
_DURATION_BEFORE = re.compile(
    r"\b(?:in|of|time|timed|clocked|ran|finished|record|winning|best|PR|marathon)\s\Z",
    re.IGNORECASE,
)
# "The marathon record now stands at 2:00:35": "at" after "stands" with a record's word before
_STANDS_AT = re.compile(
    r"\b(?:record|best|PR|marathon)\b[^.!?;:]{0,20}\b(?:stands|stood) at\s\Z", re.IGNORECASE
)


_DURATION_AFTER = re.compile(
    r" (?:marathons?|races?|runs?|finish|pace|time|record|effort|ride|swim|ironman)\b",
    re.IGNORECASE,
)


def _race_time(m: re.Match[str]) -> str:
    """ "won in 2:01:09" -> "won in two hours, one minute, nine seconds" (module doc)."""
    before = m.string[max(0, m.start() - _LOOK_BEHIND) : m.start()]
    text = m.string
    stands = _STANDS_AT.search(text, max(0, m.start() - 2 * _LOOK_BEHIND), m.start())
    if _CLOCK_BEFORE.search(before) and not stands:
        return m.group(0)
    clock_like = len(m["h"]) > 1 or m["s"] == "00"  # "12:05:30", "doors open 6:30:00"
    duration = stands or _DURATION_BEFORE.search(before) or _DURATION_AFTER.match(text, m.end())
    if clock_like and not duration:
        return m.group(0)  # a clock time
    parts = []
    for value, unit in ((int(m["h"]), "hour"), (int(m["m"]), "minute"), (int(m["s"]), "second")):
        if value:
            parts.append(f"{v.cardinal(value)} {unit}{'' if value == 1 else 's'}")
    if len(parts) == 2 and not int(m["m"]) and int(m["h"]):  # no minutes: "two hours and five
        return _padded(m, " and ".join(parts))  # seconds", not "two hours, five seconds"
    return _padded(m, ", ".join(parts) or "zero seconds")


# --- ratings and multipliers ---------------------------------------------------------------

_RATING = re.compile(
    r"(?P<score>[0-9](?<![\w.,/][0-9])[0-9]{0,2}(?:\.[0-9])?)/(?P<scale>5|10|100)"
    r"(?![0-9%]|[.,/][0-9])"
)


_RATING_BEFORE = re.compile(
    r"\b(?:rated|rating|ratings|rates|rate (?:it|this|that|them)|scored|score|scores|gave|"
    r"gives|give|gets|got|earned|earns|review|reviewers|critics|stars|grade|graded)"
    r"(?: (?:it|them|this|that|him|her))?\W{0,3}\Z",
    re.IGNORECASE,
)
_RATING_AFTER = re.compile(r"\s*(?:[.,;:!?)\]]|\Z)|\s+(?:stars?|rating|overall|from)\b")
# a whole score before "stars", or opening a clause before "would" ("3/5 stars", "5/5 would buy
# again"); not a share ("generated 1/5 of GDP", "Cutting 1/5 would save money")
_STARS_AFTER = re.compile(r"\s+stars?\b")
_WOULD_AFTER = re.compile(r" would\b")
_CLAUSE_START = re.compile(r"(?:\A|[.!?:;,\n-] ?)\Z")


def _rating(m: re.Match[str]) -> str:
    """ "rated 4.5/5" -> "four point five out of five": after a rating word or (a decimal
    score) before "stars" or the end of a clause (not "2.5/5 mg", "the fraction 1.5/5
    equals"); "scored 98/100", "rated it 4/5"; no score above its scale."""
    before = _RATING_BEFORE.search(m.string, max(0, m.start() - _LOOK_BEHIND), m.start())
    after = "." in m["score"] and _RATING_AFTER.match(m.string, m.end())  # "4/5" alone: 4/5
    after = (
        after
        or _STARS_AFTER.match(m.string, m.end())
        or (
            _WOULD_AFTER.match(m.string, m.end())
            and _CLAUSE_START.search(m.string, max(0, m.start() - 2), m.start())
        )
    )
    if float(m["score"]) > int(m["scale"]) or not (before or after):
        return m.group(0)
    return _padded(m, f"{v.number(m['score'])} out of {v.cardinal(int(m['scale']))}")


_MULTIPLIER = re.compile(
    r"(?P<num>[0-9](?<![\w.,\-+*/=^][0-9])[0-9]*(?:\.[0-9]+)?)x(?![\w]|\s?[+\-*/=^(])"
)


_OPERATOR_BEFORE = re.compile(r"[=+\-*/^<>]\s?\Z")
# a capital after: a name ("10x Genomics"), or a count in a list of parts: one, or a plural
# within two words ("4x AA batteries", "2x USB-C ports", "1x HDMI"); an acronym alone is a
# multiple ("2x MSRP", "a 3x ETF", "15x EBITDA", "2x CPU performance")
_NAME_AFTER = re.compile(r" [A-Z][a-z]")
_PARTS_AFTER = re.compile(
    r" [A-Z][\w\-]*(?: [\w\-]+)? (?:[a-z]+s|[A-Z]+s)\b"
    r"| [A-Z][\w\-]* (?:buffer|stock|solution|concentrate|master mix|loading dye)\b"
)  # ... and a lab's strength: "a 10x TBE buffer", "The 50x TAE stock"
_PARTS_BEFORE = re.compile(r"[0-9]x [A-Z][\w\-]*(?:,| and| or| \+| &) \Z")  # "1x HDMI and 2x USB"
_CAPITAL_AFTER = re.compile(r" [A-Z]")
_PARTS_NEXT = re.compile(r" [A-Z][\w\-]*(?:,| and| or| \+| &) [0-9]+x [A-Z]")  # "2x HDMI, 1x USB"


_TITLE_AFTER = re.compile(
    r" (?:[\w\-]+\s){0,2}(?:[Cc]hampions?|[Ww]inners?|[Mm]edall?ists?|MVP|[Ff]inalists?"
    r"|[Oo]lympians?|All-Stars?|[Nn]ominees?|[Cc]hamps?)\b"
)


def _multiplier(m: re.Match[str]) -> str:
    """ "10x" -> "ten times", "a 2x Olympic champion" -> "a two-time Olympic champion"; not
    a term of a formula ("2x + 1", "y = 3x") nor a name ("10x Genomics")."""
    if _OPERATOR_BEFORE.search(m.string, max(0, m.start() - 2), m.start()):
        return m.group(0)
    if _TITLE_AFTER.match(m.string, m.end()) and m["num"].isdigit():
        return _padded(m, f"{v.integer(m['num'], quantity=True)}-time")  # digits past 306
    if (
        _NAME_AFTER.match(m.string, m.end())
        or _PARTS_AFTER.match(m.string, m.end())
        or (
            _CAPITAL_AFTER.match(m.string, m.end())  # a list's part: "1x USB-C", not "3x sales"
            and (
                _PARTS_BEFORE.search(m.string, max(0, m.start() - 24), m.start())
                or _PARTS_NEXT.match(m.string, m.end())
            )
        )
    ):
        return m.group(0)  # "10x Capital", "4x AA batteries": a name, a count
    if m["num"] == "1" and m.string[m.end() : m.end() + 2][1:].isupper():
        return m.group(0)  # "1x HDMI"
    return _padded(m, f"{v.number(m['num'])} times")


# --- acronyms said as words ----------------------------------------------------------------

# index, organisation and technical names that newsreaders say as words, spelled as the G2P
# reads them
SPOKEN_ACRONYMS: dict[str, str] = {
    "FTSE": "Footsie",  # the London index
    "DAX": "Dax",  # the Frankfurt index
    "GAAP": "Gap",  # accounting principles
    "SPAC": "Spack",  # special purpose acquisition company
    "SOFR": "Sofer",  # the rate that replaced LIBOR
    "OSHA": "Osha",
    "TARP": "Tarp",
    "CERN": "Cern",
    "IBEX": "Ibex",  # the Madrid index
    "STOXX": "Stocks",  # "Euro STOXX 50"
    # said as words, not spelled (SQL, PDF, CSV, PNG are spelled, as most readers say them)
    "JSON": "Jason",  # the data format
    "YAML": "Yammel",
    "GUI": "Gooey",
    "SCSI": "Scuzzy",
    "IMAX": "Eye-max",
    "ISIS": "Isis",  # the group
    "MERS": "Merz",  # the virus
}
_SPOKEN_ACRONYM = re.compile(
    "(?P<name>" + "|".join(SPOKEN_ACRONYMS) + r"|CAC(?= 40\b))(?P<s>'s)?(?![\w'])"
)


def _spoken_acronym(m: re.Match[str]) -> str:
    """ "FTSE" -> "Footsie", "JSON's" -> "Jason's" (not inside a word: "XJSON", "A-DAX")."""
    if _left_is_word(m, "'-"):
        return m.group(0)
    return SPOKEN_ACRONYMS.get(m["name"], "Cac") + (m["s"] or "")  # "CAC 40", the Paris index


# not in text written all in capitals, where "JSON" or "GUI" is a plain word the scoring of a
# lowercase hypothesis must still match (normalize_for_tts applies it before NEWS_RULES)
# ... nor is "US" spelled there ("US STOCKS FALL" is the phonemizer's to read)
SPOKEN_ACRONYM_RULES: tuple[Rule, ...] = (
    regex_rule(_SPOKEN_ACRONYM, _spoken_acronym),
    *COUNTRY_US_RULES,  # "in the US" -> "in the U S"
)
NEWS_RULES: tuple[Rule, ...] = (
    regex_rule(_DATE_RANGE, _date_range),
    regex_rule(_WRITTEN_UNIT, _written_unit),
    regex_rule(_HYPHENATED_SCALE, lambda m: f"{m['cur']}{m['num']} {m['mag']}"),
    regex_rule(_DOLLAR_RANGE, _dollar_range),
    regex_rule(_MONEY, _adjectival_money),
    regex_rule(_FIFTY_FIFTY, _fifty_fifty),
    regex_rule(_NINE_ELEVEN, _nine_eleven),
    regex_rule(_RACE_TIME, _race_time),
    regex_rule(_RATING, _rating),
    regex_rule(_MULTIPLIER, _multiplier),
)
