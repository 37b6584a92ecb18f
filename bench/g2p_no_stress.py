"""G2P: do models trained without stress marks help the stress-free WER?

Most published CMUdict G2P numbers score phones without stress (39 phones). yuyin's models learn
the 69 stressed phones and are scored stress-free by stripping the digits. This bench asks
whether a model that never learns stress does better on the stress-free task, alone or as one
more scorer for the reranker:

* ``lexicon``: CMUdict with stress removed, written as a cmudict file in which every vowel
  carries the mark ``1`` (``AH0`` and ``AH1`` both become ``AH1``), so the shipped phone
  inventory, and ``yuyin g2p train --init``, still apply. Train on it with
  ``yuyin g2p train --lexicon FILE --no-cmudict ...``: the split is the same, by word hash.
* ``rerank``: the candidate lists cached by ``bench/g2p_rerank.py --cache`` (dev and test words),
  each candidate's stress-free form scored by the given stress-free models (teacher-forced log p,
  members averaged); the reranker of ``rerank_derived`` fitted on dev with and without three more
  features per candidate: that score, its posterior over the list's distinct stress-free
  readings, and whether it is the stress-free models' first choice. Prints test WER (argmax and
  marginal picks) and dev WER cross-validated in fifths, for each set of features.

    python bench/g2p_no_stress.py lexicon --out work/nostress.dict
    python bench/g2p_no_stress.py rerank --cache CACHE --fst FST_DIR --models DIR [DIR ...]
                                  [--threads N] [--out FILE]

Every number is measured in the run.
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
import torch
from _env import git_commit, publish
from g2p import percent
from g2p_rerank import WordList, choose_rows, cross_validated, design, rightness

from yuyin.models.g2p_analogy import AffixAnalogy, Analogies, Compounds, Derivations
from yuyin.models.g2p_ensemble import load_members
from yuyin.models.g2p_rerank import FLOOR, fit_weights
from yuyin.models.g2p_rescore import phone_log_probs
from yuyin.text.g2p import cmudict_split, load_g2p_model
from yuyin.text.joint_sequence import read_alignment
from yuyin.text.lexicon import STRESSED_PHONES, load_cmudict, strip_stress, write_lexicon_file
from yuyin.train.g2p import score_pronunciations

Phones = tuple[str, ...]
VOWELS = frozenset(p[:-1] for p in STRESSED_PHONES if p[-1] in "012")


def unstressed(phones: Sequence[str]) -> Phones:
    """Stress removed, every vowel marked ``1`` (the stress-free models' spelling of a reading)."""
    return tuple(p + "1" if p in VOWELS else p for p in strip_stress(phones))


def write_lexicon(out: Path) -> dict:
    """CMUdict with every reading :func:`unstressed` (variants that merge are kept once)."""
    lexicon = load_cmudict()
    entries: dict[str, list[Phones]] = {}
    for word in lexicon:
        variants = entries.setdefault(word, [])
        for phones in lexicon[word]:
            if unstressed(phones) not in variants:
                variants.append(unstressed(phones))
    write_lexicon_file(out, entries)
    readings = sum(len(v) for v in entries.values())
    return {"out": str(out), "words": len(entries), "readings": readings}


def stress_free_scores(
    lists: Sequence[WordList], models: Sequence[Path]
) -> dict[tuple[str, Phones], float]:
    """Mean log p of every distinct (word, stress-free reading) in the lists under ``models``."""
    pairs = list(dict.fromkeys((w.word, unstressed(p)) for w in lists for p in w.phones))
    model = load_members(models) if len(models) > 1 else load_g2p_model(models[0])
    return dict(zip(pairs, phone_log_probs(model, pairs), strict=True))


def extra_features(scores: dict[tuple[str, Phones], float]) -> Callable[[WordList], np.ndarray]:
    """(C, 3) per candidate: the stress-free score, its posterior over the distinct stress-free
    readings of the list, and whether it is their first choice."""

    def columns(w: WordList) -> np.ndarray:
        keys = [(w.word, unstressed(p)) for p in w.phones]
        s = np.maximum(np.array([scores[k] for k in keys]), FLOOR)  # (C,)
        distinct = np.array(list(dict(zip(keys, s, strict=True)).values()))
        post = s - np.logaddexp.reduce(distinct)
        return np.stack([s, post, (s == s.max()).astype(float)], 1)

    return columns


def reranked(lists: dict, xs: dict, entries: dict, l2: float) -> dict:
    """Test scores of the reranker fitted on dev (argmax, marginal picks); dev cross-validated."""
    w = fit_weights(xs["dev"], rightness(lists["dev"], entries["dev"]), l2)
    out = {}
    for kind, marginal in (("argmax", False), ("marginal", True)):
        picks = choose_rows(lists["test"], xs["test"], w, marginal)
        out[f"test_{kind}"] = percent(asdict(score_pronunciations(picks, entries["test"])))
        cv = cross_validated(lists["dev"], xs["dev"], entries["dev"], l2, marginal)
        out[f"dev_cv_{kind}"] = percent(asdict(cv))
    return out


def rerank(args: argparse.Namespace) -> dict:
    cache = json.loads(args.cache.read_text())
    split = cmudict_split()
    entries = {"dev": list(split.dev), "test": list(split.test)}
    lists = {k: [WordList.from_json(d).without_added() for d in cache["lists"][k]] for k in entries}
    if [w.word for w in lists["test"]] != [e.word for e in entries["test"]][: len(lists["test"])]:
        raise SystemExit(f"{args.cache}: its words are not the CMUdict split's (seed 0)")
    entries = {k: v[: len(lists[k])] for k, v in entries.items()}
    aligned = read_alignment(args.fst)
    compounds = Compounds.from_alignment(aligned)
    analogies = Analogies(AffixAnalogy(aligned), compounds, Derivations(compounds.lexicon))
    base = {k: design(v, analogies) for k, v in lists.items()}
    started = time.monotonic()
    scores = stress_free_scores(lists["dev"] + lists["test"], args.models)
    scoring = round(time.monotonic() - started, 1)
    columns = extra_features(scores)
    with_extra = {
        k: [np.concatenate([x, columns(w)], 1) for x, w in zip(base[k], lists[k], strict=True)]
        for k in lists
    }
    return {
        "models": [str(m) for m in args.models],
        "split": {"seed": 0, "dev_words": len(lists["dev"]), "test_words": len(lists["test"])},
        "results": {
            "rerank_derived": reranked(lists, base, entries, args.l2),
            "rerank_derived_plus_stress_free": reranked(lists, with_extra, entries, args.l2),
        },
        "seconds": {"stress_free_scoring": scoring},
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    lex = sub.add_parser("lexicon", help="write CMUdict without stress (vowels marked 1)")
    lex.add_argument("--out", type=Path, required=True)
    rr = sub.add_parser("rerank", help="the reranker with and without the stress-free models")
    rr.add_argument("--cache", type=Path, required=True, help="bench/g2p_rerank.py --cache file")
    rr.add_argument("--fst", type=Path, required=True, help="its yuyin g2p train-fst folder")
    rr.add_argument("--models", type=Path, nargs="+", required=True, help="stress-free G2Ps")
    rr.add_argument("--l2", type=float, default=1e-2)
    rr.add_argument("--threads", type=int, default=1)
    rr.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    torch.set_num_threads(getattr(args, "threads", 1))
    body = write_lexicon(args.out) if args.what == "lexicon" else rerank(args)
    report = {
        "bench": f"g2p-no-stress-{args.what}",
        "commit": git_commit(),
        **body,
        "units": "error rates in percent; seconds of wall time",
        "command": " ".join(["python", "bench/g2p_no_stress.py", *(argv or sys.argv[1:])]),
    }
    publish(report, None if args.what == "lexicon" else args.out)


if __name__ == "__main__":
    main()
