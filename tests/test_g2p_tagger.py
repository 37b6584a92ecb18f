"""Letter tagger G2P: alignment targets, scoring any pronunciation, training, rescoring."""

from __future__ import annotations

import itertools
import json
import math
import random
import shutil

import pytest
import torch

from yuyin.cli import main as cli_main
from yuyin.hub import ModelLoadError, load_model, save_model
from yuyin.models.g2p import G2P_KIND, G2PConfig, build_g2p, encode_words
from yuyin.models.g2p_rescore import (
    Candidate,
    RescoreWeights,
    choose,
    model_digest,
    save_weights,
    tune_weights,
    word_errors,
)
from yuyin.models.g2p_tagger import (
    LetterTagger,
    TaggerConfig,
    letter_tags,
    load_tagger,
    sequence_log_probs,
    tag_vocabulary,
    tagger_nbest,
)
from yuyin.text.g2p import G2P, GRAPHEMES, PHONE_TOKENS, G2PEntry
from yuyin.text.joint_sequence import AlignmentIndex, JointSequenceError, read_alignment
from yuyin.text.lexicon import Lexicon
from yuyin.train.g2p_tagger import TaggerSettings, train_tagger
from yuyin.train.loop import LoopConfig

ALIGNED = [
    [("ph", ("F",)), ("o", ("OW1",)), ("n", ("N",)), ("e", ())],
    [("b", ("B",)), ("o", ("AA1",)), ("x", ("K", "S"))],
    [("f", ("F",)), ("o", ("AA1",)), ("x", ("K", "S"))],
    [("n", ("N",)), ("o", ("OW1",)), ("n", ("N",)), ("e", ())],
]


def _tiny(tags: tuple[str, ...]) -> LetterTagger:
    torch.manual_seed(0)
    return LetterTagger(TaggerConfig(tags=tags, dim=32, heads=2, layers=1, ff_mult=2, dropout=0.0))


def test_a_chunk_s_phones_go_to_its_first_letter():
    assert letter_tags(ALIGNED[0]) == ["F", "", "OW1", "N", ""]
    assert letter_tags(ALIGNED[1]) == ["B", "AA1", "K S"]
    vocab = tag_vocabulary(ALIGNED)
    assert vocab[0] == "" and set(vocab) == {"", "F", "OW1", "N", "B", "AA1", "K S"}
    assert tag_vocabulary(ALIGNED, min_count=3) == ("", "N")  # "" 3x too, but always first


def test_config_keeps_the_empty_tag_first_and_tags_unique():
    assert TaggerConfig(tags=["", "A"]).tags == ("", "A")  # a JSON list comes back a tuple
    with pytest.raises(ValueError, match="empty tag"):
        TaggerConfig(tags=("A", ""))
    with pytest.raises(ValueError, match="unique"):
        TaggerConfig(tags=("", "A", "A"))


def test_read_alignment_parses_phonetisaurus_output(tmp_path):
    (tmp_path / "alignment.txt").write_text("p|h}F o}OW1 n|e}N\nx}K|S e}_\n\n", encoding="utf-8")
    assert read_alignment(tmp_path) == [
        [("ph", ("F",)), ("o", ("OW1",)), ("ne", ("N",))],
        [("x", ("K", "S")), ("e", ())],
    ]
    (tmp_path / "alignment.txt").write_text("p|h F\n", encoding="utf-8")
    with pytest.raises(JointSequenceError, match=r"alignment.txt:1"):
        read_alignment(tmp_path)
    with pytest.raises(JointSequenceError, match="no alignment"):
        read_alignment(tmp_path / "elsewhere")


def test_alignment_index_reads_as_the_full_parse(tmp_path):
    text = "p|h}F o}OW1 n|e}N\n\n'}_ x}K|S e}_\nb}B o|u}AW1 t}T\n"
    (tmp_path / "alignment.txt").write_text(text, encoding="utf-8")
    full, index = read_alignment(tmp_path), AlignmentIndex(tmp_path)
    assert len(index) == len(full) == 3 and list(index) == full and index[1:] == full[1:]
    assert index.spellings == ["phone", "'xe", "bout"]
    assert index.pronunciations == [("F", "OW1", "N"), ("K", "S"), ("B", "AW1", "T")]
    for bad, line in (("p|h}F o}OW1\nx F\n", 2), ("a}B }C\n", 1), ("a}B}C\n", 1)):
        (tmp_path / "alignment.txt").write_text(bad, encoding="utf-8")
        with pytest.raises(JointSequenceError, match=rf"alignment.txt:{line}: .* letters}}phones"):
            AlignmentIndex(tmp_path)
    with pytest.raises(JointSequenceError, match="no alignment"):
        AlignmentIndex(tmp_path / "elsewhere")


