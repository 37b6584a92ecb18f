"""Text LM: shapes, causality, learning, sampling, save/load, windows and sampler, corpora, the
`yuyin lm` commands (train, fine-tune, eval, sample) and odd input."""

from __future__ import annotations

import argparse
import csv
import json
import math
from pathlib import Path

import pytest
import torch

from yuyin.data.manifest import Utterance, write_manifest
from yuyin.data.text_corpus import (
    TextCorpusError,
    manifest_sentences,
    prepare_sentences,
    public_corpus,
    read_fortunes,
    read_text_sentences,
    read_wordnet_glosses,
    subset,
)
from yuyin.hub import WEIGHTS_FILE, load_state, read_model_config, save_model
from yuyin.models.lm import (
    SEP,
    UNK,
    CharVocab,
    FusionLM,
    LMConfig,
    LMError,
    TextLM,
    build_lm,
)
from yuyin.train.lm import (
    EPOCH_SHIFT,
    TokenWindows,
    WindowBatchSampler,
    encode_corpus,
    evaluate_lm,
    load_lm,
)

ACOUSTIC_MARGIN = -0.5  # log-odds of 'a' against 'o' in the fusion test (the LM must overcome it)
CONFIG = Path(__file__).resolve().parents[1] / "configs" / "lm" / "tiny.yaml"
TINY = LMConfig(dim=32, layers=2, heads=2, context=16, dropout=0.0)
SENTENCES = [
    "the cat sat on the mat",
    "a dog ran in the park",
    "the bird sang a song",
    "it was a bright cold day in april",
    "and the clocks were striking thirteen",
]
SMALL = [
    "model.dim=16",
    "model.layers=1",
    "model.heads=2",
    "model.context=16",
    "data.batch_size=4",
    "data.eval_sentences=5",
]
for _stage in ("pretrain", "finetune"):
    SMALL += [
        f"{_stage}.warmup_steps=2",
        f"{_stage}.log_every=1",
        f"{_stage}.eval_every=10",
        f"{_stage}.ckpt_every=10",
        f"{_stage}.progress=false",
        f"{_stage}.tensorboard=false",
    ]


@pytest.fixture(autouse=True)
def one_thread():
    torch.set_num_threads(1)


def _model(config: LMConfig = TINY, seed: int = 0) -> TextLM:
    torch.manual_seed(seed)
    return build_lm(config, CharVocab()).eval()


def _cli(*argv: str) -> int:
    from yuyin.cli.lm import add_parser

    parser = argparse.ArgumentParser(prog="yuyin")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["lm", *argv])
    return args.func(args)


# --- model -----------------------------------------------------------------------------------


def test_forward_shapes_and_tied_embedding():
    model = _model()
    tokens = torch.randint(0, TINY.vocab_size, (3, 7))
    assert model(tokens).shape == (3, 7, TINY.vocab_size)
    assert model.loss(torch.randint(0, TINY.vocab_size, (3, 8))).shape == ()
    names = [name for name, _ in model.named_parameters()]
    assert not any("head" in name for name in names)  # the output layer is the embedding
    with pytest.raises(LMError, match="context"):
        model(torch.zeros(1, TINY.context + 1, dtype=torch.long))


def test_config_rejects_bad_shapes():
    with pytest.raises(ValueError, match="divisible"):
        LMConfig(dim=30, heads=4)
    with pytest.raises(ValueError, match="tokenizer"):
        LMConfig(tokenizer="words")


def test_causal_mask_future_tokens_do_not_change_the_past():
    model = _model()
    tokens = torch.randint(2, TINY.vocab_size, (2, 12))
    changed = tokens.clone()
    changed[:, 8:] = (changed[:, 8:] + 5) % TINY.vocab_size
    a, b = model(tokens), model(changed)
    assert torch.allclose(a[:, :8], b[:, :8], atol=1e-5)
    assert not torch.allclose(a[:, 8:], b[:, 8:], atol=1e-3)


