"""Rewrite rules for written forms made of letters and symbols: abbreviations, symbols and
acronyms (Roman numerals: :mod:`yuyin.text._roman`). Same contract as
:mod:`yuyin.text._semiotic`: passes ``text -> text`` in running order, each linear in the length
of the text.
"""

from __future__ import annotations

import re

from yuyin.text import _verbalize as v
from yuyin.text._acronym_context import ACRONYM_CONTEXT_RULES
from yuyin.text._formulas import FORMULA_RULES
from yuyin.text._semiotic import (
    _UNIT_NAMES,
    Rule,
    _left_is_word,
    _sentence_end_after,
    opener_follows,
    regex_rule,
)
from yuyin.text._tables import (
    ABBREVIATIONS,
    ACRONYM_WORDS,
    CAPITALIZED_WORDS,
    CLUB_ABBREVIATIONS,
    HASH_BEFORE_NUMBER,
    HASH_WORD,
    MONTH_FORMS,
    MONTHS,
    NAME_PART_ABBREVIATIONS,
    NUMBER_ABBREVIATIONS,
    PHRASE_ABBREVIATIONS,
    PLACE_ABBREVIATIONS,
    SILENT_SYMBOLS,
    SPECIAL_ACRONYMS,
    STREET_READINGS,
    STREET_SUFFIXES,
    SYMBOLS,
    TILDE_BEFORE_NUMBER,
    TITLES,
    TITLES_WITHOUT_DOT,
    US_OBJECT_NEXT,
    WORD_ABBREVIATIONS,
)

_ALT = "|".join

# --- abbreviations -------------------------------------------------------------------------


def _capitalized_like(original: str, words: str) -> str:
    return words[:1].upper() + words[1:] if original[:1].isupper() else words


def _phrase(m: re.Match[str]) -> str:
    if _left_is_word(m, "."):
        return m.group(0)
    abbreviation = m.group(0)
    return _capitalized_like(abbreviation, _PHRASE_FORMS[abbreviation])


def _number_abbreviation(m: re.Match[str]) -> str:
    if _left_is_word(m, "."):
        return m.group(0)
    name = m["name"]
    return _capitalized_like(name, _NUMBER_ABBREVIATION_FORMS[name]) + " "


def _abbreviation(m: re.Match[str]) -> str:
    """Titles read as titles before a capitalized word ("St. Louis" -> "Saint Louis") and as
    street types otherwise ("Main St." -> "Main Street"). A sentence-final abbreviation other
    than a title keeps its dot as the full stop."""
    name, dot = m["name"], m["dot"]
    if _left_is_word(m, ".'"):
        return m.group(0)
    before_name = m.string[m.end() : m.end() + 2][1:].isupper()
    if name == "Ft" and m.string[: m.start()].rstrip()[-1:].isdigit():  # "8 Ft. Folding Table"
        return "feet"
    if name == "Ft" and m.string[: m.start()].endswith("Sq. "):  # "The Sq. Ft. price"
        return m.group(0)
    if name in TITLES and (before_name or name not in STREET_READINGS):
        return TITLES[name] if dot or name in TITLES_WITHOUT_DOT else m.group(0)
    if not dot:
        return m.group(0)
    if name in STREET_SUFFIXES:
        if not _STREET_NAME_BEFORE.search(
            m.string, max(0, m.start() - 24), m.start()
        ) or m.string.startswith("'s", m.end()):
            return m.group(0)  # "S. Ct.", "the Ct. of Appeals", "See Pl.'s Mot.", "The Ln."
        return STREET_SUFFIXES[name] + ("." if opener_follows(m) else "")
    if name in WORD_ABBREVIATIONS and _sentence_end_after(m):
        return m.group(0)  # "He was hired as a temp."
    words = STREET_READINGS.get(name) or _ABBREVIATION_FORMS[name]
    ends = opener_follows(m) if name in NAME_PART_ABBREVIATIONS else _sentence_end_after(m)
    return words + ("." if ends else "")


def _initialism(m: re.Match[str]) -> str:
    """Dotted initialisms are spelled: "U.S.A." -> "U S A". The dot is kept as a full stop at
    the end of the text or before a common sentence opener ("in the U.S. The ..."), not before
    other capitalized words ("the U.S. Army")."""
    letters = " ".join(m.group(0).replace(".", ""))
    return letters + ("." if opener_follows(m) else "")


