"""Everyday copy that the other rules misread, read before the ranges and numbers:

* **a range of money**: "$45-$120", "$27.5B-$28.5B" -> "to";
* **a percent with a fraction**: "5½%" -> "5 and a half percent" (was "five one two percent");
* **a measure with a plus**: "60+ mph" -> "60-plus miles per hour" (was "sixty plus mph");
* **a date range across months**: "Nov. 1-Dec. 15" -> "Nov. 1 to Dec. 15";
* **years of an era**: "2560 BCE", "c. 500 BC", "AD 1066" -> said as years ("twenty-five sixty
  B C E"), whatever their size; "the 5th c. BCE" -> "century" (after an ordinal);
* **odds**: "odds of 5/1", "Odds: 5/1" -> "5 to 1";
* **prices per several**: "3/$10" -> "3 for $10";
* **seconds**: "a timeout of 30s", "retry after 5s", "every 10s" -> "seconds" (not "thirties";
  "in his 30s" and "the 1990s" stay decades);
* **temperatures without the degree sign**: "72F today", "bake at 350F" -> "degrees
  Fahrenheit" (near a word of weather or cooking); kelvin ("or 0 K", in a sentence about
  temperature: :mod:`yuyin.text._temperatures`);
* **earthquakes**: "an M6.4 quake" -> "a magnitude 6.4 quake";
* **time zone offsets**: "UTC-05:00", "GMT+8" -> "U T C minus five", "G M T plus eight";
* **a phone number's label**: "Ph: 555-867-5309" -> "Phone: ...", "Mob. +44 ..." -> "Mobile";
* listings' rooms, decimal ratios, grades, exchange rates, wildcard versions:
  :mod:`yuyin.text._listings`.
"""

from __future__ import annotations

import re

from yuyin.text import _verbalize as v
from yuyin.text._listings import LISTING_RULES
from yuyin.text._openers import sentence_around
from yuyin.text._semiotic import (
    _MONTH,
    _UNIT_NAMES,
    Rule,
    _date_words,
    _fraction_words,
    _padded,
    regex_rule,
)
from yuyin.text._tables import UNITS
from yuyin.text._temperatures import KELVIN_RULES

__all__ = ["EVERYDAY_RULES"]