def test_loss_decreases_on_a_fixed_batch():
    model = _model().train()
    batch = encode_corpus(SENTENCES, CharVocab())[: 4 * 17].view(4, 17)  # (B, U + 1)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3)
    losses = []
    for _ in range(20):
        loss = model.loss(batch)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    assert losses[-1] < 0.7 * losses[0]


def test_sampling_is_seeded_and_respects_max_tokens():
    model = _model()

    def sample(seed: int, **options) -> str:
        generator = torch.Generator().manual_seed(seed)
        return model.generate("the ", 25, top_k=10, generator=generator, **options)

    assert sample(1) == sample(1)
    assert len(sample(1)) <= 25
    runs = [sample(seed, stop_at_sep=False) for seed in range(4)]
    assert all(len(text) == 25 for text in runs)  # untrained: never stops before the limit
    assert len(set(runs)) > 1
    greedy = model.generate("the ", 40, temperature=0, stop_at_sep=False)
    assert greedy == model.generate("the ", 40, temperature=0, stop_at_sep=False)
    assert model.generate("the", 0) == ""
    with pytest.raises(LMError):
        model.generate("the", 5, temperature=-1)


@torch.no_grad()
def test_score_matches_batched_and_windowed_scoring():
    model = _model()
    vocab = model.tokenizer
    # a sentence that fits the context: the sum of direct next-token log-probs
    ids = torch.tensor([SEP, *vocab.encode("the cat"), SEP])
    direct = model(ids[None, :-1]).log_softmax(-1)[0].gather(-1, ids[1:, None]).sum()
    assert model.score("the cat") == pytest.approx(direct.item(), abs=1e-4)
    # batching pads with <sep>; padding must not leak into shorter rows
    texts = ["a", "the cat sat", "it was a bright", "dogs"]
    assert model.score_batch(texts) == pytest.approx([model.score(t) for t in texts], abs=1e-4)
    assert model.score("the cat", eos=False) > model.score("the cat")
    # longer than the context: windows advance by context/2; token u sees tokens from its window
    long_ids = encode_corpus(SENTENCES, vocab)[:40]
    logp = model.token_log_probs(long_ids)  # (39,)
    assert logp.shape == (39,) and bool((logp < 0).all())
    context, u = TINY.context, 30  # token 30 is predicted in the window of inputs 16..31
    window = long_ids[16 : 16 + context]
    expected = model(window[None]).log_softmax(-1)[0, u - 1 - 16, long_ids[u]]
    assert float(logp[u - 1]) == pytest.approx(float(expected), abs=1e-4)
    first = model(long_ids[None, :context]).log_softmax(-1)[0, 4, long_ids[5]]
    assert float(logp[4]) == pytest.approx(float(first), abs=1e-4)
    # progress counts every scored token once, short sentences and long windows alike
    counted: list[int] = []
    long_text = " ".join(SENTENCES)
    model.score_batch([*texts, long_text], progress=counted.append)
    tokens = sum(len(vocab.encode(t)) + 1 for t in [*texts, long_text])
    assert sum(counted) == tokens and len(counted) == 2  # one window pass, one batch


def test_fusion_lm_word_scores_sum_to_the_sentence_score():
    model = _model()
    fusion = FusionLM(model)
    state, total = fusion.initial_state(), 0.0
    for word in ["it", "was", "a", "day"]:  # within the context: one window, exact sums
        logp, state = fusion.score_word(state, word)
        assert logp < 0
        total += logp
    total += fusion.final_score(state)
    assert total == pytest.approx(model.score("it was a day"), abs=1e-4)


