"""Homographs: one spelling, two pronunciations, and the sentence says which.

CMUdict lists "read" as R EH1 D and R IY1 D, "record" as the noun (R EH1 K ER0 D) and the verb
(R AH0 K AO1 R D), "live", "wind", "close", "use", "tear" twice; a G2P that reads a word alone says
its first reading everywhere: "I will read" as "red", "the wind" as "wined", "where do you live"
with the adjective's vowel. :func:`reading_in_context` picks the reading from the words around
it, by hand-written rules of the kind rule-based TTS front ends use (no tagger, nothing trained):

* words that change stress or a sound with their part of speech (tables of
  :mod:`yuyin.text._homograph_tables`): "a REcord" / "to reCORD" (``STRESS_SHIFT``),
  "an estimate" / "to estiMATE" (``ATE``), "no use" (S) / "to use" (Z) (``VOICING``). A noun
  after a determiner, a preposition, an adjective or a possessive, before "of" or "was"; a verb
  after "to", a modal, "do", a subject pronoun or a name, before an object ("record the
  show"); an adjective after "is", "seems" ... Otherwise the word's commoner use
  (``VERB_FIRST`` lists the words read as verbs then).
* words of their own: "read" (past after "have", "was", "he", or in a sentence that says
  "yesterday", "was", "-ed" ...), "live", "lives", "lead" (the metal before "pipes",
  "poisoning" ...), "wind", "winds", "wound", "tear(s)", "bow(s)", "dove", "sow", "minute",
  "polish" / "Polish", "putting", "invalid", "resume", "axes", "content", "frequent", "buffet",
  "tearing"; and (:mod:`yuyin.text._homograph_words`) "bass", "Nice", "Reading", "Job" as
  names, "learned", "bowed", "closer", "forte", "routed", "recount(s)", "moped", "aged",
  "viola", "misread".

The clause counts too: a determiner, a word or two and a singular noun opening it make a
subject, so a word in -s after them is its verb ("The camera records video") unless "is",
"were", "will" ... follow ("The company records were lost"); after "did", "will" ... and such a
noun phrase a word is a verb ("Did the price increase?"); elsewhere after one it is a compound
noun ("a factory reject").

Measured on 348 sentences of the Austen and KJV prompts labeled by hand before the rules were
written (98.0% of 351 occurrences of the right kind, 96.0% at the rules' first run, 57.8% with the
lexicon's first reading, eSpeak NG 83.5%), 126 written ones, 97 a reviewer wrote to break
them, and three sets written and labeled blind: 150 sentences (90.7% at the first run), 200
(88.5% before the clause rules, 93.5% at their first run) and two sets of 200 after a review
of them (97.5% and 93.5% at their first runs) (``python bench/homographs/run.py``,
``bench/results/homographs.json``).

Example:
    >>> reading_in_context("I will read it .".split(), 2, [["R", "EH1", "D"], ["R", "IY1", "D"]])
    ['R', 'IY1', 'D']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from yuyin.text import _homograph_tables as T
from yuyin.text._homograph_context import (
    Context,
    _looks_plural,
    _past,
    context_of,
    is_word,
    past_in,
    sentence_bounds,
)
from yuyin.text._homograph_use import use_of
from yuyin.text._homograph_words import OWN_WORDS
from yuyin.text.g2p_alphabet import _APOSTROPHES, spell

__all__ = ["HOMOGRAPHS", "reading_in_context"]


def _stressed_first(phones: Sequence[str]) -> bool:
    """Primary stress on the first vowel: the noun of a STRESS_SHIFT word."""
    vowels = [p for p in phones if p[-1:].isdigit()]
    return bool(vowels) and vowels[0].endswith("1")


def _ends_in_ate(phones: Sequence[str]) -> bool:
    """An EY near the end: the verb of an ATE word."""
    return any(p.startswith("EY") for p in phones[-3:])


def _voiced(phones: Sequence[str]) -> bool:
    """Z, not S, after the stressed vowel: "to use" (Y UW1 Z), not "no use" (Y UW1 S)."""
    stressed = [k for k, p in enumerate(phones) if p.endswith("1")]
    return bool(stressed) and stressed[-1] + 1 < len(phones) and phones[stressed[-1] + 1] == "Z"


def _by_use(c: Context, readings: Sequence[Sequence[str]]) -> Sequence[str] | None:
    """The reading of a STRESS_SHIFT, ATE or VOICING word for its use in the sentence."""
    subject = c.prev in T.SUBJECTS or c.plural_before or c.name_before
    modal = c.prev in T.VERB_BEFORE and c.prev != "to"
    negated = c.next2.startswith(("in", "un", "non")) and c.next2.endswith("ate")
    noun_after = len(c.tail) > 2 and _looks_plural(c.tail[2])  # "treats animate and inanimate
    negated = negated and (c.noun_before or not c.prev or noun_after)  # nouns"; not "Workers
    # separate and incinerate medical waste"
    if c.word in T.ATE and c.next in T.ATE_NOUN_BEFORE and not (subject or modal):
        use: str | None = "adj"  # "associate professor", even after "to"
    elif c.word in T.ATE and c.next in ("and", "or") and negated:
        use = "adj"  # "animate and inanimate nouns"
    else:
        titled = c.raw[:1].isupper() and c.at > 0 and c.next in ("of", "for")  # "Ford Issues
        verb_first = c.word in T.VERB_FIRST and not titled  # Recall for Pickups"
        use = use_of(c, imperative=True) or ("verb" if verb_first else "noun")
    verbal = use == "verb" or (use == "adj" and c.word in T.ADJECTIVE_AS_VERB)
    if c.word in ("desert", "deserts") and _merit(c):
        verbal = True  # "his just deserts": said as the verb is
    after_time = not c.next and (c.prev2 in T.PREPOSITIONS or c.prev2 == "until")  # "by the
    # close."
    place = c.next in T.PLACE_PREPOSITIONS  # "the close behind the cathedral" (S)
    before = c.next in T.PREPOSITIONS and not place
    end = c.next == "of" or (c.prev == "the" and (before or after_time))
    if c.word == "close" and c.prev in T.DETERMINERS and end:
        verbal = True  # the end: "at the close of trading", "before the close on Friday" (Z)
    if c.word in T.STRESS_SHIFT:
        return next((p for p in readings if _stressed_first(p) != verbal), None)
    kind = _ends_in_ate if c.word in T.ATE else _voiced
    return next((p for p in readings if kind(p) == verbal), None)


def _merit(c: Context) -> bool:
    """ "desert(s)" as what one deserves: "just deserts", "beneath his deserts" (a possessive
    in a sentence that says "got", "deserve", "beneath" ...), not in one about the land."""
    if not T.DESERT_LAND.isdisjoint(c.words):
        return False
    if c.clause_before[-1:] == ("just",):  # "just" is an adverb to Context.prev
        return True
    return c.prev in T.POSSESSIVES and not T.MERIT_CUES.isdisjoint(c.words)


def _singular_noun(word: str) -> bool:
    """A noun that is not plural: "man", "anyone" (not "people", "those", "they")."""
    return (
        bool(word)
        and word not in T.NOT_SINGULAR
        and word not in T.PLURALS
        and not (_looks_plural(word))
    )


def _read(c: Context) -> str:
    """R EH1 D after "have", "was", "she's", a singular subject or in a sentence about the
    past; R IY1 D after "to", a modal, at a sentence's start, or else."""
    past, present = "R EH1 D", "R IY1 D"
    # "have read", "was widely read"; in a question the subject comes between: "Has Emma read"
    for aux in (c.prev, c.prev2 if c.prev in T.SUBJECTS or c.name_before else ""):
        if aux in T.HAVE or aux in T.BE or aux in T.READ_PAST_AFTER or aux in T.IS_OR_HAS:
            return past
        if aux in T.VERB_BEFORE or aux == "let":
            return present
    if not c.prev:  # the start of a sentence: "Read the label."
        return present
    k = c.at - 3  # the word before the noun before "who"/"that"
    defined = c.prev == "who" or (k >= 0 and c.words[k] in T.DETERMINERS)  # not "check that"
    if c.prev in ("who", "that") and defined and _singular_noun(c.prev2):  # "the man who
        return past  # read", "a sign that read"; not "people who read", "so that read"
    if c.prev in T.SINGULAR_SUBJECTS or c.name_before or c.singular_before:
        return past  # its present would be "reads": "he read", "my sister read"
    return past if past_in(c) else present


