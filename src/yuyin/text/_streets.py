"""Street lines and compass points written with bare capitals.

* **street lines**: "1600 Pennsylvania Ave NW" -> "1600 Pennsylvania Avenue Northwest", "55 E
  52nd St" -> "55 East 52nd Street", "3400 N Lake Shore Dr" -> "3400 North Lake Shore Drive",
  "2500 NE 54th St": a house number, an optional direction, one to three capitalized words (or
  a numbered street) and a street type (its dot kept before a capital, a digit or the end);
  the house number is read later, in pairs (:mod:`yuyin.text._ranges`); not a British date
  ("On 3 March Dr. Jones"), "Dr. Who", "Ave Maria"; a state's school before its team, a rank or
  a score is "State" ("No. 6 Kansas St. Wildcats", "Ohio St. 38"), and so is one at a clause's
  end in a sentence of college sports ("a linebacker out of Ohio St."; "He lives on Ohio St." is
  a street); "2400 Finished Sq Ft" -> "square feet";
* **a compass letter with its dot** before a street, with or without a house number: "and W.
  42nd St." -> "and West 42nd St.", "on N. Michigan Ave." (not a middle initial after a name:
  "George W. Bush Blvd.");
* **winds and bearings**: "Winds NW at 10 mph" -> "winds northwest", "from the SSE", "moving N",
  "a SW wind", "10 miles ESE of Tulsa" (not "N W" letters): only after a word of wind or
  movement, before "wind(s)" or "of" and a place; a lone letter after "from the", "toward",
  "shifting to" only in a sentence about the wind ("from the E to the A chord", "Transfer from
  the N to the R" are letters) and not before a key's, a line's or a place's word ("E minor",
  "the W Hotel");
* **freeways** by their numbers, in pairs: "Traffic on the 405 is insane" -> "on the four oh
  five", "Take the 101 north", "the 110 freeway" (not "the 405 passengers", "of the 405 votes").
"""

from __future__ import annotations

import re

from yuyin.text._addresses import POSTAL_CODES
from yuyin.text._openers import opens_sentence, sentence_around
from yuyin.text._ranges import in_pairs
from yuyin.text._semiotic import Rule, _padded, regex_rule

__all__ = ["STREET_RULES"]

