"""Rewrite rules for written forms that hold digits or addresses ("semiotic classes").

A rule is one pass ``text -> text``, mostly ``pattern.sub(spoken_words, text)``;
:data:`NUMERIC_RULES` and :data:`NUMBER_RULES` list them in the order they must run (dates
before phone numbers before times ... plain numbers last), after the address rules of
:mod:`yuyin.text._addresses`, which build on the helpers here.

Linear time on any input: no pattern nests unbounded repetitions, and every pattern that starts
with a repeatable class refuses, by a lookbehind right after its first character, to start
inside a run of that class; each start position then costs O(1) and backtracking at a run
start is bounded by that run.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from yuyin.text import _verbalize as v
from yuyin.text._number_patterns import _NOT_A_GROUP, NUM, SIGNED_NUM
from yuyin.text._openers import opens_sentence
from yuyin.text._tables import (
    CENT_SIGN,
    CURRENCIES,
    DAYS_IN_MONTH,
    MAGNITUDES,
    MONTH_FORMS,
    MONTHS,
    PREFIXED_CURRENCIES,
    UNITS,
    UNITS_ATTACHED_ONLY,
)
from yuyin.text._units import pascals_after, watts_after

Rule = Callable[[str], str]  # one rewrite pass over the whole text


def regex_rule(pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str]) -> Rule:
    """The pass ``pattern.sub(replace, text)``."""
    return functools.partial(pattern.sub, replace)


def _left_is_word(m: re.Match[str], extra: str = "") -> bool:
    """True when the character before the match is a letter, digit, "_" or one of ``extra``."""
    if m.start() == 0:
        return False
    before = m.string[m.start() - 1]
    return before.isalnum() or before == "_" or before in extra


_ALT = "|".join  # regex alternation of already-escaped words
_ORDINAL_SUFFIX = r"(?:st|nd|rd|th|ST|ND|RD|TH)"
_MONTH = _ALT(sorted(MONTH_FORMS, key=len, reverse=True))
_FULL_MONTH = _ALT(MONTHS)
_MAX_FRACTION_DENOMINATOR = 10  # "3/4" is a fraction, "3/14" may be a date: left alone
_HOURS_PER_DAY = 24
_MINUTES_PER_HOUR = 60
_HOURS_ON_CLOCK_FACE = 12


def _padded(m: re.Match[str], words: str) -> str:
    """``words`` with a space added where the match touched a letter or digit ("mp3")."""
    text = m.string
    before = " " if m.start() > 0 and text[m.start() - 1].isalnum() else ""
    after = " " if m.end() < len(text) and text[m.end()].isalnum() else ""
    return f"{before}{words}{after}"


def _sentence_end_after(m: re.Match[str]) -> bool:
    """True when the text after the match ends or starts a new sentence (space + capital)."""
    rest = m.string[m.end() : m.end() + 3]
    return rest.strip() == "" or (rest[:1].isspace() and rest.lstrip()[:1].isupper())


_OPENER_LOOKAHEAD = 40  # characters looked at after a dotted form: the next two words


def opener_follows(m: re.Match[str]) -> bool:
    """True when the text ends after the match or goes on with a sentence opener ("The", "He",
    "Economists said": :func:`~yuyin.text._openers.opens_sentence`), as the sentence splitter
    decides after a dotted form: "at 5 p.m. The ..." ends, "the U.S. Army" goes on."""
    rest = m.string[m.end() : m.end() + _OPENER_LOOKAHEAD].split(maxsplit=2)
    return not rest or opens_sentence(*(w.strip("\"'([{,.;:!?") for w in rest[:2]))


# --- dates ---------------------------------------------------------------------------------


def _date_words(month: int, day: int, year: str | None) -> str | None:
    if not (1 <= month <= len(MONTHS) and 1 <= day <= DAYS_IN_MONTH[month - 1]):
        return None
    words = f"{MONTHS[month - 1]} {v.ordinal(day)}"
    return f"{words}, {v.year(int(year))}" if year else words


def _iso_date(m: re.Match[str]) -> str:
    words = _date_words(int(m["month"]), int(m["day"]), m["year"])
    return words if words else m.group(0)


def _numeric_date(m: re.Match[str], *, month_first: bool) -> str:
    a, b = int(m["a"]), int(m["b"])
    month, day = (a, b) if month_first else (b, a)
    words = _date_words(month, day, m["year"])
    if words is None:  # 14/3/2015 is not a US date but is a valid day-first one, and back
        words = _date_words(day, month, m["year"])
    return words if words else m.group(0)


def _month_day(m: re.Match[str]) -> str:
    if _left_is_word(m):
        return m.group(0)
    words = _date_words(MONTH_FORMS[m["month"]], int(m["day"]), m["year"])
    return words if words else m.group(0)


def _day_month(m: re.Match[str]) -> str:
    month, day = MONTH_FORMS[m["month"]], int(m["day"])
    if _date_words(month, day, None) is None:
        return m.group(0)
    has_the = _NO_THE_BEFORE.search(m.string, max(0, m.start() - 8), m.start())
    words = f"{'' if has_the else 'the '}{v.ordinal(day)} of {MONTHS[month - 1]}"
    return f"{words} {v.year(int(m['year']))}" if m["year"] else words


_NO_THE_BEFORE = re.compile(
    r"(?<![\w'])(?i:the|happy|this|that|next|last|every|our|their|my|your) \Z"
)  # Happy 4th
_ISO_DATE = re.compile(
    r"(?P<year>[0-9](?<![0-9\-][0-9])[0-9]{3})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})"
    r"(?![0-9]|-[0-9])"
)
_SLASH_DATE = re.compile(
    r"(?P<a>[0-9](?<![0-9/][0-9])[0-9]?)/(?P<b>[0-9]{1,2})/(?P<year>[0-9]{4})(?![0-9]|/[0-9])"
)
_DOTTED_DATE = re.compile(
    r"(?P<a>[0-9](?<![0-9.][0-9])[0-9]?)\.(?P<b>[0-9]{1,2})\.(?P<year>[0-9]{4})"
    r"(?![0-9]|\.[0-9])"
)
_MONTH_DAY = re.compile(  # the callback refuses a month name glued to a preceding letter
    rf"(?P<month>{_MONTH})\.? (?P<day>[0-9]{{1,2}}){_ORDINAL_SUFFIX}?(?![0-9A-Za-z])"
    r"(?:,? (?P<year>[0-9]{4})(?![0-9]))?"
)
_DAY_MONTH = re.compile(  # "3 March 2021", "1st Jan 2024", "5 Jan. 2024"
    rf"(?P<day>[0-9](?<![0-9]{{2}})[0-9]?){_ORDINAL_SUFFIX}? (?:of )?(?P<month>{_MONTH})\b"
    r"(?:\.?,? (?P<year>[0-9]{4})(?![0-9]))?"
)

# --- phone numbers -------------------------------------------------------------------------


def _phone(m: re.Match[str]) -> str:
    groups = [v.digits(g) for g in re.findall(r"[0-9]+", m.group(0))]
    plus = "plus " if m.group(0).startswith("+") else ""
    return _padded(m, plus + ", ".join(groups))


_PHONE_AFTER = r"(?![0-9]|[.\-][0-9])"
_AREA_AND_NUMBER = r"(?:\([0-9]{3}\) ?|[0-9]{3}[ .\-])[0-9]{3}[ .\-][0-9]{4}"
_PHONE_PLUS = re.compile(  # +1 555 123 4567, +44 20 7946 0958, (555) 123-4567
    r"[+(](?<![\w+(][+(])(?:"
    rf"(?<=\+)[0-9]{{1,3}}[ .\-]?{_AREA_AND_NUMBER}"
    r"|(?<=\+)[0-9]{1,3}(?:[ .\-][0-9]{1,4}){2,5}"
    r"|(?<=\()[0-9]{3}\) ?[0-9]{3}[ .\-][0-9]{4}"
    rf"){_PHONE_AFTER}"
)
_PHONE_DIGITS = re.compile(  # 1-800-555-1234, 555-123-4567, 555.123.4567, 555-1234
    r"[0-9](?<![\w+(][0-9])(?:"
    rf"(?<=1)[ .\-]{_AREA_AND_NUMBER}"
    r"|[0-9]{2}[ .\-][0-9]{3}[ .\-][0-9]{4}"
    r"|[0-9]{2}-[0-9]{4}"
    rf"){_PHONE_AFTER}"
)

# --- times ---------------------------------------------------------------------------------


def _clock_numbers(m: re.Match[str], ampm: str) -> str:
    """A clock-shaped "4:99" that is no time: its numbers one after another, the colon silent
    ("four ninety-nine"), as an impossible date's are ("13/13/2015")."""
    words = [v.integer(m["hour"])]
    if m["minute"]:
        words.append(_two_digits(m["minute"], last=not m["second"]))
    if m["second"]:
        words.append(_two_digits(m["second"], last=False))
    return _padded(m, " ".join(words) + ampm)