def _live(c: Context) -> str:
    """L AY1 V before "music", "coverage" ..., after "a", "is", "went", "broadcast", in a
    label ("Live:") or a sentence about watching; L IH1 V (the verb) else."""
    verb, adjective = "L IH1 V", "L AY1 V"  # "where they live" / "a live show"
    object_of_watching = c.prev in T.OBJECT_PRONOUNS | {"it"} and c.prev2 in T.LIVE_AFTER
    if c.next in T.LIVE_BEFORE or c.mark_after == ":" or object_of_watching:  # "Stream it live"
        return adjective
    if c.prev == "long" or c.verb_before:  # "long live the king", "where they live"
        return verb
    if c.prev in T.LIVE_AFTER or c.prev in T.BE or c.prev in T.DETERMINERS:
        return adjective
    return verb if T.WATCHING.isdisjoint(c.words) else adjective  # "Watch the game live"


def _lives(c: Context) -> str:
    """L AY1 V Z (the plural of "life") unless a subject comes before or "in", "with" ...
    after."""
    noun, verb = "L AY1 V Z", "L IH1 V Z"  # "their lives" / "she lives"
    counted = c.prev in T.NUMBER_WORDS or c.prev in T.LIVES_COUNTED  # "200 lives", not "a
    counted = counted and c.prev2 != "of" and c.prev != "one"  # family of four lives"
    if c.noun_before or counted:
        return noun
    if c.verb_before or c.prev in ("which", "that", "one"):
        return verb
    return verb if c.next in T.LIVES_VERB_BEFORE else noun


