"""Joint-sequence G2P (Phonetisaurus) and its combination with the neural model."""

from __future__ import annotations

import builtins
import json
import math
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import torch

from yuyin.cli import main as cli_main
from yuyin.hub import ModelLoadError, save_model
from yuyin.models.g2p import G2P_KIND, G2PConfig, beam_decode, beam_search, build_g2p, encode_words
from yuyin.models.g2p_rescore import (
    Candidate,
    RescoreWeights,
    candidates,
    choose,
    first_of,
    load_weights,
    neural_nbest,
    phone_log_probs,
    save_weights,
    tune_weights,
    word_errors,
)
from yuyin.text.g2p import G2P, GRAPHEMES, PHONE_TOKENS, G2PEntry, cmudict_split, decode_phones
from yuyin.text.joint_sequence import (
    JointSequenceConfig,
    JointSequenceError,
    JointSequenceG2P,
    train_joint_sequence,
)
from yuyin.text.lexicon import Lexicon

TINY = G2PConfig(dim=32, heads=2, encoder_layers=1, decoder_layers=1, ff_mult=2, dropout=0.0)
FST_WORDS = 400  # a few seconds of alignment; enough to recall most of its own words


def _cand(phones: str, neural: float, fst: float | None, rank: int | None = None) -> Candidate:
    return Candidate(tuple(phones.split()), neural, fst, rank)


# --- combining scores (no Phonetisaurus needed) -------------------------------------------


def test_choose_weighs_the_fst_cost_against_the_neural_log_prob():
    cands = [_cand("K AE1 T", -1.0, 20.0, 0), _cand("K AA1 T", -2.0, 15.0, 1)]
    assert choose(cands, RescoreWeights(0.0, 0.0, 0.0)) == ("K", "AE1", "T")  # neural alone
    assert choose(cands, RescoreWeights(1.0, 0.0, 0.0)) == ("K", "AA1", "T")  # -17 beats -21
    assert choose([], RescoreWeights()) == ()


def test_a_candidate_the_fst_did_not_propose_pays_the_missing_penalty():
    cands = [_cand("K AE1 T", -1.0, None, 0), _cand("K AA1 T", -1.5, 10.0, None)]
    # missing: the worst listed cost (10) + penalty
    assert choose(cands, RescoreWeights(1.0, 0.2, 0.0)) == ("K", "AE1", "T")  # -11.2 vs -11.5
    assert choose(cands, RescoreWeights(1.0, 1.0, 0.0)) == ("K", "AA1", "T")  # -12 vs -11.5


def test_length_bonus_favours_longer_candidates():
    cands = [_cand("K T", -1.0, None, 0), _cand("K AE1 T", -1.4, None, 1)]
    assert choose(cands, RescoreWeights(0.0, 0.0, 0.0)) == ("K", "T")
    assert choose(cands, RescoreWeights(0.0, 0.0, 0.5)) == ("K", "AE1", "T")


def test_first_of_each_model():
    cands = [_cand("A", -3.0, 12.0, 1), _cand("B", -1.0, None, 0), _cand("C", -9.0, 11.0)]
    assert first_of(cands, "beam") == ("B",)
    assert first_of(cands, "fst") == ("C",)
    assert first_of([_cand("B", -1.0, None, 0)], "fst") == ()
    with pytest.raises(ValueError, match="source"):
        first_of(cands, "lexicon")


def test_tuning_finds_weights_that_fix_the_errors():
    entries = [G2PEntry("cat", (("K", "AE1", "T"),)), G2PEntry("dog", (("D", "AO1", "G"),))]
    cands = [
        [_cand("K AA1 T", -1.0, 30.0, 0), _cand("K AE1 T", -1.2, 10.0, 1)],
        [_cand("D AO1 G", -0.5, 12.0, 0), _cand("D AA1 G", -3.0, 11.5, 1)],
    ]
    assert word_errors(entries, [first_of(c, "beam") for c in cands]) == 1
    weights, errors = tune_weights(entries, cands)
    assert errors == 0
    assert [choose(c, weights) for c in cands] == [e.phones for e in entries]


