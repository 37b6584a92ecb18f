"""G2P: does a small neural ranker pick better than the log-linear reranker?

LightGBM's LambdaRank, added to the log-linear score, picks better than the log-linear reranker
alone on the same candidate lists (``bench/g2p_rerank_extra.py``: 20.43% against 20.81% WER
without stress), but LightGBM is no yuyin dependency. This bench asks whether a small
multi-layer perceptron in torch, which yuyin has, does as well:

* ``mlp``: for each candidate, the features of the tree ranker (the 49 reranker features, each
  ensemble member's score, every model's score minus the list's best and its rank, the list's
  size, the word's length, phones per letter, the log-linear score, stacked out-of-fold on the
  words it is fitted on, and its posterior and stress-group mass), standardized, through
  ``D -> hidden -> 1`` (tanh), added to the log-linear score; fitted as the log-linear reranker
  is (a softmax over each word's list, the right candidates' probability maximised), with Adam
  and weight decay for a fixed number of full-batch steps, averaged over ``--seeds`` fits.

It is fitted on the dev words and scored once on the test words; ``dev_cv`` scores each fifth
of the dev words with a fit on the other four, and is what the settings are chosen by (the
stored result's, ``--lr 3e-3 --steps 60 --hidden 8 --decay 1.0``, had the best ``dev_cv`` of six
tried with two seeds: hidden 8-32, 30-300 steps, learning rate 1e-3 to 1e-2; the unregularized
300 steps at 1e-2 overfit, 23.1% without stress). Every number is measured in this run. Needs
the candidate cache of ``bench/g2p_rerank.py --cache`` (see ``bench/g2p_rerank_extra.py``)::

    python bench/g2p_rerank_mlp.py --cache runs/cache.json --fst runs/fst \\
        [--hidden 32] [--steps 300] [--decay 1e-2] [--seeds 5]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from _env import publish
from g2p_rerank import design
from g2p_rerank_extra import (
    Data,
    Scores,
    add_cache_arguments,
    cached_lists,
    evaluate,
    folder_analogies,
    linear_scores,
    out_of_fold,
    report_of,
    split_record,
    tree_columns,
)

DEFAULT_OUT = Path(__file__).parent / "results" / "g2p-rerank-mlp.json"


def padded(cols: Sequence[np.ndarray], flags: Sequence[np.ndarray], base: Sequence[np.ndarray]):
    """(W, C, D) features, (W, C) right flags, (W, C) base scores and (W, C) validity."""
    width = max(len(c) for c in cols)
    x = torch.zeros(len(cols), width, cols[0].shape[1])
    good = torch.zeros(len(cols), width, dtype=torch.bool)
    valid = torch.zeros(len(cols), width, dtype=torch.bool)
    b = torch.zeros(len(cols), width)
    for i, (c, f, s) in enumerate(zip(cols, flags, base, strict=True)):
        x[i, : len(c)] = torch.from_numpy(c).float()
        good[i, : len(c)] = torch.from_numpy(f)
        b[i, : len(c)] = torch.from_numpy(s).float()
        valid[i, : len(c)] = True
    return x, good, b, valid


def fit_mlp(
    cols: Sequence[np.ndarray],
    flags: Sequence[np.ndarray],
    base: Sequence[np.ndarray],
    args: argparse.Namespace,
    seed: int,
) -> torch.nn.Module:
    """An MLP whose output, added to ``base``, maximises the right candidates' softmax mass."""
    x, good, b, valid = padded(cols, flags, base)
    mean, std = x[valid].mean(0), x[valid].std(0) + 1e-6
    torch.manual_seed(seed)
    net = torch.nn.Sequential(
        torch.nn.Linear(x.shape[-1], args.hidden), torch.nn.Tanh(), torch.nn.Linear(args.hidden, 1)
    )
    torch.nn.init.zeros_(net[2].weight)
    torch.nn.init.zeros_(net[2].bias)
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=args.decay)
    z = (x - mean) / std
    for _ in range(args.steps):
        s = (b + net(z).squeeze(-1)).masked_fill(~valid, -1e9)  # (W, C)
        loss = -(torch.logsumexp(s.masked_fill(~good, -1e9), 1) - torch.logsumexp(s, 1)).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    net.eval()
    net.register_buffer("mean", mean)
    net.register_buffer("std", std)
    return net


def mlp_scores(
    fit: Data, rows: Sequence[int], apply: Data, targets: Sequence[int], args: argparse.Namespace
) -> Scores:
    """Log-linear scores of ``apply``'s ``targets`` plus the mean of ``--seeds`` MLPs fitted on
    ``fit``'s ``rows`` (stacked on out-of-fold log-linear scores)."""
    stacked = out_of_fold(fit, rows)
    kept = [i for i in rows if fit.right[i].any()]
    cols = [tree_columns(fit.lists[i], fit.xs[i], stacked[i]) for i in kept]
    nets = [
        fit_mlp(cols, [fit.right[i] for i in kept], [stacked[i] for i in kept], args, seed)
        for seed in range(args.seeds)
    ]
    linear = linear_scores(fit, rows, apply, targets)
    out: Scores = {}
    with torch.no_grad():
        for i in targets:
            z = torch.from_numpy(tree_columns(apply.lists[i], apply.xs[i], linear[i])).float()
            extra = torch.stack([n((z - n.mean) / n.std).squeeze(-1) for n in nets]).mean(0)
            out[i] = linear[i] + extra.double().numpy()
    return out


def run(args: argparse.Namespace) -> dict:
    lists, entries = cached_lists(args.cache)
    analogies = folder_analogies(args.fst)
    xs = {k: design(v, analogies) for k, v in lists.items()}
    data = {k: Data(lists[k], entries[k], xs[k]) for k in lists}
    torch.set_num_threads(args.threads)
    results, seconds = {}, {}
    systems = {"rerank_derived": linear_scores, "mlp": lambda *a: mlp_scores(*a, args=args)}
    for name, system in systems.items():
        started = time.monotonic()
        results[name] = evaluate(system, data["dev"], data["test"])
        seconds[name] = round(time.monotonic() - started, 1)
        print(name, json.dumps(results[name]), file=sys.stderr, flush=True)
    settings = {k: getattr(args, k) for k in ("hidden", "steps", "lr", "decay", "seeds")}
    return {"split": split_record(entries), "mlp": settings, "results": results, "seconds": seconds}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_cache_arguments(parser)
    parser.add_argument("--hidden", type=int, default=32)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--lr", type=float, default=1e-2)
    parser.add_argument("--decay", type=float, default=1e-2)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    publish(report_of("g2p-rerank-mlp", args, run(args), argv), args.out)


if __name__ == "__main__":
    main()
