"""Rewrite rules for written forms made of letters and symbols: Roman numerals, abbreviations,
symbols and acronyms. Same contract as :mod:`yuyin.text._semiotic`: passes ``text -> text`` in
running order, each linear in the length of the text.
"""

from __future__ import annotations

import re

from yuyin.text import _verbalize as v
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
    HASH_BEFORE_NUMBER,
    HASH_WORD,
    MONTH_FORMS,
    MONTHS,
    NAME_PART_ABBREVIATIONS,
    NUMBER_ABBREVIATIONS,
    PHRASE_ABBREVIATIONS,
    REGNAL_NAMES,
    ROMAN_CARDINAL_CONTEXT,
    SILENT_SYMBOLS,
    SPECIAL_ACRONYMS,
    STREET_READINGS,
    SYMBOLS,
    TILDE_BEFORE_NUMBER,
    TITLES,
    TITLES_WITHOUT_DOT,
    _word_set,
)

_ALT = "|".join
_PLAIN_ROMAN_DIGITS = frozenset("IVX")  # numerals after any capitalized word: "Rocky II" only
_MIN_PLAIN_ROMAN_LENGTH = 2  # a lone "I", "V" or "X" is a letter unless context says otherwise

# --- Roman numerals ------------------------------------------------------------------------


def _roman(m: re.Match[str]) -> str:
    """ "Henry VIII" -> "Henry the eighth" ("Henry VIII's wives" -> "the eighth's"); "World War
    II" -> "World War two"; "Chapter IV" -> "Chapter four". Any other capitalized word before an
    I/V/X numeral of two or more letters gives a cardinal ("Rocky II" -> "Rocky two");
    everything else is left alone.

    The match is " NUMERAL" (a fast literal start); the word before it is read from the text.
    """
    numeral, owner = m["numeral"], m["owner"] or ""
    word_match = _WORD_BEFORE.search(m.string, max(0, m.start() - _MAX_WORD_LENGTH), m.start())
    value = v.roman_to_int(numeral)
    if word_match is None or value is None:
        return m.group(0)
    word = word_match.group(0)
    if word.lower() in ROMAN_CARDINAL_CONTEXT:
        return f" {v.cardinal(value)}{owner}"
    first = numeral != "I" or owner or _ends_name(m) or _first_monarch(m, word_match)
    if word in REGNAL_NAMES and first:  # "Queen Elizabeth I's court": no pronoun takes "'s"
        return f" the {v.ordinal(value)}{owner}"
    plain = len(numeral) >= _MIN_PLAIN_ROMAN_LENGTH and _PLAIN_ROMAN_DIGITS.issuperset(numeral)
    if word[:1].isupper() and plain:
        return f" {v.cardinal(value)}{owner}"
    return m.group(0)


def _ends_name(m: re.Match[str]) -> bool:
    """A lone "I" is a numeral only at a phrase end or before "of" ("Henry I of England"),
    not in "John I think"."""
    rest = m.string[m.end() : m.end() + len(" of ")]
    return rest == "" or rest[0] in ",.;:!?)" or rest == " of "


