"""The context of a word in its sentence, for :mod:`yuyin.text.homographs`: the words around
it (adverbs skipped), what they say of its use (noun, verb, adjective), and whether the
sentence speaks of the past. Private: the public API is :mod:`yuyin.text.homographs`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from yuyin.text import _homograph_tables as T
from yuyin.text._tables import _word_set
from yuyin.text.g2p_alphabet import spell

__all__ = [
    "SENTENCE_ENDS",
    "WINDOW",
    "Context",
    "context_of",
    "is_word",
    "past_in",
    "s_form",
    "sentence_bounds",
]

_POSSESSIVE_ENDINGS = ("'s", "s'")
_NOT_POSSESSIVE = _word_set("it's he's she's that's what's there's here's who's let's")
_SHORTEST_SUFFIXED = 5  # "-al"/"-ic" ... adjectives: "real" and "epic" are listed, not guessed
_SHORTEST_PAST = 5  # "-ed" words shorter than this ("bed", "red", "shed") are no past tense
_SHORTEST_PLURAL = 4  # "-s" words shorter than this ("is", "was", "has") are no plural nouns
SENTENCE_ENDS = frozenset(".?!")
PAUSES = frozenset(",.?!;:")  # the marks that end a clause (the G2P's pause marks)
WINDOW = 40  # tokens looked at on each side, at most: the cost stays linear in the text


@dataclass(frozen=True)
class Context:
    """What is around one word of a sentence: lowercase words, "" past a pause or an end."""

    word: str  # the word itself, spelled as the tables hold it (spell: "Résumé" -> "resume")
    raw: str  # as written
    prev: str  # the word before, adverbs ("often", "-ly") left out
    prev_raw: str  # the same as written
    prev2: str  # the word before that one
    next: str  # the word after
    next2: str  # the word after that one
    mark_after: str  # the pause mark right after the word ("Live:"), or ""
    words: tuple[str, ...]  # the sentence's words, lowercase, in order
    at: int  # the word's place in ``words``
    stops: bool  # the sentence ends with ".", "?" or "!" (a headline does not)
    clause_before: tuple[str, ...] = ()  # its clause's words before it (from a mark, "and" ...)
    clause_after: tuple[str, ...] = ()  # its clause's tokens after it, as written (to a mark)
    opener: str = ""  # the word that opens its clause ("if", "and" ...), "" after a mark
    tail: tuple[str, ...] = ()  # the next tokens (up to 6, marks too), lowercase

    @property
    def name_before(self) -> bool:
        """A capitalized word before a lowercase one, neither the sentence's first nor after a
        determiner ("Missus Morland objects"; not "The Beatles record"): a verb follows."""
        return (
            self.prev_raw[:1].isupper()
            and not self.prev_raw.isupper()  # an acronym or a spelled letter: "the I P address"
            and self.raw.islower()
            and bool(self.prev2)
            and self.prev2 not in T.DETERMINERS
            and self.prev not in T.SUBJECTS
        )

    @property
    def noun_before(self) -> bool:
        """A determiner, preposition, adjective or possessive before: a noun follows."""
        p = self.prev
        return (
            p in T.DETERMINERS
            or p in T.PREPOSITIONS
            or p in T.ADJECTIVES
            or (len(p) >= _SHORTEST_SUFFIXED and p.endswith(T.ADJECTIVE_ENDINGS))
            or (p.endswith(_POSSESSIVE_ENDINGS) and p not in _NOT_POSSESSIVE)
        )

    @property
    def verb_before(self) -> bool:
        """A verb follows: after "to", a modal, a subject, "let us", a name (after "to" or a
        modal a plural is a noun: "listen to records")."""
        p = self.prev
        return (
            (p in T.VERB_BEFORE and not s_form(self.word))
            or p in T.SUBJECTS
            or (p in T.OBJECT_PRONOUNS and self.prev2 in T.CAUSATIVES)
            or self.name_before
        )

    @property
    def plural_before(self) -> bool:
        """A plural noun before a word not in -s, its subject: "prices increase", "stores
        close" (not a name: "The Beatles record")."""
        p = self.prev
        if not p or s_form(self.word) or (self.prev_raw[:1].isupper() and self.prev2):
            return False
        if self.prev2 in _ONE or self.prev2 in _MODIFYING:
            return False  # "a police escort", "under heavy police escort", "under police
            # escort" (not "Most students graduate", "of students graduate", "As talks progress")
        if p in T.PLURALS:
            return True
        return _looks_plural(p)

    @property
    def singular_before(self) -> bool:
        """A word before that is no function word nor plural: a singular noun ("my sister")."""
        p = self.prev
        singular = not s_form(p) or p in T.NOT_PLURAL or "_" in p  # "the news update", "the
        # U_S imports" (spelled capitals joined)
        return bool(p) and p not in _FUNCTION_WORDS and singular and p not in T.PLURALS

    @property
    def modifier_before(self) -> bool:
        """ "a", "an", "every" ... and a word in -s before: a compound noun's first part ("a
        parks permit", "an arms import"), not a plural subject."""
        return self.prev2 in _ONE and _looks_plural(self.prev)

    @property
    def noun_phrase_before(self) -> bool:
        """A determiner, at most two words and a singular noun before: "a factory reject",
        "my new camera records"."""
        return self.noun_phrase_at >= 0

    @property
    def subject_before(self) -> bool:
        """A noun phrase (:attr:`noun_phrase_before`) opens the clause: its subject, so the
        word may be its verb ("The company uses", "... and the risk increases")."""
        return self.noun_phrase_at == 0

    @property
    def object_before(self) -> bool:
        """The noun phrase before is the object of "let" or "help", and the word its verb:
        "let the result upset you" (not "saw a sharp increase", "made a big record")."""
        k = self.noun_phrase_at
        return k > 0 and self.clause_before[k - 1] in T.LETTING

    @cached_property
    def noun_phrase_at(self) -> int:
        """Where in :attr:`clause_before` the noun phrase before the word starts, or -1 (found
        once: the rules ask for it up to four times a word)."""
        before = self.clause_before
        if not self.singular_before or len(before) < 2:
            return -1
        for k in range(len(before) - 2, max(-1, len(before) - 5), -1):
            if before[k] in T.DETERMINERS:
                verb = any(_past(w) and not _skipped(w) for w in before[k + 2 :])  # "The storm
                # brought winds"; not "a previously unknown exploit", "the scheduled date"
                middle = before[k + 1 : -1]
                return -1 if verb or any(w in _NOT_IN_NOUN_PHRASE for w in middle) else k
        return -1

    @property
    def asked_before(self) -> bool:
        """A question's "did", "can" ... then its subject, a noun phrase, before a word not in
        -s: "Did the price increase?", "Not only at home did her value increase"."""
        before = self.clause_before
        if s_form(self.word) or not before or self.next in T.BE or self.finite_verb_after:
            return False  # "Will the rate increase be approved?"
        if self.next in T.VERBS:
            return False  # "Will the tax increase affect prices?"
        for k in range(len(before) - 2, max(-1, len(before) - 6), -1):
            if before[k] in T.ASKING:
                if any(w in T.SUBJECTS or w in T.VERB_BEFORE for w in before[:k]):
                    return False  # "They did the software update": "did" is the verb
                subject = before[k + 1 :]
                opens = subject[0] in T.DETERMINERS or subject[0] in T.SUBJECTS
                return opens and not any(w in _NOT_IN_NOUN_PHRASE for w in subject[1:])
        return False

    @property
    def finite_verb_after(self) -> bool:
        """A finite "is", "has", "will" ... follows in the clause, before another subject: "The
        company records were lost" (the word is a noun), not "The camera records video" (the
        word is the verb), nor "The puppy tears up every paper it can find", "The team uses
        the tools the rival team does" (another subject's verb). "May" the month is no verb."""
        for raw in self.clause_after:
            w = raw.lower()
            if w in T.SUBJECTS or w in T.CLAUSE or w in _ANOTHER_CLAUSE:
                return False
            if w in _AUXILIARIES and raw != "May":
                return True
        return False


