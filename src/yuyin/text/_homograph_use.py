"""What a homograph stands as in its sentence (noun, verb, adjective), read from its
:class:`~yuyin.text._homograph_context.Context`: :func:`use_of` and the cues it weighs. Private:
the public API is :mod:`yuyin.text.homographs`."""

from __future__ import annotations

from yuyin.text import _homograph_tables as T
from yuyin.text._homograph_context import (
    _AUXILIARIES,
    _FUNCTION_WORDS,
    _NOT_IN_NOUN_PHRASE,
    _ONE,
    _SHORTEST_SUFFIXED,
    PAUSES,
    Context,
    _looks_plural,
    _past,
    _skipped,
    s_form,
)

__all__ = ["use_of"]

_NOT_IN_SUBJECT = _NOT_IN_NOUN_PHRASE - T.PREPOSITIONS  # a verb or a pronoun: no subject's word
_CLAUSE_WORDS = T.CLAUSE_OF_TIME - {"as", "during"}  # "when", "if" ...: a clause follows


def _ends(token: str) -> bool:
    """A clause ends here: a mark, a clause word, or the sentence's end."""
    return token == "" or token in PAUSES or token in T.CLAUSE


def _short_phrase(c: Context) -> bool:
    """The phrase after the next word ends the clause within four tokens: "increases with
    age.", "during sleep." (not "with no advance notice anger tenants")."""
    return len(c.tail) < 5 or any(_ends(t) for t in c.tail[1:5])


def clause_cue(c: Context) -> bool:
    """What follows the word says it is a verb without an object: an adverb ending the clause or
    before a preposition ("compounds monthly.", "increases sharply during"), "with" or
    "during" and a short phrase ("increases with age."), "as" and a subject ("contracts as it
    cools"; not "as well as", "as big as"), "when", "if" ... and a clause ("contract when
    cooled."; not "contracts when signed become public"), or, in a clause "if", "when" ...
    opened, a pause ("If time permits, ...")."""
    n, n2 = c.next, c.next2
    after = c.tail[1] if len(c.tail) > 1 else ""
    adverb = n.endswith("ly") and len(n) > 3 and n not in T.NOT_ADVERBS
    adverb = adverb and (
        _ends(after) or after in T.PREPOSITIONS or after in T.OBJECTS or after in T.CLAUSE_OF_TIME
    )
    with_ = n == "with" and c.word in T.RISING and _short_phrase(c)
    during = n == "during" and _short_phrase(c)
    subject = n2 in T.SUBJECTS or n2 in T.DETERMINERS or _looks_plural(n2)
    as_ = n == "as" and n2 != "well" and subject
    clause = n in _CLAUSE_WORDS
    if clause and _past(n2):  # a participle: the clause ends after it ("when heated.")
        clause = len(c.tail) < 3 or _ends(c.tail[2])
    ends = not n and c.opener in T.CLAUSE_OF_TIME
    return adverb or with_ or during or as_ or clause or ends


def _verb_cue_after(c: Context) -> bool:
    """An object, "that" after a verb of thinking, or :func:`clause_cue` follows."""
    that = c.next == "that" and c.word in T.THAT_CLAUSE_VERBS
    return c.next in T.OBJECTS or that or clause_cue(c)


def _verb_of_bare_subject(c: Context) -> bool:
    """A word in -s after a subject without a determiner or with a prepositional phrase, before
    :func:`clause_cue`: "Metal contracts as it cools", "Interest compounds monthly.", "The
    risk of stroke increases with age" (not "Oil imports rarely exceed", "Government
    contracts when signed become public")."""
    before = c.clause_before
    if not s_form(c.word) or not before or not c.singular_before:
        return False
    if any(w in _NOT_IN_SUBJECT or (_past(w) and not _skipped(w)) for w in before):
        return False
    return clause_cue(c) and not c.finite_verb_after


def _verb_after_plural_phrase(c: Context) -> bool:
    """A word in -s after a subject that opens with a determiner and ends in a plural inside a
    prepositional phrase: "The rise in prices across most regions increases pressure", "Each
    of the rooftop panels converts sunlight" (not "the rise in arms imports": a plural that
    modifies a noun; nor before a verb: "The ban on fireworks imports took effect")."""
    before, p = c.clause_before, c.prev
    if not s_form(c.word) or len(before) < 3 or before[0] not in T.DETERMINERS:
        return False
    if not _looks_plural(p) or p in T.MODIFYING_PLURALS or p.endswith(("'s", "s'")):
        return False
    if not any(w in T.PREPOSITIONS for w in before[1:-1]):
        return False
    if any(w in _NOT_IN_SUBJECT or (_past(w) and not _skipped(w)) for w in before):
        return False
    return not (c.finite_verb_after or _verb_next(c) or _past(c.next))