def _case_forms(table: dict[str, str]) -> dict[str, str]:
    """Each key as written, capitalized and in capitals -> its expansion."""
    return {
        form: words
        for key, words in table.items()
        for form in (key, key[:1].upper() + key[1:], key.upper(), key.lower())
    }


def _longest_first(words: object) -> str:
    return _ALT(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[arg-type]


_PHRASE_FORMS = _case_forms(PHRASE_ABBREVIATIONS)
_NUMBER_ABBREVIATION_FORMS = _case_forms(NUMBER_ABBREVIATIONS)
_PHRASE = re.compile(rf"(?:{_longest_first(_PHRASE_FORMS)})(?!\w)")
# a Roman numeral after "Vol.", "Ch.", "Art.", "Sec.", "Para." ("Art. I, § 8", "Vol. X is out";
# a lone "I" not before a lowercase word: "Art. I think"); after the others two letters at least
# ("No. III"; not "No. I don't")
_ROMAN_AFTER = (
    r"(?:(?<=Vol\. )|(?<=Ch\. )|(?<=Art\. )|(?<=Arts\. )|(?<=Sec\. )|(?<=Para\. )|(?<=Chap\. )"
    r"|(?<=Bk\. ))(?:I(?![\w'\-]| (?!of )[a-z])|[VXL](?![\w'\-]))|[IVXL]{2,}(?![\w'\-])"
)
# ... and "No." before a code of capitals and digits ("Model No. KX-4590B"), and a number in
# brackets ("Eq. (5)" -> "Equation (5)", "Figs. (2)")
# a number in brackets after these only ("Eq. (5)"; not "No. (1) It leaks", a list's item,
# nor "I love art. (2) Music"), and not before a capitalized word
_BRACKETED = (
    "(?:"
    + "|".join(
        rf"(?<={w}\. )|(?<={w}\.)" for w in ("Eq", "Eqs", "Fig", "Figs", "Vol", "Ch", "Sec", "Para")
    )
    + r")\([0-9]{1,3}[a-z]?\)(?! [A-Z])"
)
_NUMBER_ABBREVIATION = re.compile(
    rf"(?P<name>{_longest_first(_NUMBER_ABBREVIATION_FORMS)})\. ?"
    rf"(?=[0-9#]|{_ROMAN_AFTER}|(?<=No\. )[A-Z]{{1,3}}-?[0-9]|{_BRACKETED})"
)
# "Rm 204", "Hwy. 101": a numbered place's word before its number
_PLACE_NUMBER = re.compile(rf"(?<![\w.])(?P<name>{_ALT(PLACE_ABBREVIATIONS)})\.? (?=[0-9])")
# "Man Utd", "Leeds Utd.": a club's abbreviation after the place's name
_CLUB = re.compile(rf"(?<=[a-z] )(?P<name>{_ALT(CLUB_ABBREVIATIONS)})(?![\w])")
_CLUB_PLACE_BEFORE = re.compile(r"(?<![\w.])[A-Z][a-z]+ \Z")
# the lowercase ones capitalized too, as at a sentence's start ("Approx. 3 in 4 ...")
_ABBREVIATION_FORMS = {
    **ABBREVIATIONS,
    **{k.capitalize(): w.capitalize() for k, w in ABBREVIATIONS.items() if k.islower()},
}
# a street's name before its type: a capitalized word or an ordinal ("James Pl.", "42nd Pl.")
# (the ordinal said by now: "forty-second"), a saint's possessive ("St. Mark's Pl.": this pass
# reads "St." too, so it is still written)
_STREET_NAME_BEFORE = re.compile(
    r"(?<![\w.])(?:(?:Saint|St\.?) [A-Z][a-z]+'s"
    r"|(?!(?:See|The|An?|Cf|In|On|At|To|For|From|By|With|Of|And|Or|But|This|That|These|Those"
    r"|Its|His|Her|Our|Their|My|Your|Also|Compare|Id|Ibid|Per|Under|Contra) )"
    r"[A-Z][a-z]+|(?:[a-z]+-)?(?:first|second|third|fourth|fifth|sixth|seventh"
    r"|eighth|ninth|tenth|eleventh|twelfth|[a-z]+teenth|[a-z]+tieth|hundredth)) \Z"
)
_ABBREVIATION = re.compile(
    rf"(?P<name>{_longest_first({*TITLES, *_ABBREVIATION_FORMS, *STREET_SUFFIXES})})"
    r"(?:(?P<dot>\.)|(?= [A-Z]))(?![A-Za-z])"
)
_INITIALISM = re.compile(r"[A-Za-z](?<![\w.][A-Za-z])\.(?:[A-Za-z]\.){1,9}(?![A-Za-z0-9])")

# --- symbols -------------------------------------------------------------------------------


def _symbol(m: re.Match[str]) -> str:
    symbol = m.group(0)
    if symbol == "#":
        return f" {HASH_WORD} "
    return f" {SYMBOLS[symbol]} " if symbol in SYMBOLS else " "


def _symbol_before_number(m: re.Match[str]) -> str:
    """ "#1" -> "number 1", "~5" -> "about 5" (before the digits become words); after an
    article "roughly": "a ~5 km walk" -> "a roughly five-kilometer walk"."""
    if m.group(0) == "#":
        return f" {HASH_BEFORE_NUMBER} "
    after_article = _ARTICLE_BEFORE.search(m.string, max(0, m.start() - 5), m.start())
    if after_article is None:
        return f" {TILDE_BEFORE_NUMBER} "
    return " approximately " if after_article.group(0).startswith(("an", "An")) else " roughly "


# "#5", "~5", "~$5" (the amount is read before the symbols are)
_ARTICLE_BEFORE = re.compile(r"(?<![\w'])(?:[Aa]n?|[Tt]he) \Z")
_SYMBOL_BEFORE_NUMBER = re.compile(r"#(?=[0-9])|~(?=[0-9]|[$\u00a3\u20ac\u00a5][0-9])")


_HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,200}>")
_SYMBOL = re.compile(f"[{re.escape(''.join(SYMBOLS) + SILENT_SYMBOLS + '#~')}]")