# monarchs the first of whose name is written "I": after a title before what a numeral goes on
# to ("Queen Elizabeth I knighted him", "King John I was", "... I and", "... I is"), not before a
# present tense ("King Charles I love this dog", "King John I think"); without a title only
# after "the reign of" and the like, or where the name opens a clause or follows a preposition
# before a word of the reign ("Elizabeth I ruled", "When Elizabeth I was crowned", "Elizabeth I
# is buried", "When Elizabeth I died,"): "Like Mary I was nervous", "After John I had", "I told
# Elizabeth I was tired", "Mr. William I" and "St. John I" keep the pronoun
_FIRST_MONARCHS = _word_set(
    """Alexander Catherine Charles Edward Elizabeth Frederick George Henry James John Louis Mary
    Napoleon Nicholas Peter Philip Richard William"""
)
_MONARCH_TITLE = re.compile(r"(?:Queen|King|Pope|Tsar|Czar|Emperor|Empress|Kaiser|Sultan) \Z")
# a title opens the phrase at a clause's start or after these ("the reign of King John I",
# "When King John I died"); not after a verb or "with", "to", "for" ("When I met King Charles I
# was nervous", "Thanks to Pope John I learned Latin": the pronoun)
_TITLE_OPENS_BEFORE = re.compile(
    r"(?:\A|[.!?:;,\"(]\s*|(?<![\w'])(?:[Oo]f|[Bb]y|[Uu]nder|[Dd]uring|[Aa]fter|[Bb]efore"
    r"|[Ww]hen|[Ss]ince|[Tt]hat|[Aa]nd) )\Z"
)
_MONARCH_NOUN_BEFORE = re.compile(
    r"(?<![\w])(?:reign|rule|court|coronation|accession|dynasty|realm|kingdom|empire|era) of \Z"
)
_OPENS_BEFORE = re.compile(
    r"(?:\A|(?P<dot>(?P<word>[A-Za-z]+)\.\s*)|[!?:;\"(]\s*|(?<![\w'])(?:[Oo]f|[Uu]nder|[Bb]y"
    r"|[Ff]rom|[Dd]uring|[Aa]fter|[Bb]efore|[Ww]ith|[Tt]han|[Ll]ike|[Ww]hen|[Ww]hile|[Uu]ntil"
    r"|[Ss]ince|[Aa]s) )\Z"
)
_REIGN_AFTER = re.compile(
    r" (?:reigned|abdicated|ascended|ruled(?! out)|succeeded(?! in)|is|has|died(?=[,;]| in | at )"
    r"|was (?:crowned|queen|king|emperor|empress|pope|tsar|executed|beheaded|deposed|succeeded))"
    r"(?![\w'])"
)
_WORD_AFTER_NUMERAL = re.compile(r" (?P<word>[a-z]+)(?![\w'])")
# after a title: pasts and "-s" forms, which "I" does not take, and "and"
# irregular pasts a pronoun takes as often ("Queen Elizabeth I said no" at a clause's start;
# after a word like "of", "after", "during" the pronoun: "At the coronation of King Charles I
# sang", "After King George I went to bed", "Under King John I knew peace")
_PRONOUN_PASTS = _word_set(
    """said told saw came went sat stood ran thought found felt heard wore grew drew chose rose
    spoke swore broke froze struck bore tore sold paid laid meant sang fell forgave forbade
    slew shook hid bade knew"""
)
_TITLED_NEXT = (
    _word_set(
        """and is has was were had became began built fought gave led left lost made met rode
        sent spent took won wrote fled sought brought held kept bought"""
    )
    | _PRONOUN_PASTS
)
_AND_AS_AFTER = re.compile(r" (?:and|as) ")  # after a title's "I" no pronoun's verb: a numeral


def _titled_numeral(m: re.Match[str]) -> bool:
    """Whether the word after "Queen Elizabeth I" goes on from a numeral (comment above)."""
    after = _WORD_AFTER_NUMERAL.match(m.string, m.end())
    if after is None:
        return False
    word = after["word"]
    past = word.endswith("ed") and not word.endswith("eed") or word in ("agreed", "decreed")
    plural_s = word.endswith("s") and not word.endswith(("ss", "us"))
    return word in _TITLED_NEXT or past or plural_s


_PREPOSITION_OPENERS = frozenset({"after", "before", "during", "under", "by"})
_CLAUSE_START = re.compile(r"(?:\A|[.!?;:]\s*)(?P<first>[A-Za-z]+)[^.!?;:]{0,80}\Z")
_PREPOSITIONS = _word_set("at during after before in on under since for from with to")
_CLAUSE_END_BEFORE = re.compile(r"(?:\A|[.!?;:]\s*)\Z")


def _pronoun_clause(text: str, opens: re.Match[str]) -> bool:
    """Whether the title follows a preposition that opens a clause of its own, so that "I" and
    a past tense go on as the pronoun: "After King George I went to bed", "At the coronation
    of King Charles I sang"; not after "when", "that", "and" ("When Queen Elizabeth I rose to
    power") nor in a subject ("The statue of King Charles I stood")."""
    word = opens.group(0).strip().lower()
    if word in _PREPOSITION_OPENERS:
        return True
    if word != "of":
        return False
    if _CLAUSE_END_BEFORE.search(text, max(0, opens.start() - 4), opens.start()):
        return True  # "Of King Charles I thought little": the phrase opens the clause
    clause = _CLAUSE_START.search(text, max(0, opens.start() - 90), opens.start())
    return clause is not None and clause["first"].lower() in _PREPOSITIONS


def _first_monarch(m: re.Match[str], name: re.Match[str]) -> bool:
    """Whether the "I" after ``name`` is a monarch's numeral (comment above)."""
    if name.group(0) not in _FIRST_MONARCHS or m["numeral"] != "I":
        return False
    text, start = m.string, name.start()
    title = _MONARCH_TITLE.search(text, max(0, start - 8), start)
    if title:  # only where the title opens the phrase: not "When I met King Charles I was"
        if _AND_AS_AFTER.match(text, m.end()):  # "He served King Charles I and his son"
            return True
        opens = _TITLE_OPENS_BEFORE.search(text, max(0, title.start() - 8), title.start())
        if opens is None or not _titled_numeral(m):
            return False
        after = _WORD_AFTER_NUMERAL.match(text, m.end())
        if after is None or after["word"] not in _PRONOUN_PASTS:
            return True
        return not _pronoun_clause(text, opens)
    if _MONARCH_NOUN_BEFORE.search(text, max(0, start - 16), start):
        return True  # "the reign of Elizabeth I was long"
    opens = _OPENS_BEFORE.search(text, max(0, start - 8), start)
    if opens is None or (opens["dot"] and _abbreviated(opens["word"])):
        return False  # "Thanks to Mr. William I was", "At St. John I was"
    return _REIGN_AFTER.match(text, m.end()) is not None