# a dash between two amounts of money reads "to" (clock times: :mod:`yuyin.text._ranges`)
_MONEY_DASH = re.compile(r"(?<=[0-9]) ?- ?(?=[$\u00a3\u20ac\u00a5][0-9])")
# an amount with its scale letter ("$27.5B-$28.5B"; not "4K - $799", "5K - $35": a size, a race)
_SCALED_MONEY_DASH = re.compile(
    r"(?P<left>[$\u00a3\u20ac\u00a5][0-9](?<![\w.,][$\u00a3\u20ac\u00a5][0-9])[0-9.,]*[KMBTkmbt])"
    r"(?:-(?=[$\u00a3\u20ac\u00a5][0-9])| - (?=[$\u00a3\u20ac\u00a5][0-9][0-9.,]*[KMBTkmbt]\b))"
)
_PERCENT_FRACTION = re.compile(
    r"(?P<whole>[0-9](?<![\w.,/][0-9])[0-9]{0,2}) (?P<top>[1-9])/(?P<bottom>[0-9])%"
)
_PLUS_UNIT = re.compile(
    rf"(?P<num>[0-9](?<![\w.,][0-9])[0-9,.]*)\+ ?(?P<unit>{_UNIT_NAMES})(?![\w\u00b0/'])"
)
_MONTH_TO_MONTH = re.compile(
    rf"(?P<first>(?<![\w])(?:{_MONTH})\.? [0-9]{{1,2}}(?:st|nd|rd|th)?) ?- ?"
    rf"(?=(?:{_MONTH})\.? [0-9])"
)
# a year of an era after a word of time or before a pause ("in 44 BC", "c. 2560 BCE.", "from AD
# 500 to"; not "Over 250 BC Hydro customers", "Our AD 365 users")
_ERA = re.compile(
    r"(?P<circa>(?<![\w.])ca?\. ?)?"
    r"(?P<year>[1-9](?<![\w.,][1-9])[0-9]{0,3}) (?P<era>BCE|BC|CE|B\.C\.E?\.|C\.E\.)(?![\w])"
    r"|(?P<ad>(?<![\w.])(?:AD|A\.D\.)) (?P<ad_year>[1-9](?<![\w.,][1-9])[0-9]{0,3})(?![\w.,]?[0-9])"
)
# "c." after an ordinal is a century before an era or a pause ("the 5th c. BCE", "in the 12th
# c., monks"); elsewhere a cup ("1 c. of milk") or circa ("c. 500 BC")
_CENTURY = re.compile(
    r"(?P<ord>[1-9](?<![\w.,][1-9])[0-9]?(?:st|nd|rd|th)) c\."
    r"(?P<stop>(?=\s*\Z|\s+(?!(?:BCE?|CE|AD|B\.C|A\.D|C\.E)\b)[A-Z]))?"
    r"(?=[\s,;:)]|\Z)(?!\s+(?:of|cups?|in|on|at)\b)"
)
_ERA_TIME_BEFORE = re.compile(
    r"(?<![\w])(?i:in|by|from|to|until|till|since|around|about|before|after|of|circa|year|c\.|ca\.)"
    r" \Z"
)
_PAUSE_AFTER = re.compile(r"\s*(?:[.,;:!?)\]]|\Z| (?:to|and|or|until|when|the)\b)")
_ODDS = re.compile(
    r"(?P<before>(?<![\w])(?:(?<!at )[Oo]dds|(?<=at )odds(?= of))(?: (?:of|are|were|at|is))?:? )"
    r"(?P<a>[0-9]{1,3})/(?P<b>[0-9]{1,3})(?![\w/]|[.,][0-9])"
)
_PER_SEVERAL = re.compile(
    r"(?P<n>[1-9](?<![\w.,/$\u00a3\u20ac\u00a5][1-9])[0-9]?)/(?=\$[0-9])"
)  # not "$10/$15", "£1/$1.27"
_SECONDS = re.compile(r"(?P<num>[0-9](?<![\w.,][0-9])[0-9]*(?:\.[0-9]+)?)s(?![\w'])(?! of\b)")
_SECONDS_WORDS = re.compile(
    r"(?i:timeouts?|delays?|intervals?|latency|wait|waits|sleep|cooldown|ttl|every|within|lasts"
    r"|lasted|takes|took):?(?: (?:of|to|is|was|=|about|around|under|over))? \Z|= ?\Z"
)
# words of time that take a decade too ("Every 90s kid"; a timeout's "30s" is always seconds)
_WEAK_SECONDS_WORD = re.compile(r"(?i:every|within|lasts|lasted|takes|took)\b")
# a word after "90s" that is no noun of it ("every 30s and then", "every 10s until")
_DECADE_NOUN_AFTER = re.compile(
    r" (?!(?:and|or|to|for|in|of|until|before|after|then|while|on|at|with|by|each|per|apart"
    r"|later|ago|max|min|if|when|but|so|the|a|an|is|was|are|were|will|it|we|you|they|he|she"
    r"|i|or so|between|from|instead|only|again|now|longer|shorter|earlier|faster|slower|more"
    r"|less|prevents?|applies|keeps|helps|avoids)\b|[a-z]+ly\b)[a-z]"
)
# "Every 80s or 90s kid": a decade paired with one before its noun
_DECADE_PAIR_AFTER = re.compile(r" (?:or|and|&|to|through) (?:the )?[1-9]0s(?![\w'])")
_PAIR_BEFORE = re.compile(
    r"(?P<num>[0-9](?<![\w.,][0-9])[0-9]*(?:\.[0-9]+)?)s (?:or|and|to|through) \Z"
)  # "every 30s or" before a number
# "after 5s", "loads in 2s", "sleep for 2s", "in under 2s"; not "under 5s", "come in 3s", "60
# runs in 4s" (a number's runs are cricket's)
_SHORT_SECONDS_WORDS = re.compile(
    r"(?<![\w])(?:after|within|(?<![0-9] )(?i:loads?|loaded|runs?|ran|finish(?:es|ed)?"
    r"|completes?|completed|boots?|booted|starts?|started|charges?|charged|sleep|sleeps|wait"
    r"|pause|pulse|hold|heat|microwave|blend|spin|responds?|responded|returns?)"
    r"(?: [a-z0-9%]+){0,3} (?:in|for)"
    r"(?: under| less than)?) \Z"
)
_TEMPERATURE = re.compile(
    r"(?P<num>(?:(?<![\w.,\-])-)?[0-9](?<![\w.,][0-9])[0-9]{0,2})(?P<scale>[FC])(?![\w'])"
)
# what leads to a temperature ("at", "below", "a high of", "it is", "75-" of a range; not "on 3F",
# "the 14C bus", "Class 7C", "elevator to 7F", "The bra is 34C", "Charge at 1C")
_TEMPERATURE_LEAD = re.compile(
    r"(?:(?<![\w])(?i:at|of|below|above|under|over|around|about|near|reach|reaches|reached|hit"
    r"|hits|highs?|lows?|between|preheat|preheated|it is|it was|it's|it will be|temps?|and|or"
    r"|temperatures?(?: is| was| of)?|feels like|tops?|topped|peaks?|peaked|today|tonight"
    r"|tomorrow|balmy|cool|chilly|mild|warm|hot|scorching|frigid|brisk|pleasant|sweltering"
    r"|muggy|crisp|(?:preheat\w*|heat|set|warm|cool|chill|drops?|dropped|rise|rises|rose|fell"
    r"|falls?|climb\w*|soar\w*)(?: [a-z]+){0,2} to)"
    r"|[0-9] ?(?:-|\u2013|to) ?|~|[.,!?:;(]|\A)\Z"
)
_C_RATE_BEFORE = re.compile(r"(?<![\w])(?i:charg\w*|discharg\w*|rated?)(?: at| of)? \Z")
# a code's noun after it ("a 34C bra", "the 14C bus", "2C discharge", "11C shoes")
_CODE_NOUN_AFTER = re.compile(
    r" (?i:bras?|bus|buses|lounge|shoes?|boots?|sneakers?|charge|discharge|rate|batter(?:y|ies)"
    r"|cells?|floor|room|seat|gate|suite|unit|apartment|apt|train|line|hair|cup|size|paper"
    r"|pencils?|grade|class|form|visa|ward|cabin|berth|model|phone|iphone|chip|engine|jet"
    r"|rating|bond|note|notes|key|chord|string)\b"
)
# weather and cooking words that name the matter ("Highs: Dallas 72F", "a fever of 102F last
# night"): a temperature after any word; the other words of the list only after one that leads
# to a temperature ("at", "below", "a high of")
_STRONG_WEATHER = re.compile(
    r"\b(?i:bake|baking|roast|roasting|oven|preheat|preheated|temperatures?|temps?|highs?|lows?"
    r"|forecast|thermostat|fever|degrees|feels like|freezing|boil|boils|boiling|weather|heat"
    r"|wind chill|oil|water|grill|smoker|fryer|fry|deep-fry|thermometer)\b"
)
_WEATHER_OR_COOKING = re.compile(
    r"\b(?i:bake|baking|roast|roasting|oven|preheat|preheated|temperatures?|temps?|highs?|lows?"
    r"|heat|warm|cool|cold|hot|weather|forecast|thermostat|fever|degrees|feels like|today"
    r"|tonight|freezing|boil|boils|boiling|store|stored|keep|kept|below|above|refrigerate|sunny"
    r"|cloudy|humid|rainy|windy)\b"
)
# a code, not a temperature: "Gate 12C", "seat is 14F", "Apartment 3C", "size 10C", "4C hair",
# a place to meet
_PLACE_BEFORE = re.compile(
    r"\b(?i:gate|room|seat|apartment|apt|section|floor|route|bus|size|unit|suite|row|platform"
    r"|terminal|level|bay|hall|block|lot|ward|bed|locker|track|aisle|exit|grade)(?: is| number)? \Z"
    r"|\b(?i:meet|meeting|see you)(?: me| us| you| them)? at \Z"  # "Meet me at 3C today"
)
_MAGNITUDE = re.compile(
    r"(?P<an>(?<![\w])[Aa]n )?M(?<![\w.]M)(?P<m>[1-9]\.[0-9])"
    r"(?= (?:quake|earthquake|temblor|tremor|aftershock)s?\b)"
)
_OFFSET = re.compile(
    r"(?P<zone>UTC|GMT)(?P<sign>[+\-])(?P<h>[01]?[0-9])(?::(?P<m>[0-5][0-9]))?(?![\w:])"
)


