"""G2P: do a nonlinear ranker or a right-to-left joint-sequence model pick better than the
log-linear reranker?

:mod:`bench.g2p_rerank` fits the log-linear reranker (``rerank_derived``: 49 features) on the
dev words' candidate lists; its lists hold a right pronunciation for ~96% of the test words, it
picks one for ~79%. This bench asks two questions on the same lists (its ``--cache``):

* ``lambdarank``: LightGBM's LambdaRank (gradient-boosted trees, one group per word, labels 2 for
  a right candidate, 1 for one right but for stress, 0 otherwise) over the same 49 features plus
  each ensemble member's score, every model's score minus the list's best and its rank in the
  list, the list's size, the word's length, phones per letter, and the log-linear score (stacked:
  out-of-fold on the words it is fitted on) with its posterior and stress-group mass; and
  ``lambdarank_blend``: its score plus the log-linear score. Can trees find interactions that a
  weighted sum misses?
* ``rerank_rfst``: the log-linear reranker with five more features from a joint-sequence model
  trained on the training words and pronunciations written backwards (``--reverse-fst``, trained
  here in ~2.5 min when the folder is missing): its score (minus the list's best; the list's worst
  where the candidate is not in its 16-best), its log-posterior within its n-best, whether it is
  its first choice, whether it is missing from its n-best, and its stress-group mass. A neural
  right-to-left model helps the left-to-right one; does an n-gram one help the n-gram one?

Each system is fitted on the dev words and scored once on the test words; ``dev_cv`` scores
each fifth of the dev words with a fit on the other four (the model choice's basis). Picks are
``argmax`` or ``marginal`` (the stress-free reading with the most mass, as in g2p_rerank). Every
number is measured in this run. Needs ``pip install lightgbm`` (not a yuyin dependency) and the
candidate cache written by ``bench/g2p_rerank.py --cache FILE`` for the same ``--fst``::

    python bench/g2p_rerank.py --model src/yuyin/assets/models/g2p \\
        --reverse src/yuyin/assets/models/g2p/reverse --fst runs/fst --cache runs/cache.json
    python bench/g2p_rerank_extra.py --cache runs/cache.json --fst runs/fst \\
        --reverse-fst runs/fst-r
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path

import numpy as np
from _env import git_commit, publish
from g2p import percent
from g2p_rerank import WordList, design, rightness

from yuyin.models.g2p_analogy import AffixAnalogy, Analogies, Compounds, Derivations
from yuyin.models.g2p_rerank import fit_weights, group_mass
from yuyin.models.g2p_trees import graded
from yuyin.text.g2p import G2PEntry, cmudict_split
from yuyin.text.joint_sequence import JointSequenceG2P, read_alignment, train_joint_sequence
from yuyin.train.g2p_scores import score_pronunciations

DEFAULT_OUT = Path(__file__).parent / "results" / "g2p-rerank-extra.json"
L2 = 1e-2
FOLDS = 5
TREES = {"n_estimators": 200, "learning_rate": 0.05, "num_leaves": 15, "min_child_samples": 50}
Scores = dict[int, np.ndarray]  # word index -> (C,) scores of its candidates


def reverse_nbest(folder: Path, words: Sequence[str], n: int) -> dict[str, dict]:
    """The right-to-left joint-sequence model's n-best of each word (phones -> cost), trained
    on the split's training words written backwards when ``folder`` holds none."""
    if not (folder / "joint_sequence.json").is_file():
        backwards = [
            G2PEntry(e.word[::-1], tuple(tuple(reversed(p)) for p in e.pronunciations))
            for e in cmudict_split().train
        ]
        train_joint_sequence(backwards, folder)
    found = JointSequenceG2P(folder).nbest([w[::-1] for w in words], n)
    return {
        w: {tuple(reversed(p)): cost for p, cost in lst}
        for w, lst in zip(words, found, strict=True)
    }


def reverse_columns(lst: WordList, nbest: dict) -> np.ndarray:
    """(C, 5) the right-to-left joint-sequence features of a word's candidates (module doc)."""
    inside = np.array([p in nbest for p in lst.phones], float)
    known = [-c for c in nbest.values()]
    score = np.array([-nbest[p] if p in nbest else min(known, default=0.0) for p in lst.phones])
    post = np.exp(score - score.max()) * inside
    post = post / max(post.sum(), 1e-12)
    top = min(nbest, key=nbest.get) if nbest else None
    first = np.array([p == top for p in lst.phones], float)
    mass = group_mass(lst.phones, post)
    return np.stack([score - score.max(), np.log(post + 1e-6), first, 1 - inside, mass], 1)