def test_the_right_to_left_score_can_overrule_the_others():
    cands = [
        replace(_cand("K AA1 T", -1.0, 10.0, 0), reverse=-6.0),
        replace(_cand("K AE1 T", -1.5, 10.0, 1), reverse=-0.5),
    ]
    assert choose(cands, RescoreWeights(1.0, 0.0, 0.0)) == ("K", "AA1", "T")
    assert choose(cands, RescoreWeights(1.0, 0.0, 0.0, reverse_weight=0.5)) == ("K", "AE1", "T")
    assert first_of(cands, "reverse") == ("K", "AE1", "T")
    entries = [G2PEntry("cat", (("K", "AE1", "T"),))]
    weights, errors = tune_weights(entries, [cands])
    assert errors == 0 and weights.reverse_weight > 0  # only the reverse score fixes it


def test_weights_round_trip_and_a_bad_record_names_the_file(tmp_path: Path):
    assert load_weights(tmp_path) is None
    weights = RescoreWeights(0.7, 3.0, 0.25)
    save_weights(tmp_path, weights, {"model": "m", "dev_words": 3})
    assert load_weights(tmp_path) == weights
    (tmp_path / "rescore.json").write_text('{"weights": {"fst_weight": "x", "bogus": 1}}')
    with pytest.raises(ValueError, match=r"rescore\.json"):
        load_weights(tmp_path)


# --- neural n-best and scoring -------------------------------------------------------------


@pytest.mark.parametrize("right_to_left", [False, True])
def test_nbest_is_sorted_and_scores_match_teacher_forcing(right_to_left: bool):
    torch.manual_seed(0)
    model = build_g2p(replace(TINY, right_to_left=right_to_left)).eval()
    words = ["speech", "a", "zorblat"]
    nbest = neural_nbest(model, words, beam_size=3, max_len=6)
    for word, hyps in zip(words, nbest, strict=True):
        scores = [s for _, s in hyps]
        assert scores == sorted(scores, reverse=True)
        ended = [(p, s) for p, s in hyps if len(p) < 6]  # ended with EOS within max_len
        forced = phone_log_probs(model, [(word, p) for p, _ in ended])
        for (_, score), teacher in zip(ended, forced, strict=True):
            assert math.isclose(score, teacher, rel_tol=1e-4, abs_tol=1e-4)
    chars, lengths = encode_words(words)
    ids, scores = beam_search(model, chars, lengths, 6, 3)
    assert ids.shape[:2] == (3, 3) and scores.shape == (3, 3)
    assert torch.equal(beam_decode(model, chars, lengths, 6, 3), ids[:, 0])
    assert [decode_phones(row) for row in ids[:, 0].tolist()] == [list(h[0][0]) for h in nbest]


# --- the joint-sequence model ----------------------------------------------------------------

try:
    import phonetisaurus  # noqa: F401

    HAVE_FST = True
except ImportError:
    HAVE_FST = False
pytestmark_fst = pytest.mark.skipif(not HAVE_FST, reason="the joint-sequence G2P needs yuyin[fst]")


@pytest.fixture(scope="module")
def split():
    return cmudict_split()


@pytest.fixture(scope="module")
def fst_dir(tmp_path_factory, split) -> Path:
    out = tmp_path_factory.mktemp("fst") / "model"
    return train_joint_sequence(split.train[:FST_WORDS], out, JointSequenceConfig(order=4))


@pytest.fixture(scope="module")
def tiny_model_dir(tmp_path_factory) -> Path:
    torch.manual_seed(0)
    meta = {"chars": GRAPHEMES, "phones": list(PHONE_TOKENS)}
    out = tmp_path_factory.mktemp("g2p") / "tiny"
    return save_model(build_g2p(TINY), out, G2P_KIND, TINY, meta)


@pytestmark_fst
def test_trained_model_recalls_its_own_words(fst_dir: Path, split):
    fst = JointSequenceG2P(fst_dir)
    assert fst.meta["words"] == FST_WORDS and fst.meta["config"]["order"] == 4
    entries = split.train[:FST_WORDS:8]
    nbest = fst.nbest([e.word for e in entries], 3)
    for hyps in nbest:
        assert 1 <= len(hyps) <= 3
        costs = [c for _, c in hyps]
        assert costs == sorted(costs)
    right = sum(hyps[0][0] in e.pronunciations for hyps, e in zip(nbest, entries, strict=True))
    assert right >= 0.7 * len(entries)