def _percent_fraction(m: re.Match[str]) -> str:
    words = _fraction_words(int(m["top"]), int(m["bottom"]))
    if words is None:
        return m.group(0)
    one = words.split(" ", 1)
    said = f"a {one[1]}" if one[0] == "one" else words
    return _padded(m, f"{m['whole']} and {said} percent")


def _era(m: re.Match[str]) -> str:
    timed = m["circa"] or _ERA_TIME_BEFORE.search(m.string, max(0, m.start() - 8), m.start())
    if not (timed or _PAUSE_AFTER.match(m.string, m.end())):
        return m.group(0)
    if m["ad"]:
        return _padded(m, f"A D {v.year(int(m['ad_year']))}")
    era = " ".join(m["era"].replace(".", ""))
    circa = "circa " if m["circa"] else ""
    return _padded(m, f"{circa}{v.year(int(m['year']))} {era}")


def _says_seconds(text: str, start: int, end: int, num: str, depth: int = 2) -> bool:
    """Whether the number ``num`` + "s" at ``text[start:end]`` is a count of seconds."""
    before = text[max(0, start - 48) : start]
    decade = num.endswith("0") and "." not in num  # "in his 30s", "the 1990s"
    word = _SECONDS_WORDS.search(before)
    pair = _DECADE_PAIR_AFTER.match(text, end) if decade else None
    if (
        word
        and decade
        and _WEAK_SECONDS_WORD.match(word.group(0))
        and _DECADE_NOUN_AFTER.match(text, pair.end() if pair else end)
    ):
        return False  # "Every 90s kid", "took 80s requests": a decade before its noun
    if word or (not decade and _SHORT_SECONDS_WORDS.search(before)):
        return True
    first = _PAIR_BEFORE.search(text, max(0, start - 24), start) if depth else None
    # "every 30s or 60s": the second as the first
    return bool(first) and _says_seconds(
        text, first.start(), first.end("num") + 1, first["num"], depth - 1
    )


