"""The neural G2P's two alphabets and their ids: letters (:data:`CHAR_TOKENS`) and stressed
ARPAbet phones (:data:`PHONE_TOKENS`), what data, model and training share; :func:`spell` puts a
word in the letter alphabet (accents dropped). Re-exported by :mod:`yuyin.text.g2p`."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from yuyin.text.lexicon import STRESSED_PHONES

__all__ = [
    "BOS",
    "CHAR_TOKENS",
    "EOS",
    "GRAPHEMES",
    "MASK",
    "PAD",
    "PHONE_TOKENS",
    "SPECIAL_TOKENS",
    "decode_phones",
    "encode_phones",
    "encode_word",
    "spell",
]

# --- alphabets -------------------------------------------------------------------------------

GRAPHEMES = "'abcdefghijklmnopqrstuvwxyz"  # what the model reads: CMUdict headwords' letters
SPECIAL_TOKENS = ("<pad>", "<s>", "</s>", "<mask>")  # the same ids in both alphabets
PAD, BOS, EOS, MASK = range(len(SPECIAL_TOKENS))
CHAR_TOKENS: tuple[str, ...] = SPECIAL_TOKENS + tuple(GRAPHEMES)  # 4 + 27 = 31
PHONE_TOKENS: tuple[str, ...] = SPECIAL_TOKENS + STRESSED_PHONES  # 4 + 69 = 73
_CHAR_ID = {c: i for i, c in enumerate(CHAR_TOKENS)}
_PHONE_ID = {p: i for i, p in enumerate(PHONE_TOKENS)}
_FIRST_PHONE = len(SPECIAL_TOKENS)

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
# Latin letters that Unicode does not decompose into a base letter + accent
_LATIN_LETTERS = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "þ": "th", "ð": "th", "đ": "d",
     "ħ": "h", "ı": "i", "ŋ": "ng", "ẞ": "ss", "Æ": "ae", "Œ": "oe", "Ø": "o", "Ł": "l",
     "Þ": "th", "Ð": "th", "Đ": "d", "Ħ": "h", "Ŋ": "ng"}
)  # fmt: skip


def spell(word: str) -> str:
    """A word in the model's alphabet: accents dropped, lowercase, other characters removed.

    ``"Café" -> "cafe"``, ``"don’t" -> "don't"``, ``"Straße" -> "strasse"``; a word of another
    script gives ``""``.
    """
    plain = word.translate(_APOSTROPHES).translate(_LATIN_LETTERS)
    decomposed = unicodedata.normalize("NFKD", plain).lower()
    return "".join(c for c in decomposed if c in _CHAR_ID).strip("'")


def encode_word(word: str) -> list[int]:
    """Character ids of a word already in the model's alphabet (see :func:`spell`). (S,)"""
    try:
        return [_CHAR_ID[c] for c in word]
    except KeyError as exc:
        raise ValueError(f"{word!r}: {exc.args[0]!r} is not in the G2P alphabet") from None


def encode_phones(phones: Sequence[str]) -> list[int]:
    """Phone ids of ARPAbet phones with stress (no BOS/EOS added). (U,)"""
    try:
        return [_PHONE_ID[p] for p in phones]
    except KeyError as exc:
        raise ValueError(f"unknown phone {exc.args[0]!r} (ARPAbet with stress 0/1/2)") from None


def decode_phones(ids: Sequence[int]) -> list[str]:
    """Phones of model output ids, up to the first EOS; special tokens are skipped."""
    phones = []
    for i in ids:
        if i == EOS:
            break
        if _FIRST_PHONE <= i < len(PHONE_TOKENS):
            phones.append(PHONE_TOKENS[i])
    return phones