# the tables' closed classes (determiners, modals, pronouns ...): no noun among them
_FUNCTION_WORDS = frozenset().union(
    T.DETERMINERS, T.PREPOSITIONS, T.ADJECTIVES, T.VERB_BEFORE, T.SUBJECTS, T.BE, T.HAVE,
    T.OBJECTS, T.NOUN_AFTER, T.OBJECT_PRONOUNS, T.SKIPPED, T.CONJUNCTIONS,
)  # fmt: skip


# words that end a noun phrase: a verb or a preposition between a determiner and the word
# before a plural noun, words that make it part of a noun phrase, not a subject
_MODIFYING = (T.ADJECTIVES - T.QUANTIFIERS - {"as"}) | (T.PREPOSITIONS - {"of", "like"})
_NOT_IN_NOUN_PHRASE = frozenset().union(
    T.BE, T.HAVE, T.VERB_BEFORE, T.PREPOSITIONS, T.SUBJECTS, T.OBJECT_PRONOUNS, T.CONJUNCTIONS
)
_NOT_IN_SUBJECT = _NOT_IN_NOUN_PHRASE - T.PREPOSITIONS
_AUXILIARIES = frozenset().union(T.BE, T.HAVE, T.VERB_BEFORE) - {
    "to", "please", "be", "been", "being", "having",
}  # fmt: skip
_ANOTHER_CLAUSE = frozenset({"what", "how", "than", "as"})
_ONE = frozenset(
    {"a", "an", "another", "each", "every", "one", "this", "that"}
)  # one thing  # "... than the old model did"