_DIRECTIONS = {
    "N": "North", "S": "South", "E": "East", "W": "West",
    "NE": "Northeast", "NW": "Northwest", "SE": "Southeast", "SW": "Southwest",
}  # fmt: skip
_STREET_TYPES = {
    "St": "Street", "Ave": "Avenue", "Av": "Avenue", "Blvd": "Boulevard", "Rd": "Road",
    "Ln": "Lane", "Dr": "Drive", "Ct": "Court", "Pl": "Place", "Pkwy": "Parkway",
    "Hwy": "Highway", "Ter": "Terrace", "Cir": "Circle", "Sq": "Square",
}  # fmt: skip
_STREET = re.compile(
    r"(?P<num>[1-9](?<![\w.,\-/$#][1-9])[0-9]{0,4}[A-Z]?) (?:(?P<dir>[NS][EW]|[NSEW])\.? )?"
    r"(?P<name>(?:[A-Z][a-z]+|[0-9]{1,3}(?:st|nd|rd|th))(?: [A-Z][a-z]+){0,2}) "
    rf"(?P<type>{'|'.join(_STREET_TYPES)})(?P<dot>\.)?(?![\w.])"
    r"(?: (?P<quad>[NS][EW]|[NSEW](?=[.,;:)]|\Z))(?P<qdot>\.(?= [a-z]))?)?(?![\w])"
)
# "Mount St. Helens", "Boulevard St Germain", "Fort St. John": a saint after these
_SAINT_PLACES = frozenset(
    {"Mount", "Mt", "Fort", "Ft", "Lake", "Port", "Pope", "Rue", "Boulevard", "Cape", "Point",
     "Old", "Isle", "Sault", "Glen"}
)  # fmt: skip
_NAME_NEXT = re.compile(r" (?P<word>[A-Z][a-z]+)(?: (?P<next>\w+))?")
# saints' names after "St." ("5 Guys St. Louis store", "Take 2 Advil St John's wort")
_SAINTS = frozenset(
    {"Louis", "John", "John's", "Paul", "Paul's", "Mary", "Mary's", "Peter", "Patrick", "George",
     "James", "Andrew", "Anne", "Helens", "Clair", "Lucie", "Lucia", "Petersburg", "Augustine",
     "Charles", "Joseph", "Martin", "Thomas", "Vincent", "Lawrence", "Michael", "Francis", "Kitts",
     "Tropez", "Moritz", "Albans", "Ives", "Croix", "Denis", "Germain", "Pancras", "Jude",
     "Barts", "Barths", "Maarten", "Kilda", "David", "David's", "Valentine's", "Stephen's",
     "Nicholas", "Nick", "Agnes", "Anthony", "Anthony's", "Patrick's", "Andrews", "Jude's"}
)  # fmt: skip
# "No. 6 Kansas St. Wildcats", "12 Ohio St. 38": a state university, its rank or score beside it
_STATE_SCHOOLS = frozenset(
    {*POSTAL_CODES.values(), "Penn", "Boise", "Fresno", "San Diego", "San Jose", "Ball",
     "Wichita", "Kent", "Portland", "Sacramento", "Weber", "Murray", "Morehead", "Youngstown",
     "Cleveland", "Wright", "Jacksonville", "Norfolk", "Alcorn", "Appalachian", "Mississippi"}
)  # fmt: skip
_MONTHS = frozenset(
    {"January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"}
)  # fmt: skip
# a year before: "In 2014 Beats Dr. Dre", "In 1966 Star Trek Dr. McCoy" (not "from 12 Elm St")
_YEAR_BEFORE = re.compile(r"(?<![\w])(?:[Ii]n|[Bb]y|[Ss]ince|[Uu]ntil|[Ff]rom|[Oo]f) \Z")
_YEAR = re.compile(r"1[0-9]{3}|20[0-9]{2}")

_STOP_AFTER = re.compile(r"\s*\Z|\s+[A-Z0-9\"']")
# a team's name after a school ("Kansas St. Wildcats", "Penn St. Nittany Lions"), not a city or a
# suite ("1 Washington St Suite 400", "10 Ohio St Boston")
_TEAM_AFTER = re.compile(
    r" (?!(?:Kansas|Texas|Illinois|Arkansas|Massachusetts|Des|Los|Las|St)\b)(?:[A-Z][a-z]+ )?"
    r"[A-Z][a-z]+s\b(?! [A-Z])"
)
_RANK_BEFORE = re.compile(r"(?:No\.|Number|#) ?\Z")
_SCORE_AFTER = re.compile(r" [0-9]{1,3}(?![\w]|\.[0-9])")
# square feet written with capitals after a number and up to two words ("2400 Finished Sq Ft")
_SQUARE_FEET = re.compile(r"(?<![\w])(?:Sq|SQ)\.? ?(?:Ft|FT)(?P<dot>\.)?(?![\w])")
_NUMBER_BEFORE = re.compile(r"[0-9](?: [A-Z][a-z]+){0,2} \Z")


def _square_feet(m: re.Match[str]) -> str:
    if not _NUMBER_BEFORE.search(m.string, max(0, m.start() - 32), m.start()):
        return m.group(0)
    stop = "." if m["dot"] and _STOP_AFTER.match(m.string, m.end()) else ""
    return "square feet" + stop


