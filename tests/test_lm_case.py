"""Word LMs in capitals (LibriSpeech's 3-gram.arpa) or in unnormalized mixed case."""

from __future__ import annotations

import gzip
import logging
import math
from pathlib import Path

import pytest

from yuyin.decode.lm_case import UppercaseLM
from yuyin.decode.ngram import ArpaError, estimate_kneser_ney, load_word_lm

SENTENCES = ["the cat sat on the mat", "the dog sat on the log", "a cat and a dog"]


def arpa(path: Path, sentences: list[str]) -> Path:
    estimate_kneser_ney(sentences, 3).write_arpa(path)
    return path


def test_an_lm_in_capitals_is_scored_with_the_words_upper_cased(tmp_path: Path) -> None:
    lower = load_word_lm(arpa(tmp_path / "lower.arpa", SENTENCES))
    upper = load_word_lm(arpa(tmp_path / "upper.arpa", [s.upper() for s in SENTENCES]))
    assert isinstance(upper, UppercaseLM) and not isinstance(lower, UppercaseLM)
    assert upper.vocab == lower.vocab and upper.order == 3
    state_l, state_u = lower.initial_state(), upper.initial_state()
    for word in ["the", "cat", "sat", "on", "the", "log"]:
        score_l, state_l = lower.score_word(state_l, word)
        score_u, state_u = upper.score_word(state_u, word)
        assert math.isclose(score_l, score_u)  # the same model, whatever its case
    assert math.isclose(lower.final_score(state_l), upper.final_score(state_u))


def test_a_compressed_lm_in_capitals_read_by_kenlm_is_upper_cased_too(tmp_path: Path) -> None:
    pytest.importorskip("kenlm")
    plain = arpa(tmp_path / "upper.arpa", [s.upper() for s in SENTENCES])
    packed = tmp_path / "upper.arpa.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    lm = load_word_lm(packed)
    assert isinstance(lm, UppercaseLM) and "cat" in lm.vocab
    assert lm.score_word(lm.initial_state(), "cat")[0] > lm.score_word(lm.initial_state(), "x")[0]


def test_an_lm_of_unnormalized_text_is_named_with_a_warning(tmp_path: Path, caplog) -> None:
    raw = ["The cat sat on the mat.", "Stella, the dog, sat.", "A cat and a dog!"]
    with caplog.at_level(logging.WARNING, logger="yuyin.decode"):
        lm = load_word_lm(arpa(tmp_path / "raw.arpa", raw))
    assert not isinstance(lm, UppercaseLM)
    assert "raw.arpa" in caplog.text and "have capitals or punctuation" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="yuyin.decode"):
        load_word_lm(arpa(tmp_path / "clean.arpa", SENTENCES))
    assert caplog.text == ""


def test_a_folder_given_as_lm_is_named_as_a_folder(tmp_path: Path) -> None:
    with pytest.raises(ArpaError, match="a folder, not an ARPA file"):
        load_word_lm(tmp_path)


def test_lm_arpa_makes_the_output_folder_and_names_a_folder_given_as_text(tmp_path, capsys):
    from yuyin.cli import main

    text = tmp_path / "t.txt"
    text.write_text("the cat sat\n", encoding="utf-8")
    out = tmp_path / "new" / "deep" / "lm.arpa"
    assert main(["lm", "arpa", "--text", str(text), "-o", str(out)]) == 0 and out.is_file()
    assert main(["lm", "arpa", "--text", str(tmp_path), "-o", str(out)]) == 1
    assert f"{tmp_path}: a folder, not a text file" in capsys.readouterr().err
