"""The shipped character LM loads offline through ``yuyin.load`` and prefers English."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

import yuyin
from yuyin.models.lm import TextLM

LM_DIR = Path(yuyin.__file__).parent / "assets" / "models" / "lm"


def test_shipped_lm_is_small_and_loads():
    assert sum(p.stat().st_size for p in LM_DIR.iterdir()) < 2 * 2**20  # 0.8 M params, float16
    # scored at that precision before shipping (bench/results/lm-float16.json)
    assert json.loads((LM_DIR / "config.json").read_text())["weights_dtype"] == "float16"
    model = yuyin.load(LM_DIR)
    assert isinstance(model, TextLM)
    assert model.yuyin_meta["source"]


def test_shipped_lm_prefers_english_to_shuffled_characters():
    model = yuyin.load(LM_DIR)
    sentence = "and it came to pass that she was very happy with her sister"
    letters = list(sentence)
    random.Random(0).shuffle(letters)
    shuffled = "".join(letters)
    assert model.score(sentence) > model.score(shuffled) + 20.0  # nats over ~60 characters


def test_bundled_neural_lm_fuses_with_the_ngram_in_beam_search():
    """--neural-lm bundled: the shipped LM, alone or beside a word n-gram, scores words the
    n-gram has never seen and keeps the n-gram's vocabulary for the search's unknown-word cost."""
    from yuyin.decode.lm_mix import CombinedLM, load_decoding_lm
    from yuyin.decode.ngram import estimate_kneser_ney
    from yuyin.models.lm import FusionLM

    neural = load_decoding_lm(None, "bundled")
    assert isinstance(neural, FusionLM)
    ngram = estimate_kneser_ney(["the cat sat", "the dog ran"], order=2)
    both = CombinedLM(ngram, neural, 0.5)
    assert both.vocab == ngram.vocab
    state, total, expected = both.initial_state(), 0.0, 0.0
    n_state, f_state = ngram.initial_state(), neural.initial_state()
    for word in ["the", "happy", "sister"]:
        logp, state = both.score_word(state, word)
        a, n_state = ngram.score_word(n_state, word)
        b, f_state = neural.score_word(f_state, word)
        assert logp == pytest.approx(a + 0.5 * b)
        total += logp
        expected += a + 0.5 * b
    total += both.final_score(state)
    expected += ngram.final_score(n_state) + 0.5 * neural.final_score(f_state)
    assert total == pytest.approx(expected)
    # the neural LM tells English spellings from junk where the n-gram's <unk> cannot
    english = neural.score_word(neural.score_word(neural.initial_state(), "her")[1], "sister")
    junk = neural.score_word(neural.score_word(neural.initial_state(), "her")[1], "sxqtzr")
    assert english[0] > junk[0] + 10.0
    assert ngram.score_word(ngram.initial_state(), "sister")[0] == pytest.approx(
        ngram.score_word(ngram.initial_state(), "sxqtzr")[0]
    )
    with pytest.raises(ValueError, match="weight"):
        CombinedLM(ngram, neural, -1.0)


def test_neural_lm_folder_errors_name_the_folder(tmp_path):
    from yuyin.decode.lm_mix import load_decoding_lm
    from yuyin.hub import ModelLoadError

    with pytest.raises(ModelLoadError, match="no-lm-here"):
        load_decoding_lm(None, tmp_path / "no-lm-here")
    assert load_decoding_lm(None, None) is None


def test_normalized_neural_lm_scores_surprise_relative_to_an_average_spelling():
    """load_neural_lm(normalize=True) adds the LM's mean dev loss per scored token: a word's
    score is then raw log-prob + bonus * tokens (its boundary and the end of sentence count)."""
    from yuyin.decode.lm_mix import load_neural_lm
    from yuyin.models.lm import FusionLM, LMError

    raw, normal = load_neural_lm("bundled", normalize=False), load_neural_lm("bundled")
    bonus = normal.token_bonus
    assert raw.token_bonus == 0.0
    assert bonus == pytest.approx(normal.model.yuyin_meta["dev"]["nll"]) and 1.0 < bonus < 2.0
    first_raw, state = raw.score_word(raw.initial_state(), "her")
    first, _ = normal.score_word(normal.initial_state(), "her")
    assert first == pytest.approx(first_raw + 3 * bonus)
    second_raw, end_state = raw.score_word(state, "sister")
    second, _ = normal.score_word(state, "sister")
    assert second == pytest.approx(second_raw + 7 * bonus)  # the space and six letters
    assert normal.final_score(end_state) == pytest.approx(raw.final_score(end_state) + bonus)
    assert second > 0 > second_raw  # a likely spelling beats the average one
    with pytest.raises(LMError, match="token_bonus"):
        FusionLM(raw.model, token_bonus=float("nan"))


def test_decoding_lms_refuse_odd_weights_and_meta(tmp_path):
    import shutil

    from yuyin.decode.lm_mix import load_decoding_lm
    from yuyin.hub import ModelLoadError
    from yuyin.train.lm import BUNDLED_LM

    for weight in (-1.0, float("nan"), 1e308):  # refused even with the neural LM alone
        with pytest.raises(ValueError, match="neural LM's weight must be within"):
            load_decoding_lm(None, "bundled", weight)
    edited = tmp_path / "lm"
    shutil.copytree(BUNDLED_LM, edited)
    config = json.loads((edited / "config.json").read_text())
    config["meta"]["dev"]["nll"] = "abc"
    (edited / "config.json").write_text(json.dumps(config))
    with pytest.raises(ModelLoadError, match=r"lm: its config's meta\.dev\.nll \('abc'\)"):
        load_decoding_lm(None, edited)


def test_lm_commands_take_bundled_for_the_shipped_lm(tmp_path, capsys, monkeypatch):
    from yuyin.cli import main

    monkeypatch.chdir(tmp_path)  # no folder named "bundled" here
    text = tmp_path / "t.txt"
    text.write_text("and it came to pass that she was happy\n", encoding="utf-8")
    assert main(["lm", "eval", "--model", "bundled", "--text", str(text)]) == 0
    assert json.loads(capsys.readouterr().out)["bits_per_char"] < 4.0
    assert main(["lm", "sample", "--model", "bundled", "--prompt", "the", "--max-tokens", "5"]) == 0
    assert capsys.readouterr().out.startswith("the")


def test_lm_messages_say_what_was_dropped_and_which_argument_is_wrong(tmp_path, capsys):
    from yuyin.cli import main

    text = tmp_path / "t.txt"
    text.write_text("she was happy\nshe was happy\nhe was not\n", encoding="utf-8")
    assert main(["lm", "eval", "--model", "bundled", "--text", str(text)]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["sentences"] == 2
    assert "note: 1 repeated sentence(s) scored once" in captured.err
    assert main(["lm", "sample", "--model", "bundled", "--top-k", "-3", "--num", "0"]) == 1
    assert capsys.readouterr().err == "error: --top-k must be >= 0; --num must be >= 1\n"
    assert main(["lm", "sample", "--model", "bundled", "--prompt", "🍕", "--max-tokens", "3"]) == 0
    assert "has no letters to start from" in capsys.readouterr().err