def _verb_of_relative(c: Context) -> bool:
    """A word in -s right after a noun and "which" or "that": a relative clause's verb ("a
    device which records calls", "A campaign that insults voters"); not "with which protests
    spread", "know which permits you need", "said that insults hurt", "the fact that imports
    doubled", "the year that protests broke out"."""
    if not s_form(c.word) or c.clause_before:
        return False
    p2, n = c.prev2, c.next
    if _past(n) or n in T.SUBJECTS:
        return False
    noun = bool(p2) and p2 not in _FUNCTION_WORDS and not _past(p2)
    if c.prev == "which":
        return noun and p2 not in T.ASKING_WHICH
    return c.prev == "that" and noun and p2 not in T.SAYING and p2 not in T.THAT_NOUNS


def _verb_before_that(c: Context) -> bool:
    """ "suspects", "estimates" ... before "that" where a verb stands: after a subject ("The
    detective suspects that", "Nobody in the village suspects that", "..., now estimates
    that"), not after a verb ("interviewed suspects that matched")."""
    if c.word not in T.THAT_CLAUSE_VERBS or c.next != "that":
        return False
    b = c.clause_before
    phrase = (
        bool(b)
        and (b[0] in T.DETERMINERS or b[0] in T.SUBJECTS)
        and any(w in T.PREPOSITIONS for w in b[1:])
        and not any(_past(w) or w in _NOT_IN_SUBJECT for w in b[1:])
    )
    after_pause = not c.prev_raw and c.at > 0 and all(_skipped(w) for w in b)
    bare = len(b) == 1 and c.singular_before
    return c.prev in T.SUBJECTS or c.subject_before or phrase or after_pause or bare


def _second_verb(c: Context) -> bool:
    """The second of two verbs joined by "and"/"or", before a clause: "expand when heated and
    contract when cooled" (not "receipts and records until", "as well as")."""
    if c.prev not in ("and", "or") or c.next not in T.CLAUSE_OF_TIME or c.next2 == "well":
        return False
    first = c.words[0]
    plural_subject = first in T.PLURALS or _looks_plural(first)  # "Muscles tighten or contract"
    return _past(c.prev2) or _skipped(c.prev2) or (plural_subject and not s_form(c.word))


def _verb_next(c: Context) -> bool:
    """A verb a plural subject takes follows: "records show", "graduates face"."""
    return c.next in T.VERBS or c.next in T.PLURAL_VERBS or c.next in T.IRREGULAR_FINITE


def _name_subject(c: Context) -> bool:
    """A word in -s after a name (not the sentence's first word) before a verb: the name's
    noun ("The Department of Motor Vehicles records show", "... Resources permits cost")."""
    return c.name_before and s_form(c.word) and (_verb_next(c) or _past(c.next))


def _after_relative(c: Context) -> bool:
    """A word not in -s after a plural, "who"/"that" and a short clause of a verb and an
    adverb: the plural's verb ("Students who enroll actually graduate within six years"; not
    "Students who enroll in graduate programs")."""
    b = c.clause_before
    if c.opener not in ("who", "that") or not b or len(b) > 3 or s_form(c.word):
        return False
    k = c.at - len(b) - 2  # the word before the opener
    plural = k >= 0 and (_looks_plural(c.words[k]) or c.words[k] in T.PLURALS)
    return (
        plural
        and not any(w in _FUNCTION_WORDS for w in b[:1])
        and all(_skipped(w) or w not in _FUNCTION_WORDS for w in b[1:])
    )


def _compound(c: Context) -> bool:
    """The word before a noun it makes a compound with ("teaches contract law", "promoted to
    project manager", "soared to record highs"), unless a subject or a modal makes it a verb
    ("Weather stations record highs", "will project team sizes", "does not permit fee
    increases"), or "to" follows no verb of moving ("asked patients to record levels")."""
    if c.next not in T.COMPOUND_HEADS.get(c.word, ()):
        return False
    plural = c.plural_before and c.prev2 not in T.SUBJECTS  # not "She teaches contract law"
    if plural or c.prev in T.SUBJECTS or c.name_before or c.prev in T.ASKING:
        return False
    if c.prev == "to":
        return not T.MOVING_TO.isdisjoint(c.clause_before[:-1])
    of = _looks_plural(c.next) and c.next2 == "of"  # "permit holders of foreign licenses"
    return c.prev not in T.VERB_BEFORE and not of


