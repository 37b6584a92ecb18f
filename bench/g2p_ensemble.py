"""G2P ensembles: members trained apart, decoded together (averaged log-probabilities).

Prints one JSON object (and writes it to ``--out``): every member alone and the ensemble of all
of them on every word of the CMUdict test split (split seed 0), greedy and with a beam of 4,
WER/PER with and without stress, and decoding seconds. Every number is measured in this run.

Members are model folders written by ``bench/g2p.py`` (``WORK/<variant>/model``), e.g. the same
settings with other seeds (``--set finetune.loop.seed=1``), trained one per core at once.
``--ship`` saves the ensemble as the shipped model when its dev WER (greedy, the fine-tuning dev
words: never the test split) beats every member's. ``--weights-dtype float16`` (the default) rounds
every member's weights to float16 before anything is scored, and ships them at half size, so the
numbers are those of the file that ships.

    python bench/g2p_ensemble.py MODEL_DIR MODEL_DIR [...] [--threads N] [--ship] [--save DIR]
                                 [--weights-dtype float16|bfloat16|float32] [--out FILE]
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import asdict
from pathlib import Path

import torch
from _env import git_commit, publish
from g2p import BEAMS, DEFAULT_CONFIG, percent

from yuyin.config import load_yaml
from yuyin.hub import WEIGHT_DTYPES, round_weights
from yuyin.models.g2p_ensemble import load_members, save_ensemble
from yuyin.text.g2p import DEFAULT_MODEL_DIR, cmudict_split
from yuyin.train.g2p import evaluate_g2p

DEFAULT_OUT = Path(__file__).resolve().parent / "results" / "g2p-ensemble.json"
DEV_WORDS = load_yaml(DEFAULT_CONFIG)["finetune"]["dev_words"]  # the members' dev subset


def score(model, split, limit: int | None = None) -> dict:
    """Dev WER (greedy) and test scores at every beam, with decoding seconds."""
    out = {"dev_wer_greedy": round(100 * evaluate_g2p(model, split.dev[:DEV_WORDS]).wer, 2)}
    for beam in BEAMS:
        started = time.monotonic()
        out[f"test_beam{beam}"] = percent(asdict(evaluate_g2p(model, split.test[:limit], beam)))
        out[f"seconds_beam{beam}"] = round(time.monotonic() - started, 1)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("members", type=Path, nargs="+", help="G2P model folders")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--ship", action="store_true", help="ship the ensemble if dev says so")
    parser.add_argument("--save", type=Path, help="write the ensemble as a model folder here")
    parser.add_argument(
        "--weights-dtype",
        default="float16",
        choices=sorted(WEIGHT_DTYPES),
        help="precision the weights are scored and shipped at",
    )
    parser.add_argument("--limit", type=int, help="score only the first N test words (smoke runs)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if len(args.members) < 2:
        parser.error("an ensemble needs two members at least")
    torch.set_num_threads(args.threads)
    split = cmudict_split()
    ensemble = round_weights(load_members(args.members), args.weights_dtype)
    results = {}
    for path, member in zip(args.members, ensemble.members, strict=True):
        print(f"[g2p ensemble] member {path} ...", file=sys.stderr, flush=True)
        results[str(path)] = score(member, split, args.limit)
    print("[g2p ensemble] ensemble ...", file=sys.stderr, flush=True)
    results["ensemble"] = score(ensemble, split, args.limit)
    report = {
        "bench": "g2p-ensemble",
        "commit": git_commit(),
        "threads": torch.get_num_threads(),
        "split": {"seed": 0, "dev_words": DEV_WORDS, "test_words": len(split.test[: args.limit])},
        "members": [str(p) for p in args.members],
        "parameters": sum(p.numel() for p in ensemble.parameters()),
        "weights_dtype": args.weights_dtype,
        "results": results,
        "units": "error rates in percent; seconds of wall time",
        "command": " ".join(["python", "bench/g2p_ensemble.py", *(argv or sys.argv[1:])]),
    }
    member_dev = [results[str(p)]["dev_wer_greedy"] for p in args.members]
    meta = {
        "trained_with": "bench/g2p.py (members) + bench/g2p_ensemble.py",
        "member_runs": [str(p) for p in args.members],
        "test_scores": {f"beam{b}": results["ensemble"][f"test_beam{b}"] for b in BEAMS},
    }
    if args.save:
        save_ensemble(ensemble, args.save, meta, args.weights_dtype)
        report["saved"] = str(args.save)
    if args.ship and args.limit is None and results["ensemble"]["dev_wer_greedy"] < min(member_dev):
        save_ensemble(ensemble, DEFAULT_MODEL_DIR, meta, args.weights_dtype)
        report["shipped"] = True
    publish(report, args.out)


if __name__ == "__main__":
    main()