@pytestmark_fst
def test_bad_words_and_folders_are_clear_errors(fst_dir: Path, tmp_path: Path, split):
    fst = JointSequenceG2P(fst_dir)
    with pytest.raises(ValueError, match="alphabet"):
        fst.nbest(["two words"])
    assert fst.nbest([]) == []
    with pytest.raises(JointSequenceError, match="not a joint-sequence model"):
        JointSequenceG2P(tmp_path)
    (tmp_path / "joint_sequence.json").write_text(json.dumps({"kind": "other"}))
    with pytest.raises(JointSequenceError, match="joint_sequence.json"):
        JointSequenceG2P(tmp_path)
    with pytest.raises(ValueError, match="may not"):
        train_joint_sequence([G2PEntry("a_b", (("EY1",),))], tmp_path / "x")
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("keep me")
    with pytest.raises(FileExistsError, match="not replacing"):
        train_joint_sequence(split.train[:5], tmp_path / "busy")
    assert (tmp_path / "busy" / "notes.txt").read_text() == "keep me"


def test_missing_phonetisaurus_names_the_extra(monkeypatch, tmp_path: Path, split):
    real_import = builtins.__import__

    def no_phonetisaurus(name, *args, **kwargs):
        if name == "phonetisaurus":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_phonetisaurus)
    with pytest.raises(JointSequenceError, match=r"yuyin\[fst\]"):
        train_joint_sequence(split.train[:5], tmp_path / "x")
    assert not (tmp_path / "x").exists()


@pytestmark_fst
def test_candidates_merge_both_lists(fst_dir: Path, tiny_model_dir: Path):
    from yuyin.text.g2p import load_g2p_model

    model, fst = load_g2p_model(tiny_model_dir), JointSequenceG2P(fst_dir)
    words = ["zorblat", "abbot"]
    found = candidates(model, fst, words, beam_size=2, fst_nbest=3)
    listed = fst.nbest(words, 3)
    for cands, fst_list in zip(found, listed, strict=True):
        assert len({c.phones for c in cands}) == len(cands)  # merged, no repeats
        assert {p for p, _ in fst_list} <= {c.phones for c in cands if c.fst is not None}
        assert sorted(c.beam_rank for c in cands if c.beam_rank is not None) == [0, 1]


@pytestmark_fst
def test_g2p_with_fst_and_cli(fst_dir: Path, tiny_model_dir: Path, tmp_path: Path, capsys):
    lexicon = Lexicon({"speech": [["S", "P", "IY1", "CH"]]})
    g2p = G2P(lexicon, model=tiny_model_dir, fst=fst_dir)
    prons = g2p("speech zorblat")
    assert [p.source for p in prons] == ["lexicon", "model"]
    fst_list = JointSequenceG2P(fst_dir).nbest(["zorblat"], 8)[0]
    assert prons[1].phones  # a real pronunciation from one of the two lists
    beam = neural_nbest(g2p.model, ["zorblat"], 4)[0]
    assert prons[1].phones in {p for p, _ in fst_list} | {p for p, _ in beam}

    out = tmp_path / "fst"
    argv = ["g2p", "train-fst", "--out", str(out), "--model", str(tiny_model_dir)]
    assert cli_main([*argv, "--limit", "200", "--dev-limit", "20", "--order", "3"]) == 0
    record = json.loads((out / "rescore.json").read_text())
    assert record["dev_words"] == 20 and set(record["dev_wer"]) == {"combined", "neural", "fst"}
    assert record["dev_wer"]["combined"] <= min(record["dev_wer"].values())  # tuned on dev
    trained = (out / "model.fst").stat().st_mtime_ns
    capsys.readouterr()
    assert cli_main([*argv, "--retune", "--dev-limit", "10"]) == 0
    assert "not used" not in capsys.readouterr().err
    assert json.loads((out / "rescore.json").read_text())["dev_words"] == 10
    # the tagger's settings without a tagger to train are said to be unused
    retune = [*argv, "--retune", "--dev-limit", "10", "--set", "finetune.loop.max_steps=5"]
    assert cli_main(retune) == 0
    assert "--config and --set are the letter tagger's training settings" in capsys.readouterr().err
    assert (out / "model.fst").stat().st_mtime_ns == trained
    capsys.readouterr()
    argv = ["g2p", "--fst", str(out), "--model", str(tiny_model_dir), "--json", "zorblat"]
    assert cli_main(argv) == 0
    word = json.loads(capsys.readouterr().out)["words"][0]
    assert word["source"] == "model" and word["phones"]
    assert cli_main(["g2p", "--fst", str(tmp_path), "zorblat"]) == 1
    assert "not a joint-sequence model" in capsys.readouterr().err


