"""``yuyin g2p train-rerank``: a neural G2P folder that reranks both neural models' beams."""

from __future__ import annotations

import gzip
import json
import math
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import torch

from yuyin.cli import main as cli_main
from yuyin.hub import ModelLoadError, save_model
from yuyin.models.g2p import G2P_KIND, G2PConfig, build_g2p, decode_words
from yuyin.models.g2p_rerank import (
    FEATURES,
    Reranker,
    load_folder_reranker,
    load_reranker,
    own_candidates,
    save_reranker,
)
from yuyin.models.g2p_rescore import candidates, neural_nbest
from yuyin.text import joint_sequence
from yuyin.text.g2p import (
    DEFAULT_MODEL_DIR,
    G2P,
    GRAPHEMES,
    PHONE_TOKENS,
    G2POptions,
    cmudict_split,
    load_g2p_model,
)
from yuyin.text.graphone_lm import GRAPHONE_FILE, GraphoneLM
from yuyin.text.joint_sequence import JointSequenceError, phonetisaurus_available, read_alignment
from yuyin.text.lexicon import Lexicon
from yuyin.train.g2p_data import collate_words, pronunciation_chunks

TINY = G2PConfig(dim=32, heads=2, encoder_layers=1, decoder_layers=1, ff_mult=2, dropout=0.0)
ALIGNMENT = "s}S u}AH1 n}N\nf}F l}L o|w}AW1 e}_ r}ER0\nr}R e}IH0 f}F u}Y|UW1 s}Z a}AH0 l}L\n"
WORDS = ["zorblat", "sunflower"]


def _learned(model: torch.nn.Module, steps: int = 120) -> torch.nn.Module:
    """The model fitted to the first dev words (the reranker needs some right candidates)."""
    batch = collate_words([pronunciation_chunks(cmudict_split().dev[:20], 0).items])
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(steps):
        loss, _ = model(batch.chars, batch.char_lengths, batch.phones)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model.eval()


@pytest.fixture(scope="module")
def models(tmp_path_factory) -> tuple[Path, Path, Path]:
    """A tiny left-to-right model (fitted to a few dev words), a tiny right-to-left one and an
    alignment file."""
    root = tmp_path_factory.mktemp("rerank")
    meta = {"chars": GRAPHEMES, "phones": list(PHONE_TOKENS)}
    torch.manual_seed(0)
    forward = save_model(_learned(build_g2p(TINY)), root / "l2r", G2P_KIND, TINY, meta)
    r2l = replace(TINY, right_to_left=True)
    reverse = save_model(build_g2p(r2l), root / "r2l", G2P_KIND, r2l, meta)
    alignment = root / "alignment.txt"
    alignment.write_text(ALIGNMENT, "utf-8")
    return forward, reverse, alignment


def _argv(out: Path, forward: Path, reverse: Path, alignment: Path) -> list[str]:
    return [
        "g2p",
        "train-rerank",
        "--out",
        str(out),
        "--model",
        str(forward),
        "--reverse",
        str(reverse),
        "--alignment",
        str(alignment),
        "--beam",
        "2",
        "--dev-limit",
        "20",
    ]


def test_candidates_without_a_joint_sequence_model(models):
    forward, reverse, _ = models
    l2r, r2l = load_g2p_model(forward), load_g2p_model(reverse)
    found = candidates(l2r, None, WORDS, 2, reverse=r2l)
    for cands, beam, back in zip(
        found, neural_nbest(l2r, WORDS, 2), neural_nbest(r2l, WORDS, 2), strict=True
    ):
        assert all(c.fst is None and c.reverse is not None for c in cands)
        assert {p for p, _ in beam + back if p} == {c.phones for c in cands}  # both beams


def test_train_rerank_with_trees_keeps_them_in_the_record(models, tmp_path: Path, capsys):
    pytest.importorskip("lightgbm")
    forward, reverse, alignment = models
    out = tmp_path / "rr"
    assert cli_main([*_argv(out, forward, reverse, alignment), "--trees"]) == 0
    assert "reranked" in capsys.readouterr().out
    reranker, record = load_reranker(out)  # type: ignore[misc]
    assert reranker.trees is not None  # 20 words: too few to split (a tree of one leaf, 0)
    assert "trees" not in record and record["dev_words"] == 20
    model, back = load_g2p_model(out), load_g2p_model(out / "reverse")
    found = candidates(model, None, ["zorblat"], 2, reverse=back)[0]
    assert tuple(G2P(Lexicon({}), model=out).word("zorblat")) in {c.phones for c in found}