def _seconds(m: re.Match[str]) -> str:
    if not _says_seconds(m.string, m.start(), m.end(), m["num"]):
        return m.group(0)
    return _padded(m, f"{m['num']} second{'' if m['num'] == '1' else 's'}")


def _temperature(m: re.Match[str]) -> str:
    text, start = m.string, m.start()
    before = text[max(0, start - 24) : start]
    if (
        _PLACE_BEFORE.search(before)
        or _C_RATE_BEFORE.search(before)
        or _CODE_NOUN_AFTER.match(text, m.end())
    ):
        return m.group(0)
    left, right = sentence_around(text, start, m.end(), before=60, after=40)
    words = _STRONG_WEATHER if not _TEMPERATURE_LEAD.search(before.rstrip(" ")) else None
    if not (words or _WEATHER_OR_COOKING).search(f"{left} {right}"):
        return m.group(0)
    scale = "Fahrenheit" if m["scale"] == "F" else "Celsius"
    return _padded(m, f"{m['num']} degrees {scale}")


def _offset(m: re.Match[str]) -> str:
    said = f"{' '.join(m['zone'])} {'plus' if m['sign'] == '+' else 'minus'} {int(m['h'])}"
    if m["m"] and m["m"] != "00":
        said += f" {int(m['m'])}"
    return _padded(m, said)