def test_fusion_lm_resolves_an_acoustic_tie_in_ctc_beam_search():
    from yuyin.decode.ctc import DecodingOptions, beam_search
    from yuyin.text.tokenizer import CharTokenizer

    model = _model().train()
    batch = encode_corpus(["the cat sat"] * 40, CharVocab())[: 8 * 17].view(8, 17)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2)
    for _ in range(60):
        loss = model.loss(batch)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    fusion = FusionLM(model)
    assert (
        fusion.score_word(fusion.score_word((SEP,), "the")[1], "cat")[0]
        > fusion.score_word(fusion.score_word((SEP,), "the")[1], "cot")[0]
    )
    # CTC emissions spelling "the c?t sat": the acoustics slightly prefer 'o' at the vowel
    ctc = CharTokenizer()
    frames = []
    for token in ctc.encode("the cot sat"):
        row = torch.full((ctc.vocab_size,), -20.0)
        row[token] = 0.0
        if token == ctc.encode("o")[0]:
            row[ctc.encode("a")[0]] = ACOUSTIC_MARGIN
        frames += [row, torch.full((ctc.vocab_size,), -20.0).index_fill(0, torch.tensor([0]), 0.0)]
    emissions = torch.stack(frames).log_softmax(-1)  # (T, V)
    options = DecodingOptions(beam_size=8, lm_weight=1.0)
    assert beam_search(emissions, None, ctc, options).text == "the cot sat"  # no LM
    assert beam_search(emissions, None, ctc, options, fusion).text == "the cat sat"


def test_char_vocab_round_trip_and_unknowns():
    vocab = CharVocab()
    assert vocab.decode(vocab.encode("don't stop")) == "don't stop"
    assert vocab.encode("é😀") == [UNK, UNK]
    assert CharVocab.from_dict(vocab.to_dict()).alphabet == vocab.alphabet
    with pytest.raises(LMError):
        CharVocab("aab")


def test_save_load_round_trip_through_hub(tmp_path):
    model = _model()
    save_model(model, tmp_path / "lm", "lm", model.config, {"tokenizer": model.tokenizer.to_dict()})
    record = read_model_config(tmp_path / "lm")
    rebuilt = build_lm(LMConfig(**record["config"]))  # what the hub's builder does
    load_state(rebuilt, tmp_path / "lm" / WEIGHTS_FILE)
    rebuilt.yuyin_meta = record["meta"]  # what hub.load_model sets; the tokenizer comes from it
    rebuilt.eval()
    tokens = torch.randint(0, TINY.vocab_size, (2, 9))
    assert torch.equal(model(tokens), rebuilt(tokens))
    assert rebuilt.score("the cat") == pytest.approx(model.score("the cat"), abs=1e-6)
    loaded = load_lm(tmp_path / "lm")
    assert torch.equal(model(tokens), loaded(tokens))
    with pytest.raises(LMError, match="no tokenizer"):
        _ = build_lm(TINY).tokenizer


# --- training data ---------------------------------------------------------------------------


def test_windows_cover_the_stream_and_shift_each_epoch():
    ids = torch.arange(100)
    windows = TokenWindows(ids, context=16)
    assert len(windows) == (100 - 1 - 15) // 16
    assert torch.equal(windows[0], ids[:17]) and torch.equal(windows[1], ids[16:33])
    windows.set_epoch(1)
    assert int(windows[0][0]) == EPOCH_SHIFT % 16
    for epoch in range(5):
        windows.set_epoch(epoch)
        assert len(windows) == 5 and int(windows[len(windows) - 1][-1]) < 100
    with pytest.raises(ValueError, match="fewer than one window"):
        TokenWindows(torch.arange(10), context=16)


def test_window_sampler_is_deterministic_resumes_and_shards():
    sampler = WindowBatchSampler(50, 8, seed=3)
    first = list(sampler)
    assert len(first) == len(sampler) == 6 and all(len(b) == 8 for b in first)
    assert first == list(WindowBatchSampler(50, 8, seed=3))
    sampler.set_epoch(1)
    assert list(sampler) != first
    state = sampler.state_dict(batches_done=2)
    resumed = WindowBatchSampler(50, 8, seed=0)
    resumed.load_state_dict(state)
    resumed.set_epoch(1)
    assert list(resumed) == list(sampler)[2:]
    ranks = [list(WindowBatchSampler(50, 8, seed=3, num_replicas=2, rank=r)) for r in (0, 1)]
    seen = [{i for batch in rank for i in batch} for rank in ranks]
    assert [len(rank) for rank in ranks] == [3, 3] and not seen[0] & seen[1]
    small = list(WindowBatchSampler(3, 8))  # fewer windows than a batch: one batch of them all
    assert len(small) == 1 and sorted(small[0]) == [0, 1, 2]