# --- acronyms ------------------------------------------------------------------------------


def _acronym(m: re.Match[str]) -> str:
    """All-caps tokens of 2-4 letters are spelled ("FBI" -> "F B I", "CDs" -> "C D's": a plural
    "s" after a spelled letter is written "'s", as "R B Is" was read "R B is") unless
    they are read as words (ACRONYM_WORDS: "NASA"), are common words written in capitals, or
    stand in a run of all-caps words with one that is plainly a word ("IF YOU LOOK DOWN":
    shouted text; "UPDATE: FED CUTS RATES": a headline; :func:`_in_caps_run`)."""
    token, suffix = m["token"], m["suffix"] or ""
    if token in SPECIAL_ACRONYMS and not suffix:
        return SPECIAL_ACRONYMS[token]
    if token in ACRONYM_WORDS or token in CAPITALIZED_WORDS or _in_caps_run(m):
        return m.group(0)
    return " ".join(token) + ("'s" if suffix == "s" else suffix)


_CAPS_WORD = re.compile(r"[A-Z]{2,}(?:['\-][A-Z]+)*")  # "STOCKS", "NASA'S", "ALL-TIME"
_CAPS_LOOK = 40  # characters looked at on each side (a caps word beyond is no neighbour)
_SHOUTED_MIN = 3  # a neighbour that shows shouting: a common word this long ("YOU", not "US")...
_WORDY_MIN = 5  # ... or any all-caps word this long (acronyms are shorter)
_RUN_END = ",.;:!?)]\"'"  # a mark after a caps word that ends the run there ("FBI, CIA")


def _shouted(word: str) -> bool:
    """Whether an all-caps neighbour shows the text is shouted, not a list of acronyms."""
    return len(word) >= _WORDY_MIN or (len(word) >= _SHOUTED_MIN and word in CAPITALIZED_WORDS)


