"""Words :mod:`yuyin.text.homographs` reads by cues of their own, found by its ninth blind set:
names of places and a book that are also common words ("in Nice", "from London to Reading",
"the Book of Job"), and words whose rarer reading lives in a few phrases ("my learned friend",
"bowed legs", "traded their closer", "routed the visitors", "not my forte", "demanded a
recount"). Each returns a CMUdict reading of the word; the common one where no cue is met."""

from __future__ import annotations

from collections.abc import Callable

from yuyin.text import _homograph_tables as T
from yuyin.text._homograph_context import Context, _past, is_word
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
    defenders champions hosts side team squad club"""
)
# riding a moped: "rides a moped" (with a determiner), "rent mopeds"
_RIDING = _word_set("ride rides riding rode rent rents rented buy bought sell sold park parked")
# "aged" (AY-jid) between a possessive and these: "her aged mother"
_AGED_KIN = _word_set(
    "mother father parents parent mom dad relatives grandmother grandfather uncle aunt"
)
# "closer" the pitcher or the dealmaker (CLOH-zer) after a possessive before these
_CLOSER_NOUN_BEFORE = _word_set(
    "to was is has had will would who for in on at from with after this last"
)
_POSSESSIVE_PRONOUNS = _word_set("my your his our their")  # not "her": "pulled her closer"
# an article, a demonstrative or a possessive: "my learned friend" (not "first learned judges")
_DEFINING = _word_set("a an the this that these those my your his her its our their")
# a recount (REE-count) after these: "demanded a recount", "a hand recount"
_RECOUNT_AFTER = _DEFINING | _word_set("another second full manual hand partial official")
# the verb's object or clause: "recounts his childhood", "recount how they met"
_TOLD_BEFORE = (
    T.DETERMINERS
    | T.POSSESSIVES
    | T.OBJECT_PRONOUNS
    | _word_set("how what when why where that the")
)
# "Reading" the school subject: "an A in Reading and a B in Math", "scores in Reading"
_SCHOOL = _word_set(
    """math maths science writing english grade grades test tests score scores students
    teacher teachers class skills comprehension fluency level literacy"""
)
# a sentence about the book of Job: "the patience of Job", "God answers Job"
_BIBLE = _word_set(
    """god lord satan verse verses chapter bible book patience comforters scripture testament
    psalms whirlwind"""
)
# after the side, where it was sent: "routed the visitors through a side entrance"
_ROUTE_AFTER = _word_set("through via around to into onto along past toward towards out across")


def _named(c: Context) -> bool:
    """Capitalized in lowercase prose after "in", "to", "from" ...: a place ("in Nice"), not
    a sentence's first word, a headline in capitals or a title ("Have a Nice Day")."""
    after = c.clause_after[0] if c.clause_after else ""
    titled = is_word(after) and after[:1].isupper()  # "Nice Guys Finish Last", "Reading Room"
    capital = c.raw[:1].isupper() and not c.raw.isupper()
    return capital and c.prev in _PLACE_BEFORE and c.prev_raw.islower() and not titled


def _place(common: str, place: str) -> Callable[[Context], str]:
    """The place's reading after "in", "to" ... (:func:`_named`) in a sentence not about
    school ("an A in Reading"), the common word's else."""
    return lambda c: place if _named(c) and _SCHOOL.isdisjoint(c.words) else common


def _job(c: Context) -> str:
    """The book and its man (JH OW1 B) capitalized inside a sentence about the Bible ("the
    Book of Job", "the patience of Job", "God answers Job"); work (JH AA1 B) else."""
    words = {w.replace("_", "") for w in c.words}  # "the L_O_R_D" of "the LORD"
    bible = not _BIBLE.isdisjoint(words)  # not "Job 1 at our plant", "Department of Job"
    book = c.raw == "Job" and c.at > 0 and bible
    return "JH OW1 B" if book else "JH AA1 B"


def _learned(c: Context) -> str:
    """The adjective (L ER1 N IH0 D) between a determiner and a person or a learned body: "my
    learned friend", "a learned society" (not "learned behavior", "she first learned judges
    can be wrong"); the verb else."""
    verb_after = c.next2 in T.VERB_BEFORE or c.next2 in T.BE
    if c.prev in _DEFINING and c.next in _LEARNED_PEOPLE and not verb_after:
        return "L ER1 N IH0 D"
    return "L ER1 N D"


def _bowed(c: Context) -> str:
    """B OW1 D before legs or a string instrument ("bowed legs"); bent (B AW1 D) else."""
    return "B OW1 D" if c.next in _BOWED_THINGS else "B AW1 D"


def _closer(c: Context) -> str:
    """One who closes (K L OW1 Z ER0) after "my", "their" ... before the sentence's end, a
    verb or a preposition ("traded their closer to Houston"; not "their closer ties", "his
    closer, more intimate portraits"); nearer else."""
    end = not c.next and c.mark_after in ("", ".", "!", "?")
    owner = c.prev in _POSSESSIVE_PRONOUNS or c.prev.endswith("s'")  # "The Yankees' closer"
    noun = owner and (end or c.next in _CLOSER_NOUN_BEFORE or _past(c.next))
    return "K L OW1 Z ER0" if noun else "K L OW1 S ER0"