def _lead(c: Context) -> str:
    """The metal (L EH1 D) before "pipes", "poisoning" ..., after "of", or in a sentence about
    paint or toxins where it is no verb; L IY1 D else."""
    if c.next in T.LEAD_METAL_BEFORE or c.prev in T.LEAD_METAL_AFTER:
        return "L EH1 D"
    if c.prev in T.FINDING and (not c.next or c.next in T.PREPOSITIONS):
        return "L EH1 D"  # "found lead in the water" (not "found a lead", "found lead roles")
    if not T.LEAD_CUES.isdisjoint(c.words) and use_of(c) != "verb":
        return "L EH1 D"
    if not c.next and not T.PENCIL.isdisjoint(c.words):  # "the part without any lead."
        return "L EH1 D"
    return "L IY1 D"


def _winding(noun: str, verb: str) -> Callable[[Context], str]:
    """The air that moves, unless the word stands as a verb or "up", "down" ... follow (not
    "winds up to sixty miles an hour")."""

    def pick(c: Context) -> str:
        use = use_of(c)
        winding = c.next in T.WINDING_BEFORE and not (c.next == "up" and c.next2 == "to")
        return verb if use == "verb" or (use is None and winding) else noun

    return pick


def _wound(c: Context) -> str:
    injury, wound_up = "W UW1 N D", "W AW1 N D"  # "heal the wound" / "he wound the rope"
    if c.next in T.WINDING_BEFORE or c.prev in T.BE or c.prev in T.HAVE:
        return wound_up  # "had been wound so tightly", "was wound up"
    if c.next in T.POSSESSIVES and c.next2 == "way":
        return wound_up  # "The road wound its way up the hill"
    if (c.prev in T.SUBJECTS and c.prev not in T.VERB_BEFORE) or c.name_before:
        return wound_up  # a subject, then the past of "wind": "to wound" is the injury
    return injury


def _crying(c: Context) -> bool:
    """Of the eyes: their verb ("Her eyes kept tearing from the smoke", "eyes filled with
    tears"; not "An eye exam revealed a tear", "yellow eyes was tearing at the carcass"), or
    "tear(s) up" with no object after one who cries: before a pause, "when", "at" ... or
    "every time" ("My dad tears up every single time"; not "tears up every paper", "Which
    letters should I tear up?", "Paper towels tear up when wet")."""
    if c.next in T.TEAR_VERB_BEFORE and c.next != "up":
        return False  # "tearing at the carcass", "tearing down"
    b = c.clause_before
    eyes = next((k for k in range(len(b) - 1, max(-1, len(b) - 5), -1) if b[k] in T.EYES), -1)
    if eyes >= 0 and all(w in T.EYES_TO_TEARS for w in b[eyes + 1 :]):
        return True
    if c.next != "up" or not T.FRONTED.isdisjoint(c.words[: c.at]):
        return False
    after = c.tail[1:4]
    if after and after[0] in ("every", "each") and "time" in after[1:]:
        return True
    if after and is_word(after[0]) and after[0] not in T.TEAR_UP_CRYING_BEFORE:
        return False  # an object: "tears up the letter"
    if c.prev == "to":  # "started to tear up", not "promised to tear up"
        return c.prev2 in T.STARTING
    who = c.prev2 if c.prev in T.BE or c.prev in T.STARTING else c.prev
    return who in T.SUBJECTS or who in T.CRIERS


