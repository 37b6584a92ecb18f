"""Neural G2P: the CMUdict split, the model and its decoding, training stages, the CLI (the
converter users get: tests/test_g2p_converter.py)."""

from __future__ import annotations

import argparse
import json
import math
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import torch

from yuyin.cli import g2p as g2p_cli
from yuyin.hub import ModelLoadError, read_model_config, save_model
from yuyin.models.g2p import (
    IGNORE,
    G2PConfig,
    beam_decode,
    build_g2p,
    decode_words,
    encode_words,
    greedy_decode,
    reverse_rows,
)
from yuyin.models.g2p_pretrain import mask_characters
from yuyin.text.g2p import (
    BOS,
    EOS,
    GRAPHEMES,
    MASK,
    MAX_MODEL_LETTERS,
    PAD,
    PHONE_TOKENS,
    PIECE_LETTERS,
    G2PEntry,
    cmudict_split,
    decode_phones,
    encode_phones,
    load_g2p_member,
    load_g2p_model,
    spell,
    split_of,
)
from yuyin.text.lexicon import Lexicon, load_cmudict
from yuyin.train.g2p import (
    FinetuneSettings,
    G2PSettings,
    PretrainSettings,
    edit_distance,
    evaluate_g2p,
    finetune_g2p,
    load_char_encoder,
    pretrain_encoder,
    score_pronunciations,
    train_g2p,
)
from yuyin.train.g2p_data import collate_words, pronunciation_chunks
from yuyin.train.loop import LoopConfig

TINY = G2PConfig(dim=32, heads=2, encoder_layers=1, decoder_layers=1, ff_mult=2, dropout=0.0)
MEMORIZE_STEPS = 150  # enough for a 64-wide model to learn 8 words by heart
SMOKE_LOOP = LoopConfig(
    lr=3e-3,
    warmup_steps=2,
    max_steps=10,
    log_every=5,
    eval_every=5,
    ckpt_every=10,
    progress=False,
    tensorboard=False,
)


@pytest.fixture(scope="module")
def split():
    return cmudict_split()


