"""The G2P converter as users get it: the dictionary, the shipped model and its reranker, odd
text, and a missing model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from yuyin.hub import ModelLoadError, read_model_config, save_model
from yuyin.models.g2p import G2PConfig, build_g2p
from yuyin.text.g2p import (
    DEFAULT_MODEL_DIR,
    G2P,
    PHONE_TOKENS,
    G2POptions,
    cmudict_split,
    load_g2p_model,
)
from yuyin.text.lexicon import STRESSED_PHONES, VOWELS, load_cmudict

TINY = G2PConfig(dim=32, heads=2, encoder_layers=1, decoder_layers=1, ff_mult=2, dropout=0.0)
SHIPPED_MAX_BYTES = 8 * 2**20  # a few MB: two members (dev-chosen ensemble) stored as float16


@pytest.fixture(scope="module")
def g2p() -> G2P:
    return G2P()


def test_dictionary_words(g2p: G2P):
    assert g2p.word("speech") == ["S", "P", "IY1", "CH"]
    assert g2p.word("Speech") == ["S", "P", "IY1", "CH"]
    prons = g2p("Speech, speech!")
    assert [p.source for p in prons] == ["lexicon", "lexicon"]
    assert G2P(options=G2POptions(stress=False)).word("speech") == ["S", "P", "IY", "CH"]


def test_shipped_model_is_small_and_loads():
    weights = DEFAULT_MODEL_DIR / "model.safetensors"
    assert weights.is_file(), "the trained G2P model must ship with the package"
    assert weights.stat().st_size < SHIPPED_MAX_BYTES
    record = json.loads((DEFAULT_MODEL_DIR / "config.json").read_text())
    assert record["weights_dtype"] == "float16"  # scored at that precision before shipping
    meta = record["meta"]
    assert meta["phones"] == list(PHONE_TOKENS)
    assert "beam1" in meta["test_scores"]


def test_shipped_g2p_reranks_both_neural_beams(g2p: G2P):
    """The shipped folder keeps a right-to-left ensemble, the training alignment and a reranker
    fitted on dev words; it fixes held-out words its left-to-right beam alone gets wrong."""
    reverse = read_model_config(DEFAULT_MODEL_DIR / "reverse")
    assert reverse["config"]["right_to_left"] and reverse["weights_dtype"] == "float16"
    assert (DEFAULT_MODEL_DIR / "reverse" / "model.safetensors").stat().st_size < SHIPPED_MAX_BYTES
    assert (DEFAULT_MODEL_DIR / "alignment.txt.gz").stat().st_size < 2**20
    assert (DEFAULT_MODEL_DIR / "graphones.arpa.gz").stat().st_size < 8 * 2**20
    own = g2p.folder_reranker()
    assert own is not None and (own.record["beam"], own.record["nbest"]) == (8, 0)
    assert own.reranker.graphones and own.analogies.graphones is not None
    held_out = {e.word: e.pronunciations for e in cmudict_split().test}
    words = ["abacus", "abdicates", "aboveboard", "accessed", "accompaniment"]
    plain = G2P(options=G2POptions(rerank=False)).predict(words)
    for word, reranked, alone in zip(words, g2p.predict(words), plain, strict=True):
        assert reranked in held_out[word] and alone not in held_out[word], word


def test_out_of_vocabulary_word_gets_plausible_phones(g2p: G2P):
    word = "zorblat"
    assert word not in load_cmudict()
    prons = g2p(f"the {word}")
    assert [p.source for p in prons] == ["lexicon", "model"]
    phones = list(prons[1].phones)
    assert phones and set(phones) <= set(STRESSED_PHONES)
    assert phones[0] == "Z"  # a word-initial z is always Z in CMUdict
    assert any(p.rstrip("012") in VOWELS for p in phones)
    assert sum(p.endswith("1") for p in phones) == 1  # one primary stress
    assert g2p.word("Zorblat") == phones  # case does not matter, cached


def test_apostrophes_hyphens_and_numbers(g2p: G2P):
    assert g2p.word("don’t") == g2p.word("don't") == ["D", "OW1", "N", "T"]
    words = [p.word for p in g2p("well-known 42 half-done")]
    # CMUdict lists "well-known" whole, as phonemize reads it; "half-done" in its parts
    assert words == ["well-known", "forty", "two", "half", "done"]
    assert all(p.source == "lexicon" for p in g2p("well-known 42"))


@pytest.mark.parametrize("text", ["", "   ", "!!!", "😀", "🎉🎉", "\x00", "'"])
def test_input_without_words_gives_nothing(g2p: G2P, text: str):
    assert g2p(text) == []
    assert g2p.word(text) == []


def test_other_scripts_and_accents(g2p: G2P):
    prons = g2p("你好 Привет café")
    assert [p.source for p in prons] == ["none", "none", "lexicon"]
    assert prons[0].phones == () and prons[2].phones == tuple(g2p.word("cafe"))
    assert g2p.word("Привет") == []
    assert g2p.word("123") == []  # one word as written: no letters


def test_missing_model_is_a_clear_error(tmp_path: Path):
    g2p = G2P(model=tmp_path / "nothing")
    assert g2p.word("speech") == ["S", "P", "IY1", "CH"]  # the lexicon needs no model
    with pytest.raises(ModelLoadError, match="not a yuyin model"):
        g2p.word("zorblat")
    save_model(build_g2p(TINY).encoder, tmp_path / "enc", "g2p-char-encoder", TINY)
    with pytest.raises(ModelLoadError, match="not 'g2p'"):
        load_g2p_model(tmp_path / "enc")