def test_sequence_log_prob_sums_every_cut_into_letters():
    model = _tiny(tag_vocabulary(ALIGNED))
    word, phones = "fox", ("F", "AA1", "K", "S")
    logp = model.log_probs(*encode_words([word]))[0].detach()  # (S, T)
    total = -math.inf
    for tags in itertools.product(range(len(model.config.tags)), repeat=len(word)):
        if model.phones_of(tags) == phones:
            total = float(torch.logaddexp(torch.tensor(total), logp[range(3), tags].sum()))
    got, impossible = sequence_log_probs(model, [(word, phones), (word, ("Z",))])
    assert got == pytest.approx(total, abs=1e-5)
    assert impossible == -math.inf  # no tag spells Z


def test_nbest_is_best_first_and_starts_with_the_best_tag_per_letter():
    model = _tiny(tag_vocabulary(ALIGNED))
    best, short = tagger_nbest(model, ["phone", "ox"], 5)
    for word, found in (("phone", best), ("ox", short)):  # the shorter word batched first
        logp = model.log_probs(*encode_words([word]))[0].detach()
        path = logp.argmax(-1)  # (S,) the best tag of each letter: the best tag sequence
        assert model.phones_of(path.tolist()) in {p for p, _ in found}
        assert found[0][1] >= float(logp.gather(1, path[:, None]).sum()) - 1e-5
    scores = [s for _, s in best]
    assert scores == sorted(scores, reverse=True) and len({p for p, _ in best}) == len(best)
    with pytest.raises(ValueError):
        tagger_nbest(model, ["phone"], 0)


def test_training_learns_the_alignment_and_saves_a_loadable_model(tmp_path):
    aligned = ALIGNED * 8
    loop = LoopConfig(
        lr=3e-3, warmup_steps=5, max_steps=60, eval_every=60, ckpt_every=60, log_every=20,
        progress=False, tensorboard=False,
    )  # fmt: skip
    settings = TaggerSettings(max_batch_tokens=256, label_smoothing=0.0, min_tag_count=1, loop=loop)
    config = TaggerConfig(dim=32, heads=2, layers=1, ff_mult=2, dropout=0.0)
    dev = [G2PEntry("box", (("B", "AA1", "K", "S"),))]
    model, result = train_tagger(aligned, dev, config, settings, tmp_path)
    assert result.metrics["dev_wer"] == 0.0  # a training word, learnt
    (best,) = tagger_nbest(model, ["fox"], 1)
    assert best[0][0] == ("F", "AA1", "K", "S")
    loaded = load_tagger(tmp_path / "model")
    assert loaded.config == model.config and loaded.yuyin_meta["pronunciations"] == len(aligned)
    assert isinstance(load_model(tmp_path / "model"), LetterTagger)
    pairs = [("fox", ("F", "AA1", "K", "S")), ("none", ("N", "OW1", "N"))]
    assert sequence_log_probs(loaded, pairs) == pytest.approx(sequence_log_probs(model, pairs))


def test_a_killed_tagger_run_resumes_to_the_same_weights(tmp_path):
    loop = LoopConfig(
        lr=3e-3, warmup_steps=2, max_steps=12, eval_every=12, ckpt_every=4, keep_checkpoints=3,
        log_every=1, progress=False, tensorboard=False,
    )  # fmt: skip
    settings = TaggerSettings(max_batch_tokens=64, label_smoothing=0.0, min_tag_count=1, loop=loop)
    config = TaggerConfig(dim=32, heads=2, layers=1, ff_mult=2, dropout=0.0)
    dev = [G2PEntry("box", (("B", "AA1", "K", "S"),))]
    whole, _ = train_tagger(ALIGNED * 8, dev, config, settings, tmp_path / "whole")
    cut = tmp_path / "cut"
    shutil.copytree(tmp_path / "whole" / "finetune", cut / "finetune")
    for late in ("ckpt-00000008", "ckpt-00000012"):
        shutil.rmtree(cut / "finetune" / late)
    (cut / "finetune" / "latest").write_text("ckpt-00000004")
    with pytest.raises(FileExistsError, match="already holds checkpoint"):
        train_tagger(ALIGNED * 8, dev, config, settings, cut)
    resumed, result = train_tagger(ALIGNED * 8, dev, config, settings, cut, resume=True)
    assert result.step == 12 and "dev_wer" in result.metrics
    for key, value in whole.state_dict().items():
        assert torch.allclose(resumed.state_dict()[key], value, atol=1e-6), key
    again, finished = train_tagger(ALIGNED * 8, dev, config, settings, cut, resume=True)
    assert finished.metrics == result.metrics  # a finished run: no update, scored again


