"""G2P: does a noisy-channel score, log p(spelling | candidate phones), help the reranker pick?

A phoneme-to-grapheme (P2G) Transformer reads a candidate pronunciation and scores how well it
spells the word back. In machine translation such a reverse model reranks n-best lists well; a
G2P candidate whose phones cannot write the word ("cough" read K AW) should score low. This bench
trains one (the G2P encoder-decoder of :mod:`yuyin.models.g2p` with the alphabets swapped:
73 stressed-phone ids in, 31 letter ids out; 3+3 layers of 128, as a shipped member) on every
pronunciation of the CMUdict split's training words, 8,000 updates of 2,048 padded tokens
(~17 min on 2 cores; kept in ``--p2g`` and reused), and adds four features per candidate to the
log-linear reranker of ``bench/g2p_rerank.py``: the P2G score minus the list's best, its
log-posterior within the list, whether it is the P2G's first choice, and its stress-group mass.

Systems, each fitted on the dev words and scored once on the test words (``dev_cv``: five-fold on
the dev words), on the candidate cache of ``bench/g2p_rerank.py --cache`` (lists of the shipped
ensemble, the right-to-left ensemble and the joint-sequence model):

* ``rerank_derived`` / ``rerank_p2g``: the reranker as in that bench, without / with the P2G;
* ``neural_only`` / ``neural_only_p2g``: the same on the candidates of the two neural beams
  alone and no joint-sequence features (the shipped G2P's setting).

Measured (``bench/results/g2p-rerank-p2g.json``): no help. Without stress, marginal picks, test
words: 20.75% with the P2G against 20.71% without; neural beams alone 21.03% against 21.09%.
``seconds.p2g_training`` is null when the model was read from ``--p2g`` (the one measured
trained in 1,052 s with these settings).

    python bench/g2p_rerank_p2g.py --cache runs/cache.json --fst runs/fst --p2g runs/p2g
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np
import torch
from _env import publish
from g2p_rerank import WordList, design
from g2p_rerank_extra import (
    Data,
    add_cache_arguments,
    cached_lists,
    evaluate,
    folder_analogies,
    linear_scores,
    report_of,
    split_record,
)
from safetensors.torch import load_file, save_file
from torch.nn.utils.rnn import pad_sequence

from yuyin.models.g2p import G2PConfig, G2PModel, build_g2p, length_batches
from yuyin.models.g2p_rerank import group_mass
from yuyin.text.g2p import (
    CHAR_TOKENS,
    EOS,
    PAD,
    PHONE_TOKENS,
    cmudict_split,
    encode_phones,
    encode_word,
)
from yuyin.train.g2p import _sampler
from yuyin.train.g2p_data import WordChunks, collate_words
from yuyin.train.loop import train
from yuyin.train.loop_config import LoopConfig

DEFAULT_OUT = Path(__file__).parent / "results" / "g2p-rerank-p2g.json"
STEPS = 8000
P2G = G2PConfig(num_chars=len(PHONE_TOKENS), num_phones=len(CHAR_TOKENS), dim=128, dropout=0.0)
LOOP = LoopConfig(
    lr=2e-3, warmup_steps=300, max_steps=STEPS, min_lr_ratio=0.05, log_every=100,
    eval_every=100_000, ckpt_every=500, keep_checkpoints=1, progress=False, tensorboard=False,
)  # fmt: skip


def train_p2g(folder: Path) -> tuple[G2PModel, float | None]:
    """The P2G model of ``folder`` (``p2g.safetensors``), trained there first when missing
    (resumes a killed run); the training seconds when trained in this call."""
    weights = folder / "p2g.safetensors"
    model = build_g2p(P2G)
    if weights.is_file():
        model.load_state_dict(load_file(str(weights)))
        return model.eval(), None
    items = []
    for entry in cmudict_split().train:
        spelling = torch.tensor([*encode_word(entry.word), EOS])
        items += [(torch.tensor(encode_phones(p)), spelling) for p in entry.pronunciations]
    data = WordChunks(items, [max(len(a), len(b)) for a, b in items], LOOP.seed)
    torch.manual_seed(LOOP.seed)
    model = build_g2p(P2G)
    result = train(
        model,
        lambda net, b: net(b.chars, b.char_lengths, b.phones, 0.1),
        data,
        _sampler(data.sizes, 2048, LOOP.seed),
        collate_words,
        LOOP,
        folder / "run",
        resume=(folder / "run").is_dir(),
        model_config={"model": asdict(P2G)},
    )
    save_file(model.state_dict(), str(weights))
    return model.eval(), result.seconds


@torch.no_grad()
def spelling_log_probs(model: G2PModel, lists: list[WordList]) -> list[np.ndarray]:
    """(C,) log p(word's letters + end | phones) of each list's candidates, teacher-forced."""
    pairs = [(w.word, p) for w in lists for p in w.phones]
    out = np.zeros(len(pairs))
    for chunk in length_batches([max(len(p), len(w) + 1) for w, p in pairs], 1024):
        src = [torch.tensor(encode_phones(pairs[i][1])) for i in chunk]
        lengths = torch.tensor([len(s) for s in src])
        src = pad_sequence(src, batch_first=True, padding_value=PAD)
        tgt = [torch.tensor([*encode_word(pairs[i][0]), EOS]) for i in chunk]
        tgt = pad_sequence(tgt, batch_first=True, padding_value=PAD)
        logp = model.teacher_logits(src, lengths, tgt).log_softmax(-1)
        picked = logp.gather(-1, tgt[..., None])[..., 0].masked_fill(tgt == PAD, 0.0)
        out[chunk] = picked.sum(-1).numpy()
    bounds = np.cumsum([0, *(len(w.phones) for w in lists)])
    return [out[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def p2g_columns(lst: WordList, score: np.ndarray) -> np.ndarray:
    """(C, 4) the P2G features of a list's candidates (module doc)."""
    post = np.exp(score - score.max())
    post /= post.sum()
    first = (score == score.max()).astype(float)
    return np.stack(
        [score - score.max(), np.log(post + 1e-9), first, group_mass(lst.phones, post)], 1
    )


def neural_only(lst: WordList, score: np.ndarray) -> tuple[WordList, np.ndarray]:
    """The candidates of the two neural beams, with no joint-sequence cost."""
    return lst.neural_only(), score[lst.in_neural_beams]


def run(args: argparse.Namespace) -> dict:
    lists, entries = cached_lists(args.cache)
    model, trained = train_p2g(args.p2g)
    seconds: dict = {"p2g_training": None if trained is None else round(trained, 1)}
    started = time.monotonic()
    scores = {k: spelling_log_probs(model, v) for k, v in lists.items()}
    seconds["p2g_scoring"] = round(time.monotonic() - started, 1)
    analogies = folder_analogies(args.fst)
    narrowed = {
        k: [neural_only(w, s) for w, s in zip(lists[k], scores[k], strict=True)] for k in lists
    }
    whole = {k: list(zip(lists[k], scores[k], strict=True)) for k in lists}
    data: dict[str, dict[str, Data]] = {}
    for label, source, with_p2g in (
        ("rerank_derived", whole, False),
        ("rerank_p2g", whole, True),
        ("neural_only", narrowed, False),
        ("neural_only_p2g", narrowed, True),
    ):
        data[label] = {}
        for k, pairs in source.items():
            part = [w for w, _ in pairs]
            xs = design(part, analogies)
            if with_p2g:
                xs = [np.hstack([x, p2g_columns(*ws)]) for x, ws in zip(xs, pairs, strict=True)]
            data[label][k] = Data(part, entries[k], xs)
    results = {}
    for name, parts in data.items():
        results[name] = evaluate(linear_scores, parts["dev"], parts["test"])
        print(name, json.dumps(results[name]), file=sys.stderr, flush=True)
    return {
        "split": split_record(entries),
        "p2g": {"config": asdict(P2G), "steps": STEPS, "lr": LOOP.lr, "batch_tokens": 2048},
        "results": results,
        "seconds": seconds,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_cache_arguments(parser)
    parser.add_argument("--p2g", type=Path, required=True, help="P2G folder (trained if empty)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    torch.set_num_threads(2)
    publish(report_of("g2p-rerank-p2g", args, run(args), argv), args.out)


if __name__ == "__main__":
    main()