# shop hours' "M-F"; overtimes ("won in 2OT"); a result's "def." between names; recipe cups
# shop hours' "M-F 9-5" (not "the M-F ratio", "an M-F adapter"); overtimes ("won in 2OT"); a
# result's "def." between names ("UCLA def. USC", "Djokovic (SRB) def. Nadal"; not "It is def.
# Not", "for def. Smith"); recipe cups before an ingredient ("2 c. flour", "1/3 c sugar", "1 c.
# of milk"; not "0.99 c", "Section 4 c. of the act"); numeric dates with a two-digit year after
# a word of dates or with a padded part ("On 6/3/24", "01/15/24"; not "Windows 7/8/10", "sizes
# 6/8/10"), with dashes ("3-15-2024") or the year first ("2024/03/15"); a toll-free prefix alone
# ("the 1-800 number"); a player's height ("He stands 6-2 and can dunk"; after a name only
# before a pause, "tall" or a weight: not "Alabama stands 7-1 in conference play", "The score
# stands 6-2", "a height of 4-6 feet"); an extension after a phone number or a word of calling
# ("Call ext. 45"; not "Freshly painted ext. 2019")
_MONDAY_TO_FRIDAY = re.compile(
    r"(?P<pre>(?<![\w])(?i:open|hours|daily|closed):? )?(?<![\w\-])M-F(?![\w\-])"
    r"(?P<time>,? ?[0-9])?"
)
_OVERTIMES = {"2": "double", "3": "triple", "4": "quadruple"}
_OVERTIME = re.compile(r"(?<![\w.])(?P<n>[2-4])OT(?![\w])")
_DEFEATED = re.compile(
    r"(?P<a>(?<![\w'.\-])(?!(?:See|Using|Use|Cf|Slang|Under|By|From|Recall|Per|Compare|Also|And|But"
    r"|Or|In|On|At|As|With|Via|Just|Not|Is|Was|It|It's|This|That|She|He|I|I'm|You|We|They"
    r"|Def)\b)[A-Z][\w'.\-]*|\)) def\. (?=\([0-9]|[A-Z]|the |[0-9]+ers\b)"
)  # "She def. Won", "See def. 2": not a result; a name starts no run ("Mon-Mon-...": n^2)
_DEFINITION = re.compile(r"(?<![\w])def\. (?=[0-9](?![0-9]*ers\b))")  # "See def. 2", "by def. 3.2"
_INGREDIENTS = (
    r"flour|sugar|milk|water|butter|oil|cream|broth|stock|rice|cheese|chocolate|oats|juice|honey"
    r"|salt|eggs?|chopped|diced|sliced|minced|shredded|grated|packed|cooked|melted|softened"
    r"|(?:warm|cold|hot|iced?|boiling) (?:water|milk|coffee|tea|broth|stock)"
    r"|fresh|frozen|dried|brown|powdered|whole|all-purpose|heavy|sour|buttermilk|yogurt"
    r"|berries|blueberries|raisins|nuts|walnuts|pecans|almonds|cocoa|vinegar|wine|beans|pasta"
    r"|quinoa|spinach|onions?|carrots?|celery|corn|peas|cheddar|parmesan|mozzarella|sauce|salsa"
)
_CUPS = re.compile(  # "2 c. flour", "1 c. of milk": before "of" with the dot and an ingredient
    r"(?P<num>(?<![\w.,/])(?:[0-9]+ [1-9]/[1-9]|[1-9]/[1-9]|[0-9]+(?:\.[0-9]+)?))"
    rf" c(?:\.? |\.(?P<of> of ))(?=(?:{_INGREDIENTS})\b)"
)
_DATE_WORD_BEFORE = re.compile(
    r"(?<![\w])(?i:on|dated?|due|born|died|since|until|by|from|expires?|effective|as of|posted"
    r"|updated|issued|released|opened|closed|signed|filed|received|shipped|ordered|paid|recorded"
    r"|published|written|taken|printed|submitted|created|modified)[:]? \Z"
)
_LIST_AFTER = re.compile(
    r" ?(?:mg|mcg|g|kg|ml|mL|lbs?|oz|inch|inches|cm|mm|ft|qt|months?|years?|weeks?|days?"
    r"|hours?|reps|sets|rule|split|fertilizer|sizes?)\b"
)
_LIST_BEFORE = re.compile(r"(?<![\w])(?i:sizes?|grades?|ages?|sets?|split|pans?|npk|reps):? \Z")
# a player's stat line after a verb of scoring, not a date: "Jokic posted 10/11/12 on Tuesday",
# "she averaged 12/5/7" ("Posted 10/11/12 by admin", "it was posted 3/4/21" are dates)
_STATS_BEFORE = re.compile(
    r"(?<=[A-Za-z] )(?<!\bwas )(?<!\bwere )(?<!\bbeen )(?<!\bis )(?<!\bfirst )(?<!\blast )"
    r"(?<!\boriginally )(?:posted|notched|tallied|averaged|averaging|averages"
    r"|finished with|put up|a line of) \Z"
)
_SHORT_YEAR_DATE = re.compile(
    r"(?<![\w.,/\-])(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12][0-9]|0?[1-9])/(?P<y>[0-9]{2})"
    r"(?![\w/]|[.,][0-9])"
)
_DASHED_DATE = re.compile(
    r"(?<![\w.,/\-])(?P<m>1[0-2]|0?[1-9])-(?P<d>3[01]|[12][0-9]|0?[1-9])"
    r"-(?P<y>(?:19|20)[0-9]{2})(?![\w\-]|[.,][0-9])"
)
_YEAR_FIRST_DATE = re.compile(
    r"(?<![\w.,/\-])(?P<y>(?:19|20)[0-9]{2})/(?P<m>0[1-9]|1[0-2])/(?P<d>0[1-9]|[12][0-9]|3[01])"
    r"(?![\w/]|[.,][0-9])"
)
_TOLL_FREE_PREFIX = re.compile(r"(?<![\w\-])1-(?P<code>8[0-9]{2})(?= (?:numbers?|lines?)\b)")
_HEIGHT = re.compile(
    r"(?P<before>(?<![\w])(?:(?P<pronoun>[Hh]e|[Ss]he|[Ww]ho)|[A-Z][a-z]+(?<!Score)(?<!Series))"
    r" stands )(?P<ft>[4-7])-(?P<inch>1[01]|[0-9])(?![\w\-]| ?(?:feet|ft|inches|cm|minutes)\b)"
    r"(?(pronoun)|(?=[,;(\u2014]| and weighs?\b| tall\b|[.!?]?(?:\s*\Z|\s+[A-Z\"\u201c])))"
)  # "Alabama stands 7-1 in conference play", "Villanova stands 5-3 overall": a record
# a height beside a weight: "he is 6-2 and 210 pounds", "the 6-2, 210-pound guard", "5-11/150 lbs"
_HEIGHT_WEIGHT = re.compile(
    r"(?<![\w\-/.:])(?P<ft>[4-7])-(?P<inch>1[01]|[0-9])(?P<after>(?:,| and|/) ?[1-3][0-9]{2}"
    r"(?:-| )?(?:pounds?|lbs?|pounder)\b)?(?![\w\-/])"
)
_LISTED_AT = re.compile(r"\b(?:[Ll]isted|[Mm]easur(?:ed|es|ing)) at \Z")


