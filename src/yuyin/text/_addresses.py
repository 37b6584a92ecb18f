"""Rewrite rules for web addresses and e-mail: spelled out before any number rule runs.

:data:`ADDRESS_RULES` are passes ``text -> text`` (see :mod:`yuyin.text._semiotic`), linear in
the text: an address pattern has no fast first character, so :func:`anchored_rule` finds a rare
one ("@", a known top-level domain) and walks back a bounded distance to the start.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from yuyin.text import _verbalize as v
from yuyin.text._openers import LONG_OPENERS
from yuyin.text._semiotic import _ALT, Rule, _padded, regex_rule
from yuyin.text._tables import (
    CAPITALIZED_WORDS,
    SPELLED_URL_PARTS,
    URL_SYMBOLS,
    WEB_DOMAINS,
    _word_set,
)

_URL_TRAILING = ".,;:!?)]}'\""  # sentence punctuation after an address is not part of it
_URL_PIECE = re.compile(r"[A-Za-z]+|[0-9]+|[^A-Za-z0-9]")
_VOWELS = frozenset("aeiouy")


def spell_address(address: str) -> str:
    """Read a URL or e-mail address: "www.cnn.com/a_b" -> "w w w dot c n n dot com slash a
    underscore b". Protocol names and vowel-less letter runs are spelled, digits read one by one."""
    words = []
    for piece in _URL_PIECE.findall(address.lower()):
        if piece.isalpha():
            spelled = piece in SPELLED_URL_PARTS or not _VOWELS.intersection(piece)
            words.append(" ".join(piece) if spelled else piece)
        elif piece.isdigit():
            words.append(v.digits(piece))
        elif piece in URL_SYMBOLS:
            words.append(URL_SYMBOLS[piece])
    return " ".join(words)


_WEB_SCHEME = re.compile(r"https?://(?=[A-Za-z0-9])", re.IGNORECASE)  # not read aloud


def _address(m: re.Match[str]) -> str:
    """An address spelled; "https://" before a host is left out, as a reader leaves it out
    ("https://www.nasa.gov/" -> "w w w dot nasa dot gov")."""
    address = m.group(0)
    core = address.rstrip(_URL_TRAILING)
    said = _WEB_SCHEME.sub("", core, count=1)
    said = said.rstrip("/") if said.count("/") == 1 and said.endswith("/") else said
    return _padded(m, spell_address(said)) + address[len(core) :]


def anchored_rule(
    anchor: re.Pattern[str],
    pattern: re.Pattern[str],
    max_back: int,
    continues_back: Callable[[str], bool],
    replace: Callable[[re.Match[str]], str],
) -> Rule:
    """A pass for patterns that have no fast first character but contain a rare one.

    Finds each ``anchor`` (fast: it starts with a literal), walks back at most ``max_back``
    characters while ``continues_back(char)`` to the candidate start, and tries ``pattern``
    there; a match that reaches past the anchor is replaced. A run longer than ``max_back``
    starts inside the run, where the pattern's leading lookbehind refuses it.
    """

    def apply(text: str) -> str:
        pieces, cursor = [], 0
        last, last_start = -1, -1  # the previous anchor and the start its walk reached
        for a in anchor.finditer(text):
            if a.start() < cursor:
                continue
            start, floor = a.start(), max(cursor, a.start() - max_back)
            # walk back no further than the previous anchor: from there on its walk holds
            # (".co.uk" * n had walked max_back characters at each anchor)
            stop = last if last > floor else floor
            while start > stop and continues_back(text[start - 1]):
                start -= 1
            if start == stop == last:
                start = max(last_start, floor)
            last, last_start = a.start(), start
            m = pattern.match(text, start)
            if m is None or m.end() <= a.start():
                continue
            pieces += [text[cursor : m.start()], replace(m)]
            cursor = m.end()
        return "".join([*pieces, text[cursor:]])

    return apply


_MAX_LOCAL_PART = 64  # RFC 5321 limit on the part of an address before "@"
_MAX_DOMAIN = 8 * 64  # up to eight labels of up to 63 characters and their dots
_TLDS = _ALT(sorted(WEB_DOMAINS, key=len, reverse=True))
_EMAIL = re.compile(
    r"(?<![\w.+\-])[\w.+\-]{1,64}@[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63}){1,8}(?![\w\-])"
)
_URL = re.compile(
    r"[hfsw](?<![\w@./\-][hfsw])(?:(?<=h)ttps?://|(?<=f)tps?://|(?<=s)ftp://|(?<=w)ww\.)"
    r"[^\s<>\"]+"
)
_DOMAIN = re.compile(
    rf"(?<![\w@./\-])(?:[A-Za-z0-9\-]{{1,63}}\.){{1,8}}(?:{_TLDS})(?![\w\-])(?:/[^\s<>\"]*)?"
)
_DOMAIN_ANCHOR = re.compile(rf"\.(?:{_TLDS})(?![\w\-])")