def _caps_run(m: re.Match[str]) -> tuple[list[str], list[str]]:
    """The all-caps words around the token, each side within :data:`_CAPS_LOOK` characters:
    (words of the run before and after it, words of a label that opens it). The run is the
    words joined by single spaces; a comma or other mark after a word ends it ("FBI, CIA"), a
    colon before it makes the words before the colon its label ("UPDATE: FED CUTS RATES")."""
    text, start, end = m.string, m.start(), m.end()
    body: list[str] = []
    label: list[str] = []
    if text[start - 1 : start] == " ":
        first = max(0, start - _CAPS_LOOK)
        words = text[first : start - 1].split(" ")
        if first > 0 and text[first - 1] != " ":
            words = words[1:]  # cut inside a word: not looked at
        side = body
        for word in reversed(words):
            if side is body and word.endswith(":") and _CAPS_WORD.fullmatch(word[:-1]):
                side = label
                word = word[:-1]
            if not _CAPS_WORD.fullmatch(word):
                break
            side.append(word)
    if text[end : end + 1] == " ":
        last = min(len(text), end + 1 + _CAPS_LOOK)
        words = text[end + 1 : last].split(" ")
        if last < len(text) and text[last] != " ":
            words = words[:-1]
        for word in words:
            core = word.rstrip(_RUN_END)
            if not _CAPS_WORD.fullmatch(core):
                break
            body.append(core)
            if core != word:
                break
    return body, label


def _in_caps_run(m: re.Match[str]) -> bool:
    """Whether the token stands in a run of all-caps words with one that is plainly a word ("IF
    YOU LOOK", "COMING DOWN", "FED CUTS RATES"), or follows a shouted label with another caps
    word ("MARKETS: DOW UP"): a headline, whose words the G2P reads. Acronyms side by side
    ("BBC TV", "the US GDP") and after a label alone ("NOTE: IBM said") are still spelled."""
    body, label = _caps_run(m)
    return any(_shouted(w) for w in body) or bool(body and any(_shouted(w) for w in label))


_ACRONYM = re.compile(r"(?P<token>[A-Z](?<![\w'][A-Z])[A-Z]{1,3})(?P<suffix>'s|s)?(?![\w'])")


# a mixed-case code with a number said letter by letter, from a table of the medical, network and
# chemical ones ("HbA1c" -> "H b A 1 c", "SpO2" -> "S p O 2", "IPv6", "Fe2O3"); every other
# mixed-case token is a name and stays as written ("LLaMA2", "YOLOv8", "WiFi6", "MySQL8")
_MIXED_CODES = frozenset(
    {"HbA1c", "SpO2", "SaO2", "PaO2", "PaCO2", "FiO2", "EtCO2", "ScvO2", "SvO2"}
    | {"IPv4", "IPv6", "CoQ10", "Fe2O3", "CO2e"}
)
_MIXED_CODE = re.compile(r"[A-Z](?<![\w'\-.][A-Z])[A-Za-z0-9]{2,10}(?![\w'])")
_MIXED_CODE_PART = re.compile(r"[0-9]+|[A-Za-z]")


def _mixed_code(m: re.Match[str]) -> str:
    token = m.group(0)
    if token not in _MIXED_CODES:
        return token
    return " ".join(_MIXED_CODE_PART.findall(token))


# "US" in capitals inside mixed-case text is the country, its letters said, after "the" ("in the
# US") or before a noun or a name ("US officials", "a US firm", "US and China"); the pronoun before
# a function word, a pause or the end ("Send US a message", "Trust US, it works", "About US"), and
# among shouted words ("Please HELP US find him"); not "US$"
_COUNTRY_US = re.compile(r"U(?<![\w'$\-]U)S(?![\w'$])")
_THE_BEFORE = re.compile(r"(?<![\w])(?i:the) \Z")
_LET_BEFORE = re.compile(r"(?<![\w])(?i:let) \Z")  # "Let US know": the pronoun always
_OBJECT_NEXT = re.compile(rf"[^\w ]|\Z| (?i:{_ALT(US_OBJECT_NEXT)})\b(?! [A-Z])")


def _country_us(m: re.Match[str]) -> str:
    text, start = m.string, m.start()
    if _in_caps_run(m) or _LET_BEFORE.search(text, max(0, start - 4), start):
        return m.group(0)
    if _THE_BEFORE.search(text, max(0, start - 4), start):
        return "U S"
    return m.group(0) if _OBJECT_NEXT.match(text, m.end()) else "U S"