def test_gzipped_alignment_reads_as_the_plain_one(models, tmp_path: Path):
    _, _, alignment = models
    packed = tmp_path / "alignment.txt.gz"
    packed.write_bytes(gzip.compress(alignment.read_bytes()))
    assert read_alignment(packed) == read_alignment(alignment) == read_alignment(tmp_path)
    packed.write_bytes(b"not gzip")
    with pytest.raises(JointSequenceError, match="unreadable"):
        read_alignment(packed)


def test_train_rerank_writes_a_folder_that_g2p_picks_with(models, tmp_path: Path, capsys):
    forward, reverse, alignment = models
    out = tmp_path / "rr"
    assert cli_main(_argv(out, forward, reverse, alignment)) == 0
    assert "reranked" in capsys.readouterr().out
    names = {p.name for p in out.iterdir()}
    estimated = phonetisaurus_available()  # yuyin[fst]
    assert names == {
        "config.json",
        "model.safetensors",
        "reverse",
        "alignment.txt.gz",
        "rerank.json",
        *([GRAPHONE_FILE] if estimated else []),
    }
    assert read_alignment(out) == read_alignment(alignment)
    reranker, record = load_reranker(out)  # type: ignore[misc]
    assert reranker.graphones == estimated
    if estimated:  # the n-gram of the three aligned words spells "sunflower" as they do
        lm = GraphoneLM(out / GRAPHONE_FILE)
        assert lm.score("sunflower", _phones("S AH1 N F L AW1 ER0")) > -math.inf
        assert record["graphones_source"] == f"estimated from {alignment}"
    assert (record["beam"], record["nbest"], record["dev_words"]) == (2, 0, 20)
    assert any(reranker.weights) and 0 <= record["dev_wer"]["reranked_fitted"] <= 100
    # G2P picks one of both beams' candidates; weights that want the longest one get it
    model, back = load_g2p_model(out), load_g2p_model(out / "reverse")
    found = candidates(model, None, ["zorblat"], 2, reverse=back)[0]
    assert tuple(G2P(Lexicon({}), model=out).word("zorblat")) in {c.phones for c in found}
    save_reranker(out, Reranker(tuple(float(n == "length") for n in FEATURES)), record)
    lengths = [len(c.phones) for c in found]
    longest = found[lengths.index(max(lengths))].phones
    assert tuple(G2P(Lexicon({}), model=out).word("zorblat")) == longest
    # without the reranker: the left-to-right beam alone, as the model folder it was copied from
    plain = G2P(Lexicon({}), model=out, options=G2POptions(rerank=False)).word("zorblat")
    assert plain == list(decode_words(load_g2p_model(forward), ["zorblat"], beam_size=4)[0])
    assert plain == G2P(Lexicon({}), model=forward).word("zorblat")
    # the CLI pronounces with it, or without it
    assert cli_main(["g2p", "--model", str(out), "--json", "zorblat"]) == 0
    word = json.loads(capsys.readouterr().out)["words"][0]
    assert tuple(word["phones"]) == longest and word["source"] == "model"
    assert cli_main(["g2p", "--model", str(out), "--no-rerank", "zorblat"]) == 0
    assert capsys.readouterr().out.split("\t")[1] == " ".join(plain)


def test_train_rerank_refuses_wrong_models_and_names_missing_parts(models, tmp_path: Path, capsys):
    forward, reverse, alignment = models
    out = tmp_path / "rr"
    assert cli_main(_argv(out, forward, forward, alignment)) == 1  # not right-to-left
    assert "not a right-to-left" in capsys.readouterr().err
    assert cli_main(_argv(out, reverse, reverse, alignment)) == 1  # --model reads backwards
    assert "--model must read left to right" in capsys.readouterr().err
    assert cli_main(_argv(out, forward, reverse, tmp_path / "none.txt")) == 1
    assert "none.txt" in capsys.readouterr().err
    assert not (out / "rerank.json").exists()
    assert cli_main(_argv(out, forward, reverse, alignment)) == 0
    capsys.readouterr()
    (out / "rerank.json").write_text("{not json", "utf-8")
    with pytest.raises(ValueError, match="rerank.json: not a reranker record"):
        G2P(Lexicon({}), model=out).word("zorblat")
    assert cli_main(["g2p", "--model", str(out), "zorblat"]) == 1
    assert "rerank.json" in capsys.readouterr().err
    assert cli_main(_argv(out, forward, reverse, alignment)) == 0  # fitted again in place
    shutil.rmtree(out / "reverse")
    with pytest.raises(ModelLoadError, match="train-rerank"):
        G2P(Lexicon({}), model=out).word("zorblat")