def _in_local_part(c: str) -> bool:
    return c.isalnum() or c in "_.+-"


def _in_domain(c: str) -> bool:
    return c.isascii() and (c.isalnum() or c in ".-")


ADDRESS_RULES: tuple[Rule, ...] = (
    anchored_rule(re.compile("@"), _EMAIL, _MAX_LOCAL_PART, _in_local_part, _address),
    regex_rule(_URL, _address),
    anchored_rule(_DOMAIN_ANCHOR, _DOMAIN, _MAX_DOMAIN, _in_domain, _address),
)


# US states as newspapers abbreviate them (AP style) -> their names; read only where a state
# stands: after a comma ("Sacramento, Calif."), a party's hyphen ("R-Calif.") or a bracket
STATES: dict[str, str] = {
    "Ala": "Alabama", "Ariz": "Arizona", "Ark": "Arkansas", "Calif": "California",
    "Colo": "Colorado", "Conn": "Connecticut", "Del": "Delaware", "Fla": "Florida",
    "Ga": "Georgia", "Ill": "Illinois", "Ind": "Indiana", "Kan": "Kansas", "Kans": "Kansas",
    "Ky": "Kentucky", "La": "Louisiana", "Md": "Maryland", "Mass": "Massachusetts",
    "Mich": "Michigan", "Minn": "Minnesota", "Miss": "Mississippi", "Mo": "Missouri",
    "Mont": "Montana", "Neb": "Nebraska", "Nev": "Nevada", "N.H": "New Hampshire",
    "N.J": "New Jersey", "N.M": "New Mexico", "N.Y": "New York", "N.C": "North Carolina",
    "N.D": "North Dakota", "Okla": "Oklahoma", "Ore": "Oregon", "Pa": "Pennsylvania",
    "R.I": "Rhode Island", "S.C": "South Carolina", "S.D": "South Dakota", "Tenn": "Tennessee",
    "Tex": "Texas", "Vt": "Vermont", "Va": "Virginia", "Wash": "Washington",
    "W.Va": "West Virginia", "Wis": "Wisconsin", "Wyo": "Wyoming",
}  # fmt: skip
_STATE = re.compile(
    r"(?:(?<=, )|(?<=[(-]))(?P<state>"
    + _ALT(re.escape(k) for k in sorted(STATES, key=len, reverse=True))
    + r")\.(?![A-Za-z])(?<!\([NS]\.D\.(?= [A-Z]))"  # "(N.D. Cal.)": a court
    r"(?P<end>(?=\s+[A-Z\"']|\s*$))?"
)


def _state(m: re.Match[str]) -> str:
    """ "Sacramento, Calif." -> "Sacramento, California", "(R-Calif.)"; the dot stays only
    where it may end a sentence (a capital or the end follows)."""
    return STATES[m["state"]] + ("." if m["end"] is not None else "")


# postal codes, read as the state only after a party's letter ("(D-NY)")
POSTAL_CODES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa",
    "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire",
    "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}  # fmt: skip
PARTIES = {"R": "Republican", "D": "Democrat", "I": "Independent"}
_STATE_NAMES = sorted({*STATES.values(), *POSTAL_CODES.values()}, key=len, reverse=True)
_PARTY = re.compile(
    r"(?:(?<=\()|(?<=, ))(?P<party>[RDI])-(?P<state>"
    + _ALT(re.escape(k) for k in [*_STATE_NAMES, *POSTAL_CODES])
    + r")(?=[),])"
)


def _party(m: re.Match[str]) -> str:
    """ "(R-California)" -> "(Republican of California)", "(D-NY)", ", I-Vt.," as a newsreader
    says a member of Congress's party and state (after :func:`_state` named the state)."""
    return f"{PARTIES[m['party']]} of {POSTAL_CODES.get(m['state'], m['state'])}"