def _present_here(c: Context) -> bool:
    """ "present" (here) after "everyone", "those" ... or a plural after "all", "the" ...,
    before a finite verb: "All members present voted in favor", "everyone present agreed"
    (not "Researchers present detailed evidence", "Students present their findings")."""
    if c.word != "present" or not _finite(c.next, plural=False):
        return False
    if c.next.endswith("ed") and c.next2 and c.next2 not in _FUNCTION_WORDS:
        return False  # a participle before its noun: "present updated estimates"
    plural = c.prev in T.PLURALS or _looks_plural(c.prev)
    return c.prev in T.PRESENT_WHO or (plural and c.prev2 in T.DETERMINERS | {"all"})


def _rising_by(c: Context) -> bool:
    """ "increases" by a quantity after a subject of more than one word, with no verb after:
    "The number of students who enroll each year increases by about ten percent" (not "Rent
    increases by a landlord require notice", "Price increases by more than ten percent must
    be approved")."""
    if c.word not in T.RISING or c.next != "by" or len(c.clause_before) < 2:
        return False
    if c.finite_verb_after:
        return False
    after = c.tail[2] if len(c.tail) > 2 else ""
    share = c.next2 == "a" and after in T.SHARES  # "by a third", "by a factor of"
    return share or c.next2 in T.BY_HOW_MUCH or c.next2 in T.NUMBER_WORDS


def _finite(word: str, plural: bool, after: str = "") -> bool:
    """A verb that a subject before it makes finite: a past ("fell"), "is", "will" ..., or,
    after a plural, a verb's plain form ("prices continue"). A past that may be a participle
    before a preposition (``after``) is none: "Use paint designed for", "oil heated to"."""
    participle = (_past(word) or word in ("cut", "hit", "set", "put")) and word not in T.PAST_ONLY
    if participle and (after in T.PREPOSITIONS or after in ("to", "by", "at")):
        return False
    return (
        _past(word)
        or word in _AUXILIARIES
        or word in T.IRREGULAR_FINITE
        or (plural and word in T.VERBS)
    )


def _opening(c: Context, imperative: bool) -> str | None:
    """A clause's first word before a noun: the noun's modifier where a verb follows it
    ("Produce prices rose", "Aggregate demand fell"), a command before a plural and "of" or
    the sentence's end with no verb after ("Alternate layers of pasta, sauce, and cheese.";
    not "Desert plants store water", whose verb no list holds)."""
    if c.prev or c.clause_before or not c.next or c.next in _FUNCTION_WORDS:
        return None
    after = c.tail[2] if len(c.tail) > 2 else ""
    if _finite(c.next2, plural=_looks_plural(c.next), after=after):
        return "noun"
    singular_verb = c.next2.endswith("s") and c.next2[:-1] in T.VERBS  # "affix order follows"
    if singular_verb and not _looks_plural(c.next) and c.next not in T.OBJECTS:
        return "noun"
    rest = []
    for w in c.words[c.at + 1 :]:  # to a clause word: "... until the dish is full."
        if w in T.CLAUSE or w in T.CLAUSE_OF_TIME:
            break
        rest.append(w)
    verb_after = any(_finite(w, plural=False) or w in T.SUBJECTS for w in rest)
    ends = len(c.tail) > 1 and c.tail[1] in (".", "!")  # "Update drivers."
    command = imperative and c.stops and _looks_plural(c.next) and not s_form(c.word)
    return "verb" if command and (c.next2 == "of" or ends) and not verb_after else None


def _verb_of_plural_phrase(c: Context) -> bool:
    """A word not in -s after a subject of a determiner, adjectives and a plural, before
    :func:`clause_cue`: "The deep green cabinets contrast beautifully with the countertops"
    (not "arrived under police escort shortly after", "Keep white clothes separate when", "Her
    strong sales record as a rookie")."""
    b = c.clause_before
    if len(b) < 2 or b[0] not in T.DETERMINERS or s_form(c.word) or c.prev in T.MODIFYING_PLURALS:
        return False
    if not (_looks_plural(c.prev) or c.prev in T.PLURALS) or c.prev_raw[:1].isupper():
        return False
    outside = _NOT_IN_SUBJECT | T.PREPOSITIONS | T.VERBS
    middle = b[1:-1]
    if any(w in outside or _past(w) or _looks_plural(w) for w in middle):
        return False
    return clause_cue(c)


def _name_ends(c: Context) -> bool:
    """A name opening a clause after a mark, then a word in -s that ends the sentence: ",
    Lily rebels." (not "the Syrian rebels.", "Syrian rebels.")."""
    name = c.prev_raw[:1].isupper() and not c.prev_raw.isupper() and c.at >= 2
    opens = c.clause_before == (c.prev,) and not c.opener
    return name and opens and s_form(c.word) and c.raw.islower() and not c.next and c.stops