def _two_digits(part: str, last: bool) -> str:
    """A clock's two digits as a time reads them: "05" "oh five", "00" "hundred" at the end
    ("25:00", as "24:00" is "twenty-four hundred") or "oh oh" inside, "47" "forty-seven"."""
    n = int(part)
    if n == 0:
        return "hundred" if last else "oh oh"
    return f"oh {v.cardinal(n)}" if n < 10 else v.cardinal(n)


def _time(m: re.Match[str]) -> str:
    hour, minute = int(m["hour"]), int(m["minute"] or 0)
    second = int(m["second"]) if m["second"] else None
    ampm = f" {m['ap'].lower()} m" if m["ap"] else ""
    if hour > (_HOURS_ON_CLOCK_FACE if ampm else _HOURS_PER_DAY) or minute >= _MINUTES_PER_HOUR:
        return _clock_numbers(m, ampm) if m["minute"] else m.group(0)
    if second is not None and second >= _MINUTES_PER_HOUR:
        return _clock_numbers(m, ampm)
    words = v.cardinal(hour)
    if minute == 0 and not ampm:
        words += " o'clock" if 0 < hour <= _HOURS_ON_CLOCK_FACE else " hundred"
    elif minute:
        words += f" {_two_digits(m['minute'], last=True)}"
    if second:
        words += f" and {v.cardinal(second)} second{'s' if second != 1 else ''}"
    # a dot after "pm" written without dots ends the sentence before a capital, a digit or the
    # end ("open 11am-5pm. Garage sale"; not "5pm. on Friday", "5pm. EST"); after "p.m." only
    # before a sentence's opener ("5 p.m. Eastern" goes on)
    undotted = bool(ampm) and m.string[m.end("ap")] != "." and _STOP_NEXT.match(m.string, m.end())
    full_stop = "." if m.group(0).endswith(".") and (undotted or opener_follows(m)) else ""
    return _padded(m, words + ampm) + full_stop