def _entries(split, n: int = 64) -> list[G2PEntry]:
    return list(split.train[:: len(split.train) // n][:n])


# --- split -----------------------------------------------------------------------------------


def test_split_is_disjoint_complete_and_sized(split):
    parts = {name: {e.word for e in getattr(split, name)} for name in ("train", "dev", "test")}
    assert not parts["train"] & parts["dev"]
    assert not parts["train"] & parts["test"]
    assert not parts["dev"] & parts["test"]
    eligible = {w for w in load_cmudict() if any(c.isalpha() for c in w)}
    eligible = {w for w in eligible if set(w) <= set("abcdefghijklmnopqrstuvwxyz'")}
    assert set().union(*parts.values()) == eligible
    total = sum(len(p) for p in parts.values())
    assert abs(len(parts["test"]) / total - 0.10) < 0.005
    assert abs(len(parts["dev"]) / total - 0.02) < 0.003
    assert all(split_of(w) == "test" for w in parts["test"])


def test_split_is_deterministic_and_independent_of_the_rest_of_the_lexicon(split):
    words = [e.word for e in split.test[:50]] + [e.word for e in split.train[:50]]
    small = Lexicon({w: load_cmudict()[w] for w in words})
    again = cmudict_split(small)
    assert {e.word for e in again.test} == set(words[:50])
    assert {e.word for e in again.train} | {e.word for e in again.dev} == set(words[50:])
    assert again.test == tuple(e for e in split.test if e.word in set(words[:50]))
    assert any(split_of(w, seed=1) != split_of(w) for w in words)  # the seed matters


def test_entries_keep_every_variant_first_is_reference(split):
    read = next(e for e in split.train + split.dev + split.test if e.word == "read")
    assert read.phones == ("R", "EH1", "D")
    assert ("R", "IY1", "D") in read.pronunciations
    assert all(set(e.word) <= set("abcdefghijklmnopqrstuvwxyz'") for e in split.test)


# --- alphabets and scoring -------------------------------------------------------------------


def test_alphabets_round_trip():
    assert spell("Café") == "cafe" and spell("don’t") == "don't" and spell("你好") == ""
    ids = encode_phones(["S", "P", "IY1", "CH"])
    assert decode_phones([*ids, EOS, *ids]) == ["S", "P", "IY1", "CH"]
    assert decode_phones([BOS, PAD, *ids]) == ["S", "P", "IY1", "CH"]
    with pytest.raises(ValueError):
        encode_phones(["IY"])  # stress is part of the phone


def test_scores_accept_any_variant_and_strip_stress():
    assert edit_distance(list("kitten"), list("sitting")) == 3
    assert edit_distance([], ["A"]) == 1
    entries = [
        G2PEntry("read", (("R", "EH1", "D"), ("R", "IY1", "D"))),
        G2PEntry("cat", (("K", "AE1", "T"),)),
    ]
    perfect = score_pronunciations([["R", "IY1", "D"], ["K", "AE1", "T"]], entries)
    assert perfect.wer == 0 and perfect.per == 0
    stress = score_pronunciations([["R", "IY0", "D"], ["K", "AE1"]], entries)
    assert stress.wer == 1.0 and stress.per == pytest.approx(2 / 6)
    assert stress.wer_no_stress == 0.5 and stress.per_no_stress == pytest.approx(1 / 6)


# --- model -----------------------------------------------------------------------------------


def _batch(split, n: int = 16):
    chunks = pronunciation_chunks(_entries(split, n), seed=0)
    return collate_words([chunks[i] for i in range(len(chunks))])


def test_shapes_and_loss(split):
    torch.manual_seed(0)
    model = build_g2p(TINY)
    batch = _batch(split)
    memory, mask = model.encode(batch.chars, batch.char_lengths)
    assert memory.shape == (*batch.chars.shape, TINY.dim) and mask.shape == batch.chars.shape
    logits = model.decoder(batch.phones, memory, mask)
    assert logits.shape == (*batch.phones.shape, len(PHONE_TOKENS))
    loss, logs = model(batch.chars, batch.char_lengths, batch.phones)
    assert loss.ndim == 0 and math.isfinite(loss.item())
    assert abs(float(loss.detach()) - math.log(len(PHONE_TOKENS))) < 1.5  # near uniform at first
    assert 0.0 <= logs["phone_accuracy"] <= 1.0


def test_loss_decreases_on_a_fixed_batch(split):
    torch.manual_seed(0)
    model = build_g2p(TINY)
    batch = _batch(split)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3)
    losses = []
    for _ in range(20):
        loss, _ = model(batch.chars, batch.char_lengths, batch.phones)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(float(loss.detach()))
    assert losses[-1] < 0.7 * losses[0]


def test_padding_does_not_change_a_word():
    torch.manual_seed(0)
    model = build_g2p(TINY).eval()
    alone = model.encode(*encode_words(["cat"]))[0]
    padded = model.encode(*encode_words(["cat", "catastrophe"]))[0]
    torch.testing.assert_close(alone[0], padded[0, :3], atol=1e-5, rtol=1e-5)


def test_cached_decoding_equals_full_recomputation():
    torch.manual_seed(0)
    model = build_g2p(replace(TINY, decoder_layers=2)).eval()
    chars, lengths = encode_words(["speech", "a", "zorblat", "antidisestablishment"])
    ids = greedy_decode(model, chars, lengths, max_len=7)
    memory, mask = model.encode(chars, lengths)
    tokens = torch.full((4, 1), BOS)
    for _ in range(ids.shape[1]):
        logits = model.decoder(tokens, memory, mask)[:, -1]
        logits[:, [PAD, BOS, MASK]] = -math.inf
        tokens = torch.cat((tokens, logits.argmax(-1, keepdim=True)), 1)
    assert torch.equal(tokens[:, 1:], ids)
    assert torch.equal(beam_decode(model, chars, lengths, 7, beam_size=1), ids)


def test_reverse_rows_flips_each_row_within_its_length_and_undoes_itself():
    x = torch.tensor([[1, 2, 3, 9, 0], [4, 5, 9, 0, 0], [6, 9, 0, 0, 0]])
    lengths = torch.tensor([3, 2, 1])
    flipped = reverse_rows(x, lengths)
    assert flipped.tolist() == [[3, 2, 1, 9, 0], [5, 4, 9, 0, 0], [6, 9, 0, 0, 0]]
    assert torch.equal(reverse_rows(flipped, lengths), x)
    features = torch.arange(12.0).view(2, 3, 2)  # (B, T, D): whole vectors move
    assert reverse_rows(features, torch.tensor([3, 2]))[1].tolist() == [[8, 9], [6, 7], [10, 11]]


def test_right_to_left_model_reads_the_word_reversed():
    torch.manual_seed(0)
    model = build_g2p(replace(TINY, right_to_left=True)).eval()
    forward = build_g2p(TINY).eval()
    forward.load_state_dict(model.state_dict())
    memory = model.encode(*encode_words(["cat"]))[0]
    torch.testing.assert_close(memory, forward.encode(*encode_words(["tac"]))[0])


@pytest.mark.parametrize("right_to_left", [False, True])
def test_greedy_and_beam_recall_memorized_words(split, right_to_left: bool):
    torch.manual_seed(0)
    model = build_g2p(replace(TINY, dim=64, heads=4, right_to_left=right_to_left))
    entries = _entries(split, 8)
    batch = _batch(split, 8)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2)
    for _ in range(MEMORIZE_STEPS):
        loss, _ = model(batch.chars, batch.char_lengths, batch.phones)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    words = [e.word for e in entries]
    references = [list(e.phones) for e in entries]
    assert decode_words(model, words, beam_size=1) == references
    assert decode_words(model, words, beam_size=4, batch_size=3) == references


