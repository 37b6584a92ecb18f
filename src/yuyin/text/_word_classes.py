"""Word classes the news and measure rules tell apart after an amount ("the $5 million ..."):
words that are no nouns it describes (:data:`_NOT_NOUNS`), its verbs (:func:`_verb_like`:
"the $2 billion spent", "the $5 million went to schools"), and nouns in "-ing" that are no
verbs before another noun ("the $1.2 trillion spending package", "the $50 million funding
round": :data:`ING_NOUNS`); a plural after one may be the verb's object ("the $5 million
funding schools") and leaves the word a verb.

Data and predicates for :mod:`yuyin.text._news`, :mod:`yuyin.text._measures`,
:mod:`yuyin.text._periods` and others; each looks at one word after the match, so the rules
that use them stay linear in the length of the text.
"""

from __future__ import annotations

import re

from yuyin.text._tables import _word_set

__all__ = ["ING_NOUNS"]

# words after "a $5 million" that are no noun the amount describes
_NOT_NOUNS = _word_set(
    """
    a an the and or but nor so than as if when while since after before because although
    of in on at by to for from with into onto over under per plus minus about above below
    upon via against between through across toward towards without within including
    is was are were be been being has have had will would could should may might must can
    it he she they we you i me him her them us this these those that which who whom whose
    each apiece more less already annually yearly monthly too also still now then there
    here yet ago earlier later last next worth back up down out off away instead alone
    short shy ahead behind richer poorer cheaper dearer higher lower bigger smaller larger
    today tonight tomorrow yesterday overall altogether
    """
)
# participles after "the/this/its $5 million": the amount is their object ("the $2 billion
# spent"); after "a/an" the word is an adjective ("an unsecured loan") and is read as one
_PARTICIPLES = _word_set(
    "spent paid lost sought left set owed won made given taken brought cut bid held"
)
# past tenses that follow "the $5 million" as its verb ("the $5 million went to schools")
_PAST_VERBS = _word_set(
    """went came became grew fell rose stood sat ran got put kept meant sent built bought
    helped allowed covered included funded remained represented"""
)
# more verbs after "Ford's $2 billion": auxiliaries and their "n't" forms ("isn't enough",
# "won't be approved", "did not last") and irregular pasts ("gave him Twitter", "took years");
# "hit" and "cost" are verbs only before an object that opens with a determiner, a
# pronoun or a capital ("hit the headlines"): else nouns ("the $5 billion hit to earnings",
# "the $5 million cost overrun")
_MORE_VERBS = _word_set(
    """did does do not will would could should may might must can isn't won't wasn't didn't
    doesn't don't can't couldn't wouldn't shouldn't hasn't haven't aren't weren't hadn't
    gave took hit made saw beat brought left paid lost won sold told felt began cost held
    led spent"""
)
_NOUN_PASTS = frozenset({"hit", "cost"})
_OBJECT_AFTER = re.compile(
    r" (?:[A-Z]|(?:the|a|an|his|her|its|their|our|my|your|him|them|us|me|it|a|new|record)(?![\w']))"
)


# words after two joined measures that are no noun they describe: verbs (present, past,
# modal) and adverbs ("The 5 km and 10 km went well", "cost $20", "take place", "twice")
_NOT_JOINED_NOUNS = _word_set(
    """went sold start starts started begin begins began twice together today first instead
    then again depending respectively each both apart altogether ran run runs finished take
    takes cost costs look looks fit fits come comes work works weigh weighs get gets go goes
    make makes have has need needs sell sells seem seems will can could would should may
    might must are is were was do does don't doesn't sound sounds feel feels remain remains
    versus vs whereas until unless among often never always sometimes usually rarely also
    online nationwide alike per"""
)


def _no_joined_noun(word: str) -> bool:
    """Whether the word after two joined measures ("the 5 km and 10 km ...") is no noun they
    describe (comment above)."""
    return word in _NOT_JOINED_NOUNS or word.endswith(("ed", "ly")) or word in _PAST_VERBS


# nouns in "-ing" that stand before another noun in news copy ("a spending bill", "the funding
# round", "a housing plan", "the training center")
ING_NOUNS = _word_set(
    """
    spending funding financing refinancing housing building rebuilding training marketing
    advertising operating lending borrowing shipping banking trading manufacturing recycling
    licensing leasing consulting accounting engineering mining drilling catering clothing
    lighting heating cooling cleaning computing streaming broadcasting publishing printing
    plumbing landscaping fundraising gaming parking boarding nursing counseling policing
    """
)
_NEXT_WORD = re.compile(r" (?P<word>[a-z]+)(?![\w'\-])")


def _noun_in_ing(word: str, text: str, end: int) -> bool:
    """Whether ``word``, ending at ``end`` in ``text``, is one of :data:`ING_NOUNS` before a
    singular noun it describes (no word of :data:`_NOT_NOUNS`, no plural, adverb, past or
    "-ing" after it)."""
    if word not in ING_NOUNS:
        return False
    after = _NEXT_WORD.match(text, end)
    if after is None:
        return False
    noun = after["word"]
    plural = noun.endswith("s") and not noun.endswith(("ss", "us", "is"))
    return not (noun in _NOT_NOUNS or plural or noun.endswith(("ly", "ed", "ing")))


def _verb_like(word: str, text: str = "", end: int = 0) -> bool:
    """Whether the word after "the/this/its $5 million" reads as its verb, not a noun it
    describes: "-s" ("comes", "goes", "covers": a plural noun after a singular amount is rare),
    "-ing" (but a noun in "-ing" before a noun: "the $1.2 trillion spending package"), "-ed"
    and common pasts, an auxiliary ("isn't"), or a participle ("the $2 billion spent"); ``end``
    is where the word ends in ``text``."""
    if word in _MORE_VERBS:
        return word not in _NOUN_PASTS or _OBJECT_AFTER.match(text, end) is not None
    if word in _PARTICIPLES or word in _PAST_VERBS:
        return True
    if word.endswith("ing"):
        return not _noun_in_ing(word, text, end)
    plural_s = word.endswith("s") and not word.endswith(("ss", "us", "is"))
    return plural_s or word.endswith("ed")