# --- corpora ---------------------------------------------------------------------------------


def test_prepare_sentences_normalizes_and_dedupes():
    lines = ["Hello, World!", "hello world", "", "\x00\x07", "It costs $5.", "😀"]
    assert prepare_sentences(lines) == ["hello world", "it costs five dollars"]
    assert subset(list("abcdef"), 3, seed=1) == subset(list("abcdef"), 3, seed=1)
    assert len(subset(list("abcdef"), 3)) == 3 and subset(list("ab"), 0) == ["a", "b"]


def test_manifest_transcripts_are_the_in_domain_text(tmp_path):
    utts = [
        Utterance("a", "a.wav", 1.0, text="Turn left at 5th St."),
        Utterance("b", "b.wav", 1.0),  # unlabeled: skipped
        Utterance("c", "c.wav", 1.0, text="turn left at fifth street"),  # a repeat once normalized
    ]
    write_manifest(tmp_path / "m.jsonl", utts)
    assert manifest_sentences(tmp_path / "m.jsonl") == ["turn left at fifth street"]
    write_manifest(tmp_path / "unlabeled.jsonl", utts[1:2])
    with pytest.raises(TextCorpusError, match="no transcripts"):
        manifest_sentences(tmp_path / "unlabeled.jsonl")


def test_debian_text_readers_and_held_out_split(tmp_path):
    fortunes = tmp_path / "fortunes"
    (fortunes / "off").mkdir(parents=True)
    (fortunes / "wisdom").write_text("A stitch in time. Saves nine.\n%\nLook before you leap.\n%\n")
    (fortunes / "wisdom.dat").write_bytes(b"\x00\x01")
    (fortunes / "off" / "rude").write_text("Tbbq qnl.\n%\n")
    assert read_fortunes(fortunes) == ["A stitch in time.", "Saves nine.", "Look before you leap."]
    wordnet = tmp_path / "wordnet"
    wordnet.mkdir()
    (wordnet / "data.noun").write_text(
        "  1 This software and database is being provided | licence\n"
        '00001740 03 n 01 entity 0 003 | that which is perceived; "an entity exists"\n'
    )
    assert read_wordnet_glosses(wordnet) == ["that which is perceived", "an entity exists"]
    assert read_fortunes(tmp_path / "absent") == [] and read_wordnet_glosses(tmp_path) == []
    splits = {
        split: public_corpus(
            split, ("fortunes", "wordnet"), fortune_dir=fortunes, wordnet_dir=wordnet
        )
        for split in ("train", "dev", "test")
    }
    everything = [s for part in splits.values() for s in part]
    assert sorted(everything) == sorted(
        prepare_sentences(read_fortunes(fortunes) + read_wordnet_glosses(wordnet))
    )
    with pytest.raises(TextCorpusError):
        public_corpus("train", ("shakespeare",))


def test_public_test_split_is_held_out_from_train():
    test = set(public_corpus("test", ("kjv",), fortune_dir="/nonexistent"))
    train = public_corpus("train", ("kjv",), fortune_dir="/nonexistent")
    assert test and train and not test & set(train)


# --- runs and the CLI ------------------------------------------------------------------------


def _losses(run: Path) -> list[float]:
    with (run / "log.csv").open(newline="") as fh:
        return [float(row["loss"]) for row in csv.DictReader(fh)]