def _height_weight(m: re.Match[str]) -> str:
    """ "6-2 and 210 pounds", "listed at 6-8" -> "6 foot 2 ...": else a record or a range."""
    if not m["after"] and not _LISTED_AT.search(m.string, max(0, m.start() - 16), m.start()):
        return m.group(0)
    after = (m["after"] or "").replace("/", ", ")  # "6-2/210 lbs": "six foot two, two hundred ten"
    return f"{m['ft']} foot {m['inch']}{after}"


_EXTENSION = re.compile(r"(?P<ext>(?<![\w])[Ee]xt\.? ?)(?P<n>[0-9]{1,5})(?![\w]|[.,][0-9])")
_CALLING_BEFORE = re.compile(
    r"(?:[0-9]{4}|(?i:call|dial|phone|tel|fax|reach|contact|line|at|number))[ ,:]{0,3}\Z"
)


# a phone number's label, before its digits
_PHONE_LABELS = {"Ph": "Phone", "Mob": "Mobile"}
_PHONE_LABEL = re.compile(
    rf"(?<![\w.])(?P<label>{'|'.join(_PHONE_LABELS)})(?P<mark>[:.]) ?"
    r"(?=[+(]?[0-9][0-9 ().\-]{5,}[0-9])"
)


def _extension(m: re.Match[str]) -> str:
    if not _CALLING_BEFORE.search(m.string, max(0, m.start() - 16), m.start()):
        return m.group(0)
    return f"extension {m['n']}"