def tree_columns(lst: WordList, x: np.ndarray, linear: np.ndarray) -> np.ndarray:
    """(C, D') the ranker's features: ``x`` and the extra columns of the module doc."""
    cols = [x, lst.members.T, (lst.members[0] - lst.members[-1])[:, None]]
    fst = np.nan_to_num(-lst.cost, nan=-99.0)
    for v in (lst.members.mean(0), lst.reverse, fst, linear):
        cols += [(v - v.max())[:, None], (-v).argsort().argsort()[:, None].astype(float)]
    post = np.exp(linear - linear.max())
    post /= post.sum()
    n = len(lst.phones)
    cols += [np.full((n, 1), n, float), np.full((n, 1), len(lst.word), float)]
    cols += [np.array([len(p) / len(lst.word) for p in lst.phones])[:, None]]
    cols += [post[:, None], group_mass(lst.phones, post)[:, None]]
    return np.hstack(cols)


class Data:
    """One part's (dev or test) lists, entries, feature matrices and right flags."""

    def __init__(self, lists: list[WordList], entries: list[G2PEntry], xs: list[np.ndarray]):
        self.lists, self.entries, self.xs = lists, entries, xs
        self.right = rightness(lists, entries)
        self.labels = [
            graded(w.phones, e.pronunciations) for w, e in zip(lists, entries, strict=True)
        ]
        self.fitted: dict[tuple[int, ...], np.ndarray] = {}  # rows -> log-linear weights


def linear_scores(fit: Data, rows: Sequence[int], apply: Data, targets: Sequence[int]) -> Scores:
    """Scores of ``apply``'s ``targets`` under log-linear weights fitted on ``fit``'s ``rows``
    (each fit once: the tree systems stack on the same out-of-fold fits)."""
    key = tuple(rows)
    if key not in fit.fitted:
        fit.fitted[key] = fit_weights([fit.xs[i] for i in rows], [fit.right[i] for i in rows], L2)
    return {i: apply.xs[i] @ fit.fitted[key] for i in targets}


def out_of_fold(data: Data, rows: Sequence[int]) -> Scores:
    """Log-linear scores of ``rows``, each from a fit on the other folds of ``rows``."""
    out: Scores = {}
    for f in range(FOLDS):
        fit = [i for k, i in enumerate(rows) if k % FOLDS != f]
        held = [i for k, i in enumerate(rows) if k % FOLDS == f]
        out |= linear_scores(data, fit, data, held)
    return out


def tree_scores(
    fit: Data, rows: Sequence[int], apply: Data, targets: Sequence[int], blend: float
) -> Scores:
    """LambdaRank fitted on ``fit``'s ``rows`` (stacked on out-of-fold log-linear scores),
    applied to ``apply``'s ``targets``, plus ``blend`` times the log-linear score."""
    import lightgbm

    stacked = out_of_fold(fit, rows)
    kept = [i for i in rows if fit.labels[i].max() > 0]
    ranker = lightgbm.LGBMRanker(objective="lambdarank", verbose=-1, n_jobs=2, **TREES)
    ranker.fit(
        np.vstack([tree_columns(fit.lists[i], fit.xs[i], stacked[i]) for i in kept]),
        np.concatenate([fit.labels[i] for i in kept]),
        group=[len(fit.labels[i]) for i in kept],
    )
    linear = linear_scores(fit, rows, apply, targets)
    return {
        i: ranker.predict(tree_columns(apply.lists[i], apply.xs[i], linear[i])) + blend * linear[i]
        for i in targets
    }


def picks(data: Data, scores: Scores, marginal: bool) -> list[tuple[str, ...]]:
    out = []
    for i, lst in enumerate(data.lists):
        s = scores[i]
        if marginal:
            best = np.lexsort((s, group_mass(lst.phones, np.exp(s - s.max()))))[-1]
        else:
            best = np.argmax(s)
        out.append(lst.phones[int(best)])
    return out


def evaluate(system: Callable, dev: Data, test: Data) -> dict:
    """Dev cross-validated and test scores of a system ``(fit, rows, apply, targets) -> Scores``."""
    n = len(dev.lists)
    cv: Scores = {}
    for f in range(FOLDS):
        fit = [i for i in range(n) if i % FOLDS != f]
        cv |= system(dev, fit, dev, [i for i in range(n) if i % FOLDS == f])
    on_test = system(dev, range(n), test, range(len(test.lists)))
    out = {}
    for kind, marginal in (("argmax", False), ("marginal", True)):
        out[kind] = {
            "dev_cv": percent(asdict(score_pronunciations(picks(dev, cv, marginal), dev.entries))),
            "test": percent(
                asdict(score_pronunciations(picks(test, on_test, marginal), test.entries))
            ),
        }
    return out