def test_a_failed_train_rerank_keeps_the_folders_reranker(tmp_path: Path, capsys):
    folder = shutil.copytree(DEFAULT_MODEL_DIR, tmp_path / "g2p")
    (tmp_path / "empty").mkdir()
    for bad in (
        ["--reverse", str(tmp_path / "empty")],
        ["--reverse", str(folder / "reverse"), "--alignment", str(tmp_path / "empty")],
    ):
        code = cli_main(["g2p", "train-rerank", "--out", str(folder), "--model", str(folder), *bad])
        assert code == 1
        assert "empty" in capsys.readouterr().err
        assert (folder / "rerank.json").is_file()  # checked before anything changed


def test_train_rerank_without_phonetisaurus_fits_without_the_graphone_ngram(
    models, tmp_path: Path, capsys, monkeypatch
):
    forward, reverse, alignment = models
    out = tmp_path / "rr"
    out.mkdir()
    (out / GRAPHONE_FILE).write_bytes(b"stale")  # from an earlier fit: not kept
    monkeypatch.setattr(joint_sequence, "phonetisaurus_available", lambda: False)
    assert cli_main(_argv(out, forward, reverse, alignment)) == 0
    assert "no Phonetisaurus to estimate one" in capsys.readouterr().err
    assert not (out / GRAPHONE_FILE).exists()
    reranker, record = load_reranker(out)  # type: ignore[misc]
    assert not reranker.graphones and record["graphones_source"] is None
    assert G2P(Lexicon({}), model=out).word("zorblat")  # picks without it


def _phones(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def test_a_broken_graphone_ngram_fails_before_the_folder_changes(models, tmp_path: Path, capsys):
    forward, reverse, alignment = models
    out = tmp_path / "rr"
    assert cli_main(_argv(out, forward, reverse, alignment)) == 0
    before = (out / "rerank.json").read_bytes()
    source = tmp_path / "aligned"
    source.mkdir()
    shutil.copyfile(alignment, source / "alignment.txt")
    packed = gzip.compress(b"\\data\\\n" * 2000)
    broken = packed[:40] + bytes(b ^ 0x5A for b in packed[40:80]) + packed[80:]
    (source / GRAPHONE_FILE).write_bytes(broken)  # damaged inside: zlib's own error
    capsys.readouterr()
    assert cli_main(_argv(out, forward, reverse, source)) == 1
    err = capsys.readouterr().err
    assert f"{GRAPHONE_FILE}: unreadable" in err and "Traceback" not in err
    assert (out / "rerank.json").read_bytes() == before  # the working reranker is kept


def test_train_rerank_nbest_adds_the_graphone_ngrams_readings(
    models, tmp_path: Path, capsys, monkeypatch
):
    forward, reverse, alignment = models
    out = tmp_path / "rr"
    if not phonetisaurus_available():
        monkeypatch.setattr(joint_sequence, "phonetisaurus_available", lambda: False)
        assert cli_main([*_argv(out, forward, reverse, alignment), "--nbest", "4"]) == 1
        assert "--nbest needs the graphone n-gram" in capsys.readouterr().err
        return
    assert cli_main([*_argv(out, forward, reverse, alignment), "--nbest", "4"]) == 0
    folder = load_folder_reranker(out)
    assert folder is not None and folder.record["nbest"] == 4
    model, back = load_g2p_model(out), load_g2p_model(out / "reverse")
    (found,) = own_candidates(folder, model, back, ["sunflower"])
    (ngram,) = GraphoneLM(out / GRAPHONE_FILE).nbest(["sunflower"], 4)
    assert {p for p, _ in ngram} <= {c.phones for c in found}  # every n-best reading joins
    costs = {c.phones: c.fst for c in found}
    assert all(costs[p] == pytest.approx(cost) for p, cost in ngram)
    assert tuple(G2P(Lexicon({}), model=out).word("sunflower")) in costs
    monkeypatch.setattr(joint_sequence, "phonetisaurus_available", lambda: False)
    assert cli_main([*_argv(out, forward, reverse, alignment), "--nbest", "4"]) == 1
    assert "--nbest needs the graphone n-gram" in capsys.readouterr().err