_POINTS = {
    "N": "north", "NNE": "north-northeast", "NE": "northeast", "ENE": "east-northeast",
    "E": "east", "ESE": "east-southeast", "SE": "southeast", "SSE": "south-southeast",
    "S": "south", "SSW": "south-southwest", "SW": "southwest", "WSW": "west-southwest",
    "W": "west", "WNW": "west-northwest", "NW": "northwest", "NNW": "north-northwest",
}  # fmt: skip
_POINT = "|".join(sorted(_POINTS, key=len, reverse=True))
_WIND_LEAD = re.compile(
    r"(?i:winds?|gusts?|breezes?|blowing|moving|heading|headed|traveling|travelling|driving"
    r"|fleeing|drifting|turning|turns|turned) \Z"
)
_WIND_WORDS = re.compile(
    r"\b(?i:winds?|breezes?|gusts?|blowing|blew|storms?|hurricane|mph|knots|kts|swells?"
    r"|currents?|front|weather|drift|drifting)\b"
)
# a letter of a list or a word: "Moving S to the end of the list", "Turning N into a word"
_LETTER_WORDS = re.compile(
    r"\b(?:lists?|strings?|words?|letters?|arrays?|columns?|rows?|cells?|characters?|queues?"
    r"|stacks?|index|slots?|alphabet|spelling|sorted|sort)\b"
)
_NOT_POINT_AFTER = re.compile(
    r" (?:minor|major|flat|sharp|string|chord|key|note|train|line|shuttle|express|local|dock"
    r"|pier|wing|terminal|gate|block|hotel|village|side)\b"
    r"|[ .](?=(?!(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Satur|Sun)(?:day)?\b)[A-Z][a-z]*\b)"
)
_BEARING = re.compile(
    r"(?P<before>(?<![\w])(?:[Ww]inds?|[Gg]usts?|[Bb]reezes?|[Ff]rom the|[Mm]oving|[Hh]eading"
    r"|[Bb]lowing|[Tt]urning|[Tt]oward|[Tt]owards|[Ss]hifting to|[Bb]ecoming) )"
    rf"(?P<point>{_POINT})(?![\w&'\-]|\.\w)"
)
# a point before a wind ("An NW wind" -> "A northwest wind"), or one of two letters at least
# before "of" and a place, or after a distance ("SE of Tulsa", "10 miles E of Tulsa"; not
# "Schedule E of Form 1040")
_POINT_BEFORE = re.compile(
    rf"(?P<an>(?<![\w])[Aa]n )?(?P<point>(?<![\w&'\-.])(?:{_POINT}))"
    r"(?= (?:winds?|breezes?|swells?|gusts?)\b| of [A-Z][a-z])"
)
_DISTANCE_BEFORE = re.compile(
    r"[0-9] ?(?:mi|miles?|km|kilometers?|nm|nautical miles) \Z"
    r"|\b(?i:snow|rain|showers|storms?|winds?|front|low|high|cold|warm|clouds|fog|is|are|lies|lie)"
    r"(?: [a-z]+)? \Z"
)


def _street(m: re.Match[str]) -> str:
    text = m.string
    name_next = _NAME_NEXT.match(text, m.end()) if m["quad"] is None else None
    first = m["name"].split(" ", 1)[0]
    if first in _MONTHS and m["dir"] is None and m["type"] in ("St", "Dr") and int(m["num"]) <= 31:
        return m.group(0)  # "On 1 March St David's Day", "On 3 March Dr. Jones": a date
    if (
        m["type"] == "St"
        and m["dir"] is None
        and m["quad"] is None
        and m["name"] in _STATE_SCHOOLS
        and (
            (name_next and _TEAM_AFTER.match(text, m.end()))
            or _SCORE_AFTER.match(text, m.end())
            or _RANK_BEFORE.search(text, max(0, m.start() - 8), m.start())
        )
    ):
        return f"{m['num']} {m['name']} State"  # "No. 6 Kansas St. Wildcats", "Ohio St. 38"
    if name_next and (
        (m["type"] == "Dr" and name_next["word"] == "Who")
        or (m["type"] == "Ave" and name_next["word"] == "Maria")
    ):
        return m.group(0)  # "The 10 Best Dr. Who episodes", "2 Schubert Ave Maria settings"
    if (
        name_next
        and m["type"] == "St"
        and (m["name"].rsplit(" ", 1)[-1] in _SAINT_PLACES or name_next["word"] in _SAINTS)
    ):
        return m.group(0)  # "Mount St. Helens", "5 Guys St. Louis store": Saint
    if (
        name_next
        and m["type"] == "Dr"
        and not opens_sentence(name_next["word"], name_next["next"] or "")
    ):
        return m.group(0)  # "Marvel Dr. Strange", "Care Dr. Lee": Doctor ("Oak Dr. Her ...")
    if (
        name_next
        and _YEAR.fullmatch(m["num"])
        and _YEAR_BEFORE.search(text, max(0, m.start() - 6), m.start())
    ):
        return m.group(0)  # "In 2014 Beats Dr. Dre": a year and a doctor
    said = [m["num"], _DIRECTIONS.get(m["dir"] or "", ""), m["name"], _STREET_TYPES[m["type"]]]
    if m["quad"]:
        said.append(_DIRECTIONS[m["quad"]])
    # the type's dot stays where it may end the sentence ("... Lake Shore Dr. 2500 NE ...")
    stop = "." if m["dot"] and _STOP_AFTER.match(m.string, m.end()) else ""
    return " ".join(w for w in said if w) + stop