def test_cli_train_finetune_eval_sample(tmp_path, capsys):
    text = tmp_path / "train.txt"
    text.write_text("\n".join(SENTENCES * 6) + "\n", encoding="utf-8")
    sets = [a for item in SMALL for a in ("--set", item)]
    base = ["train", "--config", str(CONFIG), *sets, "--set", "pretrain.max_steps=20"]
    assert _cli(*base, "--text", str(text), "--dev", str(text), "--out", str(tmp_path / "pre")) == 0
    assert "repeated sentence(s) left out: training on" in capsys.readouterr().err  # said once
    losses = _losses(tmp_path / "pre")
    assert len(losses) == 20 and losses[-1] < losses[0]
    meta = read_model_config(tmp_path / "pre" / "lm")["meta"]
    assert meta["stage"] == "pretrain" and meta["steps"] == 20 and meta["dev"]["bits_per_char"] > 0

    tune = ["--set", "finetune.max_steps=5", "--init", str(tmp_path / "pre")]
    assert _cli(*base, *tune, "--text", str(text), "--out", str(tmp_path / "ft")) == 0
    settings = json.loads((tmp_path / "ft" / "settings.json").read_text())
    assert settings["stage"] == "finetune" and settings["model"]["dim"] == 16
    assert len(_losses(tmp_path / "ft")) == 5
    # fine-tuning starts where pretraining ended: its first loss is near pretraining's last
    assert _losses(tmp_path / "ft")[0] < losses[0]
    # the same folder again without --resume is refused with a clear message
    assert _cli(*base, "--text", str(text), "--out", str(tmp_path / "pre")) == 1
    assert "already holds checkpoint" in capsys.readouterr().err

    assert _cli("eval", "--model", str(tmp_path / "ft"), "--text", str(text)) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["sentences"] == len(SENTENCES) and math.isfinite(report["bits_per_char"])
    assert report["perplexity"] == pytest.approx(math.exp(report["nll"]))
    args = ["sample", "--model", str(tmp_path / "ft"), "--prompt", "The", "--max-tokens", "12"]
    assert _cli(*args, "--num", "2", "--seed", "4") == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and all(line.startswith("the") and len(line) <= 15 for line in lines)
    assert _cli(*args, "--num", "2", "--seed", "4") == 0
    assert capsys.readouterr().out.splitlines() == lines


def test_cli_eval_warns_about_text_outside_the_alphabet_and_sample_refuses_nan(tmp_path, capsys):
    text = tmp_path / "odd.txt"
    text.write_text("你好世界\nhello there\n", encoding="utf-8")
    assert _cli("eval", "--model", "src/yuyin/assets/models/lm", "--text", str(text)) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["uncovered"] == pytest.approx(4 / 14, abs=1e-4)
    assert "28.6% of the text's characters are outside the model's alphabet" in captured.err
    for bad in ("nan", "inf", "-1"):
        assert _cli("sample", "--model", "src/yuyin/assets/models/lm", "--temperature", bad) == 1
        assert "--temperature must be finite and >= 0" in capsys.readouterr().err


def test_cli_errors_are_clear(tmp_path, capsys):
    missing = str(tmp_path / "nothing")
    assert _cli("eval", "--model", missing, "--text", missing) == 1
    assert "not a yuyin model folder" in capsys.readouterr().err
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("caf\xe9 au lait\n".encode("latin-1"))
    assert _cli("train", "--text", str(bad), "--out", str(tmp_path / "r")) == 1
    assert "not UTF-8" in capsys.readouterr().err
    assert _cli("train", "--corpus", "kjv", "--set", "model.heads=3", "--out", missing) == 1
    assert "divisible" in capsys.readouterr().err