def _pair_subject(c: Context) -> bool:
    """A word not in -s after two bare nouns joined by "and" that open the sentence: "Copper
    and silver conduct electricity" (not "Sales and contract law")."""
    w = c.words
    if c.at != 3 or w[1] != "and" or s_form(c.word) or c.next in T.VERBS:
        return False
    if s_form(c.next) or _looks_plural(c.next):  # "Health and safety survey results were"
        return False
    closed = _NOT_IN_SUBJECT | T.DETERMINERS | T.PREPOSITIONS  # "silver" may stand as a noun
    nouns = all(x not in closed and not _past(x) for x in (w[0], w[2]))
    return nouns and (c.next in T.OBJECTS or not c.next or c.next not in _FUNCTION_WORDS)


def use_of(c: Context, imperative: bool = False) -> str | None:
    """The word's use from the words around: "noun", "verb", "adj" ("is ..."), None: unknown.
    ``imperative``: a sentence's first word before its object is a verb ("Use caution."), but
    not in a headline, which starts with a noun ("Record heat grips Southwest")."""
    if c.prev in T.BE or (c.prev in T.DEGREE and c.prev2 in T.BE):  # "was too upset"
        return "adj"
    if _compound(c):
        return "noun"
    if _present_here(c):
        return "adj"
    if _rising_by(c):
        return "verb"
    if _pair_subject(c):
        return "verb"
    noun_like = c.prev in T.NOUNS_LIKE_ADJECTIVES and _verb_cue_after(c)  # "The detective
    if (c.noun_before and not noun_like) or c.prev in T.HAVE:  # suspects that", "Metal
        return "noun"  # contracts as it cools"
    if _name_subject(c):
        return "noun"
    if c.verb_before:
        return "verb"
    if c.next == "to" and c.word in T.BEFORE_TO:
        return T.BEFORE_TO[c.word]
    if c.next == "against" and c.word in T.VERB_BEFORE_AGAINST:
        return "verb"
    if c.next in ("between", "with") and c.word == "alternate" and not _past(c.prev):
        return "verb"  # "alternate between hot and cold"; not "named alternate with"
    if c.next in T.NOUN_AFTER:
        return "noun"
    if _verb_of_plural_phrase(c) or _name_ends(c) or _after_relative(c):
        return "verb"
    if c.asked_before:  # "Did the price increase?"
        return "verb"
    if _verb_of_bare_subject(c) or _verb_of_relative(c) or _verb_after_plural_phrase(c):
        return "verb"
    if _verb_before_that(c) or _second_verb(c):
        return "verb"
    bare = c.clause_before == (c.prev,) and c.singular_before and s_form(c.word)
    last = not c.next2 or c.next2 in T.PREPOSITIONS or c.next2 in T.CLAUSE_OF_TIME  # not
    # "Governor rejects travel ban"
    if bare and c.next in T.VERBS and last and not c.stops:  # "Tournament upsets continue"
        return "noun"
    if c.subject_before and s_form(c.word):  # "The camera records video"
        verb_after = c.finite_verb_after or _verb_next(c)  # "The court records show"
        return "noun" if verb_after else "verb"  # "The company records were lost"
    if c.object_before:  # "let the result upset you"
        return "verb"
    name = c.prev_raw[:1].isupper() and not c.prev_raw.isupper()  # "if the Lord permit"
    k = c.noun_phrase_at
    one = k >= 0 and c.clause_before[k] in _ONE and not s_form(c.word) and not name
    if one or c.modifier_before:  # "a weekly news digest every Sunday", "a parks permit"
        return "noun"
    if c.prev.endswith("ing") and c.prev2 in T.QUANTIFIERS:  # "fewer building permits this
        return "noun"  # year"
    if c.next in T.OBJECTS or c.plural_before:  # "record the show", "stores close early"
        return "verb"
    if c.noun_phrase_before and not name:  # "a factory reject", "the news update at noon"
        return "noun"
    ing = len(c.prev) >= _SHORTEST_SUFFIXED and c.prev.endswith("ing")
    if ing and c.prev2 in T.DETERMINERS:  # "a stunning upset", "the remaining records"
        return "noun"
    opening = _opening(c, imperative)
    if opening:
        return opening
    first = imperative and c.stops and not c.prev and not s_form(c.word)  # "Never use bleach."
    if first and c.next and c.next not in T.PREPOSITIONS and not s_form(c.next):
        return "verb"
    return None