COUNTRY_US_RULES: tuple[Rule, ...] = (regex_rule(_COUNTRY_US, _country_us),)

# phrases, "No. 5" and "#5" run before digits become words; the others after the numeric rules, so
# that "5 a.m." is still a time when they run
# a power written with a caret, as it is said: "x^2" -> "x squared", "10^6" -> "10 to the
# sixth", "10^-6" -> "10 to the minus 6", "e^x" -> "e to the x", TeX's "10^{-3}"
_POWER = re.compile(
    r"\^(?P<open>\{)?(?P<sign>[\-\u2212+]?)"
    r"(?P<exp>[0-9]{1,3}(?![0-9])|[A-Za-z](?![A-Za-z0-9]))(?(open)\})"
    r"(?P<dash>[\-\u2013\u2212](?=[0-9]))?"  # "10^6-10^9": a range; "2^8-1": a difference
)
_POWER_NEXT = re.compile(r"[0-9]+\^")


# a letter exponent needs a base: a digit, a bracket or a lone letter ("e^x", "2^n", "(a+b)^n");
# "^C" (a control key), "Smith^a" (a footnote), "^o^" keep the silent caret
_LETTER_BASE = re.compile(r"(?:[0-9)\]}]|(?<![A-Za-z])[A-Za-z])\Z")


_UNIT_AFTER = re.compile(rf" ?(?:{_UNIT_NAMES})(?![\w\u00b0])")


def _power(m: re.Match[str]) -> str:
    if m["exp"].isalpha() and not _LETTER_BASE.search(m.string, max(0, m.start() - 1), m.start()):
        return m.group(0)
    said = _said_power(m["exp"], m["sign"] not in ("", "+"), m.string, m.end())
    if m["dash"]:
        said += " to " if _POWER_NEXT.match(m.string, m.end()) else " minus "
    elif m.string[m.end() : m.end() + 1].isalnum():
        said += " "  # "a^2b^2" -> "a squared b squared"
    return said


def _said_power(exp: str, minus: bool, text: str, end: int) -> str:
    if exp.isalpha():  # "e to the x", "e to the minus x"
        return f" to the {'minus ' if minus else ''}{exp}"
    if minus:  # "ten to the minus six"
        return f" to the minus {exp}"
    if _UNIT_AFTER.match(text, end):  # "10^8 m/s", "10^3 kg": the unit is read after a number
        return f" to the power of {exp}"
    if exp in ("2", "3"):
        return " squared" if exp == "2" else " cubed"
    return f" to the {v.ordinal(int(exp))}"  # "ten to the eighth"


# a number before a power of variables is their coefficient: "3x^2" -> "3 x^2" ("three x
# squared", not "three times squared"), "2xy^2"; not before a unit ("5m^2", "2cm^3")
_COEFFICIENT = re.compile(
    r"(?P<d>[0-9])(?=(?!(?:[mgls]|[ckmn\u00b5]m|ft|in|mi|yd)\^)[a-z]{1,3}\^[0-9A-Za-z])"
)
# "x" before a power of ten is "times" ("3 x 10^8"), read before the power is said
_TIMES_POWER = re.compile(r"(?P<d>[0-9]) ?[x\u00d7] ?(?=10\^)")


# an asterisk between numbers multiplies ("3 * 5", "2*3"); elsewhere it is silent (a footnote)
_STAR_TIMES = re.compile(r"(?<=[0-9])\*(?=[0-9])|(?<=[0-9] )\*(?= [0-9])")  # "2*3", "3 * 5"


