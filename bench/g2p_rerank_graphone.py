"""G2P: does the graphone n-gram's score of *every* candidate help the reranker pick?

The joint-sequence model scores only the candidates of its own n-best (Phonetisaurus' decoder
tells nothing of the others), and the shipped G2P has no joint-sequence model at all.
:class:`yuyin.text.graphone_lm.GraphoneLM` scores any pronunciation under a graphone n-gram of
the training alignment (the best segmentation's log-probability). This bench estimates that
n-gram at each ``--orders`` (Phonetisaurus' ``estimate-ngram``, modified Kneser-Ney, from the
``--fst`` folder's alignment, the training split's), adds its four columns (``graphone``,
``_posterior``, ``_first``, ``_stress_group``) to the reranker's features and fits:

* ``base``: the log-linear reranker with the graphone columns zero (as before them);
* ``graphone_oN``: the same with the order-N n-gram's columns;
* with ``--trees`` (``pip install lightgbm``): ``trees_base`` and ``trees_graphone_oN``,
  g2p_rerank_extra's LambdaRank plus the log-linear score (not the library's tree columns).

Both kinds of list: ``joint`` (the cache's lists: neural beams and the joint-sequence n-best,
what ``yuyin g2p train-fst --rerank`` picks from) and ``neural`` (the two neural beams' alone,
what the shipped G2P picks from). Each system is fitted on the dev words and scored once on the
test words; ``dev_cv`` scores each fifth of the dev words with a fit on the other four (the
basis for choosing the order). Every number is measured in this run.

Measured (``bench/results/g2p-rerank-graphone.json``; WER without stress, argmax): on the
``neural`` lists orders 4 / 5 / 6 / 8 give dev 20.51 / 20.39 / 20.63 / 20.59% (20.71% without),
test 21.07 / 20.80 / 20.92 / 20.87% (21.09%), with trees test 20.57 / 20.60 / 20.62 / 20.56%
(20.81%): order 5 ships. On the ``joint`` lists nothing changes (test 20.80-20.82% against
20.81%, trees 20.38-20.51% against 20.45%). Needs ``yuyin[fst]`` and
the candidate cache of ``bench/g2p_rerank.py --cache FILE``::

    python bench/g2p_rerank.py --model src/yuyin/assets/models/g2p \\
        --reverse src/yuyin/assets/models/g2p/reverse --fst runs/fst --cache runs/cache.json
    python bench/g2p_rerank_graphone.py --cache runs/cache.json --fst runs/fst [--trees]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from _env import publish
from g2p_rerank import design
from g2p_rerank_extra import (
    Data,
    add_cache_arguments,
    cached_lists,
    evaluate,
    folder_analogies,
    linear_scores,
    report_of,
    split_record,
    tree_scores,
)

from yuyin.models.g2p_analogy import AffixAnalogy, Analogies, Compounds
from yuyin.models.g2p_rerank import FEATURES, candidate_features
from yuyin.text.graphone_lm import GraphoneLM
from yuyin.text.joint_sequence import estimate_graphone_lm

DEFAULT_OUT = Path(__file__).parent / "results" / "g2p-rerank-graphone.json"
GRAPHONE = [i for i, name in enumerate(FEATURES) if name.startswith("graphone")]


def with_graphones(lists: list, xs: list[np.ndarray], lm: GraphoneLM) -> list[np.ndarray]:
    """``xs`` with the graphone columns (and ``votes``) computed with ``lm`` (the library's
    features under analogies of an empty dictionary: only these columns are taken)."""
    scored = Analogies(AffixAnalogy([]), Compounds.from_alignment([]), None, lm)
    out = []
    for lst, x in zip(lists, xs, strict=True):
        full = candidate_features(lst.word, lst.candidates(), scored)
        x = x.copy()
        x[:, GRAPHONE] = full[:, GRAPHONE]
        x[:, FEATURES.index("votes")] = full[:, FEATURES.index("votes")]
        out.append(x)
    return out


def run(args: argparse.Namespace) -> dict:
    joint, entries = cached_lists(args.cache)
    seconds: dict[str, float] = {}
    models, sizes = {}, {}
    with tempfile.TemporaryDirectory(prefix="graphones-") as work:
        for order in args.orders:
            started = time.monotonic()
            path = estimate_graphone_lm(args.fst, Path(work) / f"o{order}.arpa.gz", order)
            sizes[order] = path.stat().st_size
            models[order] = GraphoneLM(path)
            seconds[f"estimate_and_load_o{order}"] = round(time.monotonic() - started, 1)
    kinds = {
        "joint": (joint, folder_analogies(args.fst)),
        "neural": (
            {k: [w.neural_only() for w in v] for k, v in joint.items()},
            Analogies.from_folder(args.model),
        ),
    }
    results: dict = {}
    for kind, (lists, analogies) in kinds.items():
        analogies.graphones = None  # the base: as before the graphone n-gram
        started = time.monotonic()
        xs = {k: design(v, analogies) for k, v in lists.items()}
        seconds[f"{kind}_features"] = round(time.monotonic() - started, 1)
        data = {"base": {k: Data(lists[k], entries[k], xs[k]) for k in lists}}
        for order, lm in models.items():
            started = time.monotonic()
            data[f"graphone_o{order}"] = {
                k: Data(lists[k], entries[k], with_graphones(lists[k], xs[k], lm)) for k in lists
            }
            seconds[f"{kind}_graphone_o{order}"] = round(time.monotonic() - started, 1)
        results[kind] = {}
        for name, parts in data.items():
            systems = {name: linear_scores}
            if args.trees:
                systems[f"trees_{name}"] = lambda *a: tree_scores(*a, blend=1.0)
            for system_name, system in systems.items():
                started = time.monotonic()
                results[kind][system_name] = evaluate(system, parts["dev"], parts["test"])
                seconds[f"{kind}_{system_name}"] = round(time.monotonic() - started, 1)
                line = json.dumps(results[kind][system_name]["argmax"])
                print(kind, system_name, line, file=sys.stderr, flush=True)
    return {
        "split": split_record(entries),
        "model": str(args.model),
        "orders": list(args.orders),
        "arpa_gz_bytes": {f"o{k}": v for k, v in sizes.items()},
        "results": results,
        "seconds": seconds,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_cache_arguments(parser, model=True)
    parser.add_argument("--orders", type=int, nargs="+", default=[4, 5, 6, 8])
    parser.add_argument(
        "--trees", action="store_true", help="also LightGBM's LambdaRank (pip install lightgbm)"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    publish(report_of("g2p-rerank-graphone", args, run(args), argv), args.out)


if __name__ == "__main__":
    main()