def test_odd_text_gives_clean_output(tmp_path, capsys):
    megabyte_line = ("naïve café 😀 \x07 " * 70_000)[: 1 << 20]
    odd = ["Hello 😀 world", "tab\there\x00 nul \x1b[31m", "中文句子 и русский"]
    path = tmp_path / "odd.txt"
    path.write_text("\n".join([*odd, megabyte_line]) + "\n", encoding="utf-8")
    sentences = read_text_sentences(path)
    assert sentences[0] == "hello world" and all("\x00" not in s for s in sentences)
    # a small model: the megabyte line is ~770k tokens, scored in windows of half a context
    model = _model(LMConfig(dim=8, layers=1, heads=1, context=32, dropout=0.0))
    result = evaluate_lm(model, sentences)
    assert math.isfinite(result.bits_per_char) and result.tokens > 500_000
    for prompt in ["😀", "\x00", "中文", ""]:
        out = model.generate(prompt, 10, generator=torch.Generator().manual_seed(0))
        assert len(out) <= 10 and out.isprintable()
    assert math.isfinite(model.score("中文 \x00 😀"))
    model_dir = tmp_path / "m"
    save_model(model, model_dir, "lm", model.config, {"tokenizer": model.tokenizer.to_dict()})
    path.write_text("\n".join(odd) + "\n", encoding="utf-8")  # the CLI: same code, less text
    assert _cli("eval", "--model", str(model_dir), "--text", str(path)) == 0
    assert math.isfinite(json.loads(capsys.readouterr().out)["bits_per_char"])
    assert _cli("sample", "--model", str(model_dir), "--prompt", "😀\x00", "--max-tokens", "5") == 0
    capsys.readouterr()
    empty = tmp_path / "empty.txt"
    empty.write_text("😀\n\x00\n", encoding="utf-8")
    assert _cli("eval", "--model", str(model_dir), "--text", str(empty)) == 1
    assert "no words" in capsys.readouterr().err


def test_a_refused_or_finished_resume_leaves_the_runs_record(tmp_path, capsys):
    text = tmp_path / "train.txt"
    text.write_text("\n".join(SENTENCES * 6) + "\n", encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text("\n".join(reversed(SENTENCES)) + "\n", encoding="utf-8")
    sets = [a for item in SMALL for a in ("--set", item)]
    run = ["train", "--config", str(CONFIG), *sets, "--set", "pretrain.max_steps=4"]
    out = tmp_path / "run"
    assert _cli(*run, "--text", str(text), "--dev", str(text), "--out", str(out)) == 0
    record = (out / "settings.json").read_text(), (out / "lm" / "config.json").read_text()
    # another model shape: refused before settings.json is rewritten
    again = [*run, "--text", str(other), "--out", str(out), "--resume"]
    assert _cli(*again, "--set", "model.dim=32") == 1
    assert "built with other settings (model.dim 16 -> 32)" in capsys.readouterr().err
    # finished: no step is left, so the record and the model's meta (source, dev) stay
    assert _cli(*again) == 0
    assert ((out / "settings.json").read_text(), (out / "lm" / "config.json").read_text()) == record


def test_training_text_outside_the_alphabet_is_refused_or_warned(tmp_path, capsys, caplog):
    cjk = tmp_path / "cjk.txt"
    cjk.write_text("你好世界\n今天天气很好\n", encoding="utf-8")
    sets = [a for item in SMALL for a in ("--set", item)]
    run = ["train", "--config", str(CONFIG), *sets, "--set", "pretrain.max_steps=2"]
    assert _cli(*run, "--text", str(cjk), "--out", str(tmp_path / "a")) == 1
    assert "none of the text's characters" in capsys.readouterr().err
    mixed = tmp_path / "mixed.txt"
    mixed.write_text("\n".join(f"{s} 你好" for s in SENTENCES) + "\n", encoding="utf-8")
    assert _cli(*run, "--text", str(mixed), "--out", str(tmp_path / "b")) == 0
    assert "outside the model's alphabet" in caplog.text


def test_eval_reads_text_from_standard_input():
    import subprocess
    import sys

    args = [sys.executable, "-m", "yuyin", "lm", "eval", "--model", "src/yuyin/assets/models/lm"]
    done = subprocess.run(
        [*args, "--text", "-"], input=b"hello there\nthe cat sat\n", capture_output=True
    )
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout)["sentences"] == 2