def _forte(c: Context) -> str:
    """One's strength (F AO1 R T) after a possessive ("not my forte", "the senator's
    forte"); loud (T EY0) else."""
    owner = c.prev in T.POSSESSIVES or (c.prev.endswith("'s") and c.prev not in T.IS_OR_HAS)
    return "F AO1 R T" if owner else "F AO1 R T EY0"


def _routed(c: Context) -> str:
    """Beaten (R AW1 T IH0 D) before a side ("routed the visitors"), not sent somewhere
    ("routed the troops through Kuwait"); sent along else."""
    k = 1 if c.next in T.DETERMINERS else 0
    if len(c.tail) > k + 1 and c.tail[k + 1] in _ROUTED_SIDES:
        k += 1  # "routed a young side"
    side = c.tail[k] if len(c.tail) > k else ""
    sent = len(c.tail) > k + 1 and c.tail[k + 1] in _ROUTE_AFTER
    beaten = c.prev in T.BE and not _ROUTED_SIDES.isdisjoint(c.clause_before)  # "army was"
    beaten = beaten and c.next not in _ROUTE_AFTER
    if (side in _ROUTED_SIDES and not sent) or beaten:
        return "R AW1 T IH0 D"
    return "R UW1 T IH0 D"


def _recounting(recount: str, narrate: str, plural: bool) -> Callable[[Context], str]:
    """Counted again (R IY2) after "a", "the", "hand" ... ("demanded a recount") or before
    "of" or the votes counted; told (R IH0) before an object or a clause ("recounts his
    childhood", "recount how they met") or after a subject; else the plural is the noun
    ("Recounts are rare"), the singular the verb."""

    def pick(c: Context) -> str:
        if c.prev in _RECOUNT_AFTER or c.next == "of" or c.next in ("votes", "ballots"):
            return recount
        if c.next in _TOLD_BEFORE or c.prev in T.SUBJECTS or c.name_before:
            return narrate
        return recount if plural and not c.plural_before else narrate

    return pick


def _moped(c: Context) -> str:
    """The motorbike (M OW1 P EH0 D) after a determiner, an owner or a verb of riding ("rides
    a moped", "Jake's moped", "a used moped", "rent mopeds") or opening a sentence ("Moped
    sales rose"); sulked (M OW1 P T) else ("The teenager moped all afternoon")."""
    owned = c.prev in T.DETERMINERS or c.prev in T.POSSESSIVES or c.prev.endswith("'s")
    adjective = c.prev in T.ADJECTIVES or c.prev.endswith(("ed", "ic", "al", "ous", "ful"))
    described = c.prev2 in T.DETERMINERS and adjective  # "a used moped", not "The teenager"
    bike = owned or described or c.prev in _RIDING or c.at == 0
    return "M OW1 P EH0 D" if bike else "M OW1 P T"


def _aged(c: Context) -> str:
    """Old (EY1 JH IH0 D) as "the aged" standing alone or before a parent ("her aged
    mother"); grown older (EY1 JH D) else ("aged cheese", "aged 34", "has aged well")."""
    alone = c.prev == "the" and (not c.next or c.next in T.PREPOSITIONS or c.next == "and")
    kin = c.prev in T.POSSESSIVES and c.next in _AGED_KIN
    return "EY1 JH IH0 D" if alone or kin else "EY1 JH D"


def _viola(c: Context) -> str:
    """The name (V AY0) capitalized inside a sentence ("asked Viola") or opening it before a
    surname or a verb ("Viola Davis won", "Viola smiled"); the instrument (V IY0) else
    ("Viola players", "played viola")."""
    after = c.clause_after[0] if c.clause_after else ""
    capital = c.raw[:1].isupper() and not c.raw.isupper()
    opens = c.at == 0 and (after[:1].isupper() or _past(c.next) or c.next in T.SAYING)
    return "V AY0 OW1 L AH0" if capital and (c.at > 0 or opens) else "V IY0 OW1 L AH0"


def _bass(c: Context) -> str:
    """The fish in a sentence about fishing or before "season", "lure" ..., the low voice or
    instrument else."""
    fish = not T.BASS_FISH.isdisjoint(c.words) or c.next in T.BASS_FISH_BEFORE
    return "B AE1 S" if fish else "B EY1 S"


OWN_WORDS: dict[str, Callable[[Context], str]] = {
    "nice": _place("N AY1 S", "N IY1 S"),
    "reading": _place("R IY1 D IH0 NG", "R EH1 D IH0 NG"),
    "job": _job,
    "learned": _learned,
    "bowed": _bowed,
    "closer": _closer,
    "forte": _forte,
    "routed": _routed,
    "recount": _recounting("R IY2 K AW1 N T", "R IH0 K AW1 N T", plural=False),
    "recounts": _recounting("R IY2 K AW1 N T S", "R IH0 K AW1 N T S", plural=True),
    "moped": _moped,
    "aged": _aged,
    "viola": _viola,
    "bass": _bass,
}
"""Word -> its reading by its sentence (lowercase words, as :data:`homographs._OWN`)."""
