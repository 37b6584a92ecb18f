"""Chapter and verse: "John 3:16", "1 Corinthians 13:4-7", "Gen. 50:20", "Ps. 23:1".

A book of the Bible, named in full or by its usual abbreviation, before "chapter:verse" is read
"Genesis chapter fifty, verse twenty" (a psalm has verses only: "Psalm twenty-three, verse
one"), not a clock time or a ratio, and "Gen." is not "General" nor "Rev." "Reverend" there.
Abbreviations that are English words ("Is", "Ex", "Num", "Dan") count only with their dot.
"""

from __future__ import annotations

import re

from yuyin.text import _verbalize as v
from yuyin.text._semiotic import Rule, _padded, regex_rule
from yuyin.text._tables import _word_set

__all__ = ["SCRIPTURE_BOOKS", "SCRIPTURE_RULES"]

SCRIPTURE_BOOKS = _word_set(
    """
    Genesis Exodus Leviticus Numbers Deuteronomy Joshua Judges Ruth Samuel Kings Chronicles Ezra
    Nehemiah Esther Job Psalm Psalms Proverbs Ecclesiastes Solomon Songs Isaiah Jeremiah
    Lamentations Ezekiel Daniel Hosea Joel Amos Obadiah Jonah Micah Nahum Habakkuk Zephaniah
    Haggai Zechariah Malachi Matthew Mark Luke John Acts Romans Corinthians Galatians Ephesians
    Philippians Colossians Thessalonians Timothy Titus Philemon Hebrews James Peter Jude
    Revelation Revelations
    """
)

# the usual abbreviations (SBL's and the shorter ones of study Bibles), with or without a dot
_ABBREVIATED_BOOKS = {
    "Gen": "Genesis", "Exod": "Exodus", "Lev": "Leviticus", "Deut": "Deuteronomy",
    "Dt": "Deuteronomy", "Josh": "Joshua", "Judg": "Judges", "Sam": "Samuel", "Kgs": "Kings",
    "Chr": "Chronicles", "Chron": "Chronicles", "Neh": "Nehemiah", "Esth": "Esther",
    "Ps": "Psalm", "Psa": "Psalm", "Prov": "Proverbs", "Eccl": "Ecclesiastes",
    "Eccles": "Ecclesiastes", "Isa": "Isaiah", "Jer": "Jeremiah", "Lam": "Lamentations",
    "Ezek": "Ezekiel", "Hos": "Hosea", "Obad": "Obadiah", "Mic": "Micah", "Nah": "Nahum",
    "Hab": "Habakkuk", "Zeph": "Zephaniah", "Hag": "Haggai", "Zech": "Zechariah",
    "Mal": "Malachi", "Matt": "Matthew", "Mt": "Matthew", "Mk": "Mark", "Lk": "Luke",
    "Jn": "John", "Rom": "Romans", "Cor": "Corinthians", "Gal": "Galatians",
    "Eph": "Ephesians", "Phil": "Philippians", "Col": "Colossians", "Thess": "Thessalonians",
    "Tim": "Timothy", "Tit": "Titus", "Philem": "Philemon", "Phlm": "Philemon",
    "Heb": "Hebrews", "Jas": "James", "Pet": "Peter", "Rev": "Revelation",
}  # fmt: skip
# abbreviations that are words or names too: a book only with their dot ("Is. 53:5", not "Is
# 5:30 OK?")
_DOTTED_BOOKS = {"Ex": "Exodus", "Num": "Numbers", "Is": "Isaiah", "Dan": "Daniel"}


def _longest_first(names: object) -> str:
    return "|".join(sorted(names, key=len, reverse=True))  # type: ignore[arg-type]


def _scripture(m: re.Match[str]) -> str:
    """ "1 Corinthians 13:4-7": "First Corinthians chapter thirteen, verses four to seven"."""
    book = m["book"] or _ABBREVIATED_BOOKS.get(m["short"]) or _DOTTED_BOOKS[m["dotted"]]
    words = f"{v.ordinal(int(m['nth'])).capitalize()} " if m["nth"] else ""
    chapter = "" if book.startswith("Psalm") else "chapter "  # a psalm has verses only
    words += f"{book} {chapter}{v.cardinal(int(m['chapter']))}, "
    first = v.cardinal(int(m["verse"]))
    if m["last"]:
        words += f"verses {first} to {v.cardinal(int(m['last']))}"
    else:
        words += f"verse {first}"
    return _padded(m, words)


_SCRIPTURE = re.compile(
    r"(?<![\w:])(?:(?P<nth>[1-3]) )?"
    rf"(?:(?P<book>{_longest_first(SCRIPTURE_BOOKS)})"
    rf"|(?P<short>{_longest_first(_ABBREVIATED_BOOKS)})\.?"
    rf"|(?P<dotted>{_longest_first(_DOTTED_BOOKS)})\.) "
    r"(?P<chapter>[1-9][0-9]{0,2}):(?P<verse>[1-9][0-9]{0,2})"
    r"(?:[-\u2013](?P<last>[1-9][0-9]{0,2}))?(?![0-9]|[:.,][0-9]|\s?[AaPp]\.?[Mm](?![A-Za-z]))"
)

SCRIPTURE_RULES: tuple[Rule, ...] = (regex_rule(_SCRIPTURE, _scripture),)