def _tearing(teardrop: str, rip: str) -> Callable[[Context], str]:
    """ "tear(s)" from the eye unless it stands as a verb, before "up", "apart" ..., or in
    "wear and tear" (but "tears up" with no object is crying: :func:`_crying`); the rip
    after "a partial" ... or before "in" and a thing that rips ("in his left ACL")."""

    def pick(c: Context) -> str:
        if c.prev == "and" and c.prev2 == "wear":
            return rip
        if _crying(c):
            return teardrop
        use = use_of(c)
        if use == "verb" or (use is None and c.next in T.TEAR_VERB_BEFORE):
            return rip
        sized = c.prev in T.TEAR_SIZES and c.next in ("in", "on", "near", "along")
        if c.prev in T.TEAR_RIP_AFTER or sized:  # "a partial tear", "a small tear in"
            return rip
        after_in = c.clause_after[1:5] if c.next in ("in", "along") else ()
        ripped = {w.lower().replace("_", "") for w in after_in}  # "A_C_L": "acl"
        return rip if not T.TEAR_RIP_CUES.isdisjoint(ripped) else teardrop  # "in my jeans"

    return pick


def _tearing_ing(c: Context) -> str:
    """ "tearing": the rip ("tearing down", "tearing the paper") unless of the eyes or crying
    (:func:`_crying`: "Her eyes kept tearing", "She started tearing up.")."""
    return "T IH1 R IH0 NG" if _crying(c) else "T EH1 R IH0 NG"


def _bowing(bend: str, weapon: str) -> Callable[[Context], str]:
    """The bend (B AW1) unless the sentence speaks of arrows, ribbons, violins (B OW1), but
    a verb before "to", "deeply" ... bends ("The soloist bows to the audience and lifts her
    violin")."""

    def pick(c: Context) -> str:
        if c.next in T.BOW_BEND_BEFORE and use_of(c) == "verb":
            return bend
        return bend if T.BOW_WEAPON_CUES.isdisjoint(c.words) else weapon

    return pick


def _dove(c: Context) -> str:
    """The bird unless a subject comes before or "into", "under" ... after (the past of
    "dive")."""
    bird, dived = "D AH1 V", "D OW1 V"
    if c.noun_before:
        return bird
    if c.verb_before or c.next in T.DIVED_BEFORE:
        return dived
    return bird


def _sow(c: Context) -> str:
    """The pig after a determiner, the verb else."""
    return "S AW1" if c.noun_before else "S OW1"  # "the sow" / "sow the seeds"


def _minute(c: Context) -> str:
    """Tiny (M AY0 N UW1 T) before "details", "traces" ..., after "so", "most", or ending a
    sentence after "is" ("the differences are minute"); the sixtieth of an hour else."""
    tiny = c.next in T.MINUTE_BEFORE or c.prev in T.MINUTE_AFTER
    counted = c.prev in T.MINUTE_COUNTED or c.prev.isdigit() or c.prev in T.NUMBER_WORDS
    verb_before = c.prev in T.PREPOSITIONS or c.prev in T.VERBS or _past(c.prev) or not c.prev
    verb_before = verb_before or c.prev in ("out", "up")  # "make out minute scratches"
    verb_before = verb_before and c.prev2 not in T.DETERMINERS  # not "Every spare minute counts"
    tiny = tiny or (_looks_plural(c.next) and verb_before and not counted)  # "make out minute
    # scratches", "detect minute vibrations"; not "Another minute passes", "hour and minute
    # hands", "ten minute drives", "last minute changes"
    if (tiny or (c.prev in T.BE and not c.next)) and c.prev != "last":  # "last minute changes"
        return "M AY0 N UW1 T"
    return "M IH1 N AH0 T"


def _polish(c: Context) -> str:
    """ "Polish" (of Poland) capitalized after another word or before "people", "troops" ...;
    the verb and the noun else."""
    nation = "P OW1 L IH0 SH"
    capitalized = c.raw[:1].isupper() and not c.raw.isupper()  # not a headline's "POLISH"
    if capitalized and (c.prev or c.next in T.POLISH_BEFORE):  # "speaks Polish", "Polish troops"
        return nation
    return "P AA1 L IH0 SH"


# what may follow "putting green" the noun: "the putting green is", "on the putting green."
_GREEN_ENDS = frozenset({""}).union(T.PREPOSITIONS, T.BE, T.HAVE, T.CONJUNCTIONS, T.NOUN_AFTER)