def _abbreviated(word: str) -> bool:
    """Whether ``word`` before a dot is an abbreviation ("Mr", "St", "Gen") or an initial."""
    return len(word) == 1 or word in TITLES or word in ABBREVIATIONS


_ROMAN = re.compile(r" (?P<numeral>[IVXLCDM]+)(?P<owner>'s)?(?![\w'\-])")  # "Henry VIII's"
_WORD_BEFORE = re.compile(r"(?<![A-Za-z])[A-Za-z]+\Z")  # the whole word ending at the match
_MAX_WORD_LENGTH = 20  # longer words are not regnal names or counting words

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
    if name in TITLES and (before_name or name not in STREET_READINGS):
        return TITLES[name] if dot or name in TITLES_WITHOUT_DOT else m.group(0)
    if not dot:
        return m.group(0)
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
_NUMBER_ABBREVIATION = re.compile(
    rf"(?P<name>{_longest_first(_NUMBER_ABBREVIATION_FORMS)})\. ?(?=[0-9#])"
)
# the lowercase ones capitalized too, as at a sentence's start ("Approx. 3 in 4 ...")
_ABBREVIATION_FORMS = {
    **ABBREVIATIONS,
    **{k.capitalize(): w.capitalize() for k, w in ABBREVIATIONS.items() if k.islower()},
}
_ABBREVIATION = re.compile(
    rf"(?P<name>{_longest_first({*TITLES, *_ABBREVIATION_FORMS})})(?:(?P<dot>\.)|(?= [A-Z]))"
    r"(?![A-Za-z])"
)
_INITIALISM = re.compile(r"[A-Za-z](?<![\w.][A-Za-z])\.(?:[A-Za-z]\.){1,9}(?![A-Za-z0-9])")

# --- symbols -------------------------------------------------------------------------------


def _symbol(m: re.Match[str]) -> str:
    symbol = m.group(0)
    if symbol == "#":
        return f" {HASH_WORD} "
    return f" {SYMBOLS[symbol]} " if symbol in SYMBOLS else " "


def _symbol_before_number(m: re.Match[str]) -> str:
    """ "#1" -> "number 1", "~5" -> "about 5" (before the digits become words)."""
    return f" {HASH_BEFORE_NUMBER if m.group(0) == '#' else TILDE_BEFORE_NUMBER} "


# "#5", "~5", "~$5" (the amount is read before the symbols are)
_SYMBOL_BEFORE_NUMBER = re.compile(r"#(?=[0-9])|~(?=[0-9]|[$\u00a3\u20ac\u00a5][0-9])")


_HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,200}>")
_SYMBOL = re.compile(f"[{re.escape(''.join(SYMBOLS) + SILENT_SYMBOLS + '#~')}]")

# --- acronyms ------------------------------------------------------------------------------


def _acronym(m: re.Match[str]) -> str:
    """All-caps tokens of 2-4 letters are spelled ("FBI" -> "F B I", "CDs" -> "C Ds") unless
    they are read as words (ACRONYM_WORDS: "NASA"), are common words written in capitals, or
    stand in a run of all-caps words with one that is plainly a word ("IF YOU LOOK DOWN":
    shouted text; "UPDATE: FED CUTS RATES": a headline; :func:`_in_caps_run`)."""
    token, suffix = m["token"], m["suffix"] or ""
    if token in SPECIAL_ACRONYMS and not suffix:
        return SPECIAL_ACRONYMS[token]
    if token in ACRONYM_WORDS or token in CAPITALIZED_WORDS or _in_caps_run(m):
        return m.group(0)
    return " ".join(token) + suffix


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

ROMAN_RULES: tuple[Rule, ...] = (regex_rule(_ROMAN, _roman),)
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
    regex_rule(_PLUS_MINUS, lambda m: "\u00b1"),
    regex_rule(_WORLD_WAR, lambda m: "WWI" if m["n"] == "1" else "WWII"),
    regex_rule(_MONTH_YEAR, lambda m: MONTHS[MONTH_FORMS[m["m"]] - 1]),
    regex_rule(_ROUND_THE_CLOCK, _round_the_clock),
    regex_rule(_PHRASE, _phrase),
    regex_rule(_NUMBER_ABBREVIATION, _number_abbreviation),
    regex_rule(_SYMBOL_BEFORE_NUMBER, _symbol_before_number),
    regex_rule(_TIMES_POWER, lambda m: f"{m['d']} times "),
    regex_rule(_COEFFICIENT, lambda m: f"{m['d']} "),
    regex_rule(_POWER, _power),
    regex_rule(_STAR_TIMES, lambda m: " times "),
)
ABBREVIATION_RULES: tuple[Rule, ...] = (
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
ACRONYM_RULES: tuple[Rule, ...] = (regex_rule(_ACRONYM, _acronym),)