_STOP_NEXT = re.compile(
    r"\s*(?:\Z|[\"'(]?(?!(?:ET|EST|EDT|CT|CST|CDT|MT|MST|PT|PST|PDT|GMT|UTC)\b)[A-Z0-9])"
)
_AMPM = r"(?:\s?(?P<ap>[AaPp])\.?[Mm](?![A-Za-z])\.?)"
_CLOCK_TIME = re.compile(
    r"(?P<hour>[0-9](?<![0-9:.][0-9])[0-9]?):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?"
    rf"(?![0-9]|:[0-9]){_AMPM}?"
)
_HOUR_AMPM = re.compile(rf"(?P<hour>[0-9](?<![0-9:.][0-9])[0-9]?)(?P<minute>)(?P<second>){_AMPM}")

# --- money, percent, units -----------------------------------------------------------------


_CURRENCY_NAMES = {**CURRENCIES, **PREFIXED_CURRENCIES}


def _amount(amount: str, currency: str) -> str:
    unit, units, sub, subs = _CURRENCY_NAMES[currency]
    whole, _, fraction = amount.partition(".")  # commas kept: "1,000,000,000,000" is grouped
    if not sub or len(fraction) > 2:  # no subunit, or more precision than cents
        return f"{v.number(amount, quantity=True)} {unit if amount == '1' else units}"
    cents = int(fraction.ljust(2, "0")) if fraction else 0
    parts = []
    if whole.strip("0,") or cents == 0:  # a whole part above zero (int() refuses 4,301 digits)
        parts.append(f"{v.integer(whole or '0', quantity=True)} {unit if whole == '1' else units}")
    if cents:
        parts.append(f"{v.cardinal(cents)} {sub if cents == 1 else subs}")
    return " and ".join(parts)


