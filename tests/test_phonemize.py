"""The TTS front end: text -> symbols (phones with stress, word boundaries, pauses)."""

from __future__ import annotations

import pytest

from yuyin.text.lexicon import STRESSED_PHONES
from yuyin.text.phonemize import (
    PAD_SYMBOL,
    PAUSES,
    SENTENCE_END,
    SENTENCE_START,
    TTS_SYMBOLS,
    WORD_BOUNDARY,
    default_g2p,
    phonemize,
    symbol_ids,
)

S, E, B = SENTENCE_START, SENTENCE_END, WORD_BOUNDARY

TABLE = [
    ("Hi, you.", [S, "HH", "AY1", ",", B, "Y", "UW1", ".", E]),
    ("Go", [S, "G", "OW1", ".", E]),  # no final mark: ends as a statement
    ("Go?!", [S, "G", "OW1", "?", E]),  # a run of marks is read as its first
    ("42", [S, "F", "AO1", "R", "T", "IY0", B, "T", "UW1", ".", E]),  # "forty-two"
    ("Yes; no: up!", [S, "Y", "EH1", "S", ";", B, "N", "OW1", ":", B, "AH1", "P", "!", E]),
    ("Go (now) - yes", [S, "G", "OW1", ",", B, "N", "AW1", ",", B, "Y", "EH1", "S", ".", E]),
    ("Go 😀 now ❤️.", [S, "G", "OW1", B, "N", "AW1", ".", E]),  # emoji dropped
    ("Go, Привет мир.", [S, "G", "OW1", ".", E]),  # Cyrillic words dropped; its stop ends it
    ("He left (now).", [S, "HH", "IY1", B, "L", "EH1", "F", "T", ",", B, "N", "AW1", ".", E]),
    ("Привет мир", []),
    ("", []),
    ("   ", []),
    ("?!... ,;", []),  # only punctuation: nothing to say
    ("😀", []),
]


@pytest.mark.parametrize(("text", "expected"), TABLE)
def test_phonemize_table(text, expected):
    assert phonemize(text) == expected


def test_symbol_inventory():
    assert TTS_SYMBOLS[0] == PAD_SYMBOL
    assert len(set(TTS_SYMBOLS)) == len(TTS_SYMBOLS)
    assert set(STRESSED_PHONES) | set(PAUSES) | {S, E, B} <= set(TTS_SYMBOLS)


def test_oov_word_goes_to_the_neural_model():
    symbols = phonemize("The zorblatt quibbled.")
    assert symbols[0] == S and symbols[-1] == E and symbols[-2] == "."
    assert symbols.count(B) == 2
    words = " ".join(symbols[1:-2]).split(f" {B} ")
    assert len(words) == 3 and all(words)
    assert set(symbols) <= set(TTS_SYMBOLS)
    assert all(s in TTS_SYMBOLS for s in words[1].split())  # the OOV word has phones


def test_numbers_and_symbols_are_read():
    symbols = phonemize("It costs $5.")
    assert "D AA1 L ER0 Z" in " ".join(symbols)  # dollars
    assert "F AY1 V" in " ".join(symbols)


def test_ids_round_trip_and_unknown_symbol():
    symbols = phonemize("Hi, you.")
    ids = symbol_ids(symbols)
    assert [TTS_SYMBOLS[i] for i in ids] == symbols and 0 not in ids
    assert symbol_ids(["b", "a"], inventory=("<pad>", "a", "b")) == [2, 1]
    with pytest.raises(ValueError, match="'XX9'"):
        symbol_ids(["HH", "XX9"])


def test_g2p_is_built_once():
    assert default_g2p() is default_g2p()


def test_unknown_words_of_a_sentence_are_decoded_in_one_batch(monkeypatch):
    g2p = default_g2p()
    alone = {w: g2p.word(w) for w in ("zorblatt", "quibbleton", "flimflammery")}
    batches = []
    predict = type(g2p).predict

    def spy(self, words):
        batches.append(list(words))
        return predict(self, words)

    monkeypatch.setattr(type(g2p), "predict", spy)
    symbols = phonemize("The Zorblatt met quibbleton, flimflammery and zorblatt.", g2p=g2p)
    assert batches == [["zorblatt", "quibbleton", "flimflammery", "zorblatt"]]
    said = " ".join(symbols)
    assert all(" ".join(phones) in said for phones in alone.values())  # as each word alone
    assert g2p.words(["the", "", "Привет", "zorblatt"]) == [
        ["DH", "AH0"],
        [],
        [],
        alone["zorblatt"],
    ]


def test_capitals_without_a_vowel_the_lexicon_lacks_are_spelled():
    """A headline the normalizer leaves in capitals: "HQ" is the letters H and Q (the neural
    G2P had guessed "H K"); capitals the lexicon lists ("FBI", "NTH") are read as it says."""
    headline = phonemize("BREAKING NEWS: FBI RAIDS HQ")
    assert headline[-8:] == ["EY1", "CH", B, "K", "Y", "UW1", ".", E]
    assert headline[13:18] == ["EH1", "F", "B", "IY1", "AY1"]  # FBI, from the lexicon
    assert phonemize("NTH DEGREE")[1:4] == ["EH1", "N", "TH"]
    assert phonemize("The HQ moved.")[3:9] == [B, "EY1", "CH", B, "K", "Y"]
