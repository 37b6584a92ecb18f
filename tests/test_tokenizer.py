"""Tokenizers: round trips, saved dicts, word starts, coverage, the factory."""

from __future__ import annotations

import doctest
import json

import pytest

from yuyin.text import tokenizer as tokenizer_module
from yuyin.text.lexicon import PHONES, STRESSED_PHONES
from yuyin.text.normalize import normalize_for_scoring
from yuyin.text.tokenizer import (
    BLANK_ID,
    SP_WORD_START,
    BPETokenizer,
    CharTokenizer,
    PhonemeTokenizer,
    Tokenizer,
    build_tokenizer,
    tokenizer_from_dict,
)

CORPUS = [
    "The quick brown fox jumps over the lazy dog.",
    "It's 5 o'clock; Dr. Smith paid $3.50 for 2 coffees.",
    "She sells sea shells by the sea shore, and the shells she sells are surely seashells.",
    "Peter Piper picked a peck of pickled peppers.",
    "How much wood would a woodchuck chuck if a woodchuck could chuck wood?",
    "Don't stop believing; hold on to that feeling.",
] * 4  # sentencepiece wants a few repetitions to find merges
SMALL_BPE = 60  # pieces: above the ~35 characters of the corpus, so merges are learned


@pytest.fixture(scope="module")
def bpe() -> BPETokenizer:
    tok = build_tokenizer("bpe", CORPUS, vocab_size=SMALL_BPE)
    assert isinstance(tok, BPETokenizer)
    return tok


def test_doctests() -> None:
    result = doctest.testmod(tokenizer_module)
    assert result.attempted > 0 and result.failed == 0


def test_char_round_trip_and_layout() -> None:
    tok = CharTokenizer()
    assert tok.blank_id == BLANK_ID == 0
    assert tok.vocab_size == 2 + 27  # blank, "|", apostrophe, 26 letters
    for text in map(normalize_for_scoring, CORPUS):
        ids = tok.encode(text)
        assert BLANK_ID not in ids
        assert tok.decode(ids) == text
    ids = tok.encode("  hello   world ")
    assert [tok.id_to_token(i) for i in ids] == list("hello|world")
    assert tok.decode([BLANK_ID, *ids, BLANK_ID]) == "hello world"


def test_char_encode_skips_unknown_and_coverage_reports_it() -> None:
    tok = CharTokenizer()
    assert tok.decode(tok.encode("café 42 straße")) == "cafe strae"  # é without its accent
    assert tok.decode(tok.encode("tromsø łódź")) == "tromso lodz"  # letters NFKD keeps whole
    fraction, missing = tok.coverage(["café", "naïve ß", "abc"])
    assert missing == {"ß": 1} and tok.folded(["café", "naïve ß"]) == {"é": 1, "ï": 1}
    assert fraction == pytest.approx(1 - 1 / 13)  # 13 characters (4 + 6 + 3), spaces not counted
    assert tok.coverage([]) == (1.0, {})
    assert tok.coverage(["Hello World"]) == (1.0, {})


def test_char_extend_adds_seen_characters() -> None:
    tok = build_tokenizer("char", ["Café naïve"], extend=True)
    assert isinstance(tok, CharTokenizer)
    assert tok.coverage(["café naïve"]) == (1.0, {})
    assert tok.decode(tok.encode("café")) == "café"
    assert build_tokenizer("char", ["Café"]).vocab_size == CharTokenizer().vocab_size


def test_word_starts() -> None:
    char = CharTokenizer()
    ids = char.encode("ab cd")
    assert [char.begins_word(i) for i in ids] == [False, False, True, False, False]
    phone = PhonemeTokenizer()
    ids = phone.encode("HH AH0 | L OW1")
    assert [phone.begins_word(i) for i in ids] == [False, False, True, False, False]


def test_bpe_round_trip_and_word_starts(bpe: BPETokenizer) -> None:
    assert bpe.blank_id == BLANK_ID
    assert bpe.id_to_token(BLANK_ID) == "<blank>"
    assert bpe.vocab_size == SMALL_BPE
    for text in map(normalize_for_scoring, CORPUS):
        ids = bpe.encode(text)
        assert BLANK_ID not in ids
        assert bpe.decode(ids) == text
        starts = sum(bpe.begins_word(i) for i in ids)
        assert starts == len(text.split())  # exactly one piece per word carries "▁"
    ids = bpe.encode("the shells")
    assert any(len(bpe.id_to_token(i)) > 2 for i in ids)  # merges were learned
    assert all(bpe.begins_word(i) == bpe.id_to_token(i).startswith(SP_WORD_START) for i in ids)
    assert bpe.decode([BLANK_ID, *ids, BLANK_ID]) == "the shells"