def _scaled(num: str, magnitude: str | None, currency: str) -> str:
    """An amount in ``currency``, with a magnitude ("1.5", "million") read as a count of units:
    "one point five million US dollars"."""
    if not magnitude:
        return _amount(num, currency)
    scale = MAGNITUDES.get(magnitude) or MAGNITUDES[magnitude.lower()]  # "$1.2 TRILLION"
    return f"{v.number(num)} {scale} {_CURRENCY_NAMES[currency][1]}"


def _money(m: re.Match[str]) -> str:
    """ "$5", "$3.50", "$2.5M", "-$5" and "$-5" (minus five dollars), "$.99" (ninety-nine
    cents)."""
    words = _scaled(m["num"], m["mag"] or m["magword"], m["cur"])
    return _padded(m, f"minus {words}" if m["sign"] or m["lead"] else words)


def _currency_code(m: re.Match[str]) -> str:
    """ "5 USD" and "USD 5": the reading of "$5" with the code's names; "USD 1.5 million" and
    "1.5 million USD" as "$1.5 million"."""
    return _padded(m, _scaled(m["num"], m["mag"] or m["magword"], m["code"]))


def _cents(m: re.Match[str]) -> str:
    return _padded(m, f"{v.number(m['num'])} cent{'' if m['num'] == '1' else 's'}")


def _quantity(m: re.Match[str], singular: str, plural: str) -> str:
    """ "5" or the range "5-10" followed by a unit name (singular only for exactly one)."""
    if m["high"]:
        return f"{v.number(m['num'])} to {v.number(m['high'])} {plural}"
    return f"{v.number(m['num'])} {singular if m['num'] in ('1', '-1') else plural}"


def _percent(m: re.Match[str]) -> str:
    return _padded(m, _quantity(m, "percent", "percent"))


def _percent_range(m: re.Match[str]) -> str:
    """ "5%-6%" and "5.25% - 5.5%": both ends percent, "to" between."""
    low, high = v.number(m["low"]), v.number(m["high"])
    return _padded(m, f"{low} percent to {high} percent")


def _mixed_fraction(m: re.Match[str]) -> str:
    """ "2 1/2" -> "two and a half", "3 3/4" -> "three and three quarters"."""
    fraction = _fraction_words(int(m["top"]), int(m["bottom"]))
    if fraction is None:
        return m.group(0)
    one = fraction.split(" ", 1)
    said = f"a {one[1]}" if one[0] == "one" else fraction
    return _padded(m, f"{v.number(m['whole'])} and {said}")


def _feet_inches(m: re.Match[str]) -> str:
    """ "5'11\"" -> "five foot eleven"; "6 ft 2 in" -> "six feet two inches"."""
    feet, inches = m["feet"], m["inches"] or m["inch"]
    if m["written"]:
        inch_word = "inch" if inches == "1" else "inches"
        return _padded(m, f"{v.number(feet)} feet {v.number(inches)} {inch_word}")
    return _padded(m, f"{v.number(feet)} foot {v.number(inches)}")