def _short_year_date(m: re.Match[str]) -> str:
    text, start = m.string, m.start()
    if (
        _LIST_AFTER.match(text, m.end())
        or _LIST_BEFORE.search(text, max(0, start - 12), start)
        or _STATS_BEFORE.search(text, max(0, start - 30), start)
    ):
        return m.group(0)  # "10/20/40 mg", "sizes 10/12/14", "NPK 10/20/10": a list
    a, b, c = int(m["m"]), int(m["d"]), int(m["y"])
    # "12/24/36 months", "10/10/10 fertilizer", "5/10/20", "10/20/70": alike, evenly spaced,
    # doubling or in tens ("10/18/24" is a date)
    listed = b - a == c - b or (b == 2 * a and c == 2 * b) or a % 10 == b % 10 == c % 10 == 0
    zero = m["m"].startswith("0") or m["d"].startswith("0")
    if not (
        zero
        or _DATE_WORD_BEFORE.search(text, max(0, start - 12), start)
        or (len(m["m"] + m["d"]) == 4 and not listed)
    ):
        return m.group(0)  # "Windows 7/8/10", "Split 10/20/70": a list
    return _date(m)


def _cups(m: re.Match[str]) -> str:
    one = "/" in m["num"] and " " not in m["num"] or m["num"] == "1"
    return f"{m['num']} {'cup' if one else 'cups'}{m['of'] or ''} "


def _date(m: re.Match[str]) -> str:
    year = m["y"] if len(m["y"]) == 4 else f"{20 if int(m['y']) <= 40 else 19}{m['y']}"
    words = _date_words(int(m["m"]), int(m["d"]), year)
    return _padded(m, words) if words else m.group(0)


EVERYDAY_RULES: tuple[Rule, ...] = (
    regex_rule(_MONEY_DASH, lambda m: " to "),
    regex_rule(_SCALED_MONEY_DASH, lambda m: f"{m['left']} to "),
    regex_rule(_PERCENT_FRACTION, _percent_fraction),
    regex_rule(_PLUS_UNIT, lambda m: _padded(m, f"{m['num']}-plus {UNITS[m['unit']][1]}")),
    regex_rule(_MONTH_TO_MONTH, lambda m: f"{m['first']} to "),
    regex_rule(_CENTURY, lambda m: f"{m['ord']} century{'.' if m['stop'] is not None else ''}"),
    regex_rule(_ERA, _era),
    regex_rule(
        _ODDS, lambda m: m.group(0) if m["a"] == m["b"] else f"{m['before']}{m['a']} to {m['b']}"
    ),  # "50/50" stays "fifty-fifty"
    regex_rule(_PER_SEVERAL, lambda m: f"{m['n']} for "),
    regex_rule(_SECONDS, _seconds),
    regex_rule(_TEMPERATURE, _temperature),
    *KELVIN_RULES,  # "Absolute zero is -273.15 °C, or 0 K."
    regex_rule(_MAGNITUDE, lambda m: f"{m['an'][0] + ' ' if m['an'] else ''}magnitude {m['m']}"),
    regex_rule(_OFFSET, _offset),
    regex_rule(
        _MONDAY_TO_FRIDAY,
        lambda m: (
            f"{m['pre'] or ''}Monday to Friday{m['time'] or ''}"
            if m["pre"] or m["time"]
            else m.group(0)
        ),
    ),
    regex_rule(_OVERTIME, lambda m: f"{_OVERTIMES[m['n']]} overtime"),
    regex_rule(_DEFEATED, lambda m: f"{m['a']} defeated "),
    regex_rule(_DEFINITION, lambda m: "definition "),
    regex_rule(_CUPS, _cups),
    regex_rule(_SHORT_YEAR_DATE, _short_year_date),
    regex_rule(_DASHED_DATE, _date),
    regex_rule(_YEAR_FIRST_DATE, _date),
    regex_rule(_TOLL_FREE_PREFIX, lambda m: f"one {m['code']}"),
    regex_rule(_HEIGHT, lambda m: f"{m['before']}{m['ft']} foot {m['inch']}"),
    regex_rule(_HEIGHT_WEIGHT, _height_weight),
    regex_rule(_EXTENSION, _extension),
    regex_rule(
        _PHONE_LABEL, lambda m: f"{_PHONE_LABELS[m['label']]}{':' if m['mark'] == ':' else ''} "
    ),
    *LISTING_RULES,  # "3BR/2BA", "1.5:1", "an A-", "= 0.92 EUR", "18.x"
)