# a postal code after a city and its comma, before a pause or the end, is the state's name:
# "Austin, TX, to Portland, OR." -> "Austin, Texas, to Portland, Oregon." (before a ZIP code it
# is spelled, as the first audit asks: "Austin, T X 78701", :mod:`yuyin.text._ranges`); the
# city a capitalized word after "in", "from", "to" ... (a place), not one that opens a sentence
# or answers ("Thanks, OK.", "Fine, OK."; "Yes, OR no" goes on), nor a list's item; not the
# codes that are also a degree or a title after a name ("Jane Doe, MD, said", "John Smith,
# MA,", "PA", "MS", "ND")
_POSTAL_STATE = re.compile(
    r"(?<=[a-z], )(?P<code>" + _ALT(sorted(POSTAL_CODES)) + r")(?=[,;:)]|\.(?:\s|\Z)|\s*\Z)"
)
_CITY_BEFORE = re.compile(  # "Austin, ", "Salt Lake City, " (a word of the list after a name)
    r"(?<![\w'\-])(?P<name>[A-Z][A-Za-z'\-]* )?(?P<city>[A-Z][A-Za-z'\-]*[a-z]), \Z"
)
_CITY_LOOK = 40  # characters looked at before the comma for the city's last word
_NOT_POSTAL_STATES = frozenset({"MD", "MA", "MS", "PA", "ND", "LA"})  # degrees and titles too;
# "LA" is more often Los Angeles ("Echo Park, LA")
# a place is named after these: "from Austin, TX", "in Salt Lake City, UT" (not "Look, Jake, OK",
# "Sincerely, ME.", "X-ray, CT, and MRI": a name spoken to, a signature, a list)
_PLACE_CUE = re.compile(
    r"\b(?:in|to|from|near|of|at|outside|into|toward|towards|across|around|via|based|born"
    r"|headquartered|visiting|visited)\s(?:[A-Z][\w'\-]*\s){0,2}\Z"
)
_LIST_AFTER = re.compile(r",\s(?:and|or)\b")  # "Mexico, CA, and the UK": an item of a list
_NOT_CITIES = (
    CAPITALIZED_WORDS
    | LONG_OPENERS
    | _word_set(
        """
        THANKS THANK HELLO HEY OKAY ALRIGHT RIGHT SORRY YEAH YEP NOPE WOW GREAT PERFECT EXACTLY
        AGREED CHEERS BYE GOODBYE WELCOME CONGRATS ANYWAY ANYWAYS HONESTLY SERIOUSLY
        """
    )
)


def _postal_state(m: re.Match[str]) -> str:
    """ "Austin, TX," -> "Austin, Texas," (the comments above); else as written."""
    city = _CITY_BEFORE.search(m.string, max(0, m.start() - _CITY_LOOK), m.start())
    code = m["code"]
    if city is None or code in _NOT_POSTAL_STATES:
        return code
    if city["city"].upper() in _NOT_CITIES and not city["name"]:  # "Thanks, OK."
        return code
    if not _PLACE_CUE.search(m.string, max(0, city.start() - _CITY_LOOK), city.start()):
        return code
    if _LIST_AFTER.match(m.string, m.end()):
        return code
    return POSTAL_CODES[code]


# two postal codes or more in a list after a word of place are states: "a resident of CA, OR,
# or WA", "ship to CA, NV, and AZ", "offices in NY and NJ" (a code alone stays spelled: "in
# CA"); every item a code ("levels of CA and MG", "CO, NO, and SO2" are none; "OR" between two
# is the conjunction: "in CA OR WA"), the list before a pause, the end or a lowercase word ("in
# NY and NJ Transit" is a name), and not only codes that are degrees or titles too ("degrees in
# MA and MS", "in PA and MD programs")
_CODE = rf"(?:{_ALT(sorted(POSTAL_CODES))})(?![\w'\-])"
_STATE_LIST = re.compile(
    r"(?<![\w'])(?:of|in|from|to|across|between|including|like|as) "
    rf"(?P<list>{_CODE}(?:(?:, (?:and |or )?| and | or ){_CODE})+)(?=[,.;:!?)]|\s*\Z| [a-z])"
)
_LIST_CODE = re.compile(_CODE)


def _state_list(m: re.Match[str]) -> str:
    """ "CA, OR, or WA" -> "California, Oregon, or Washington" (the comment above)."""
    codes = _LIST_CODE.findall(m["list"])
    if all(code in _NOT_POSTAL_STATES for code in codes):
        return m.group(0)
    said = _LIST_CODE.sub(lambda c: POSTAL_CODES[c.group(0)], m["list"])
    return m.group(0)[: m.start("list") - m.start()] + said


STATE_RULES: tuple[Rule, ...] = (
    regex_rule(_STATE, _state),
    regex_rule(_PARTY, _party),
    regex_rule(_STATE_LIST, _state_list),
    regex_rule(_POSTAL_STATE, _postal_state),
)