# a compass letter with its dot before a street: after a house number ("350 W. 15th St."), or
# before a numbered or named street and its type ("and W. 42nd St.", "on N. Michigan Ave."); not
# after a capitalized word, where it is a middle initial ("George W. Bush Blvd.")
_TYPE_NAMES = "|".join([*_STREET_TYPES, *_STREET_TYPES.values()])
_COMPASS_LETTER = re.compile(
    r"(?P<d>[NSEW])(?<![\w.'][NSEW])\.(?=(?<=[0-9] [NSEW]\.) [0-9]{1,3}(?:st|nd|rd|th)\b"
    rf"| (?:[0-9]{{1,3}}(?:st|nd|rd|th)|[A-Z][a-z]+(?: [A-Z][a-z]+)?) (?:{_TYPE_NAMES})\b)"
)
_NAME_BEFORE = re.compile(r"[A-Z][\w'\-]*\.? \Z")


def _compass_letter(m: re.Match[str]) -> str:
    text, start = m.string, m.start()
    if not text[max(0, start - 2) : start].strip()[-1:].isdigit() and _NAME_BEFORE.search(
        text, max(0, start - 24), start
    ):
        return m.group(0)  # "George W. Bush Blvd.", "J. W. Main St.": an initial
    return _DIRECTIONS[m["d"]]


# a state's school without a number beside it, at a clause's end in a sentence of college
# sports ("a linebacker out of Ohio St.", "beat Kansas St., 24-10"): "State", not "Street"
_SCHOOL_ST = re.compile(
    rf"(?<![\w])(?P<name>{'|'.join(sorted(_STATE_SCHOOLS, key=len, reverse=True))}) St"
    r"(?P<dot>\.)?(?=[,;:)]|\.?\s*\Z|\. [A-Z])"
)
_COLLEGE_SPORTS = re.compile(
    r"\b(?:linebackers?|quarterbacks?|receivers?|running backs?|tight ends?|cornerbacks?"
    r"|safety|linemen|lineman|kickers?|punters?|guards?|forwards?|point guard|coach(?:es|ed)?"
    r"|recruits?|commit(?:s|ted)?|transfer(?:s|red)?|signee|prospects?|walk-on|drafted|draft"
    r"|football|basketball|baseball|NCAA|Big Ten|Big 12|bowl|beat|beats|defeated|upset"
    r"|vs\.?|versus|game|season|team|playoffs?|tournament|scholarship)\b"
)


# the words that lead to a school: a player comes "out of" it, a team beats or plays it ("lives
# on Ohio St., near the team's arena" is a street)
_SCHOOL_LEAD = re.compile(
    r"(?<![\w])(?:out of|from|beat|beats|defeated|downed|edged|over|vs\.?|versus|against|to"
    r"|for|with|and) \Z"
)


def _school_st(m: re.Match[str]) -> str:
    around = " ".join(sentence_around(m.string, m.start(), m.end()))
    lead = _SCHOOL_LEAD.search(m.string, max(0, m.start() - 12), m.start())
    if lead is None or not _COLLEGE_SPORTS.search(around):
        return m.group(0)  # "He lives on Ohio St.": a street
    stop = "." if m["dot"] and _STOP_AFTER.match(m.string, m.end()) else ""
    return f"{m['name']} State{stop}"