def _past(word: str) -> bool:
    """A verb's past: "-ed" ("listed", not "red") or an irregular one ("brought")."""
    regular = word.endswith("ed") and len(word) >= _SHORTEST_PAST and word not in T.NOT_PAST
    return regular or word in T.PAST_CUES or word in T.IRREGULAR_PAST


def _looks_plural(word: str) -> bool:
    """A plural noun by its spelling: "stores", not "is", "bus", "news" or a function word."""
    long_s = len(word) >= _SHORTEST_PLURAL and s_form(word) and not word.endswith(("us", "is"))
    long_s = long_s and "_" not in word  # "U_S": an acronym (homographs joins its capitals)
    return long_s and word not in _FUNCTION_WORDS and word not in T.NOT_PLURAL


def s_form(word: str) -> bool:
    """A plural or a verb's -s form ("records", "uses"), not a word in -ss ("progress")."""
    return word.endswith("s") and not word.endswith("ss")


def is_word(token: str) -> bool:
    """A word, not a pause mark."""
    return token[:1].isalpha()


def _skipped(word: str) -> bool:
    """An adverb a look back passes over: "they often record", "is not content"."""
    return word in T.SKIPPED or (
        word.endswith("ly") and len(word) > 3 and word not in T.NOT_ADVERBS
    )


def sentence_bounds(tokens: Sequence[str], i: int) -> tuple[int, int]:
    """Where the sentence of ``tokens[i]`` starts and ends (at most :data:`WINDOW` tokens
    each side): a homograph is read by its own sentence, and a long text costs linear time."""
    lo = i
    while lo > max(0, i - WINDOW) and tokens[lo - 1] not in SENTENCE_ENDS:
        lo -= 1
    hi = i + 1
    while hi < min(len(tokens), i + 1 + WINDOW) and tokens[hi - 1] not in SENTENCE_ENDS:
        hi += 1
    return lo, hi


def context_of(tokens: Sequence[str], i: int) -> Context:
    """The context of ``tokens[i]`` within ``tokens`` (one sentence, apostrophes straight)."""
    j = i - 1
    while j >= 0 and is_word(tokens[j]) and _skipped(tokens[j].lower()):
        if j > 0 and tokens[j][:1].isupper() and tokens[i][:1].islower():
            break  # a name, not an adverb: "..., Lily rebels", "Emily often records" (not a
            # title: "Scientists Finally Record Whale Song")
        j -= 1
    prev_raw = tokens[j] if j >= 0 and is_word(tokens[j]) else ""
    prev2 = tokens[j - 1].lower() if prev_raw and j >= 1 and is_word(tokens[j - 1]) else ""
    after = tokens[i + 1] if i + 1 < len(tokens) else ""
    after2 = tokens[i + 2] if is_word(after) and i + 2 < len(tokens) else ""
    words = [t.lower() for t in tokens[:i] if is_word(t)]
    start = i
    while (
        start > 0 and tokens[start - 1] not in PAUSES and tokens[start - 1].lower() not in T.CLAUSE
    ):
        start -= 1
    end = i + 1
    while end < len(tokens) and tokens[end] not in PAUSES and tokens[end].lower() not in T.CLAUSE:
        end += 1
    return Context(
        word=spell(tokens[i]),
        raw=tokens[i],
        prev=prev_raw.lower(),
        prev_raw=prev_raw,
        prev2=prev2,
        next=after.lower() if is_word(after) else "",
        next2=after2.lower() if is_word(after2) else "",
        mark_after="" if is_word(after) else after,
        words=(*words, spell(tokens[i]), *(t.lower() for t in tokens[i + 1 :] if is_word(t))),
        at=len(words),
        stops=any(t in SENTENCE_ENDS for t in tokens[i + 1 :]),
        clause_before=tuple(t.lower() for t in tokens[start:i] if is_word(t)),
        clause_after=tuple(tokens[i + 1 : end]),
        opener=tokens[start - 1].lower() if start > 0 and is_word(tokens[start - 1]) else "",
        tail=tuple(t.lower() for t in tokens[i + 1 : i + 7]),
    )


def past_in(c: Context) -> bool:
    """Whether the sentence says it is about the past: "yesterday", "was", a verb in -ed (not
    an adjective: "the updated guide", "read detailed reports")."""
    for k, w in enumerate(c.words):
        if w in T.PAST_CUES:
            return True
        adjective = k > 0 and (c.words[k - 1] in T.DETERMINERS or k - 1 == c.at)
        if w.endswith("ed") and len(w) >= _SHORTEST_PAST and w not in T.NOT_PAST and not adjective:
            return True
    return False