def cached_lists(cache: Path) -> tuple[dict[str, list[WordList]], dict[str, list[G2PEntry]]]:
    """The dev and test candidate lists of ``bench/g2p_rerank.py --cache`` (as the three models
    propose them) and the split's entries for them; a cache of a ``--limit`` run is refused."""
    cached = json.loads(cache.read_text(encoding="utf-8"))
    lists = {
        k: [WordList.from_json(d).without_added() for d in v] for k, v in cached["lists"].items()
    }
    split = cmudict_split()
    entries = {"dev": list(split.dev), "test": list(split.test)}
    if [w.word for w in lists["test"]] != [e.word for e in entries["test"]]:
        raise SystemExit(f"{cache}: not the full dev and test lists (written with --limit?)")
    return lists, entries


def add_cache_arguments(parser: argparse.ArgumentParser, model: bool = False) -> None:
    """``--cache`` and ``--fst``: the lists a rerank bench reads (:func:`cached_lists`); with
    ``model``, ``--model`` too (a bench that also cuts the lists to the neural beams')."""
    parser.add_argument("--cache", type=Path, required=True, help="bench/g2p_rerank.py --cache")
    parser.add_argument("--fst", type=Path, required=True, help="the cache's --fst folder")
    if model:
        parser.add_argument(
            "--model",
            type=Path,
            default=Path("src/yuyin/assets/models/g2p"),
            help="the cache's --model folder (its alignment gives the neural lists' analogies)",
        )


def split_record(entries: dict[str, list[G2PEntry]]) -> dict[str, int]:
    """The report's ``split``: its seed and the dev and test word counts."""
    return {"seed": 0, "dev_words": len(entries["dev"]), "test_words": len(entries["test"])}


def folder_analogies(fst: Path) -> Analogies:
    """The affix, compound and derivation analogies of a joint-sequence folder's alignment."""
    aligned = read_alignment(fst)
    compounds = Compounds.from_alignment(aligned)
    return Analogies(AffixAnalogy(aligned), compounds, Derivations(compounds.lexicon))


def report_of(name: str, args: argparse.Namespace, results: dict, argv: list[str] | None) -> dict:
    """A rerank bench's JSON report: its ``results`` with the commit, inputs and command."""
    return {
        "bench": name,
        "commit": git_commit(),
        "cache": str(args.cache),
        "fst": str(args.fst),
        **results,
        "units": "error rates in percent; seconds of wall time",
        "command": " ".join(
            ["python", f"bench/{name.replace('-', '_')}.py", *(argv or sys.argv[1:])]
        ),  # fmt: skip
    }


def run(args: argparse.Namespace) -> dict:
    lists, entries = cached_lists(args.cache)
    analogies = folder_analogies(args.fst)
    started = time.monotonic()
    xs = {k: design(v, analogies) for k, v in lists.items()}
    base = {k: Data(lists[k], entries[k], xs[k]) for k in lists}
    seconds = {"features": round(time.monotonic() - started, 1)}
    started = time.monotonic()
    words = [w.word for part in lists.values() for w in part]
    nbest = reverse_nbest(args.reverse_fst, words, args.nbest)
    seconds["reverse_fst"] = round(time.monotonic() - started, 1)
    with_rfst = {
        k: Data(
            lists[k],
            entries[k],
            [
                np.hstack([x, reverse_columns(w, nbest[w.word])])
                for x, w in zip(xs[k], lists[k], strict=True)
            ],
        )
        for k in lists
    }
    systems = {
        "rerank_derived": (linear_scores, base),
        "rerank_rfst": (linear_scores, with_rfst),
        "lambdarank": (lambda *a: tree_scores(*a, blend=0.0), base),
        "lambdarank_blend": (lambda *a: tree_scores(*a, blend=1.0), base),
        "lambdarank_rfst": (lambda *a: tree_scores(*a, blend=0.0), with_rfst),
    }
    results = {}
    for name, (system, data) in systems.items():
        started = time.monotonic()
        results[name] = evaluate(system, data["dev"], data["test"])
        seconds[name] = round(time.monotonic() - started, 1)
        print(name, json.dumps(results[name]), file=sys.stderr, flush=True)
    return {
        "split": split_record(entries),
        "trees": TREES,
        "l2": L2,
        "reverse_fst_nbest": args.nbest,
        "results": results,
        "seconds": seconds,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_cache_arguments(parser)
    parser.add_argument(
        "--reverse-fst", type=Path, required=True, help="right-to-left joint-sequence folder"
    )
    parser.add_argument("--nbest", type=int, default=16)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    publish(report_of("g2p-rerank-extra", args, run(args), argv), args.out)


if __name__ == "__main__":
    main()