def _bearing(m: re.Match[str]) -> str:
    text, point = m.string, m["point"]
    if _NOT_POINT_AFTER.match(text, m.end()) and not _WIND_LEAD.match(m["before"]):
        return m.group(0)  # "Shifting to E minor", "from the W Hotel", "from the N dock"
    if len(point) == 1:
        # "from the E to the A chord", "Transfer from the N to the R": a lone letter is a point
        # only in a sentence about the wind, or after a word of going ("Heading S"), where it is
        # not a letter moved in a list or a word ("Moving S to the end of the list")
        around = " ".join(sentence_around(text, m.start(), m.end()))
        if not _WIND_WORDS.search(around) and (
            not _WIND_LEAD.match(m["before"]) or _LETTER_WORDS.search(around)
        ):
            return m.group(0)
    return m["before"] + _POINTS[point]


def _point_before(m: re.Match[str]) -> str:
    text, point = m.string, m["point"]
    if (
        text.startswith(" of", m.end())
        and len(point) == 1
        and not _DISTANCE_BEFORE.search(text, max(0, m.start() - 20), m.start())
    ):
        return m.group(0)
    article = f"{m['an'][0]} " if m["an"] and not point.startswith("E") else (m["an"] or "")
    return _padded(m, article + _POINTS[point])


# a freeway by its number after "the", as Californians name them, in pairs: "Traffic on the 405
# is insane" -> "the four oh five", "Take the 101 north", "the 110 freeway"; before a road's
# word, or after a word of driving ("on", "take", "took" ...) and before a pause or a word of
# the road or of a clause; not a count ("the 405 passengers", "of the 405 votes", "on the 405
# bills"), nor a round hundred ("ran the 400", "won gold on the 200")
_FREEWAY = re.compile(
    r"(?P<lead>(?<![\w'])(?:(?P<cue>on|onto|off|[Tt]ake|takes|took|taking|via|along|exit) )?"
    r"[Tt]he )(?P<num>[1-9](?:0[1-9]|[1-9][0-9]))(?![\w\-]|[.,][0-9])"
)
_ROAD_AFTER = re.compile(r" (?:freeway|fwy|highway|expressway)\b")
_DRIVE_AFTER = re.compile(
    r"[,.;:!?)]|\s*\Z| (?:(?P<verb>is|was|has|had|gets|got)|north|south|east|west|[nsew]\w+bound"
    r"|near|at|to|toward|towards|from|through|past|again|today|tonight|this|every|during"
    r"|because|rn|right now|until)\b"
)
# before a verb, only with a word of driving near: "Traffic on the 405 is insane", "on the 405
# is jammed" (not "Work on the 123 is done")
_TRAFFIC = re.compile(
    r"(?i:\b(?:traffic|drive|driving|drove|commute|commuting|lanes?|jammed|gridlock\w*|stuck"
    r"|crash|accident|exit|freeway|highway|congest\w*|backed up|closed|closure)\b)"
)
_TRAFFIC_LOOK = 40  # characters looked at on each side for a word of driving


def _freeway(m: re.Match[str]) -> str:
    """ "on the 405 is" -> "on the four oh five is" (comment above)."""
    text, start, end = m.string, m.start(), m.end()
    drive = _DRIVE_AFTER.match(text, end) if m["cue"] else None
    if drive and drive["verb"]:
        near = text[max(0, start - _TRAFFIC_LOOK) : end + _TRAFFIC_LOOK]
        drive = drive if _TRAFFIC.search(near) else None
    if _ROAD_AFTER.match(text, end) or drive:
        return m["lead"] + in_pairs(m["num"])
    return m.group(0)


STREET_RULES: tuple[Rule, ...] = (
    regex_rule(_FREEWAY, _freeway),
    regex_rule(_SQUARE_FEET, _square_feet),
    regex_rule(_STREET, _street),
    regex_rule(_COMPASS_LETTER, _compass_letter),
    regex_rule(_SCHOOL_ST, _school_st),
    regex_rule(_BEARING, _bearing),
    regex_rule(_POINT_BEFORE, _point_before),
)