def _putting(c: Context) -> str:
    """ "put" unless before "green", "stroke" ... or "on the (practice) green" (golf; not "on
    the green dress")."""
    after = [t.lower() for t in c.clause_after[:5]]
    green = next((k for k, w in enumerate(after) if w in ("green", "greens")), -1)
    on_green = c.next in ("on", "at", "from") and green > 1 and after[1] in T.DETERMINERS
    if on_green and green + 1 < len(after) and after[green + 1] not in T.PREPOSITIONS:
        on_green = False  # "putting on the green dress"
    noun = c.noun_before and c.next in T.NOUN_AFTER and c.next != "of"  # "His putting was
    golf = c.next in T.PUTTING_GOLF or noun  # superb", not "the putting of questions"
    verb_after = _past(c.next) or c.next in T.CAUSATIVES or c.next in T.IRREGULAR_FINITE
    verb_after = verb_after or c.next in T.PLURAL_VERBS  # "Her putting cost her the title"
    golf = golf or (c.prev in T.POSSESSIVES and verb_after)  # "His putting let him down"
    progressive = c.prev in T.BE or c.prev in T.SUBJECTS or c.prev in T.VERB_BEFORE
    if c.next == "green" and c.next2 not in _GREEN_ENDS and progressive:
        golf = False  # "was putting green paint on", not "Putting green maintenance costs"
    return "P AH1 T IH0 NG" if golf or on_green else "P UH1 T IH0 NG"


def _invalid(c: Context) -> str:
    """The person (IH1 N V AH0 L AH0 D) after "an", "poor" ... before a pause or "who", "now"
    ...; "not valid" else."""
    person = c.prev in T.INVALID_NOUN_AFTER and (not c.next or c.next in T.INVALID_NEXT)
    kin = c.prev in T.POSSESSIVES and c.next in T.INVALID_PERSON_BEFORE  # "her invalid mother"
    if person or kin:
        return "IH1 N V AH0 L AH0 D"  # "an invalid" (a person)
    return "IH2 N V AE1 L AH0 D"


def _resume(c: Context) -> str:
    """The CV (R EH1 Z AH0 M EY2) when written "résumé", after a determiner or before
    "writing"; the verb else."""
    written_as_noun = not c.raw.isascii()  # "résumé"
    if written_as_noun or c.noun_before or c.next in ("writing", "template", "templates"):
        return "R EH1 Z AH0 M EY2"
    return "R IH0 Z UW1 M"


def _axes(c: Context) -> str:
    """The plural of "axis" in a sentence about graphs or symmetry, of "axe" else."""
    labeled = not {"label", "labels"}.isdisjoint(c.words[max(0, c.at - 3) : c.at])  # "Label
    graph = labeled or not T.AXIS_CUES.isdisjoint(c.words)  # both axes" (not a price label)
    return "AE1 K S IY2 Z" if graph else "AE1 K S IH2 Z"


def _content(c: Context) -> str:
    """The adjective or verb (K AH0 N T EH1 N T) after "is", "quite", "to" ... or before
    "with"; the noun else."""
    noun, adjective = "K AA1 N T EH0 N T", "K AH0 N T EH1 N T"  # "the content" / "content with"
    if c.noun_before:
        return noun
    object_of = c.prev in T.CONTENT_VERBS  # "lets you download content to watch" (not "lay
    # content to doze", "retired content to")
    if c.prev in T.BE or c.prev in T.CONTENT_AFTER or c.verb_before:
        return adjective
    if c.next in ("with", "to") and not object_of:
        return adjective
    return noun


def _by_verb(noun: str, verb: str) -> Callable[[Context], str]:
    """The noun unless the word stands as a verb."""
    return lambda c: verb if use_of(c) == "verb" else noun


def _by_noun(noun: str, verb: str) -> Callable[[Context], str]:
    """The verb unless the word stands as a noun or an adjective."""
    return lambda c: noun if use_of(c) in ("noun", "adj") else verb


_REFUSE_BY_USE = _by_noun("R EH1 F Y UW2 Z", "R AH0 F Y UW1 Z")


def _refuse(c: Context) -> str:
    """The rubbish before "collection", "disposal" ... or as a noun; the verb else ("refuse
    to")."""
    if c.next in T.REFUSE_NOUN_BEFORE and not (c.verb_before or c.plural_before):
        return "R EH1 F Y UW2 Z"  # not "Some customers refuse collection of their data"
    return _REFUSE_BY_USE(c)