def test_bpe_encodes_a_lone_surrogate_as_unknown(bpe: BPETokenizer) -> None:
    ids = bpe.encode("the \ud800 end")
    assert ids and bpe.encode("the \ud800 end") == bpe.encode("the ? end")


def test_bpe_folds_letters_its_pieces_lack_as_the_char_tokenizer_does() -> None:
    """A letter the pieces lack is written without its accent where they have that letter
    ("café" as "cafe", not "caf <unk>"); coverage and folded say so, as for characters."""
    tok = build_tokenizer("bpe", ["the cafe is open", "a naive cat"] * 20, vocab_size=30)
    assert tok.fold_text("the café naïve привет") == "the cafe naive привет"
    assert tok.decode(tok.encode("the café")) == "the cafe"
    assert tok.folded(["café naïve"]) == {"é": 1, "ï": 1}
    fraction, missing = tok.coverage(["café ж"])
    assert missing == {"ж": 1} and fraction == pytest.approx(4 / 5)
    accented = build_tokenizer("bpe", ["the café is open"] * 20, vocab_size=30)
    assert accented.fold_text("café") == "café" and accented.folded(["café"]) == {}


def test_bpe_unigram_and_small_corpus() -> None:
    tok = build_tokenizer("bpe", CORPUS, vocab_size=SMALL_BPE, model_type="unigram")
    text = normalize_for_scoring(CORPUS[0])
    assert tok.decode(tok.encode(text)) == text
    tiny = build_tokenizer("bpe", ["a b"], vocab_size=1000)  # too small a corpus: fewer pieces
    assert tiny.vocab_size < 1000
    assert tiny.decode(tiny.encode("b a")) == "b a"
    with pytest.raises(ValueError, match="no text"):
        build_tokenizer("bpe", ["", "  "])
    with pytest.raises(ValueError, match="model_type"):
        build_tokenizer("bpe", CORPUS, model_type="word")
    with pytest.raises(ValueError, match="vocab_size 10 is too small for this text: it needs"):
        build_tokenizer("bpe", CORPUS, vocab_size=10)
    for bad in (0, 2.5, True):
        with pytest.raises(ValueError, match="vocab_size must be an integer >= 3"):
            build_tokenizer("bpe", CORPUS, vocab_size=bad)


def test_phoneme_round_trip() -> None:
    tok = PhonemeTokenizer()
    assert tok.vocab_size == 2 + len(STRESSED_PHONES)
    text = "HH AH0 L OW1 | W ER1 L D"
    assert tok.decode(tok.encode(text)) == text
    assert tok.decode(tok.encode("| hh ah0 | | l ow1 |")) == "HH AH0 | L OW1"
    with pytest.raises(ValueError, match="unknown phone 'AH'"):
        tok.encode("HH AH L OW1")  # a vowel without its stress digit
    plain = build_tokenizer("phoneme", stress=False)
    assert plain.vocab_size == 2 + len(PHONES)
    assert plain.decode(plain.encode("HH AH0 L OW1")) == "HH AH L OW"


@pytest.mark.parametrize("kind", ["char", "bpe", "phoneme"])
def test_to_dict_round_trip_through_json(kind: str, bpe: BPETokenizer) -> None:
    tok = {"char": CharTokenizer("'abc"), "bpe": bpe, "phoneme": PhonemeTokenizer()}[kind]
    assert isinstance(tok, Tokenizer)
    saved = json.loads(json.dumps({"tokenizer": tok.to_dict()}))["tokenizer"]
    again = tokenizer_from_dict(saved)
    assert type(again) is type(tok)
    assert again.vocab_size == tok.vocab_size
    assert [again.id_to_token(i) for i in range(again.vocab_size)] == [
        tok.id_to_token(i) for i in range(tok.vocab_size)
    ]
    text = {"char": "abc cab", "bpe": "she sells sea shells", "phoneme": "S IY1 | S EH1 L Z"}[kind]
    assert again.encode(text) == tok.encode(text)
    assert again.decode(tok.encode(text)) == text


def test_errors() -> None:
    with pytest.raises(ValueError, match="unknown tokenizer kind 'words'"):
        build_tokenizer("words", CORPUS)
    with pytest.raises(ValueError, match="unknown tokenizer kind"):
        tokenizer_from_dict({"kind": "nope"})
    with pytest.raises(ValueError, match="saved char tokenizer without its 'chars' field"):
        tokenizer_from_dict({"kind": "char"})
    with pytest.raises(ValueError, match="outside the vocabulary"):
        CharTokenizer().decode([99])
    with pytest.raises(ValueError, match="reserved"):
        CharTokenizer("ab|")
    with pytest.raises(ValueError, match="whitespace"):
        CharTokenizer("a b")