def _emergency(m: re.Match[str]) -> str:
    """ "call 911" -> "nine one one"; after a capitalized name it is a model ("Porsche 911")."""
    before = m.string[max(0, m.start() - 21) : m.start()]
    name = _NAME_BEFORE.search(before)
    if name and name.group(0).strip() not in _DIALING:  # "Call 911." opens a sentence
        return m.group(0)
    return _padded(m, "nine one one")


_NAME_BEFORE = re.compile(r"(?<![A-Za-z])[A-Z][a-z]+ \Z")
_DIALING = frozenset({"Call", "Called", "Calling", "Dial", "Dialed", "Dialled", "Phone", "Ring"})


def _unit(m: re.Match[str]) -> str:
    singular, plural = UNITS[m["unit"]]
    if m["unit"] in UNITS_ATTACHED_ONLY and m["sep"] and not watts_after(m.string, *m.span()):
        return m.group(0)  # "450 W 57th St" (but "draws 450 W under load")
    if m["unit"] == "Pa" and not pascals_after(m["num"], m.string, m.start()):
        return m.group(0)  # "In 1952 Pa bought a farm": the father
    if not m["high"] and "-" in m["sep"]:  # "a 5-km race": adjectival, singular, hyphenated
        return _padded(m, f"{v.number(m['num'])}{' ' if ' ' in singular else '-'}{singular}")
    stop = "." * (m["unit"].endswith(".") and _sentence_end_after(m))  # "is 2,000 sq. ft."
    return _padded(m, _quantity(m, singular, plural) + stop)