@pytestmark_fst
def test_train_fst_adds_a_right_to_left_model(
    fst_dir: Path, tiny_model_dir: Path, tmp_path: Path, capsys
):
    from yuyin.text.g2p import load_g2p_model

    torch.manual_seed(1)
    r2l = replace(TINY, right_to_left=True)
    meta = {"chars": GRAPHEMES, "phones": list(PHONE_TOKENS)}
    reverse_dir = save_model(build_g2p(r2l), tmp_path / "r2l", G2P_KIND, r2l, meta)
    out = tmp_path / "fst"
    argv = ["g2p", "train-fst", "--out", str(out), "--model", str(tiny_model_dir)]
    assert cli_main([*argv, "--limit", "200", "--dev-limit", "20", "--order", "3"]) == 0
    capsys.readouterr()
    # a left-to-right model is refused as the reverse one, the folder left as it was
    assert cli_main([*argv, "--retune", "--reverse", str(tiny_model_dir)]) == 1
    assert "not a right-to-left" in capsys.readouterr().err
    assert not (out / "reverse").exists()
    assert cli_main([*argv, "--retune", "--dev-limit", "20", "--reverse", str(reverse_dir)]) == 0
    assert "right-to-left" in capsys.readouterr().out
    record = json.loads((out / "rescore.json").read_text())
    assert record["reverse"] == str(out / "reverse") and "reverse" in record["dev_wer"]
    assert load_g2p_model(out / "reverse").config.right_to_left
    words = ["zorblat", "abbot"]
    model = load_g2p_model(tiny_model_dir)
    found = candidates(
        model, JointSequenceG2P(out), words, 2, 3, reverse=load_g2p_model(out / "reverse")
    )
    beams = neural_nbest(load_g2p_model(reverse_dir), words, 2)
    for cands, beam in zip(found, beams, strict=True):
        assert all(c.reverse is not None and c.reverse <= 0 for c in cands)
        assert {p for p, _ in beam if p} <= {c.phones for c in cands}  # its beam joined
    with pytest.raises(ValueError, match="right-to-left"):
        candidates(model, JointSequenceG2P(out), words, 2, 3, reverse=model)
    # a folder whose weights use the reverse model loads it; without it, a clear error
    record.pop("weights")
    save_weights(out, RescoreWeights(reverse_weight=1.0), record)
    g2p = G2P(Lexicon({}), model=tiny_model_dir, fst=out)
    assert g2p.word("zorblat")
    shutil.rmtree(out / "reverse")
    with pytest.raises(ModelLoadError, match="right-to-left"):
        G2P(Lexicon({}), model=tiny_model_dir, fst=out).word("zorblat")


@pytestmark_fst
def test_train_fst_fits_a_reranker_that_g2p_uses(
    fst_dir: Path, tiny_model_dir: Path, tmp_path: Path, capsys
):
    from yuyin.models.g2p_rerank import (
        FEATURES,
        Reranker,
        load_folder_reranker,
        load_reranker,
        save_reranker,
    )

    out = tmp_path / "fst"
    argv = ["g2p", "train-fst", "--out", str(out), "--model", str(tiny_model_dir)]
    assert cli_main([*argv, "--limit", "300", "--dev-limit", "40", "--order", "3", "--rerank"]) == 0
    assert "reranked" in capsys.readouterr().out
    reranker, record = load_reranker(out)  # type: ignore[misc]
    assert record["beam"] == 4 and record["nbest"] == 8 and record["dev_words"] == 40
    assert 0 <= record["dev_wer_fitted"] <= 100 and any(reranker.weights)
    folder = load_folder_reranker(out)
    assert folder is not None and folder.reranker == reranker and folder.record == record
    g2p = G2P(Lexicon({}), model=tiny_model_dir, fst=out)
    phones = tuple(g2p.word("zorblat"))
    found = candidates(g2p.model, JointSequenceG2P(out), ["zorblat"], 4, 8)[0]
    assert phones in {c.phones for c in found}  # one of the lists' candidates, reranked
    # G2P picks with the folder's reranker: weights that want the longest candidate get it
    longest = Reranker(tuple(float(name == "length") for name in FEATURES))
    save_reranker(out, longest, record)
    lengths = [len(c.phones) for c in found]
    expected = found[lengths.index(max(lengths))].phones
    assert tuple(G2P(Lexicon({}), model=tiny_model_dir, fst=out).word("zorblat")) == expected
    # retuning without --rerank removes the reranker fitted on the old lists
    assert cli_main([*argv, "--retune", "--dev-limit", "20"]) == 0
    assert "removed" in capsys.readouterr().out and load_reranker(out) is None
