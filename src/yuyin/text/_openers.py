"""Whether a capitalized word after a dotted form ("U.S.", "p.m.") opens a new sentence.

A dotted form ends a sentence as often as it goes on inside a name: "in the U.S. Economists
said" is two sentences, "the U.S. Senate voted" one. :func:`opens_sentence` decides from the
word that follows (and the one after it), conservatively, so that a name is never cut:

* a word that goes on a name after "U.S."/"U.N."/"p.m." (:data:`NAME_GOES_ON`: "Senate",
  "Open", "Air", "Treasuries", "Representatives", "Jr. Day") never opens a sentence, nor does
  one that starts a name before another capitalized word (:data:`NAME_STARTS`: "Home
  Secretary", "East Coast");
* a short common word (:data:`~yuyin.text._tables.CAPITALIZED_WORDS`: "The", "He", "But") or a
  longer function word or sentence adverb (:data:`LONG_OPENERS`: "There", "While",
  "Meanwhile") opens one;
* so does a plural common noun ("Economists", "Prices", "Officials": five or more letters,
  lowercase after the capital, ending in "s" but not "ss", "us", "is" or "'s") when the word
  after it is lowercase: in a title-case headline ("U.S. Stocks Fall") the next word is
  capitalized too, and the headline is not cut;
* any other capitalized word (a name: "Army", "Steel", "Monday") goes on.
"""

from __future__ import annotations

from yuyin.text._sentence_window import sentence_around
from yuyin.text._tables import CAPITALIZED_WORDS, _word_set

__all__ = ["LONG_OPENERS", "NAME_GOES_ON", "NAME_STARTS", "opens_sentence", "sentence_around"]


# function words and sentence adverbs of five or more letters that open news sentences
# (CAPITALIZED_WORDS holds the short ones: "The", "He", "But", "Some")
LONG_OPENERS = _word_set(
    """
    ABOUT ACCORDING ADDITIONALLY AFTER AGAIN ALMOST ALREADY ALTHOUGH AMONG ANOTHER AROUND
    BECAUSE BEFORE BESIDES CURRENTLY DESPITE DURING EARLIER EIGHT EITHER EVERY FINALLY
    FURTHERMORE HOWEVER INDEED INSTEAD LATER MEANWHILE MOREOVER NEARLY NEITHER NEVERTHELESS
    NONETHELESS OTHER OTHERS OVERALL RECENTLY ROUGHLY SEPARATELY SEVEN SEVERAL SINCE STILL
    THEIR THERE THESE THOSE THOUGH THREE UNDER UNLIKE UNTIL WHERE WHETHER WHICH WHILE
    """
)
# capitalized words that go on a name after a dotted form, though they look like openers or
# plurals ("the U.S. Open", "U.S. Air Force", "U.S. News", "U.S. Treasuries", "U.S. Marshals")
NAME_GOES_ON = _word_set(
    """
    AIR AIRWAYS AMBASSADORS ATTORNEYS COURTS CUSTOMS DAY EMBASSIES EQUITIES FORCES GOLD
    INSTITUTES MARINES MARSHALS MASTERS NATIONALS NEWS OLYMPICS OPEN REPRESENTATIVES SECURITIES
    SENATORS TREASURIES TROOPS WAR
    """
)
# short openers that also start names: before another capitalized word they go on one
# ("the U.K. Home Secretary", "the U.S. East Coast"); before a lowercase word they open
NAME_STARTS = _word_set("EAST HOME NEW NORTH SOUTH WEST")
_PLURAL_MIN = 5  # "Shares", "Prices"; shorter "-s" words are too often names ("Cox", "Ives")
_NOT_PLURAL_ENDINGS = ("ss", "us", "is", "'s")  # "Congress", "Census", "Paris", "Women's"


def _looks_plural(word: str) -> bool:
    """A capitalized plural common noun ("Economists"), not a name-like "-s" word."""
    return (
        len(word) >= _PLURAL_MIN
        and word[1:].isalpha()
        and word[1:].islower()
        and word.endswith("s")
        and not word.endswith(_NOT_PLURAL_ENDINGS)
    )


def opens_sentence(word: str, next_word: str = "") -> bool:
    """Whether ``word`` (with ``next_word`` after it) opens a new sentence (module doc).

    Example:
        >>> opens_sentence("Economists", "said"), opens_sentence("Senate", "voted")
        (True, False)
    """
    if not word[:1].isupper():
        return False
    upper = word.upper()
    if upper in NAME_GOES_ON or (upper in NAME_STARTS and next_word[:1].isupper()):
        return False
    if upper in CAPITALIZED_WORDS or upper in LONG_OPENERS:
        return True
    return _looks_plural(word) and next_word[:1].islower()
