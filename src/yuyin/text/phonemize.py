"""The TTS front end: one sentence of text -> the symbols the acoustic model reads.

::

    "Dr. Smith, 42!" ─► normalize_for_tts ─► "Doctor Smith, forty-two!"
                     ─► words and pause marks ─► G2P per word (lexicon, neural model for OOV)
                     ─► <s> D AA1 K T ER0 | S M IH1 TH , | F AO1 R T IY0 | T UW1 ! </s>

The symbols (:data:`TTS_SYMBOLS`, padding first) are:

* the 69 stressed ARPAbet phones of :data:`yuyin.text.lexicon.STRESSED_PHONES`;
* a word's phones from :class:`~yuyin.text.g2p.G2P`, a homograph's ("read", "record",
  "live", "wind" ...) as its sentence calls for (:mod:`yuyin.text.homographs`);
* :data:`WORD_BOUNDARY` between two words (not before a pause mark); capitals with no vowel the
  lexicon lacks ("HQ") are spelled, a word a letter; a hyphenated word is one
  word where the lexicon lists it whole ("x-ray", "T-shirt"), else its parts are words;
* pause marks :data:`PAUSES` (``, . ? ! ; :``) where the text has them, and a full stop at the end
  of a sentence that has no final mark (a headline); a dash or a bracket is read
  as a comma, a run of marks (``?!``, ``...``) as its first one;
* :data:`SENTENCE_START` and :data:`SENTENCE_END` around the sentence: the aligner gives them the
  silence before and after the speech of a recording.

Characters that are neither letters of a word nor pause marks (emoji, symbols
:func:`~yuyin.text.normalize.normalize_for_tts` leaves, quotes) are dropped, and so are words of
non-Latin scripts (they have no English pronunciation). A text with no pronounceable word gives
``[]``: there is nothing to say, so no silence symbols either.

Example:
    >>> phonemize("Hi, you.")
    ['<s>', 'HH', 'AY1', ',', '|', 'Y', 'UW1', '.', '</s>']
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from yuyin.text._tables import (
    SPELLED_IN_MIXED_CASE,
    US_HEADLINE_VERBS,
    US_PRONOUN_ALWAYS,
    US_PRONOUN_NEXT,
    _word_set,
)
from yuyin.text.g2p import G2P, spell
from yuyin.text.lexicon import LETTER_A, STRESSED_PHONES, is_letter_a
from yuyin.text.normalize import normalize_for_tts

log = logging.getLogger(__name__)

__all__ = [
    "LETTER_A",
    "PAD_SYMBOL",
    "PAUSES",
    "SENTENCE_END",
    "SENTENCE_START",
    "TTS_SYMBOLS",
    "WORD_BOUNDARY",
    "default_g2p",
    "phonemize",
    "symbol_ids",
]

PAD_SYMBOL = "<pad>"  # id 0: padding in batches
SENTENCE_START, SENTENCE_END = "<s>", "</s>"
WORD_BOUNDARY = "|"
PAUSES = (",", ".", "?", "!", ";", ":")
TTS_SYMBOLS: tuple[str, ...] = (
    PAD_SYMBOL,
    SENTENCE_START,
    SENTENCE_END,
    WORD_BOUNDARY,
    *PAUSES,
    *STRESSED_PHONES,
)  # 1 + 2 + 1 + 6 + 69 = 79
_SYMBOL_ID = {s: i for i, s in enumerate(TTS_SYMBOLS)}
# "A4", "A320", "the A9": a code whose letter the normalizer writes as a capital A before the
# number's words ("A four"), which reads like the article ("A four-year-old")
_LETTER_A_CODE = re.compile(r"(?<![\w'’.-])A(?=\d)")
_NUMBER_WORDS = _word_set(
    "zero oh one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
    "ninety hundred thousand"
)

# words as G2P cuts them (letters of any script, inner apostrophes and hyphens: a hyphenated
# word is then read whole or in parts, :func:`_hyphenated`), or one punctuation mark
_TOKEN = re.compile(r"[^\W\d_]+(?:['\-][^\W\d_]+)*|[,.?!;:()\[\]{}]|(?<!\w)-(?!\w)")
# number words: "twenty-five" is read in parts, as "forty-two" is (the lexicon lists only a few)
_NUMBER_PARTS = _word_set(
    """one two three four five six seven eight nine twenty thirty forty fifty sixty seventy
    eighty ninety first second third fourth fifth sixth seventh eighth ninth"""
)
_READ_AS_COMMA = frozenset("()[]{}-")
_FINAL_MARK = re.compile(r"([.?!])[)\]}\"'\s]*\Z")  # a sentence's own stop after its brackets

_G2P: G2P | None = None


def default_g2p() -> G2P:
    """The shared :class:`~yuyin.text.g2p.G2P` (CMUdict + the shipped model), built once."""
    global _G2P
    if _G2P is None:
        _G2P = G2P()
    return _G2P


_INITIALS = re.compile(r"[B-DF-HJ-NP-TV-XZ]{2,5}")  # capitals without a vowel (nor a Y)


def _unsayable_initials(token: str, g2p: G2P) -> bool:
    """Whether ``token`` is capitals with no vowel that the lexicon lacks ("HQ", "NTSB" in a
    headline the normalizer leaves in capitals): letters to spell, not a word to guess ("HQ"
    had come out as "H K")."""
    return _INITIALS.fullmatch(token) is not None and not g2p.lexicon.lookup(token)


def _hyphenated(token: str, g2p: G2P) -> list[str]:
    """A hyphenated word as one token where the lexicon lists it whole ("x-ray", "T-shirt",
    "co-op": one stress pattern, no word boundary inside) or, of two parts, without its hyphen
    ("re-election" as "reelection", "co-worker"), else its parts ("R-California"); number
    words always in parts. Any other token as it is."""
    if "-" not in token or not token[0].isalpha():  # a word, or the dash read as a comma
        return [token]
    parts = token.split("-")
    if _NUMBER_PARTS.issuperset(p.lower() for p in parts):
        return parts
    if g2p.lexicon.lookup(token):
        return [token]
    joined = token.replace("-", "")  # "re-election" as "reelection" ("re" alone is the note)
    return [joined] if len(parts) == 2 and g2p.lexicon.lookup(joined) else parts


# countries and blocs the US is paired with in headlines ("TRADE BETWEEN US AND CHINA"; "JOIN
# US AND YOUR FRIENDS", "BETWEEN US AND THEM" keep the pronoun)
_US_PARTNERS = _word_set(
    """CHINA RUSSIA EU UK BRITAIN EUROPE JAPAN INDIA CANADA MEXICO IRAN ISRAEL FRANCE GERMANY
    NATO UKRAINE TAIWAN KOREA ALLIES CUBA VENEZUELA SAUDI TURKEY PAKISTAN AUSTRALIA BRAZIL
    VIETNAM PHILIPPINES ITALY SPAIN EGYPT SYRIA IRAQ AFGHANISTAN"""
)


# words that take "us" as their object before "AND <country>" ("PRAY FOR US AND UKRAINE")
_US_OBJECT_OF = _word_set("FOR WITH JOIN LET TO HELP AGAINST ABOUT TELL GIVE SEND SHOW FROM LIKE")


def _country_us(tokens: list[str], i: int) -> bool:
    """Whether ``tokens[i]``, in all-caps text, is "US" the country (the tables' comment in
    ``yuyin.text._tables`` says when)."""
    if tokens[i] != "US":
        return False
    before = tokens[i - 1] if i > 0 else ""
    after = tokens[i + 1] if i + 1 < len(tokens) else ""
    if before in US_PRONOUN_ALWAYS:
        return False
    if not before[:1].isalpha() or before == "THE":  # "US STOCKS FALL", "THE US"
        return True
    if after[:1].isalpha() and after not in US_PRONOUN_NEXT:  # before a noun: "US CITIES"
        return True
    partner = tokens[i + 2] if i + 2 < len(tokens) else ""
    if after in ("AND", "OR", "VS") and partner in _US_PARTNERS and before not in _US_OBJECT_OF:
        return True  # not "PRAY FOR US AND UKRAINE", "STAND WITH US AND ISRAEL"
    return before in US_HEADLINE_VERBS  # "CHINA WARNS US"; "VISIT US", "WITH US": pronouns


def phonemize(text: str, *, g2p: G2P | None = None) -> list[str]:
    """Symbols of :data:`TTS_SYMBOLS` for one sentence (module doc); ``[]`` if nothing to say.

    ``g2p`` defaults to :func:`default_g2p` (lexicon first, the neural model for other words).
    """
    g2p = default_g2p() if g2p is None else g2p
    spoken = normalize_for_tts(text, keep_non_latin=False)
    symbols: list[str] = [SENTENCE_START]
    said_word = False
    tokens = [t for token in _TOKEN.findall(spoken) for t in _hyphenated(token, g2p)]
    if any(c.islower() for c in text):  # "the US economy": initials, not "us"
        tokens = [c for t in tokens for c in (t if t in SPELLED_IN_MIXED_CASE else [t])]
    else:  # a headline: "US STOCKS FALL" is the country, "LET US PRAY" the pronoun
        tokens = [c for i, t in enumerate(tokens) for c in (t if _country_us(tokens, i) else [t])]
    tokens = [c for t in tokens for c in (t if _unsayable_initials(t, g2p) else [t])]
    words = [t for t in tokens if t[0].isalpha()]
    codes = len(_LETTER_A_CODE.findall(text))  # so many "A" + number words are codes, in order
    pronounced = dict(zip(words, g2p.words(words), strict=True))  # unknown words: one batch
    for i, token in enumerate(tokens):
        if token[0].isalpha():
            after = tokens[i + 1] if i + 1 < len(tokens) else ""
            code = codes > 0 and token == "A" and after in _NUMBER_WORDS
            codes -= code
            if code or is_letter_a(tokens, i):
                phones = [LETTER_A]
            else:  # a homograph as its sentence calls for ("I will read"), else as looked up
                phones = g2p.in_context(tokens, i) or pronounced[token]
            if not phones:  # no Latin letters to read, or a G2P model that reads nothing
                if spell(token):
                    log.warning("%r: the G2P gave no phones: the word is not spoken", token)
                continue
            if symbols[-1] != SENTENCE_START:
                symbols.append(WORD_BOUNDARY)
            symbols.extend(phones)
            said_word = True
            continue
        mark = "," if token in _READ_AS_COMMA else token
        if symbols[-1] in PAUSES or symbols[-1] == SENTENCE_START:
            continue  # a run of marks is read as its first; nothing to pause after at the start
        symbols.append(mark)
    if not said_word:
        return []
    if symbols[-1] not in PAUSES:  # a line without a final mark (a headline) ends as a statement
        symbols.append(".")  # without it, the bundled voice cut its last sound off with no fall
    elif symbols[-1] == "," and (end := _FINAL_MARK.search(spoken)):  # "left (finally)."
        symbols[-1] = end[1]  # the bracket's comma gives way to the sentence's own stop
    return [*symbols, SENTENCE_END]


def symbol_ids(symbols: Sequence[str], inventory: Sequence[str] = TTS_SYMBOLS) -> list[int]:
    """Ids of ``symbols`` in ``inventory``; an unknown symbol is a ``ValueError`` naming it."""
    index = _SYMBOL_ID if inventory is TTS_SYMBOLS else {s: i for i, s in enumerate(inventory)}
    try:
        return [index[s] for s in symbols]
    except KeyError as exc:
        raise ValueError(
            f"symbol {exc.args[0]!r} is not in the model's inventory ({len(inventory)} symbols)"
        ) from None