def test_masking_hides_real_characters_only():
    torch.manual_seed(0)
    chars, lengths = encode_words(["a", "cat", "zorblat", "it's"])
    corrupted, targets = mask_characters(chars, lengths, 0.3, TINY.num_chars)
    chosen = targets != IGNORE
    assert bool(chosen.any(1).all())  # one character per word at least
    assert not bool(chosen[chars == PAD].any())
    assert torch.equal(targets[chosen], chars[chosen])
    assert torch.equal(corrupted[~chosen], chars[~chosen])
    assert bool(((corrupted >= 0) & (corrupted < TINY.num_chars)).all())


# --- training --------------------------------------------------------------------------------


def test_smoke_pretrain_and_finetune(tmp_path: Path, split):
    words = [e.word for e in split.train[:200]]
    encoder, pre = pretrain_encoder(words, TINY, PretrainSettings(loop=SMOKE_LOOP), tmp_path)
    assert pre.step == 10 and math.isfinite(pre.loss)
    reloaded = load_char_encoder(tmp_path / "encoder")
    for key, value in encoder.state_dict().items():
        assert torch.equal(value.cpu(), reloaded.state_dict()[key])  # training may use a GPU
    settings = FinetuneSettings(dev_words=8, loop=SMOKE_LOOP)
    model, fine = finetune_g2p(
        _entries(split, 128), split.dev[:8], TINY, settings, tmp_path, encoder=reloaded
    )
    assert fine.step == 10 and "dev_wer" in fine.metrics
    assert math.isfinite(fine.loss)
    loaded = load_g2p_model(tmp_path / "model")
    assert decode_words(loaded, ["cat"]) == decode_words(model, ["cat"])
    rows = (tmp_path / "finetune" / "log.csv").read_text().splitlines()
    assert len(rows) == 3  # header + steps 5 and 10


