"""Chapter and verse: "John 3:16", "1 Corinthians 13:4-7", "Gen. 50:20", "Ps. 23:1".

A book of the Bible, named in full or by its usual abbreviation, before "chapter:verse" is read
"Genesis chapter fifty, verse twenty" (a psalm has verses only: "Psalm twenty-three, verse
one"), not a clock time or a ratio, and "Gen." is not "General" nor "Rev." "Reverend" there.
Abbreviations that are names or words ("Tim", "Gal", "Is") count only with their dot, and those
that are titles or words with a dot ("Col.", "Rev.", "Gen.", "Mt.") only before what is no clock
time ("The Rev. 10:30 service").
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
    "Exod": "Exodus", "Deut": "Deuteronomy", "Dt": "Deuteronomy", "Judg": "Judges",
    "Kgs": "Kings", "Chr": "Chronicles", "Chron": "Chronicles", "Neh": "Nehemiah",
    "Esth": "Esther", "Ps": "Psalm", "Psa": "Psalm", "Prov": "Proverbs", "Eccl": "Ecclesiastes",
    "Eccles": "Ecclesiastes", "Isa": "Isaiah", "Jer": "Jeremiah", "Lam": "Lamentations",
    "Ezek": "Ezekiel", "Hos": "Hosea", "Obad": "Obadiah", "Nah": "Nahum", "Hab": "Habakkuk",
    "Zeph": "Zephaniah", "Hag": "Haggai", "Zech": "Zechariah", "Mk": "Mark", "Lk": "Luke",
    "Jn": "John", "Cor": "Corinthians", "Eph": "Ephesians", "Thess": "Thessalonians",
    "Philem": "Philemon", "Phlm": "Philemon", "Heb": "Hebrews", "Jas": "James", "Pet": "Peter",
}  # fmt: skip
# abbreviations that are names or words too, books only with their dot ("Call Tim 5:30", "Gal
# 3:2 score", "Is 5:30 OK?" are not)
_DOTTED_BOOKS = {
    "Gen": "Genesis", "Ex": "Exodus", "Lev": "Leviticus", "Num": "Numbers", "Josh": "Joshua",
    "Sam": "Samuel", "Is": "Isaiah", "Dan": "Daniel", "Mic": "Micah", "Mal": "Malachi",
    "Matt": "Matthew", "Mt": "Matthew", "Rom": "Romans", "Gal": "Galatians",
    "Phil": "Philippians", "Col": "Colossians", "Tim": "Timothy", "Tit": "Titus",
    "Rev": "Revelation",
}  # fmt: skip
# ... and of those, titles and words that take a dot themselves ("Col. 2:30 briefing", "The
# Rev. 10:30 service", "Mt. 3:1 scale", "Ex. 1:2"): books only before what is no clock time
# (a one-digit verse, a verse range, "1 Sam.") or after what cites ("see", "cf.", "(", "; ")
_TITLE_BOOKS = frozenset({"Gen", "Ex", "Num", "Is", "Mt", "Col", "Rev"})
_CITES = r"[Ss]ee|[Cc]f\.|[Cc]ompare|[Rr]ead|[Qq]uoting|[Cc]iting|cites"  # they name a passage
_CITING_BEFORE = re.compile(
    rf"(?:\(|[;,] |(?<![\w])(?:{_CITES}|and|[Ii]n|[Ff]rom|of|[Pp]er|says|reads|quoted|studied"
    r"|[Mm]emorized?) )\Z"
)  # "see Col. 3:16"
# ... and those without their dot: books after what cites and before no clock time ("Read Gen
# 1:1", "See Ex 3:14 and Matt 5:3"), or alone with a number before or a verse range ("1 Sam
# 17:4", "Gal 3:2-5"), or after a cue that names a passage ("see Tim 5:30", "(Rev 10:30)");
# "Call Tim 5:30", "Gen 1:1 scale", "Bob and Sam 5:30" stay
_STRONG_CITING_BEFORE = re.compile(rf"(?:\(|; |(?<![\w])(?:{_CITES}) )\Z")
# abbreviations without a dot that are words or names too: "Nah 5:30 is too early", "Meet Isa
# 5:30", "Pet 3:15 appointment"; books before a clock time only after what cites
_WORD_SHORTS = frozenset({"Nah", "Isa", "Pet", "Ps", "Psa"})
_CONTACT_BEFORE = re.compile(
    r"(?<![\w])(?i:call|ask|tell|meet|meeting with|with|hi|hey|hello|thanks|thank you|ping|text"
    r"|email|message|dm|remind|see you|talk to|speak to|sent it to|send it to|reply to"
    r"|write to|wrote to|told|asked|called|texted|met|thx)[,:]? \Z"
)
_CLOCK_LIKE = re.compile(r"(?:[0-9]|1[0-9]|2[0-3]):[0-5][0-9]\Z")
# books that are given names: a person and a time after a word of meeting ("Call John 3:30") or,
# on the clock's fives, before an event ("Esther 10:30 yoga class", "Mark 10:30 meeting")
_NAME_BOOKS = _word_set(
    "Esther Ruth John Mark Luke James Jude Amos Daniel Timothy Titus Joel Jonah Micah Peter "
    "Matthew Samuel Joshua Ezra Hosea"
)
_EVENT_AFTER = re.compile(
    r" (?:[a-z]+ )?(?:class|meeting|call|appointment|pickup|pick-up|drop-off|session|lesson"
    r"|practice|rehearsal|shift|flight|train|bus|game|slot|booking|reservation|interview|lunch"
    r"|dinner|breakfast|standup|stand-up|sync|check-in|tee time)\b"
)


def _longest_first(names: object) -> str:
    return "|".join(sorted(names, key=len, reverse=True))  # type: ignore[arg-type]


def _bare_book(m: re.Match[str]) -> bool:
    """Whether "Gen 1:1" (a book's abbreviation that is a name or word, without its dot) cites."""
    text, start = m.string, m.start()
    if _STRONG_CITING_BEFORE.search(text, max(0, start - 10), start):
        return True
    if _CLOCK_LIKE.match(f"{m['chapter']}:{m['verse']}"):
        return False
    return bool(m["nth"] or m["last"] or _CITING_BEFORE.search(text, max(0, start - 10), start))


def _scripture(m: re.Match[str]) -> str:
    """ "1 Corinthians 13:4-7": "First Corinthians chapter thirteen, verses four to seven"."""
    text, start = m.string, m.start()
    if m["bare"] and not _bare_book(m):
        return m.group(0)
    bare_word = m["short"] in _WORD_SHORTS and not text.startswith(".", m.end("short"))
    if (
        not (m["nth"] or m["last"])
        and _CLOCK_LIKE.match(f"{m['chapter']}:{m['verse']}")
        and not _CITING_BEFORE.search(text, max(0, start - 10), start)
        and (
            m["dotted"] in _TITLE_BOOKS  # "Col. 2:30 briefing", "The Rev. 10:30 service"
            or bare_word  # "Nah 5:30 is too early", "Meet Isa 5:30"
            # a name after a word of calling or meeting: "Call Tim. 5:30", "Hi Josh. 4:30"
            or (
                (m["dotted"] or m["short"] or m["book"] in _NAME_BOOKS)
                and _CONTACT_BEFORE.search(text, max(0, start - 16), start)
            )
            or (  # on the clock's fives: "John 3:16 class notes" is a Bible class
                m["book"] in _NAME_BOOKS
                and int(m["verse"]) % 5 == 0
                and _EVENT_AFTER.match(text, m.end())
            )
        )
    ):
        return m.group(0)
    book = (
        m["book"] or _ABBREVIATED_BOOKS.get(m["short"]) or _DOTTED_BOOKS[m["dotted"] or m["bare"]]
    )
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
    rf"|(?P<dotted>{_longest_first(_DOTTED_BOOKS)})\."
    rf"|(?P<bare>{_longest_first(_DOTTED_BOOKS)})) "
    r"(?P<chapter>[1-9][0-9]{0,2}):(?P<verse>[1-9][0-9]{0,2})"
    r"(?:[-\u2013](?P<last>[1-9][0-9]{0,2}))?(?![0-9]|[:.,][0-9]|\s?[AaPp]\.?[Mm](?![A-Za-z]))"
)

SCRIPTURE_RULES: tuple[Rule, ...] = (regex_rule(_SCRIPTURE, _scripture),)