# a month abbreviated without its dot before a year: "Jan 2020" -> "January 2020"
_MONTH_ABBREVIATIONS = sorted((f for f in MONTH_FORMS if f not in MONTHS), key=len, reverse=True)
_MONTH_YEAR = re.compile(
    rf"(?<![\w.'])(?P<m>{'|'.join(_MONTH_ABBREVIATIONS)})"
    r"(?= (?:1[0-9]|20)[0-9]{2}(?![0-9]|[.,:][0-9]))"
)
# "24-7", as "24/7": "twenty-four seven", next to what is available round the clock ("works
# 24-7", "24-7 support"); elsewhere a score or a range ("up 24-7 at halftime")
_ROUND_THE_CLOCK = re.compile(r"2(?<![\w.,\-]2)4-7(?![\w\-]|[.,:/][0-9])")
_AVAILABLE_BEFORE = re.compile(
    r"(?<![\w])(?:works?|working|worked|open(?:ed)?|available|running|runs?|operat(?:es|ing|ed)"
    r"|staffed|monitored|on call|there|here|manned|served|serves|delivers?|accessible)"
    r"(?: for you| to you)? \Z",
    re.IGNORECASE,
)
_AVAILABLE_AFTER = re.compile(
    r" (?:service|services|support|coverage|access|hotline|helpline|news|care|monitoring"
    r"|operations?|availability|security|protection|customer|assistance|helpdesk)\b",
    re.IGNORECASE,
)


def _round_the_clock(m: re.Match[str]) -> str:
    before = m.string[max(0, m.start() - 24) : m.start()]
    around = _AVAILABLE_BEFORE.search(before) or _AVAILABLE_AFTER.match(m.string, m.end())
    return "24/7" if around else m.group(0)


# "+/- 3.5 points" as "±"; "WW2" as "WWII"
_PLUS_MINUS = re.compile(r"\+/-(?= ?[0-9.])")
_WORLD_WAR = re.compile(r"W(?<![\w]W)W(?P<n>[12])(?![\w])")


EARLY_ABBREVIATION_RULES: tuple[Rule, ...] = (
    regex_rule(_MIXED_CODE, _mixed_code),
    regex_rule(_PLUS_MINUS, lambda m: "\u00b1"),
    regex_rule(_WORLD_WAR, lambda m: "WWI" if m["n"] == "1" else "WWII"),
    *FORMULA_RULES,  # "H2SO4" -> "H two S O four", "E = mc^2" -> "E = m c^2"
    regex_rule(_MONTH_YEAR, lambda m: MONTHS[MONTH_FORMS[m["m"]] - 1]),
    regex_rule(_ROUND_THE_CLOCK, _round_the_clock),
    regex_rule(_PHRASE, _phrase),
    regex_rule(_NUMBER_ABBREVIATION, _number_abbreviation),
    regex_rule(_PLACE_NUMBER, lambda m: f"{PLACE_ABBREVIATIONS[m['name']]} "),
    regex_rule(_SYMBOL_BEFORE_NUMBER, _symbol_before_number),
    regex_rule(_TIMES_POWER, lambda m: f"{m['d']} times "),
    regex_rule(_COEFFICIENT, lambda m: f"{m['d']} "),
    regex_rule(_POWER, _power),
    regex_rule(_STAR_TIMES, lambda m: " times "),
)
ABBREVIATION_RULES: tuple[Rule, ...] = (
    regex_rule(
        _CLUB,
        lambda m: (
            CLUB_ABBREVIATIONS[m["name"]]
            if _CLUB_PLACE_BEFORE.search(m.string, max(0, m.start() - 24), m.start())
            else m.group(0)
        ),
    ),
    regex_rule(_ABBREVIATION, _abbreviation),
    regex_rule(_INITIALISM, _initialism),
)
# a stock ticker's dollar sign is not said: "$AAPL" -> "AAPL" (then spelled as an acronym)
_TICKER = re.compile(r"\$(?=[A-Z]{1,5}(?![\w$]))")
# capitals joined by "&" are initials, spelled: "AT&T" -> "A T and T", "P&G", "R&D"
_AMPERSAND_INITIALS = re.compile(r"[A-Z](?<![\w&][A-Z])[A-Z]{0,2}&[A-Z]{1,3}(?![\w&])")


SYMBOL_RULES: tuple[Rule, ...] = (
    regex_rule(_HTML_TAG, lambda m: " "),
    regex_rule(_TICKER, lambda m: ""),
    regex_rule(
        _AMPERSAND_INITIALS,
        lambda m: " and ".join(" ".join(side) for side in m.group(0).split("&")),
    ),
    regex_rule(_SYMBOL, _symbol),
)
ACRONYM_RULES: tuple[Rule, ...] = (
    *ACRONYM_CONTEXT_RULES,  # "the WHO", "AM radio", "PhD", "works in IT"
    regex_rule(_ACRONYM, _acronym),
)