def test_finetune_checkpoint_averaging_keeps_the_better_dev_model(tmp_path: Path, split):
    loop = replace(SMOKE_LOOP, ckpt_every=5, keep_checkpoints=2)
    settings = FinetuneSettings(dev_words=8, average_last=2, loop=loop)
    model, _ = finetune_g2p(_entries(split, 128), split.dev[:8], TINY, settings, tmp_path)
    averaged = read_model_config(tmp_path / "model")["meta"]["averaged"]
    assert averaged["steps"] == [5, 10]
    best = min(averaged["mean"]["dev_wer"], averaged["last"]["dev_wer"])
    assert averaged["kept"] == (averaged["mean"]["dev_wer"] <= averaged["last"]["dev_wer"])
    assert evaluate_g2p(model, split.dev[:8]).wer == pytest.approx(best)


def test_finetune_continues_from_a_trained_model(tmp_path: Path, split):
    settings = FinetuneSettings(dev_words=0, loop=SMOKE_LOOP)
    first, _ = finetune_g2p(_entries(split, 64), [], TINY, settings, tmp_path / "a")
    still = FinetuneSettings(dev_words=0, loop=replace(SMOKE_LOOP, lr=1e-9, seed=5))
    init = load_g2p_member(tmp_path / "a" / "model")
    went_on, _ = finetune_g2p(_entries(split, 64), [], TINY, still, tmp_path / "b", init=init)
    fresh, _ = finetune_g2p(_entries(split, 64), [], TINY, still, tmp_path / "c")
    for key, value in first.state_dict().items():
        assert torch.allclose(went_on.state_dict()[key], value, atol=1e-5), key
    assert not all(  # without init the same near-zero steps leave other (random) weights
        torch.allclose(fresh.state_dict()[k], v, atol=1e-5) for k, v in first.state_dict().items()
    )
    from yuyin.config import ConfigError

    with pytest.raises(ConfigError, match="init model's config"):
        finetune_g2p([], [], replace(TINY, dim=16), still, tmp_path / "d", init=init)


def test_init_model_picks_an_ensemble_member(tmp_path: Path):
    from yuyin.models.g2p_ensemble import G2PEnsemble, save_ensemble

    torch.manual_seed(0)
    members = [build_g2p(TINY), build_g2p(TINY)]
    save_ensemble(G2PEnsemble(members), tmp_path / "ens")
    with pytest.raises(ModelLoadError, match="--init-member 0..1"):
        load_g2p_member(tmp_path / "ens")
    with pytest.raises(ModelLoadError, match="--init-member 0..1"):
        load_g2p_member(tmp_path / "ens", 2)
    second = load_g2p_member(tmp_path / "ens", 1)
    for key, value in members[1].state_dict().items():
        assert torch.equal(second.state_dict()[key], value)
    save_model(
        members[0],
        tmp_path / "one",
        "g2p",
        TINY,
        {"chars": GRAPHEMES, "phones": list(PHONE_TOKENS)},
    )
    with pytest.raises(ModelLoadError, match="no member 1"):
        load_g2p_member(tmp_path / "one", 1)


def test_train_on_an_own_lexicon(tmp_path: Path, split, caplog, monkeypatch):
    entries = [*split.train[:200], *split.test[:40]]
    own = tmp_path / "own.dict"
    own.write_text("".join(f"{e.word} {' '.join(e.phones)}\n" for e in entries) + "r2d2 AA1\n")
    settings = G2PSettings(model=TINY, finetune=FinetuneSettings(dev_words=0, loop=SMOKE_LOOP))
    run = tmp_path / "run"
    reads: list[Path] = []
    read_bytes = Path.read_bytes

    def counted(path: Path) -> bytes:
        reads.append(path)
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", counted)
    results = train_g2p(settings, run, pretrain=False, lexicons=[own], cmudict=False, beams=(1,))
    assert reads.count(own) == 1  # read once: the lexicon and the report of its words share it
    # the same word hash splits it: CMUdict's train words train, its test words test
    assert results["split"] | {"seed": 0} == {"seed": 0, "train": 200, "dev": 0, "test": 40}
    assert results["lexicon"] == {"files": [str(own)], "cmudict": False, "words": 241,
                                  "not_read": 1, "held_out": 40}  # fmt: skip
    assert "1 of your lexicon's words are spelled with characters" in caplog.text  # r2d2
    assert "40 of your lexicon's words fall in the dev/test split" in caplog.text
    assert results["test_beam1"]["words"] == 40
    assert load_g2p_model(run / "model").yuyin_meta["lexicon"]["cmudict"] is False


