"""G2P: the reranker with its gradient-boosted trees, through the library (yuyin.models.g2p_trees).

``bench/g2p_rerank_extra.py`` measured LightGBM's LambdaRank over the reranker's features (its
``lambdarank_blend``) with LightGBM itself and columns of each ensemble member; this bench fits
what ``yuyin g2p train-rerank --trees`` and ``train-fst --rerank --trees`` fit
(:func:`yuyin.models.g2p_rerank.fit_folder_reranker` with ``trees=True``: the columns a G2P has
at run time, the trees scored by yuyin's numpy node tables) on the same candidate lists:

* ``neural``: the cache's lists cut to the two neural beams' candidates, no joint-sequence score
  (what the shipped G2P picks from), in the order the G2P lists them (``--neural-order
  cache``: in the joint lists' order), analogies of ``--model``'s alignment;
* ``joint``: the cache's lists (neural beams and the joint-sequence n-best), analogies of the
  ``--fst`` folder's alignment.

For each, ``linear`` (the log-linear reranker alone, as shipped before) and ``trees`` (the same
plus the trees) are fitted on the dev words and scored once on the test words; ``dev_cv`` scores
each fifth of the dev words with a fit on the other four (the basis of the choice). Picks are
each list's best score (as ``G2P`` picks). Every number is measured in this run. Needs
``pip install 'yuyin[trees]'`` and the candidate cache of ``bench/g2p_rerank.py --cache FILE``::

    python bench/g2p_rerank.py --model src/yuyin/assets/models/g2p \\
        --reverse src/yuyin/assets/models/g2p/reverse --fst runs/fst --cache runs/cache.json
    python bench/g2p_rerank_trees.py --cache runs/cache.json --fst runs/fst
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from _env import publish
from g2p import percent
from g2p_rerank_extra import add_cache_arguments, cached_lists, report_of, split_record

from yuyin.models.g2p_analogy import Analogies
from yuyin.models.g2p_rerank import Reranker, fit_folder_reranker
from yuyin.models.g2p_rescore import Candidate
from yuyin.text.g2p import G2PEntry
from yuyin.train.g2p_scores import score_pronunciations

DEFAULT_OUT = Path(__file__).parent / "results" / "g2p-rerank-trees.json"
FOLDS = 5
Phones = tuple[str, ...]


def product_order(cands: list[Candidate]) -> list[Candidate]:
    """A neural-only list in the order a G2P without a joint-sequence model builds it: the
    left-to-right beam by rank, then what only the right-to-left beam holds, by its rank (the
    cache keeps the joint lists' order; the trees' fit depends on the rows' order)."""
    return sorted(
        cands,
        key=lambda c: (0, c.beam_rank) if c.beam_rank is not None else (1, c.reverse_rank),
    )


def picks(
    reranker: Reranker, analogies: Analogies, cands: Sequence[list[Candidate]], words: list[str]
) -> list[Phones]:
    """Each word's pick (``()`` for an empty list), as G2P picks."""
    return [reranker.choose(w, c, analogies) for w, c in zip(words, cands, strict=True)]


def scored(chosen: list[Phones], entries: Sequence[G2PEntry]) -> dict:
    return percent(asdict(score_pronunciations(chosen, entries)))


def evaluate(folder: Path, dev: tuple[list, list], test: tuple[list, list], trees: bool) -> dict:
    """Dev cross-validated and test scores of the reranker fitted from ``folder``'s analogies
    (``dev``/``test``: entries and candidate lists)."""
    analogies = Analogies.from_folder(folder)
    (dev_entries, dev_cands), (test_entries, test_cands) = dev, test
    n = len(dev_entries)
    cv: list[Phones] = [()] * n
    for fold in range(FOLDS):
        fit = [i for i in range(n) if i % FOLDS != fold]
        held = [i for i in range(n) if i % FOLDS == fold]
        reranker, _ = fit_folder_reranker(
            folder, [dev_entries[i] for i in fit], [dev_cands[i] for i in fit], trees=trees
        )
        chosen = picks(
            reranker, analogies, [dev_cands[i] for i in held], [dev_entries[i].word for i in held]
        )
        for i, p in zip(held, chosen, strict=True):
            cv[i] = p
    reranker, fitted = fit_folder_reranker(folder, dev_entries, dev_cands, trees=trees)
    on_test = picks(reranker, analogies, test_cands, [e.word for e in test_entries])
    return {
        "dev_cv": scored(cv, dev_entries),
        "test": scored(on_test, test_entries),
        "dev_fitted_wer": fitted,
        "trees": 0 if reranker.trees is None else len(reranker.trees.roots),
    }


def run(args: argparse.Namespace) -> dict:
    joint, entries = cached_lists(args.cache)
    kinds = {
        "neural": ({k: [w.neural_only() for w in v] for k, v in joint.items()}, args.model),
        "joint": (joint, args.fst),
    }
    results: dict = {}
    seconds: dict = {}
    for kind, (lists, folder) in kinds.items():
        order = product_order if kind == "neural" and args.neural_order == "beams" else list
        cands = {k: [order(w.candidates()) for w in v] for k, v in lists.items()}
        parts = {k: (entries[k], cands[k]) for k in cands}
        results[kind] = {}
        for name, trees in (("linear", False), ("trees", True)):
            started = time.monotonic()
            results[kind][name] = evaluate(folder, parts["dev"], parts["test"], trees)
            seconds[f"{kind}_{name}"] = round(time.monotonic() - started, 1)
            print(kind, name, json.dumps(results[kind][name]), file=sys.stderr, flush=True)
    return {
        "split": split_record(entries),
        "model": str(args.model),
        "neural_order": args.neural_order,
        "results": results,
        "seconds": seconds,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_cache_arguments(parser, model=True)
    parser.add_argument(
        "--neural-order",
        choices=("beams", "cache"),
        default="beams",
        help="the neural lists' candidates in the G2P's order (beams) or the joint lists' (cache)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    publish(report_of("g2p-rerank-trees", args, run(args), argv), args.out)


if __name__ == "__main__":
    main()
