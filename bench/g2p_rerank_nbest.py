"""G2P: does the graphone n-gram's n-best, joined to a model folder's lists, help its reranker?

A model folder's reranker (``yuyin g2p train-rerank``) picks from both neural beams; with
``--nbest N`` the n-best of its graphone n-gram (:meth:`yuyin.text.graphone_lm.GraphoneLM.nbest`,
pure Python) joins each list as a joint-sequence model's n-best joins the lists of
``train-fst --rerank``. This bench scores that choice on the dev words only: for each
``--nbest`` (0: the beams alone) the dev lists are made once, then each fifth of the dev words is
picked by the library's reranker (:func:`yuyin.models.g2p_rerank.fit_folder_reranker`, with and
without its trees) fitted on the other four fifths. The test words are not read: the shipped
folder's test score comes from ``bench/g2p_combine.py``.

    python bench/g2p_rerank_nbest.py [--model MODEL_DIR] [--nbest 0 16] [--threads 2]

Run at a0df30c (``python bench/g2p_rerank_nbest.py --threads 1``, ~15 min,
``bench/results/g2p-rerank-nbest.json``): 20.39% -> 20.15% log-linear and 20.59% -> 20.35% with
the trees (WER without stress) for ``--nbest 16`` against 0 on the shipped folder, as the
throwaway script of session 49 had; on the test words the folder refitted with ``--nbest 16``
scored 20.70% against 20.60% (``bench/results/g2p-combined-shipped-nbest16.json``) at 2.5 times
the decoding time: the shipped G2P keeps ``nbest`` 0.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import asdict
from pathlib import Path

import torch
from _env import git_commit, publish
from g2p import percent

from yuyin.models.g2p_analogy import Analogies
from yuyin.models.g2p_rerank import fit_folder_reranker, load_folder_reranker
from yuyin.models.g2p_rescore import candidates
from yuyin.text.g2p import DEFAULT_MODEL_DIR, cmudict_split, load_g2p_model
from yuyin.train.g2p_scores import score_pronunciations

DEFAULT_OUT = Path(__file__).parent / "results" / "g2p-rerank-nbest.json"
FOLDS = 5


def cross_validated(folder: Path, dev: list, cands: list, trees: bool) -> dict:
    """Each fold's picks by a reranker fitted on the other folds, scored together."""
    analogies = Analogies.from_folder(folder)
    picks: list = [()] * len(dev)
    for fold in range(FOLDS):
        fit = [i for i in range(len(dev)) if i % FOLDS != fold]
        reranker, _ = fit_folder_reranker(
            folder, [dev[i] for i in fit], [cands[i] for i in fit], trees=trees
        )
        for i in range(fold, len(dev), FOLDS):
            picks[i] = reranker.choose(dev[i].word, cands[i], analogies)
    return percent(asdict(score_pronunciations(picks, dev)))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR)
    parser.add_argument("--nbest", type=int, nargs="+", default=[0, 16])
    parser.add_argument("--beam", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--limit", type=int, help="the first N dev words only (a smoke run)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    dev = list(cmudict_split().dev)[: args.limit]
    words = [e.word for e in dev]
    model = load_g2p_model(args.model)
    reverse = load_g2p_model(args.model / "reverse")
    folder = load_folder_reranker(args.model)
    lm = folder.analogies.graphones if folder is not None else None
    if lm is None and any(args.nbest):
        raise SystemExit(f"{args.model}: no graphone n-gram (graphones.arpa.gz) for --nbest")
    results, seconds = {}, {}
    for nbest in args.nbest:
        started = time.monotonic()
        cands = candidates(
            model, lm if nbest else None, words, args.beam, max(nbest, 1), reverse=reverse
        )
        seconds[f"candidates_nbest{nbest}"] = round(time.monotonic() - started, 1)
        results[f"nbest{nbest}"] = {
            "candidates_per_word": round(sum(map(len, cands)) / len(cands), 2),
            **{
                name: cross_validated(args.model, dev, cands, trees)
                for name, trees in (("log_linear", False), ("trees", True))
            },
        }
        print(nbest, results[f"nbest{nbest}"], flush=True)
    publish(
        {
            "bench": "g2p-rerank-nbest",
            "commit": git_commit(),
            "model": str(args.model),
            "beam": args.beam,
            "dev_words": len(dev),
            "folds": FOLDS,
            "results": results,
            "seconds": seconds,
            "units": "error rates in percent on the dev words, 5-fold; seconds of wall time",
            "command": " ".join(
                ["python", "bench/g2p_rerank_nbest.py", *(sys.argv[1:] if argv is None else argv)]
            ),
        },
        args.out,
    )


if __name__ == "__main__":
    main()
