"""Words :mod:`yuyin.text.homographs` reads by cues of their own, found by its ninth blind set:
names of places and a book that are also common words ("in Nice", "from London to Reading",
"the Book of Job"), and words whose rarer reading lives in a few phrases ("my learned friend",
"bowed legs", "traded their closer", "routed the visitors", "not my forte", "demanded a
recount"). Each returns a CMUdict reading of the word; the common one where no cue is met."""

from __future__ import annotations

from collections.abc import Callable

from yuyin.text import _homograph_tables as T
from yuyin.text._homograph_context import Context, is_word
from yuyin.text._tables import _word_set

# before a place's name: "a week in Nice", "the train to Reading"
_PLACE_BEFORE = _word_set(
    "in to from near of outside around via visit visited visiting reached leaving left"
)
# "learned" (LER-nid) between a determiner and one of these: "my learned friend"
_LEARNED_PEOPLE = _word_set(
    """friend friends colleague colleagues counsel judge judges gentleman gentlemen man men
    woman women scholar scholars society societies professor doctor treatise journal journals
    discourse"""
)
# "bowed" (BOHD) before these: "bowed legs", "a bowed string instrument"
_BOWED_THINGS = _word_set("legs leg string strings instrument instruments psaltery")
# who is routed in a rout (ROWT): "routed the visitors"
_ROUTED_SIDES = _word_set(
    """visitors opponents opposition enemy enemies rivals army armies troops invaders
    defenders champions hosts"""
)
# "closer" the pitcher or the dealmaker (CLOH-zer) after a possessive before these
_CLOSER_NOUN_BEFORE = _word_set(
    """to and or was is has had will would who for in on at from with after this last"""
)
_POSSESSIVE_PRONOUNS = _word_set("my your his our their")  # not "her": "pulled her closer"
_NOUN_BEFORE = T.DETERMINERS | T.NUMBER_WORDS | _word_set("full manual hand partial official")


def _named(c: Context) -> bool:
    """Capitalized in lowercase prose after "in", "to", "from" ...: a place ("in Nice"), not
    a sentence's first word, a headline in capitals or a title ("Have a Nice Day")."""
    after = c.clause_after[0] if c.clause_after else ""
    titled = is_word(after) and after[:1].isupper()  # "Nice Guys Finish Last", "Reading Room"
    capital = c.raw[:1].isupper() and not c.raw.isupper()
    return capital and c.prev in _PLACE_BEFORE and c.prev_raw.islower() and not titled


def _place(common: str, place: str) -> Callable[[Context], str]:
    """The place's reading after "in", "to" ... (:func:`_named`), the common word's else."""
    return lambda c: place if _named(c) else common


def _job(c: Context) -> str:
    """The book and its man (JH OW1 B) capitalized after "of" ("the Book of Job", "the
    patience of Job") or before a chapter ("Job thirty-eight"); work (JH AA1 B) else."""
    chapter = c.next.split("-")[0] in T.NUMBER_WORDS or c.next in ("one", "chapter")
    book = c.raw == "Job" and c.at > 0 and (c.prev == "of" or chapter)
    after = c.clause_after[0] if c.clause_after else ""
    return "JH OW1 B" if book and not (is_word(after) and after[:1].isupper()) else "JH AA1 B"


def _learned(c: Context) -> str:
    """The adjective (L ER1 N IH0 D) between a determiner and a person or a learned body: "my
    learned friend", "a learned society" (not "learned behavior"); the verb else."""
    if c.prev in T.DETERMINERS | T.POSSESSIVES and c.next in _LEARNED_PEOPLE:
        return "L ER1 N IH0 D"
    return "L ER1 N D"


def _bowed(c: Context) -> str:
    """B OW1 D before legs or a string instrument ("bowed legs"); bent (B AW1 D) else."""
    return "B OW1 D" if c.next in _BOWED_THINGS else "B AW1 D"


def _closer(c: Context) -> str:
    """One who closes (K L OW1 Z ER0) after "my", "their" ... before a pause, a verb or a
    preposition ("traded their closer to Houston"; not "their closer ties"); nearer else."""
    noun = c.prev in _POSSESSIVE_PRONOUNS and (not c.next or c.next in _CLOSER_NOUN_BEFORE)
    return "K L OW1 Z ER0" if noun else "K L OW1 S ER0"


def _forte(c: Context) -> str:
    """One's strength (F AO1 R T) after a possessive ("not my forte"); loud (T EY0) else."""
    return "F AO1 R T" if c.prev in T.POSSESSIVES else "F AO1 R T EY0"


def _routed(c: Context) -> str:
    """Beaten (R AW1 T IH0 D) before a side ("routed the visitors"); sent along else."""
    side = c.next2 if c.next in T.DETERMINERS else c.next
    return "R AW1 T IH0 D" if side in _ROUTED_SIDES else "R UW1 T IH0 D"


def _recounting(recount: str, narrate: str) -> Callable[[Context], str]:
    """Counted again (R IY2) as a noun ("demanded a recount", "two recounts") or in a
    sentence about votes; told (R IH0) else."""

    def pick(c: Context) -> str:
        votes = not {"votes", "ballots", "vote"}.isdisjoint(c.words)
        return recount if c.prev in _NOUN_BEFORE or votes else narrate

    return pick


OWN_WORDS: dict[str, Callable[[Context], str]] = {
    "nice": _place("N AY1 S", "N IY1 S"),
    "reading": _place("R IY1 D IH0 NG", "R EH1 D IH0 NG"),
    "job": _job,
    "learned": _learned,
    "bowed": _bowed,
    "closer": _closer,
    "forte": _forte,
    "routed": _routed,
    "recount": _recounting("R IY2 K AW1 N T", "R IH0 K AW1 N T"),
    "recounts": _recounting("R IY2 K AW1 N T S", "R IH0 K AW1 N T S"),
}
"""Word -> its reading by its sentence (lowercase words, as :data:`homographs._OWN`)."""
