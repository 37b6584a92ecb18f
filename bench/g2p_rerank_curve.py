"""G2P: how much the reranker gains from more dev words to fit on (a learning curve).

The shipped-style reranker (``rerank_derived`` of ``bench/g2p_rerank.py``: 49 features, the
affix, compound and derivation analogies) is fitted on a random fraction of the 2,482 dev words
and scored on the 12,546 test words, without stress, picking marginally (the stress-free WER the
published CMUdict numbers use). Fractions below 1 are the mean of ``--draws`` random draws. If
the last doubling of the dev words gains little, fitting the reranker on more words (which would
mean retraining every model on a smaller train split) cannot close much of a gap.

    python bench/g2p_rerank_curve.py --model MODEL --reverse R2L_MODEL --fst FST_DIR \\
        --cache FILE [--draws 3] [--out FILE]

The candidate lists are those of ``bench/g2p_rerank.py`` (same options, same ``--cache``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import torch
from _env import git_commit, publish
from g2p_rerank import choose_rows, design, load_lists, rightness

from yuyin.models.g2p_analogy import AffixAnalogy, Analogies, Compounds, Derivations
from yuyin.models.g2p_rerank import fit_weights
from yuyin.text.g2p import cmudict_split
from yuyin.text.joint_sequence import read_alignment
from yuyin.train.g2p import score_pronunciations

DEFAULT_OUT = Path(__file__).parent / "results" / "g2p-rerank-curve.json"
FRACTIONS = (0.125, 0.25, 0.5, 0.75, 1.0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for name in ("--model", "--reverse", "--fst"):
        parser.add_argument(name, type=Path, required=True)
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--beam", type=int, default=8)
    parser.add_argument("--nbest", type=int, default=16)
    parser.add_argument("--propose", type=int, default=4)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--l2", type=float, default=1e-2)
    parser.add_argument("--draws", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    split = cmudict_split()
    entries = {"dev": list(split.dev[: args.limit]), "test": list(split.test[: args.limit])}
    proposed, gathering, cached = load_lists(args, entries)
    lists = {k: [w.without_added() for w in v] for k, v in proposed.items()}
    aligned = read_alignment(args.fst)
    compounds = Compounds.from_alignment(aligned)
    analogies = Analogies(AffixAnalogy(aligned), compounds, Derivations(compounds.lexicon))
    xs = {k: design(v, analogies) for k, v in lists.items()}
    right = rightness(lists["dev"], entries["dev"])
    curve = []
    for fraction in FRACTIONS:
        count, scores = int(fraction * len(xs["dev"])), []
        for draw in range(args.draws if fraction < 1 else 1):
            chosen = np.random.default_rng(draw).permutation(len(xs["dev"]))[:count]
            w = fit_weights([xs["dev"][i] for i in chosen], [right[i] for i in chosen], args.l2)
            picks = choose_rows(lists["test"], xs["test"], w, True)
            scores.append(100 * score_pronunciations(picks, entries["test"]).wer_no_stress)
        curve.append(
            {
                "dev_words": count,
                "test_wer_no_stress": round(float(np.mean(scores)), 2),
                "draws": [round(s, 2) for s in scores],
            }
        )
        print(curve[-1], file=sys.stderr, flush=True)
    publish(
        {
            "bench": "g2p-rerank-curve",
            "commit": git_commit(),
            **{k: str(getattr(args, k)) for k in ("model", "reverse", "fst")},
            "beam": args.beam,
            "nbest": args.nbest,
            "l2": args.l2,
            "test_words": len(entries["test"]),
            "pick": "marginal (stress-free)",
            "curve": curve,
            "candidates_seconds": gathering,
            "candidates_read_from_cache": cached,
            "units": "error rates in percent",
            "command": " ".join(["python", "bench/g2p_rerank_curve.py", *(argv or sys.argv[1:])]),
        },
        args.out,
    )


if __name__ == "__main__":
    main()