_OWN: dict[str, Callable[[Context], str]] = {
    "read": _read,
    "live": _live,
    "lives": _lives,
    "lead": _lead,
    "wind": _winding("W IH1 N D", "W AY1 N D"),
    "winds": _winding("W IH1 N D Z", "W AY1 N D Z"),
    "wound": _wound,
    "tear": _tearing("T IH1 R", "T EH1 R"),
    "tears": _tearing("T IH1 R Z", "T EH1 R Z"),
    "tearing": _tearing_ing,
    "bow": _bowing("B AW1", "B OW1"),
    "bows": _bowing("B AW1 Z", "B OW1 Z"),
    "dove": _dove,
    "sow": _sow,
    "minute": _minute,
    "polish": _polish,
    "putting": _putting,
    "invalid": _invalid,
    "resume": _resume,
    "axes": _axes,
    "content": _content,
    "frequent": _by_verb("F R IY1 K W AH0 N T", "F R IY1 K W EH2 N T"),
    "buffet": _by_verb("B AH0 F EY1", "B AH1 F AH0 T"),
    "buffets": _by_verb("B AH0 F EY1 Z", "B AH1 F AH0 T S"),
    "refuse": _refuse,
    "misread": lambda c: "M IH0 S " + _read(c),  # as "read": "I misread", "to misread"
    **OWN_WORDS,
}
_BY_USE = T.STRESS_SHIFT | T.ATE | T.VOICING
HOMOGRAPHS: frozenset[str] = frozenset(_OWN) | _BY_USE
"""The words :func:`reading_in_context` reads from their sentence (lowercase)."""


def _acronyms_joined(tokens: list[str], i: int) -> tuple[list[str], int]:
    """Spelled capitals as one word, and the new place of ``tokens[i]``: the normalizer's
    "The C E O rarely delegates" is read as "The CEO rarely delegates" (one noun)."""
    joined: list[str] = []
    at = i
    capitals = all(t.isupper() for t in tokens if is_word(t) and t != "I")  # a headline
    for k, t in enumerate(tokens):
        after = tokens[k + 1] if k + 1 < len(tokens) else ""
        pronoun = t == "I" and after[:1].islower() and not after.endswith("s")  # "B B C I record"
        if k > 0 and _capital(t) and _capital(tokens[k - 1]) and not pronoun:
            joined[-1] += "_" + t  # "U_S": no "us", "it" or "who" a rule takes for a pronoun
            if k < i:
                at -= 1
            continue
        acronym = len(t) > 1 and t.isupper() and t.isalpha() and not capitals and k != i
        joined.append("_".join(t) if acronym else t)  # "IT contracts": no "it"
    return joined, at


def _capital(token: str) -> bool:
    """A letter spelled as a capital: "C" of "C E O"."""
    return len(token) == 1 and "A" <= token <= "Z"


def reading_in_context(
    tokens: Sequence[str], i: int, readings: Sequence[Sequence[str]]
) -> list[str] | None:
    """The reading of ``tokens[i]`` that its sentence calls for (module doc), among
    ``readings`` (the lexicon's, with stress), or None: not a homograph read here, or the
    reading the rules pick is not among ``readings`` (a custom lexicon's own word).

    ``tokens`` are the words of a text in order, pause marks (``,`` ``.`` ...) as tokens of
    their own or left out; only the word's own sentence (up to :data:`WINDOW` tokens each
    side) is read. Case matters ("Polish", names before a verb); accents do not ("résumé").
    A word alone (no other word in its sentence) gets None: there is nothing to read it by.
    """
    if not 0 <= i < len(tokens):
        raise IndexError(f"word index {i} is outside the sentence's {len(tokens)} tokens")
    if isinstance(readings, str) or any(isinstance(r, str) for r in readings):
        raise TypeError("readings must be phone lists, e.g. [['R', 'EH1', 'D'], ...], not str")
    if spell(tokens[i]) not in HOMOGRAPHS or len(readings) < 2:
        return None
    lo, hi = sentence_bounds(tokens, i)
    sentence = [t.translate(_APOSTROPHES) for t in tokens[lo:hi]]
    if not any(is_word(t) for k, t in enumerate(sentence) if k != i - lo):
        return None  # a word alone: no sentence to read it by
    sentence, at = _acronyms_joined(sentence, i - lo)
    c = context_of(sentence, at)
    own = _OWN.get(c.word)
    picked = own(c).split() if own is not None else _by_use(c, readings)
    if picked is None:
        return None
    picked = list(picked)
    return picked if any(list(r) == picked for r in readings) else None