_SYMBOLS = "".join(re.escape(c) for c in CURRENCIES if len(c) == 1)
_CODES = _ALT(c for c in CURRENCIES if len(c) > 1)
_PREFIXES = _ALT(re.escape(p) for p in sorted(PREFIXED_CURRENCIES, key=len, reverse=True))
_MAGNITUDE_WORDS = _ALT(w for w in MAGNITUDES if len(w) > 2 or w.islower() and len(w) == 2)
_MAGNITUDE_LETTERS = _ALT(sorted((w for w in MAGNITUDES if len(w) <= 2), key=len, reverse=True))
_MONEY = re.compile(
    rf"(?:(?<![\w.\-\u2212])(?P<lead>[-\u2212]))?"  # "-$5": minus five dollars
    rf"(?P<cur>[{_SYMBOLS}]|(?<![A-Za-z])(?:{_PREFIXES})) ?(?P<sign>[-\u2212])?"
    rf"(?P<num>{NUM}|\.[0-9]+)"
    rf"(?:(?P<mag>{_MAGNITUDE_LETTERS})| ?(?P<magword>(?i:{_MAGNITUDE_WORDS})))?(?![A-Za-z0-9])"
)
# "kr." is an abbreviation mid-sentence ("100 kr. in Copenhagen"), a full stop at a sentence end
_KR_DOT = r"(?:(?<=kr)\.(?= [a-z]))?"
_SCALE = rf"(?:(?P<mag>{_MAGNITUDE_LETTERS})| ?(?P<magword>(?i:{_MAGNITUDE_WORDS})))"
_CURRENCY_CODE = re.compile(rf"(?P<num>{NUM}){_SCALE}? ?(?P<code>{_CODES})(?![A-Za-z0-9]){_KR_DOT}")
_CODE_FIRST = re.compile(  # not in a web address: "example.co.kr 2"
    rf"(?<![A-Za-z0-9.@/])(?P<code>{_CODES})(?:(?<=kr)\.)? ?(?P<num>{NUM})"
    rf"(?:{_SCALE}(?![A-Za-z0-9])|(?![A-Za-z0-9]|[.,][0-9]))"
)
_CENTS = re.compile(rf"(?P<num>{NUM}) ?{CENT_SIGN}")
_QUANTITY = rf"(?P<num>{SIGNED_NUM})(?: ?- ?(?P<high>{NUM}))?"  # "5", "-5", "5-10", "5 - 10"
_PERCENT = re.compile(rf"{_QUANTITY} ?%")
_PERCENT_RANGE = re.compile(rf"(?P<low>{SIGNED_NUM}) ?% ?- ?(?P<high>{NUM}) ?%")
_MIXED_FRACTION = re.compile(
    r"(?P<whole>[0-9](?<![0-9.,/][0-9])[0-9]{0,2}) (?P<top>[1-9])/(?P<bottom>[0-9]{1,2})"
    r"(?![0-9]|/[0-9])"
)
_FEET_INCHES = re.compile(
    r"(?P<feet>[0-9](?<![0-9]{2})) ?(?:(?P<written>ft\.?|feet) (?P<inches>1[01]|[0-9]) ?in\.?"
    r"(?![\w'])|[\'\u2032] ?(?P<inch>1[01]|[0-9])(?:\"|\u2033|''))"
)
_UNIT_NAMES = _ALT(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_UNIT = re.compile(rf"{_QUANTITY}(?P<sep> ?-?)(?P<unit>{_UNIT_NAMES})(?![\w\u00b0/])")

# --- ordinals, decades, fractions, ranges, dotted numbers ----------------------------------


def _ordinal(m: re.Match[str]) -> str:
    plain = m["num"].replace(",", "")
    if len(plain) > v.MAX_CARDINAL_DIGITS:  # too long for words, as a cardinal would be:
        return _padded(m, f"{v.digits(plain[:-1])} {v.ordinal(int(plain[-1]))}")  # "... sixth"
    return _padded(m, v.ordinal(int(plain)))


def _decade(m: re.Match[str]) -> str:
    number = 2000 if m["num"] == "00" else int(m["num"])  # "the '00s": the two thousands
    words = v.year(number) if number >= 1000 else v.cardinal(number)
    return _padded(m, v.plural(words))


def _fraction_words(top: int, bottom: int) -> str | None:
    """ "three quarters" for 3/4; None for no simple fraction (0, improper, past tenths)."""
    if not 0 < top < bottom <= _MAX_FRACTION_DENOMINATOR:
        return None
    name = {2: "half", 4: "quarter"}.get(bottom) or v.ordinal(bottom)
    if top > 1:
        name = "halves" if bottom == 2 else name + "s"
    return f"{v.cardinal(top)} {name}"


def _fraction(m: re.Match[str]) -> str:
    words = _fraction_words(int(m["top"]), int(m["bottom"]))
    return m.group(0) if words is None else _padded(m, words)


def _range(m: re.Match[str]) -> str:
    return _padded(m, f"{v.number(m['low'], as_year=True)} to {v.number(m['high'], as_year=True)}")


def _dotted_number(m: re.Match[str]) -> str:
    return _padded(m, " dot ".join(v.integer(part) for part in m.group(0).split(".")))


_ORDINAL = re.compile(
    rf"(?P<num>[0-9](?<![0-9]{{2}}){_NOT_A_GROUP}(?:[0-9]{{0,2}}(?:,[0-9]{{3}})+|[0-9]{{0,14}}))"
    rf"{_ORDINAL_SUFFIX}(?![A-Za-z0-9])"
)
_DECADE_APOSTROPHE = re.compile(r"'(?=[0-9]0'?s(?![A-Za-z0-9]))")  # "'80s" -> "80s"
_DECADE = re.compile(r"(?P<num>[0-9](?<![0-9]{2})[0-9]{0,2}0)'?s(?![A-Za-z0-9])")
_FRACTION = re.compile(
    r"(?P<top>[0-9](?<![0-9/.][0-9])[0-9]?)/(?P<bottom>[0-9]{1,2})(?![0-9]|/[0-9])"
)
_RANGE = re.compile(
    r"(?P<low>[0-9](?<![0-9.,:\-][0-9])[0-9]{0,3})(?:-|:)(?P<high>[0-9]{1,4})"
    r"(?![0-9]|[.,:\-][0-9])"
)
# the emergency number, said digit by digit (not after a capitalized name: "Porsche 911")
_EMERGENCY = re.compile(r"9(?<![\w.,/\-]9)11(?![0-9]|[.,/][0-9])")
# other three-digit service numbers after a dialing verb: "Call 311", "text 988"
_SERVICE = re.compile(
    r"(?P<before>(?<![\w])(?i:call(?:ed|ing)?|dial(?:l?ed|ing)?|phone|ring|text(?:ed|ing)?) )"
    r"(?P<code>[2-8]11|988)(?![0-9]|[.,/\-][0-9]| [a-z]+s\b| times\b)"
)
_DOTTED_NUMBER = re.compile(
    r"[0-9](?<![0-9.][0-9])[0-9]{0,14}(?:\.[0-9]{1,15}){2,}(?![0-9]|\.[0-9])"
)

# --- plain numbers -------------------------------------------------------------------------


# an operator said as a word (the symbol rules ran): "2^10 = 1024" is no year
# "equals" anywhere; a prose word ("In 1990 times were", "Disney plus 2020") only with a number
# on its other side ("1000 plus 24")
_OPERATOR = r"(?:plus|minus|times|divided by|less than|greater than)"
_OPERATOR_BEFORE = re.compile(rf"(?:(?<![\w-])equals|[0-9] +{_OPERATOR}) +\Z")
_OPERATOR_AFTER = re.compile(rf" +(?:equals(?![\w-])|{_OPERATOR} +[-\u2212]?[0-9])")


def _number(m: re.Match[str]) -> str:
    text, s = m.group(0), m.string
    sum_term = bool(
        _OPERATOR_BEFORE.search(s, max(0, m.start() - 20), m.start())
        or _OPERATOR_AFTER.match(s, m.end())
    )
    as_year = "," not in text and not text.startswith("-") and not sum_term
    return _padded(m, v.number(text, as_year=as_year))


# a signed number, or a bare decimal ".5" (not after a word or another dot)
_NUMBER = re.compile(rf"{SIGNED_NUM}|\.(?<![\w.]\.)[0-9]+")
# digits no rule could read as a number (".5.18": "18" follows a decimal), read one by one, so
# that no digit ever reaches the phonemizer
_LEFTOVER_DIGITS = re.compile(r"[0-9]+")

NUMERIC_RULES: tuple[Rule, ...] = (
    regex_rule(_ISO_DATE, _iso_date),
    regex_rule(_SLASH_DATE, functools.partial(_numeric_date, month_first=True)),
    regex_rule(_DOTTED_DATE, functools.partial(_numeric_date, month_first=False)),
    regex_rule(_MONTH_DAY, _month_day),
    regex_rule(_DAY_MONTH, _day_month),
    regex_rule(_PHONE_PLUS, _phone),
    regex_rule(_PHONE_DIGITS, _phone),
    regex_rule(_CLOCK_TIME, _time),
    regex_rule(_HOUR_AMPM, _time),
    regex_rule(_MONEY, _money),
    regex_rule(_CURRENCY_CODE, _currency_code),
    regex_rule(_CODE_FIRST, _currency_code),
    regex_rule(_CENTS, _cents),
    regex_rule(_PERCENT_RANGE, _percent_range),
    regex_rule(_PERCENT, _percent),
    regex_rule(_FEET_INCHES, _feet_inches),
    regex_rule(_MIXED_FRACTION, _mixed_fraction),
    regex_rule(_UNIT, _unit),
    regex_rule(_ORDINAL, _ordinal),
    regex_rule(_DECADE_APOSTROPHE, lambda m: ""),
    regex_rule(_DECADE, _decade),
    regex_rule(_FRACTION, _fraction),
    regex_rule(_DOTTED_NUMBER, _dotted_number),
    regex_rule(_EMERGENCY, _emergency),
    regex_rule(_SERVICE, lambda m: m["before"] + v.digits(m["code"])),
    regex_rule(_RANGE, _range),
)
NUMBER_RULES: tuple[Rule, ...] = (
    regex_rule(_NUMBER, _number),
    regex_rule(_LEFTOVER_DIGITS, lambda m: _padded(m, v.digits(m.group(0)))),
)
