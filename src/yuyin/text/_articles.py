"""The article before a reading that starts with a vowel: "a 8-hour day" -> "an eight-hour day".

Run last, on the words the other rules made: a number, a sign or an acronym written after "a"
can be said with a vowel ("a 18-year-old", "a $80 fee", "a ≈5 km walk", "a FBI agent"), and
"a eight" is not what a reader says. Only the readings the rules make are looked at (the number
words "eight", "eleven", "eighteen", "eighty" and their ordinals, "approximately", and spelled
letters "F B I"), not the author's own words ("a apple" stays as written). A capital "A" is
taken for the article only where a sentence starts and before a compound ("A 18-year-old man"
-> "An eighteen-year-old man"; "Plan A 18", "A18 Pro chip", "$AAPL" keep their letter).
"""

from __future__ import annotations

import re

from yuyin.text._semiotic import Rule, regex_rule

__all__ = ["ARTICLE_RULES"]

# a spelled acronym whose first letter is said with a vowel: "F B I" ("ef"), "M R I", "N F L",
# "S U V", "X M L"; two letters at least, so that a lone letter ("a F grade") is left
_VOWEL_LETTERS = "AEFHILMNORSX"
_VOWEL_WORD = r"(?:eigh(?:t|th|teen|teenth|ty|tieth)|eleven(?:th)?|approximately)(?![a-z])"
_UNITS_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine)(?![a-z])"
_ARTICLE = re.compile(
    r"(?<!\b[Ii]l )(?<!\b[Ee]lle )(?<!\bqui )(?<!\by )"  # French "il a 8 ans", "il y a": "has"
    r"(?<!\b[Vv]a )(?<!\b[Dd]e )(?<!\bvoy )(?<!\bvan )"  # Spanish "Va a 80 km/h", "de 8 a 11"
    # not a spelled formula's letter: "N a O H" (of "NaOH")
    rf"(?:(?<![\w'\-.])(?<!\b[A-Z] )a (?={_VOWEL_WORD}|[{_VOWEL_LETTERS}] [A-Z]\b)"
    # a sentence's capital "A" before a compound ("A 18-year-old", "A 85-year-old"), not a
    # letter glued to a number ("A18 Pro chip", "A8 paper") or a seat ("Seats: A 11")
    rf"|(?:^|(?<=[.!?;] )|(?<=[\"\u201c(]))A "
    rf"(?={_VOWEL_WORD}(?:-{_UNITS_WORD})?(?: hundred| thousand)?-(?!{_UNITS_WORD})[a-z]))"
)


# Spanish "de ... a ...": "de 8 a 11" (read "de eight a eleven"), "Abierto de 9 a 18"; not
# English ("In the city a 18-year-old", "In 2023 a 18-year-old")
_SPANISH_BEFORE = re.compile(r"(?<![\w])(?:de|desde|del|entre|las|los)(?: [a-z\-]+){1,3} \Z")


def _article(m: re.Match[str]) -> str:
    if _SPANISH_BEFORE.search(m.string, max(0, m.start() - 40), m.start()):
        return m.group(0)
    return f"{m.group(0)[0]}n "  # "a " -> "an ", "A " -> "An "


ARTICLE_RULES: tuple[Rule, ...] = (regex_rule(_ARTICLE, _article),)
