"""Roman numerals: "Henry VIII" -> "Henry the eighth", "World War II" -> "World War two",
"Chapter IV", "Vol. II" -> "Volume two", "Rocky II" -> "Rocky two"; a lone letter is left ("Part
D", "Series C", "John I think"). Same contract as :mod:`yuyin.text._semiotic`: a pass ``text ->
text``, linear in the length of the text.
"""

from __future__ import annotations

import re

from yuyin.text import _verbalize as v
from yuyin.text._semiotic import Rule, regex_rule
from yuyin.text._tables import (
    ABBREVIATIONS,
    REGNAL_NAMES,
    ROMAN_CARDINAL_CONTEXT,
    TITLES,
    _word_set,
)

__all__ = ["ROMAN_RULES"]

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
    if value is None:
        return m.group(0)
    # a counting word's numeral has an I, V or X ("Part D", "Series C", "world-class MC", "Class
    # CD" are letters; "Super Bowl L" is fifty); a lone "I" after a lowercase one is the pronoun
    # unless it ends the phrase ("after class I went", "in part I agree"; "see part I.")
    counted = not _PLAIN_ROMAN_DIGITS.isdisjoint(numeral) or m.string.endswith("Bowl", 0, m.start())
    verb = _WORD_AFTER_NUMERAL.match(m.string, m.end())
    if (
        numeral == "I"
        and verb
        and verb["word"] in _PRONOUN_VERBS
        and word_match is not None
        and word_match.group(0).lower() == "class"
    ):
        return m.group(0)  # "After Spin Class I felt great" ("World War I began", "Phase I was")
    if numeral == "I" and not _ends_name(m):
        counted = counted and (word_match is None or word_match.group(0)[:1].isupper())
    if word_match is None:  # "Vol. II", "Art. III": an abbreviated counting word
        dotted = _DOTTED_WORD_BEFORE.search(m.string, max(0, m.start() - 8), m.start())
        lone = numeral == "I" and not _ends_name(m)  # "Art. I think"
        if counted and not lone and dotted and dotted["word"].lower() in _DOTTED_CONTEXT:
            return f" {v.cardinal(value)}{owner}"
        return m.group(0)
    word = word_match.group(0)
    if (
        counted
        and word.lower() in ROMAN_CARDINAL_CONTEXT
        and not _XBOX_BEFORE.search(m.string, max(0, m.start() - 11), m.start())
    ):
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
# what the pronoun "I" does, not a numeral's noun ("Class I felt", "Class I took"; "Phase I
# trial", "Class I railroads" stay numerals)
_PRONOUN_VERBS = _word_set(
    """am was have had will would can could should shall may might must did do don't didn't
    can't won't wasn't haven't got get love loved like liked hate hated want wanted need needed
    know knew think thought feel felt went go sat took take learned learnt dropped grew saw see
    said told found heard met made make tried try used use started began became remember
    remembered guess hope believe wish mean meant just really also still never always often
    only sang came ran stood spoke ate drove flew slept stayed lived worked studied taught
    finally usually"""
)
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
_DOTTED_WORD_BEFORE = re.compile(r"(?<![A-Za-z.])(?P<word>[A-Za-z]+)\.\Z")  # "Vol. II"
# counting words abbreviated with a dot ("Vol. II", "Art. III", "Bk. IV")
_DOTTED_CONTEXT = ROMAN_CARDINAL_CONTEXT | {"art", "bk", "ch", "chap", "pt", "sec"}
_XBOX_BEFORE = re.compile(r"Xbox Series\Z")  # "Xbox Series X": the letter


ROMAN_RULES: tuple[Rule, ...] = (regex_rule(_ROMAN, _roman),)