def test_settings_reject_unknown_keys():
    from yuyin.config import ConfigError

    with pytest.raises(ConfigError, match="finetune.loop"):
        G2PSettings.from_dict({"finetune": {"loop": {"max_step": 3}}})
    with pytest.raises(ConfigError, match="keep_checkpoints"):
        G2PSettings.from_dict({"finetune": {"average_last": 3, "loop": {"keep_checkpoints": 2}}})
    with pytest.raises(ConfigError, match="model.width"):
        G2PSettings.from_dict({"model": {"width": 3}})
    settings = G2PSettings.from_dict({"model": {"dim": 64}, "pretrain": {"mask_prob": 0.3}})
    assert settings.model.dim == 64 and settings.pretrain.mask_prob == 0.3


def test_config_file_builds():
    from yuyin.config import load_yaml

    root = Path(__file__).resolve().parent.parent
    settings = G2PSettings.from_dict(load_yaml(root / "configs" / "g2p" / "tiny.yaml"))
    assert settings.finetune.loop.max_steps > 0


# --- CLI -------------------------------------------------------------------------------------


def _cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="yuyin")
    g2p_cli.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


def test_cli_pronounces_words(capsys):
    assert _cli(["g2p", "speech", "zorblat", "--beam", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "speech\tS P IY1 CH\tlexicon"
    assert lines[1].startswith("zorblat\tZ ") and lines[1].endswith("\tmodel")
    assert _cli(["g2p", "--no-stress", "--json", "--", "train"]) == 0
    record = json.loads(capsys.readouterr().out)
    expected = {"word": "train", "phones": ["T", "R", "EY", "N"], "source": "lexicon"}
    assert record["words"] == [expected]


def test_spell_reads_latin_letters_without_a_decomposition():
    assert [spell(w) for w in ("Straße", "Øresund", "Łódź", "encyclopædia", "Þór")] == [
        "strasse",
        "oresund",
        "lodz",
        "encyclopaedia",
        "thor",
    ]
    assert spell("你好") == "" and spell("Café") == "cafe"


def test_a_very_long_word_is_read_in_pieces_not_cut_off(capsys):
    """10,000 letters: every piece is read (phones all along), in seconds, not minutes."""
    word = "ab" * 5000
    assert _cli(["g2p", "--no-rerank", "--json", word]) == 0
    (record,) = json.loads(capsys.readouterr().out)["words"]
    pieces = -(-len(word) // PIECE_LETTERS)
    assert record["source"] == "model" and len(record["phones"]) >= 2 * pieces
    assert MAX_MODEL_LETTERS >= 34  # CMUdict's longest words are still read whole


def test_a_reading_cut_short_is_read_again_in_pieces(capsys):
    """The shipped decoder ends this 39-letter word after 15 phones; read in pieces it gets them
    all (a CMUdict word of 12+ letters has at least 0.5 phones a letter)."""
    word = "hippopotomonstrosesquippedaliophobiaism"
    assert _cli(["g2p", "--json", word]) == 0
    (record,) = json.loads(capsys.readouterr().out)["words"]
    assert len(record["phones"]) >= 0.5 * len(word)
    assert [p.rstrip("012") for p in record["phones"][:3]] == ["HH", "IH", "P"]


def test_cli_train_reports_bad_settings(tmp_path: Path, capsys):
    code = _cli(["g2p", "train", "--out", str(tmp_path), "--set", "model.width=3"])
    assert code == 1
    assert "model.width" in capsys.readouterr().err


def _log_losses(run_dir: Path) -> list[float]:
    rows = (run_dir / "log.csv").read_text().splitlines()
    column = rows[0].split(",").index("loss")
    return [float(row.split(",")[column]) for row in rows[1:]]


def _cut_after(run_dir: Path, step: int) -> None:
    """Leave ``run_dir`` as a run killed right after its step-``step`` checkpoint."""
    for ckpt in run_dir.glob("ckpt-*"):
        if int(ckpt.name.split("-")[1]) > step:
            shutil.rmtree(ckpt)
    (run_dir / "latest").write_text(f"ckpt-{step:08d}")


def test_cli_train_resumes_a_killed_run_exactly(tmp_path: Path, split, capsys):
    entries = [*split.train[:120], *split.dev[:6], *split.test[:6]]
    own = tmp_path / "own.dict"
    own.write_text("".join(f"{e.word} {' '.join(e.phones)}\n" for e in entries))
    sets = ["model.dim=32", "model.heads=2", "model.encoder_layers=1", "model.decoder_layers=1"]
    sets += ["finetune.dev_words=6", "finetune.average_last=2"]
    for stage in ("pretrain", "finetune"):
        sets += [f"{stage}.loop.{k}" for k in ("max_steps=8", "warmup_steps=2", "log_every=1")]
        sets += [f"{stage}.loop.{k}" for k in ("ckpt_every=4", "keep_checkpoints=3")]
    sets += ["finetune.loop.eval_every=4", "pretrain.loop.seed=3", "finetune.loop.seed=4"]
    base = ["g2p", "train", "--lexicon", str(own), "--no-cmudict", "--threads", "1"]
    base += [arg for item in sets for arg in ("--set", item)]

    whole = tmp_path / "whole"
    assert _cli([*base, "--out", str(whole)]) == 0
    capsys.readouterr()
    expected = load_g2p_model(whole / "model").state_dict()
    assert len(_log_losses(whole / "pretrain")) == len(_log_losses(whole / "finetune")) == 8

    # killed in fine-tuning (after its step-4 checkpoint), then in pretraining
    for stage, later in (("finetune", ["model"]), ("pretrain", ["encoder", "finetune", "model"])):
        cut = tmp_path / f"cut-{stage}"
        shutil.copytree(whole, cut)
        _cut_after(cut / stage, 4)
        for name in later:
            shutil.rmtree(cut / name, ignore_errors=True)
        (cut / "results.json").unlink()
        assert _cli([*base, "--out", str(cut)]) == 1  # no --resume: refused, nothing lost
        assert "already holds checkpoint" in capsys.readouterr().err
        assert (cut / stage / "ckpt-00000004").is_dir()
        assert _cli([*base, "--out", str(cut), "--resume"]) == 0
        for part in ("pretrain", "finetune"):
            assert _log_losses(cut / part) == pytest.approx(_log_losses(whole / part), abs=1e-6)
        resumed = load_g2p_model(cut / "model").state_dict()
        for key, value in expected.items():
            assert torch.allclose(resumed[key], value, atol=1e-6), (stage, key)
        results = json.loads((cut / "results.json").read_text())
        assert results["finetune"]["steps"] == 8 and results["finetune"]["seconds"] > 0

    # resumed by a bare command (no --set): the run's own settings, not the defaults
    cut = tmp_path / "cut-bare"
    shutil.copytree(whole, cut)
    _cut_after(cut / "finetune", 4)
    shutil.rmtree(cut / "model")
    bare = [*base[: base.index("--set")], "--out", str(cut), "--resume"]
    assert _cli(bare) == 0
    assert "resuming with the settings the run started with" in capsys.readouterr().err
    assert _log_losses(cut / "finetune") == pytest.approx(_log_losses(whole / "finetune"), abs=1e-6)

    # a finished run resumed: nothing to train, the same model and dev scores again
    before = json.loads((whole / "results.json").read_text())["finetune"]
    assert _cli([*base, "--out", str(whole), "--resume"]) == 0
    after = json.loads((whole / "results.json").read_text())["finetune"]
    assert after["dev"] == pytest.approx(before["dev"]) and after["averaged"] == before["averaged"]
    assert len(_log_losses(whole / "finetune")) == 8