def test_tagger_weight_and_missing_tagger_scores_in_choose():
    a = Candidate(("K", "AE1", "T"), -1.0, None, 0, tagger=-5.0)
    b = Candidate(("K", "AA1", "T"), -1.5, None, 1, tagger=-1.0)
    c = Candidate(("K", "T"), -1.2, None, None, tagger=None)  # scored as -5 - penalty
    plain = RescoreWeights(fst_weight=0.0, missing_penalty=2.0, length_bonus=0.0)
    assert choose([a, b, c], plain) == a.phones
    assert choose([a, b, c], RescoreWeights(0.0, 2.0, 0.0, tagger_weight=1.0)) == b.phones


def test_array_tuning_counts_the_errors_choose_makes():
    rng = random.Random(0)
    phones = [("A",), ("B",), ("C",), ("D", "E")]
    entries, cands = [], []
    for w in range(60):
        entries.append(G2PEntry(f"w{w}", (rng.choice(phones),)))
        cands.append([
            Candidate(p, rng.uniform(-6, 0), rng.choice([None, rng.uniform(5, 20)]),
                      None, rng.choice([None, rng.uniform(-8, 0)]))
            for p in rng.sample(phones, rng.randint(0, 4))
        ])  # fmt: skip
    grid = {
        "fst_weight": (0.0, 0.5, 1.0),
        "missing_penalty": (1.0, 4.0),
        "length_bonus": (0.0, 0.5),
        "neural_weight": (1.0, 0.0),
        "tagger_weight": (0.0, 0.7),
    }
    weights, errors = tune_weights(entries, cands, grid)
    assert errors == word_errors(entries, [choose(c, weights) for c in cands])
    for values in itertools.product(*grid.values()):
        other = RescoreWeights(**dict(zip(grid, values, strict=True)))
        if other.fst_weight or other.neural_weight or other.tagger_weight:
            assert word_errors(entries, [choose(c, other) for c in cands]) >= errors


try:
    import phonetisaurus  # noqa: F401

    HAVE_FST = True
except ImportError:
    HAVE_FST = False


@pytest.mark.skipif(not HAVE_FST, reason="the joint-sequence G2P needs yuyin[fst]")
def test_train_fst_with_a_tagger_tunes_three_models_and_g2p_uses_it(tmp_path, caplog):
    torch.manual_seed(0)
    tiny = G2PConfig(dim=32, heads=2, encoder_layers=1, decoder_layers=1, ff_mult=2, dropout=0.0)
    meta = {"chars": GRAPHEMES, "phones": list(PHONE_TOKENS)}
    model_dir = save_model(build_g2p(tiny), tmp_path / "g2p", G2P_KIND, tiny, meta)
    out = tmp_path / "fst"
    sets = [
        "model.dim=32", "model.heads=2", "model.layers=1", "finetune.dev_words=5",
        "finetune.loop.max_steps=10", "finetune.loop.progress=false",
        "finetune.loop.tensorboard=false",
    ]  # fmt: skip
    argv = ["g2p", "train-fst", "--out", str(out), "--model", str(model_dir), "--tagger"]
    argv += ["--limit", "200", "--dev-limit", "20", "--order", "3"]
    assert cli_main(argv + [a for s in sets for a in ("--set", s)]) == 0
    record = json.loads((out / "rescore.json").read_text())
    assert record["tagger"] == str(out / "tagger" / "model") and record["tagger_nbest"] == 4
    assert set(record["dev_wer"]) == {"combined", "neural", "fst", "tagger"}
    assert record["dev_wer"]["combined"] <= min(record["dev_wer"].values())  # tuned on dev
    assert load_tagger(out / "tagger" / "model").yuyin_meta["pronunciations"] >= 200

    assert record["model_sha256"] == model_digest(model_dir)
    save_weights(out, RescoreWeights(tagger_weight=1.0), record)  # make sure it is used
    g2p = G2P(Lexicon({}), model=model_dir, fst=out)
    assert g2p.word("zorblat") and g2p._tagger is not None
    assert "tuned with another" not in caplog.text
    other = save_model(build_g2p(tiny), tmp_path / "other", G2P_KIND, tiny, meta)  # new weights
    assert G2P(Lexicon({}), model=other, fst=out).fst is not None
    assert "tuned with another neural G2P" in caplog.text
    # run again without --retune: the folder is made anew, and its tagger with it (a review
    # found the tagger then gone: the check for one ran before the folder was replaced)
    before = (out / "tagger" / "model" / "model.safetensors").stat().st_mtime_ns
    assert cli_main(argv + [a for s in sets for a in ("--set", s)]) == 0
    assert (out / "tagger" / "model" / "model.safetensors").stat().st_mtime_ns != before
    assert json.loads((out / "rescore.json").read_text())["tagger"] == str(out / "tagger" / "model")
    shutil.rmtree(out / "tagger")
    with pytest.raises(ModelLoadError, match="letter tagger"):
        G2P(Lexicon({}), model=model_dir, fst=out).word("zorblat")
