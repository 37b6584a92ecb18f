"""G2P: does eSpeak NG's rule-based reading help the reranker pick?

:mod:`bench.g2p_rerank` fits the log-linear reranker (``rerank_derived``: 49 features) on the dev
words' candidate lists. Every feature it has comes from models trained on the same CMUdict
training words. eSpeak NG reads English with hand-written rules and an exception list made
without CMUdict (:mod:`yuyin.text.espeak_phones`); alone it is a weak G2P in CMUdict's terms, but
its mistakes are not the trained models'. This bench adds, per candidate, how near it is to
eSpeak's reading and fits the same reranker:

* ``rerank_derived``: as shipped (the baseline, on the same lists);
* ``rerank_espeak``: the same plus the eSpeak columns (:func:`espeak_columns`);
* ``espeak_alone``: eSpeak's reading as the answer (the weak G2P it is alone);
* with ``--trees`` (``pip install lightgbm``, not a yuyin dependency): ``lambdarank_blend``,
  g2p_rerank_extra's gradient-boosted trees plus the log-linear score, without and with
  (``lambdarank_blend_espeak``) the eSpeak columns.

Both kinds of list: ``joint``, the cache's lists (neural beams and the joint-sequence n-best,
what ``yuyin g2p train-fst --rerank`` picks from), and ``neural``, the same lists cut to the two
neural beams' candidates with no joint-sequence score (what the shipped G2P picks from).

Measured (``bench/results/g2p-rerank-espeak.json``, with ``--trees``; eSpeak NG 1.52 of
espeakng-loader 0.2.4; WER without stress on the 12,546 test words, argmax): eSpeak alone
41.46%; ``joint`` 20.81% -> 20.42% log-linear, 20.45% -> 20.09% trees; ``neural`` 21.09% ->
20.92% log-linear, 20.81% -> 20.41% trees. On the dev words' cross-validation the eSpeak columns
made the ``joint`` lists worse (20.39% -> 20.63%, trees 19.82% -> 20.47%) and the ``neural``
ones better (20.71% -> 20.39%) or worse (trees 20.39% -> 20.55%): a small gain on the test
words (21 to 49 of 12,546 for the log-linear reranker) for a G2P that would read every word
through eSpeak too, so the shipped G2P does not use it.

Each is fitted on the dev words and scored once on the test words; ``dev_cv`` scores each fifth
of the dev words with a fit on the other four. Picks are ``argmax`` or ``marginal`` (as in
g2p_rerank). Every number is measured in this run. Needs the ``synth`` extra
(espeakng-loader) and the candidate cache of ``bench/g2p_rerank.py --cache FILE``::

    python bench/g2p_rerank.py --model src/yuyin/assets/models/g2p \\
        --reverse src/yuyin/assets/models/g2p/reverse --fst runs/fst --cache runs/cache.json
    python bench/g2p_rerank_espeak.py --cache runs/cache.json --fst runs/fst [--trees]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

import numpy as np
from _env import publish
from g2p import percent
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

from yuyin.models.g2p_analogy import Analogies, strip
from yuyin.text.espeak_phones import EspeakPhones
from yuyin.text.lexicon import VOWELS
from yuyin.train.g2p_scores import score_pronunciations

DEFAULT_OUT = Path(__file__).parent / "results" / "g2p-rerank-espeak.json"
Phones = tuple[str, ...]
ESPEAK_FEATURES = (
    "espeak_exact", "espeak_bare", "espeak_distance", "espeak_distance_gap", "espeak_skeleton",
    "espeak_reduced", "espeak_primary",
)  # fmt: skip


def _reduced(phones: Phones) -> Phones:
    """Unstressed vowels as one symbol, stressed ones bare: where eSpeak and CMUdict differ
    most is which reduced vowel they write."""
    return tuple("@" if p.endswith("0") else p.rstrip("12") for p in phones)


def _primary(phones: Phones) -> int:
    """The index among the vowels of the first primary stress (-1: none)."""
    vowels = [p for p in phones if p[-1:].isdigit()]
    return next((i for i, p in enumerate(vowels) if p.endswith("1")), -1)


def espeak_columns(cands: Sequence[Phones], reading: Phones) -> np.ndarray:
    """(C, 7) how near each candidate is to eSpeak's reading (:data:`ESPEAK_FEATURES`): the
    same with stress, without, the stress-free edit distance per phone (and above the list's
    least), the same consonants, the same after reducing unstressed vowels, the primary stress
    on the same vowel. All 0 where eSpeak gave nothing."""
    from rapidfuzz.distance import Levenshtein

    if not reading:
        return np.zeros((len(cands), len(ESPEAK_FEATURES)))
    bare = strip(reading)
    skeleton = tuple(p for p in bare if p not in VOWELS)
    reduced, primary = _reduced(reading), _primary(reading)
    rows = []
    for c in cands:
        cb = strip(c)
        dist = Levenshtein.distance(cb, bare) / max(len(bare), 1)
        rows.append(
            [
                float(c == reading),
                float(cb == bare),
                dist,
                0.0,
                float(tuple(p for p in cb if p not in VOWELS) == skeleton),
                float(_reduced(c) == reduced),
                float(_primary(c) == primary),
            ]
        )
    out = np.array(rows, float)
    out[:, 3] = out[:, 2] - out[:, 2].min()
    return out


def blended_trees(*args) -> dict[int, np.ndarray]:
    """LambdaRank plus the log-linear score (g2p_rerank_extra's ``lambdarank_blend``)."""
    return tree_scores(*args, blend=1.0)


def run(args: argparse.Namespace) -> dict:
    joint, entries = cached_lists(args.cache)
    seconds = {}
    started = time.monotonic()
    espeak = EspeakPhones()
    readings = {k: espeak.read([w.word for w in v]) for k, v in joint.items()}
    seconds["espeak"] = round(time.monotonic() - started, 1)
    results: dict = {
        "espeak_alone": {
            k: percent(asdict(score_pronunciations(readings[k], entries[k]))) for k in joint
        }
    }
    kinds = {
        "joint": (joint, folder_analogies(args.fst)),
        "neural": ({k: [w.neural_only() for w in v] for k, v in joint.items()}, args.model),
    }
    for kind, (lists, analogies) in kinds.items():
        if isinstance(analogies, Path):
            analogies = Analogies.from_folder(analogies)
        started = time.monotonic()
        xs = {k: design(v, analogies) for k, v in lists.items()}
        near = {
            k: [espeak_columns(w.phones, r) for w, r in zip(lists[k], readings[k], strict=True)]
            for k in lists
        }
        seconds[f"{kind}_features"] = round(time.monotonic() - started, 1)
        base = {k: Data(lists[k], entries[k], xs[k]) for k in lists}
        with_espeak = {
            k: Data(lists[k], entries[k], [np.hstack(p) for p in zip(xs[k], near[k], strict=True)])
            for k in lists
        }
        results[kind] = {
            "candidates_per_word": round(float(np.mean([len(w.phones) for w in lists["test"]])), 2),
            "espeak_reading_in_list": round(
                float(
                    np.mean(
                        [
                            r in w.phones
                            for w, r in zip(lists["test"], readings["test"], strict=True)
                        ]
                    )
                ),
                4,
            ),
        }
        systems = {
            "rerank_derived": (linear_scores, base),
            "rerank_espeak": (linear_scores, with_espeak),
        }
        if args.trees:
            systems["lambdarank_blend"] = (blended_trees, base)
            systems["lambdarank_blend_espeak"] = (blended_trees, with_espeak)
        for name, (system, data) in systems.items():
            started = time.monotonic()
            results[kind][name] = evaluate(system, data["dev"], data["test"])
            seconds[f"{kind}_{name}"] = round(time.monotonic() - started, 1)
            print(kind, name, json.dumps(results[kind][name]), file=sys.stderr, flush=True)
    return {
        "split": split_record(entries),
        "model": str(args.model),
        "espeak_features": ESPEAK_FEATURES,
        "results": results,
        "seconds": seconds,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_cache_arguments(parser, model=True)
    parser.add_argument(
        "--trees", action="store_true", help="also LightGBM's LambdaRank (pip install lightgbm)"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    publish(report_of("g2p-rerank-espeak", args, run(args), argv), args.out)


if __name__ == "__main__":
    main()
